// Regressions found by fuzzing the training-log parsers (npm run fuzz): each test failed before its fix.
import * as assert from 'node:assert/strict';
import { createFolderParser, createParser } from '../../../src/core/formats';
import { JsonLinesParser } from '../../../src/core/formats/jsonl';
import { TfEventsParser } from '../../../src/core/formats/tfevents';
import { maskedCrc32c } from '../../../src/core/text/crc32c';
import { bytes, dumpRun, feedInChunks } from '../helpers';

describe('training-log parsers on hostile input', () => {
  it('quotes what a broken file holds in its messages, with control characters escaped', () => {
    const jsonl = feedInChunks(createParser('m.jsonl', 'jsonl'), bytes('{"a": 1\u0010}\n'), [64]).run;
    assert.deepEqual(
      jsonl.issues.map((i) => i.message),
      ["line 1: expected ',' or '}', found a control character (byte 0x10); line skipped"],
    );
    const csv = feedInChunks(createParser('h.csv', 'csv'), bytes('epoch,loss\n0,1\n1,2\u0001x\n'), [64]).run;
    assert.deepEqual(
      csv.issues.map((i) => i.message),
      [
        'line 3: column "loss" has "2\\u0001x", not a number; it and the column\'s other cells that are not numbers are skipped',
      ],
    );
    const mlflow = createFolderParser('mlruns/0/abc', 'mlflow', 'run');
    mlflow.push('metrics/loss', bytes('1708382496112 0.5 0\n17083\u0000 0.25 1\n'));
    mlflow.flush();
    assert.deepEqual(
      mlflow.run.issues.map((i) => i.message),
      ['line 2: expected "<timestamp> <value> <step>", found "17083\\u0000 0.25 1"; line skipped'],
    );
  });

  it('reads a number a megabyte long without overflowing the stack', () => {
    const digits = '1'.repeat(1 << 20);
    const run = feedInChunks(createParser('m.jsonl', 'jsonl'), bytes(`{"a": ${digits}}\n{"a": 0.${digits}}\n`), [
      1 << 16,
    ]).run;
    assert.deepEqual(Array.from(run.getSeries('a')!.valueArray()), [Infinity, Number(`0.${digits}`)]);
    const mlflow = createFolderParser('mlruns/0/abc', 'mlflow', 'run');
    mlflow.push('metrics/loss', bytes(`${digits} 0.5 0\n`));
    mlflow.flush();
    assert.deepEqual(Array.from(mlflow.run.getSeries('loss')!.valueArray()), [0.5]);
  });

  it('strips a UTF-8 BOM that arrives split over pushes, and keeps bytes that only began like one', () => {
    const withBom = new JsonLinesParser('m.jsonl', 'm');
    for (const chunk of [[0xef], [0xbb], [0xbf, ...bytes('{"a": 1}\n')]]) withBom.push(new Uint8Array(chunk));
    withBom.flush();
    assert.deepEqual(
      dumpRun(withBom.run),
      dumpRun(feedInChunks(new JsonLinesParser('m.jsonl', 'm'), bytes('{"a": 1}\n'), [64]).run),
    );
    const notBom = new JsonLinesParser('m.jsonl', 'm');
    for (const chunk of [[0xef], [0xbb], [0x7b]]) notBom.push(new Uint8Array(chunk));
    assert.equal(notBom.pendingBytes, 3);
    notBom.flush();
    assert.deepEqual(
      notBom.run.issues.map((i) => i.message),
      ['line 1: expected a value, found a non-ASCII character; line skipped'],
    );
  });

  it('reports a line of plain text in a JSON Lines log, as it does a broken object', () => {
    const run = feedInChunks(
      createParser('m.jsonl', 'jsonl'),
      bytes('{"loss": 1}\nTraceback (most recent call last):\n{"loss": 2}\n'),
      [64],
    ).run;
    assert.deepEqual(Array.from(run.getSeries('loss')!.valueArray()), [1, 2]);
    assert.deepEqual(run.issues, [{ line: 2, message: 'line 2: "Traceback" is not a JSON value; line skipped' }]);
  });

  it('skips a line of nothing but tabs in a TSV, however the file is split into pushes', () => {
    for (const sizes of [[64], [1]]) {
      const run = feedInChunks(createParser('h.tsv', 'csv'), bytes('loss\tnote\n\t\n0.5\t\n'), sizes).run;
      assert.deepEqual([...run.getSeries('loss')!.stepArray()], [0], `chunks of ${sizes}`);
    }
  });

  it('says a CSV whose lines end with a bare CR is read as one header', () => {
    const run = feedInChunks(createParser('h.csv', 'csv'), bytes('epoch,loss\r0,1\r1,0.5\r'), [64]).run;
    assert.equal(run.series.length, 0);
    assert.deepEqual(run.issues, [
      {
        line: 1,
        message:
          'line 1: the lines end with a bare CR (\\r), which is not read as a line end, so the whole file reads as one header; save it with LF or CRLF line ends',
      },
    ]);
  });

  it('does not set aside a gigabyte for a TensorBoard record whose header claims one', () => {
    const header = new Uint8Array(12);
    const dv = new DataView(header.buffer);
    dv.setUint32(0, 1 << 30, true);
    dv.setUint32(8, maskedCrc32c(header, 0, 8), true);
    const before = process.memoryUsage().arrayBuffers;
    const parsers = Array.from({ length: 4 }, () => {
      const p = new TfEventsParser('events.out.tfevents.1', 'run');
      p.push(header);
      p.push(new Uint8Array(100));
      p.flush();
      return p;
    });
    assert.ok(
      process.memoryUsage().arrayBuffers - before < 64 * 1024 * 1024,
      `${(process.memoryUsage().arrayBuffers - before) / 1e6} MB for four 112-byte files`,
    );
    assert.deepEqual(
      parsers.map((p) => p.pendingBytes),
      [112, 112, 112, 112],
    );
  });

  it("keeps a copy of a rewritten member's bytes, not a view of the reader's buffer", () => {
    const parser = createFolderParser('mlruns/0/abc', 'mlflow', 'run');
    const buffer = Buffer.from('0.001');
    parser.push('params/lr', buffer);
    buffer.write('9.999');
    parser.flush('params/lr');
    assert.equal(parser.run.params.get('lr'), '0.001');
  });

  it('reads an empty push to a rewritten member as nothing pushed', () => {
    const pushed = createFolderParser('mlruns/0/abc', 'mlflow', 'run');
    pushed.push('params/lr', new Uint8Array(0));
    pushed.flush('params/lr');
    const notPushed = createFolderParser('mlruns/0/abc', 'mlflow', 'run');
    notPushed.flush('params/lr');
    assert.deepEqual([...pushed.run.params], [...notPushed.run.params]);
  });

  // Its growth (linear, not quadratic) is checked by a growth ratio, without a clock limit: test/unit/fuzz/growth.ts.
  it('finds the header of a long first line pushed in small pieces', () => {
    const p = createParser('h.csv', 'csv');
    const piece = new Uint8Array(16).fill(0x20);
    for (let i = 0; i < (4 << 20) / 16; i++) p.push(piece);
    p.push(bytes('\nepoch,loss\n0,1\n'));
    p.flush();
    assert.equal(p.run.getSeries('loss')?.length, 1);
  });
});
