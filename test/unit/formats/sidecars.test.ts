import * as assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRunFile } from '../../../src/node/readSource';
import { LiveSource } from '../../../src/node/liveSource';
import { fixture } from '../helpers';

describe('parameters beside a one-file run (hparams.yaml, config.json)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'metric-lens-sidecar-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("reads Lightning's hparams.yaml beside version_N/metrics.csv, read whole and followed live", async () => {
    const csv = fixture('lightning', 'regression', 'metrics.csv');
    const run = await readRunFile(csv, 'metrics.csv');
    assert.equal(run.format, 'lightning-csv');
    assert.deepEqual(Object.fromEntries(run.params), {
      hidden_dim: '64',
      input_dim: '4',
      lr: '1.0e-05',
      num_layers: '2',
      output_dim: '1',
    });
    const live = new LiveSource(csv, 'metrics.csv');
    assert.equal(await live.refresh(), 'reset');
    assert.equal(live.run!.params.get('num_layers'), '2');
  });

  it('reads hparams.yaml for a followed metrics.csv first seen empty, once an append brings the Lightning header', async () => {
    // The writer creates the file before its first save: read then, it is a plain CSV with no header yet.
    const folder = join(dir, 'lightning_logs', 'version_0');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'hparams.yaml'), 'optimizer:\n  lr: 0.003\n');
    const csv = join(folder, 'metrics.csv');
    writeFileSync(csv, '');
    const live = new LiveSource(csv, 'metrics.csv', { format: 'csv' });
    assert.equal(await live.refresh(), 'reset');
    assert.equal(live.run!.params.size, 0);
    appendFileSync(csv, 'epoch,step,train_loss,val_loss\n0,0,1.5,\n0,0,,1.2\n');
    assert.equal(await live.refresh(), 'appended');
    assert.equal(live.run!.format, 'lightning-csv');
    assert.equal(live.run!.getSeries('val_loss')!.length, 1);
    assert.deepEqual(Object.fromEntries(live.run!.params), { 'optimizer.lr': '0.003' });
  });

  it("reads a Hugging Face checkpoint's config.json as model.* parameters, and training_args.json as they are", async () => {
    const ckpt = join(dir, 'checkpoint-500');
    mkdirSync(ckpt);
    const real = fixture('hf-trainer-state', 'wangchanberta', 'checkpoint-500');
    copyFileSync(join(real, 'trainer_state.json'), join(ckpt, 'trainer_state.json'));
    copyFileSync(join(real, 'config.json'), join(ckpt, 'config.json'));
    let run = await readRunFile(join(ckpt, 'trainer_state.json'), 'trainer_state.json');
    assert.equal(run.params.get('model.num_hidden_layers'), '12');
    assert.equal(run.params.get('model.id2label.3'), 'q');
    assert.equal(run.params.get('model.architectures'), '[CamembertForSequenceClassification]');
    assert.equal(run.params.size, 34); // 28 keys, two of them maps of 4 (Python's json counts the same)
    writeFileSync(join(ckpt, 'training_args.json'), '{"learning_rate": 5e-05, "seed": 42, "lr_scheduler_kwargs": {}}');
    run = await readRunFile(join(ckpt, 'trainer_state.json'), 'trainer_state.json');
    assert.equal(run.params.get('learning_rate'), '5e-05');
    assert.equal(run.params.get('model.hidden_size'), '768');
    assert.equal(run.issues.length, 0);
  });

  it('names the sidecar and its line when it is broken, and still shows the curves', async () => {
    const folder = join(dir, 'lightning_logs', 'version_0');
    mkdirSync(folder, { recursive: true });
    copyFileSync(fixture('lightning', 'regression', 'metrics.csv'), join(folder, 'metrics.csv'));
    writeFileSync(join(folder, 'hparams.yaml'), 'lr: 0.1\nlayers: [1, 2\n');
    const run = await readRunFile(join(folder, 'metrics.csv'), 'metrics.csv');
    assert.equal(run.params.get('lr'), '0.1');
    assert.equal(run.getSeries('train_loss')!.length, 25);
    assert.deepEqual(
      run.issues.map((i) => i.message.slice(0, 38)),
      ['in hparams.yaml beside it, line 3: YAM'],
    );
  });
});
