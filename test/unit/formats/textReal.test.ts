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

  it("never makes a metric of a Keras model.summary(), even a second model's after a first model's epochs", () => {
    // A real console (CRLF): a summary, 100 epochs, then a second model's summary and its epochs. Read after an
    // epoch line, a summary row looks like a metric (`Non-trainable params: 0`; issue #14).
    const bytes = readFileSync(fixture('text-real', 'keras-two-models.log'));
    for (const size of [bytes.length, 4096, 7]) {
      const run = feedInChunks(createParser('keras-two-models.log', 'text'), bytes, [size]).run;
      assert.deepEqual(
        run.series.map((s) => s.name),
        ['loss', 'accuracy'],
        `in chunks of ${size}`,
      );
      const loss = run.getSeries('loss')!;
      // 100 epochs of the first model, 7 of the second (its epochs count from 1 again).
      assert.equal(loss.length, 107);
      assert.deepEqual([loss.step(99), loss.value(99)], [100, 0.1082]);
      assert.deepEqual([loss.step(100), loss.value(100)], [1, 5.1131]);
      // `Total params: 22,326` is line 282; no point comes from the summary's lines.
      assert.ok(loss.location(100) > 282 && loss.location(99) < 271);
    }
  });
});
