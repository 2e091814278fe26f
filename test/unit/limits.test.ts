// The limits that keep a huge or hostile file from exhausting memory: each says what was too
// large, with its size and the limit, and everything before it is still read.
import * as assert from 'node:assert/strict';
import { PredictionsParser } from '../../src/core/classify';
import { createFolderParser, createParser } from '../../src/core/formats';
import { MAX_DOCUMENT_BYTES } from '../../src/core/formats/jsonDocument';
import { MAX_SUMMARY_BYTES } from '../../src/core/formats/rewriteBuffers';
import { MAX_METRICS_PER_LINE } from '../../src/core/formats/textLine';
import { MAX_LINE_BYTES } from '../../src/core/text/lines';
import { MAX_KEPT_ISSUES, MAX_SERIES, type FormatId } from '../../src/core/model/run';
import { bytes, feedInChunks } from './helpers';

const MB = 1024 * 1024;

describe('limits on what one file may cost', () => {
  it('skips a line over MAX_LINE_BYTES (64 MB) with its length and the limit, whether it comes in one push or many', () => {
    assert.equal(MAX_LINE_BYTES, 64 * MB);
    const long = new Uint8Array(MAX_LINE_BYTES + 1024).fill(0x37);
    const cases: [FormatId, string, string, string][] = [
      ['csv', 'h.csv', 'epoch,loss\n0,1\n', '\n2,3\n'],
      ['jsonl', 'm.jsonl', '{"epoch": 0, "loss": 1}\n', '\n{"epoch": 2, "loss": 3}\n'],
      ['text', 'train.log', 'epoch 0 loss: 1\n', '\nepoch 2 loss: 3\n'],
    ];
    for (const [format, path, before, after] of cases) {
      const data = Buffer.concat([bytes(before), long, bytes(after)]);
      for (const sizes of [[data.length], [4 * MB]]) {
        const run = feedInChunks(createParser(path, format), data, sizes).run;
        assert.deepEqual(Array.from(run.getSeries('loss')!.valueArray()), [1, 3], `${format} in chunks of ${sizes}`);
        assert.deepEqual(
          run.issues.map((i) => [i.line, i.message]),
          [
            [
              format === 'csv' ? 3 : 2,
              `line ${format === 'csv' ? 3 : 2} is at least 64.0 MB long, over the 64 MB a line may have; skipped`,
            ],
          ],
          `${format} in chunks of ${sizes}`,
        );
      }
    }
    for (const json of [false, true]) {
      const data = json
        ? Buffer.concat([
            bytes('{"y_true": 1, "y_pred": 1}\n{"y_true": 0, "x": "'),
            long,
            bytes('"}\n{"y_true": 0, "y_pred": 1}\n'),
          ])
        : Buffer.concat([bytes('y_true,y_pred\n1,1\n0,'), long, bytes('\n0,1\n')]);
      for (const sizes of [[data.length], [4 * MB]]) {
        const p = new PredictionsParser('p');
        for (let at = 0; at < data.length; at += sizes[0]!) p.push(data.subarray(at, at + sizes[0]!));
        p.flush();
        const r = p.result();
        assert.equal(r.data?.n, 2, `${json ? 'JSON' : 'CSV'} in chunks of ${sizes}`);
        assert.equal(r.issueCount, 1);
        assert.equal(
          r.issues[0]!.message,
          json
            ? 'line 2: a JSON record of at least 64.0 MB, over the 64 MB a record may have; skipped'
            : 'line 3 is at least 64.0 MB long, over the 64 MB a line may have; skipped',
        );
      }
    }
  });

  it('reads a whole-document JSON file up to MAX_DOCUMENT_BYTES (256 MB) and says how large it is', () => {
    assert.equal(MAX_DOCUMENT_BYTES, 256 * MB);
    const p = createParser('trainer_state.json', 'hf-trainer-state');
    p.push(bytes('{"log_history": [\n{"loss": 1.5, "step": 10},\n'));
    const blank = new Uint8Array(MB).fill(0x20);
    blank[MB - 1] = 0x0a;
    for (let i = 0; i <= MAX_DOCUMENT_BYTES / MB; i++) p.push(blank);
    p.flush();
    assert.deepEqual(Array.from(p.run.getSeries('loss')!.valueArray()), [1.5]);
    assert.deepEqual(p.run.issues, [
      {
        line: 258,
        message:
          'the file is 257.0 MB, over the 256 MB a whole-document JSON file (read again on every change) may have; lines from 258 on are not read',
      },
    ]);
  });

  it('drops a summary file over MAX_SUMMARY_BYTES (16 MB) instead of holding it, and says so once it is read', () => {
    assert.equal(MAX_SUMMARY_BYTES, 16 * MB);
    const mlflow = createFolderParser('mlruns/0/abc', 'mlflow', 'run');
    mlflow.push('params/lr', bytes('0.1'));
    mlflow.flush('params/lr');
    const chunk = new Uint8Array(MB).fill(0x61);
    for (let i = 0; i < 17; i++) mlflow.push('params/notes', chunk);
    assert.ok(mlflow.pendingBytes < MAX_SUMMARY_BYTES, `${mlflow.pendingBytes} bytes held`);
    mlflow.flush('params/notes');
    assert.deepEqual([...mlflow.run.params], [['lr', '0.1']]);
    assert.deepEqual(mlflow.run.issues, [
      {
        file: 'params/notes',
        line: 1,
        message: 'the file is 17 MB, over the 16 MB a summary file (read whole on every change) may have; not read',
      },
    ]);

    const dvclive = createFolderParser('dvclive', 'dvclive', 'run');
    for (let i = 0; i < 17; i++) dvclive.push('metrics.json', chunk);
    dvclive.flush();
    assert.equal(dvclive.run.issues[0]?.file, 'metrics.json');
    assert.match(dvclive.run.issues[0]!.message, /17 MB, over the 16 MB/);
  });

  it(`keeps at most MAX_SERIES (${MAX_SERIES}) series and says where the first metric past it is`, () => {
    const lines = Array.from({ length: MAX_SERIES + 50 }, (_, i) => `{"step": ${i}, "m${i}": 1}`).join('\n');
    const run = feedInChunks(createParser('m.jsonl', 'jsonl'), bytes(lines), [1 << 16]).run;
    assert.equal(run.series.length, MAX_SERIES);
    assert.equal(run.getSeries(`m${MAX_SERIES - 1}`)?.length, 1);
    assert.equal(run.getSeries(`m${MAX_SERIES}`), undefined);
    assert.deepEqual(run.issues, [
      {
        line: MAX_SERIES + 1,
        message: `line ${MAX_SERIES + 1}: more than ${MAX_SERIES} metrics: "m${MAX_SERIES}" and the metrics first seen after it are not read`,
      },
    ]);
  });

  it(`reads at most MAX_METRICS_PER_LINE (${MAX_METRICS_PER_LINE}) metric pairs from one line of a text log, and says so`, () => {
    const run = feedInChunks(
      createParser('train.log', 'text'),
      bytes(`epoch 1 ${'loss: 0.5 '.repeat(5000)}\nepoch 2 loss: 0.25\n`),
      [1 << 20],
    ).run;
    assert.equal(run.getSeries('loss')!.length, MAX_METRICS_PER_LINE + 1);
    assert.equal(run.getSeries('loss')!.value(MAX_METRICS_PER_LINE), 0.25);
    assert.deepEqual(run.issues, [
      { line: 1, message: 'line 1: more than 1000 metric values, the most read from one line; the rest are skipped' },
    ]);
  });

  it(`keeps MAX_KEPT_ISSUES (${MAX_KEPT_ISSUES}) issues and counts the rest`, () => {
    const rows = Array.from({ length: 1000 }, (_, i) => `${i},1,2`).join('\n');
    const run = feedInChunks(createParser('h.csv', 'csv'), bytes(`epoch,loss\n${rows}\n`), [4096]).run;
    assert.equal(run.issues.length, MAX_KEPT_ISSUES);
    assert.equal(run.issueCount, 1000);
    assert.equal(run.issues[0]!.message, 'line 2: 3 fields, header has 2; row skipped');
  });
});
