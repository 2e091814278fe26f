// Real text logs that were refused or misread (test/fixtures/text-real/SOURCES.md): metrics that start
// after a long config dump, values printed with their running average, model summaries and warnings.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createParser, detectFormat, MAX_DETECT_BYTES } from '../../../src/core/formats';
import { decodeUtf8 } from '../../../src/core/text/lines';
import { readInputRuns } from '../../../src/node/readInputs';
import { readRunFile, sniffFormat } from '../../../src/node/readSource';
import { feedInChunks, fixture } from '../helpers';

const MMENGINE = fixture('text-real', 'mmengine-rtmpose.log');

describe('real text logs: late metrics, values with averages, summary tables', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'metric-lens-text-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads an mmengine log whose first metric line is 67 KB in: the first 8 KB do not tell, reading on does', async () => {
    const bytes = readFileSync(MMENGINE);
    assert.equal(
      detectFormat('x/20230605_200941.log', decodeUtf8(bytes.subarray(0, 8192))),
      undefined,
      'the head alone is a config dump',
    );
    assert.deepEqual(await sniffFormat(MMENGINE), { format: 'text' });
    const run = await readRunFile(MMENGINE, 'mmengine-rtmpose.log');
    const loss = run.getSeries('loss')!;
    assert.equal(loss.value(0), 0.421912);
    assert.equal(loss.location(0), 1279);
    assert.ok(run.getSeries('val/coco/AP'), 'the validation metrics too');
  });

  it('reads such a log found in a folder, and names a .log in it that holds no metrics, with the reason', async () => {
    const text = readFileSync(MMENGINE, 'utf8');
    writeFileSync(join(dir, '20230605_200941.log'), text);
    // The same config dump without its metric lines.
    writeFileSync(join(dir, 'config-only.log'), text.split('\n').slice(0, 1278).join('\n'));
    const input = await readInputRuns(dir);
    assert.deepEqual(
      input.runs.map((r) => r.source),
      [join(dir, '20230605_200941.log')],
    );
    assert.equal(input.skipped.length, 1);
    assert.equal(input.skipped[0]!.source, join(dir, 'config-only.log'));
    assert.match(input.skipped[0]!.message, /not a training log/);
  });

  it('stops reading on at its bound, and says so naming the bound', async () => {
    // The config dump repeated past the bound, then the log's first metric line.
    const dump = readFileSync(MMENGINE, 'utf8').split('\n').slice(0, 1278).join('\n') + '\n';
    const copies = Math.ceil(MAX_DETECT_BYTES / dump.length) + 1;
    const path = join(dir, 'long.log');
    writeFileSync(path, dump.repeat(copies) + readFileSync(MMENGINE, 'utf8').split('\n')[1278] + '\n');
    const sniffed = await sniffFormat(path);
    assert.ok('reason' in sniffed, 'not recognised');
    assert.match(sniffed.reason, /first 2 MB/);
    assert.match(sniffed.reason, /metricLens\.formats|--format text/);
    // Named as a text log, it is read whole.
    const run = await readRunFile(path, 'long.log', { format: 'text' });
    assert.equal(run.getSeries('loss')!.length, 1);
  });

  it('takes the value of `loss: 8.2773 (7.9363)`, not the running average, at the step within the epoch', () => {
    const run = feedInChunks(
      createParser('torchvision-maskrcnn.log', 'text'),
      readFileSync(fixture('text-real', 'torchvision-maskrcnn.log')),
      [4096],
    ).run;
    const loss = run.getSeries('loss')!;
    assert.equal(loss.length, 60);
    assert.deepEqual([loss.step(0), loss.value(0)], [0, 8.2773]);
    // `Epoch: [0]  [1/6] … loss: 7.5953 (7.9363)`.
    assert.deepEqual([loss.step(1), loss.value(1)], [1, 7.5953]);
    // `Epoch: [9]  [5/6] … loss: 1.4391 (1.4416)`: step 9 × 6 + 5.
    assert.deepEqual([loss.last()!.step, loss.last()!.value], [59, 1.4391]);
  });

  it('makes no metric of a model summary table or of an argument in a warning', () => {
    const run = feedInChunks(
      createParser('output.log', 'text'),
      readFileSync(fixture('text-real', 'lightning-output.log')),
      [1024],
    ).run;
    assert.deepEqual(
      run.series.map((s) => s.name),
      ['loss'],
    );
  });

  it('never splits 99,661 into 99 and 661: Keras summary rows after an epoch are not metrics', () => {
    // Keras 3 prints model.summary() this way; a second model's summary after a first model's epochs
    // gave series "Total params" = 99 and "Trainable params" = 1 (issue #14; no real file with provenance at hand).
    const log =
      [
        'Epoch 20/20',
        '46/46 ━━━━━━━━━━━━━━━━━━━━ 15s 330ms/step - accuracy: 0.9 - loss: 0.3 - val_accuracy: 0.8 - val_loss: 0.4',
        ' Total params: 99,661 (389.30 KB)',
        ' Trainable params: 1,277,534 (4.87 MB)',
        ' Non-trainable params: 0 (0.00 B)',
        'Params size (MB): 46.76',
        'Total mult-adds (G): 1.82',
      ].join('\n') + '\n';
    const run = feedInChunks(createParser('k.log', 'text'), new TextEncoder().encode(log), [7]).run;
    assert.deepEqual(
      run.series.map((s) => s.name),
      ['accuracy', 'loss', 'val_accuracy', 'val_loss'],
    );
  });
});
