import * as assert from 'node:assert/strict';
import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LiveFolderSource } from '../../../src/node/liveFolderSource';
import { readFolderRun } from '../../../src/node/readFolder';
import { dumpRun, fixture, prng } from '../helpers';

describe('LiveFolderSource (a folder run being written)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'metric-lens-folder-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('tails the event files of a Keras run as they grow, and ends with the same run as one full read', async () => {
    const src = fixture('tfevents', 'keras-imdb', 'imdb-model-1690485351');
    const files = ['train', 'validation'].flatMap((s) => readdirSync(join(src, s)).map((f) => `${s}/${f}`));
    const data = files.map((f) => readFileSync(join(src, f)));
    mkdirSync(join(dir, 'train'));
    mkdirSync(join(dir, 'validation'));
    const live = new LiveFolderSource(dir, 'run', 'tfevents', 'run');
    assert.equal(await live.refresh(), 'reset');
    assert.equal(live.parser!.run.series.length, 0);
    const rnd = prng(5);
    const at = files.map(() => 0);
    let appended = 0;
    while (at.some((a, i) => a < data[i]!.length)) {
      const i = Math.floor(rnd() * files.length);
      if (at[i]! >= data[i]!.length) continue;
      const n = 1 + Math.floor(rnd() * 20000);
      appendFileSync(join(dir, files[i]!), data[i]!.subarray(at[i]!, at[i]! + n));
      at[i]! += n;
      const r = await live.refresh();
      if (r === 'appended') appended++;
      assert.notEqual(r, 'reset', 'growing files are tailed, not re-read');
    }
    assert.ok(appended > 5);
    const whole = await readFolderRun(dir, 'run', 'tfevents', 'run');
    assert.deepEqual(dumpRun(live.parser!.run), dumpRun(whole.run));
    assert.equal(live.parser!.run.getSeries('validation/epoch_loss')!.length, 20);
  });

  it('notices a new metric file, re-reads a rewritten summary, and starts over when a file shrinks', async () => {
    mkdirSync(join(dir, 'metrics'));
    writeFileSync(join(dir, 'meta.yaml'), 'run_name: first\n');
    writeFileSync(join(dir, 'metrics', 'loss'), '1700000000000 1.0 0\n');
    const live = new LiveFolderSource(dir, 'run', 'mlflow', 'run');
    assert.equal(await live.refresh(), 'reset');
    assert.equal(live.parser!.run.name, 'first');
    const parser = live.parser;

    appendFileSync(join(dir, 'metrics', 'loss'), '1700000001000 0.5 1\n');
    writeFileSync(join(dir, 'metrics', 'acc'), '1700000001000 0.7 1\n');
    mkdirSync(join(dir, 'params'));
    writeFileSync(join(dir, 'params', 'lr'), '0.01');
    writeFileSync(join(dir, 'meta.yaml'), 'run_name: renamed\nstatus: 3\n');
    assert.equal(await live.refresh(), 'appended');
    assert.equal(live.parser, parser, 'same parser: only the new bytes were read');
    assert.deepEqual(
      live.parser!.run.series.map((s) => [s.name, s.length]),
      [
        ['loss', 2],
        ['acc', 1],
      ],
    );
    assert.equal(live.parser!.run.name, 'renamed');
    assert.equal(live.parser!.run.params.get('lr'), '0.01');
    assert.equal(await live.refresh(), 'unchanged');

    truncateSync(join(dir, 'metrics', 'loss'), 0);
    writeFileSync(join(dir, 'metrics', 'loss'), '1700000009000 9 0\n');
    assert.equal(await live.refresh(), 'reset');
    assert.deepEqual(Array.from(live.parser!.run.getSeries('loss')!.valueArray()), [9]);
  });

  it('starts over when a member is replaced or deleted (DVCLive clears its folder at a fresh run)', async () => {
    mkdirSync(join(dir, 'plots', 'metrics'), { recursive: true });
    writeFileSync(join(dir, 'plots', 'metrics', 'loss.tsv'), 'step\tloss\n0\t1\n1\t0.5\n');
    writeFileSync(join(dir, 'metrics.json'), '{"loss": 0.5, "step": 1}');
    const live = new LiveFolderSource(dir, 'dvclive', 'dvclive', 'dvclive');
    await live.refresh();
    assert.equal(live.parser!.run.summary.get('loss'), 0.5);
    writeFileSync(join(dir, 'tmp.tsv'), 'step\tloss\n0\t3\n');
    renameSync(join(dir, 'tmp.tsv'), join(dir, 'plots', 'metrics', 'loss.tsv'));
    assert.equal(await live.refresh(), 'reset');
    assert.deepEqual(Array.from(live.parser!.run.getSeries('loss')!.valueArray()), [3]);
    rmSync(join(dir, 'plots'), { recursive: true });
    assert.equal(await live.refresh(), 'reset');
    assert.equal(live.parser!.run.series.length, 0);
    rmSync(dir, { recursive: true });
    assert.equal(await live.refresh(), 'missing');
    assert.equal(live.parser, undefined);
  });

  it('settles a last line without newline, and re-reads if the writer then continues it', async () => {
    mkdirSync(join(dir, 'metrics'));
    writeFileSync(join(dir, 'meta.yaml'), '');
    writeFileSync(join(dir, 'metrics', 'loss'), '1700000000000 1.0 0\n1700000001000 0.');
    const live = new LiveFolderSource(dir, 'run', 'mlflow', 'run');
    await live.refresh();
    assert.equal(live.parser!.run.getSeries('loss')!.length, 1);
    assert.equal(await live.settle(), true);
    assert.deepEqual(Array.from(live.parser!.run.getSeries('loss')!.valueArray()), [1, 0]);
    appendFileSync(join(dir, 'metrics', 'loss'), '5 1\n');
    assert.equal(await live.refresh(), 'reset');
    assert.deepEqual(Array.from(live.parser!.run.getSeries('loss')!.valueArray()), [1, 0.5]);
  });

  it('does not re-read a run when only a TensorBoard record is incomplete at settle time', async () => {
    const src = fixture('tfevents', 'ultralytics', 'events.out.tfevents.1675348815.43529bab29be.37247.0');
    const data = readFileSync(src);
    writeFileSync(join(dir, 'events.out.tfevents.1'), data.subarray(0, 100));
    const live = new LiveFolderSource(dir, 'run', 'tfevents', 'run');
    await live.refresh();
    assert.equal(await live.settle(), false);
    appendFileSync(join(dir, 'events.out.tfevents.1'), data.subarray(100));
    assert.equal(await live.refresh(), 'appended');
    assert.equal(live.parser!.run.getSeries('train/box_loss')!.length, 1375);
  });
});
