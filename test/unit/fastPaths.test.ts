// The one-pass readers (a CSV line split and read at once, a flat JSON line, a plain predictions
// row) must give exactly what the general readers give. A line cut by a chunk boundary always goes
// the general way, so one-byte chunks read a file entirely the general way: comparing that with
// one whole push (mostly one-pass) and with random chunkings checks both paths against each other.
import * as assert from 'node:assert/strict';
import { DelimitedRecordReader } from '../../src/core/text/delimitedRecords';
import { DelimitedLogParser } from '../../src/core/formats/delimited';
import { JsonLinesParser } from '../../src/core/formats/jsonl';
import { FlatObjectReader, JsonTokenizer, type JsonHandler } from '../../src/core/text/json';
import { readPredictions } from './classify/helpers';
import { bytes, dumpRun, feedInChunks, prng } from './helpers';
import type { RunParser } from '../../src/core/model/run';

/** The run read whole, one byte at a time, and in random chunks, which must all be the same. */
function assertSameWhateverTheChunks(make: () => RunParser, text: string, seed: number): Record<string, unknown> {
  const data = bytes(text);
  const whole = dumpRun(feedInChunks(make(), data, [data.length]).run);
  assert.deepEqual(dumpRun(feedInChunks(make(), data, [1]).run), whole, 'one byte at a time');
  const rnd = prng(seed);
  for (let trial = 0; trial < 20; trial++) {
    const sizes = Array.from({ length: 5 }, () => 1 + Math.floor(rnd() * 40));
    assert.deepEqual(dumpRun(feedInChunks(make(), data, sizes).run), whole, `chunks ${sizes.join(',')}`);
  }
  return whole;
}

const MIXED_CSV =
  [
    'step,epoch,loss,val_loss,note,lr',
    '0,0,1.5,,a,0.001',
    '1,0,1.4000000000000001,,b,1e-3',
    '2,0,  1.3 ,1.35,"quoted, note",0.001',
    '3,1,nan,1.2,c,inf',
    '4,1,1.1,,d,0.0010000000474974513\r',
    '',
    'step,epoch,loss,val_loss,note,lr',
    '5,1,1.0,1.05,"x ""y""",5e-4',
    '6,2,0.9,text!,e,0.0005',
    '7,2,0.8,0.85,f',
    '8,2,0.7,0.8,g,0.0004,extra',
    '9,3,-0,0.7,h,0.0004',
    '10,3,1e400,0.6,i,4E-4',
    '2,4,0.5,0.5,resumed,0.0004',
    '11,4,0.4,0.45,"j',
    'k",0.0003',
    '12,4,.5,5.,l,+3e-4',
  ].join('\n') + '\n';

describe('one-pass reading gives what the general readers give', () => {
  it('CSV logs: plain, padded, empty, quoted, text, NaN, CRLF, repeated-header and wrong-width lines', () => {
    const whole = assertSameWhateverTheChunks(() => new DelimitedLogParser('log.csv', 'log.csv'), MIXED_CSV, 1) as {
      series: Record<string, { points: unknown[] }>;
    };
    // Independent figures: the rows with a loss that is a number (NaN and 1e400 included), and the text row skipped for val_loss.
    assert.equal(whole.series['loss']!.points.length, 12);
    assert.deepEqual(whole.series['loss']!.points[3], [3, 'NaN', 5, 1, null]);
    assert.deepEqual(whole.series['lr']!.points[4], [4, 0.0010000000474974513, 6, 1, null]);
  });

  it('TSV, semicolon and one-column logs, and space-padded columns as Ultralytics writes them', () => {
    const tsv = 'epoch\ttrain/loss\tmetrics/mAP50(B)\n  1\t  0.5\t 0.25\n  2\t\t0.3\n  3\t 0.25e1\t0.35\r\n';
    assertSameWhateverTheChunks(() => new DelimitedLogParser('results.tsv', 'results.tsv'), tsv, 2);
    const semicolons = 'epoch;loss;acc\n0;1,5;0.5\n1;0.9;0.6\n2; 0.8 ;0.7\n';
    assertSameWhateverTheChunks(() => new DelimitedLogParser('log.csv', 'log.csv'), semicolons, 3);
    // One column: a blank line is no row (so no point at its row number).
    const oneColumn = assertSameWhateverTheChunks(
      () => new DelimitedLogParser('log.csv', 'log.csv'),
      'loss\n0.5\n\n0.25\n   \n0.125\n',
      8,
    ) as { series: Record<string, { points: unknown[][] }> };
    assert.deepEqual(
      oneColumn.series['loss']!.points.map((p) => p[0]),
      [0, 1, 2],
    );
  });

  it('random logs: thousands of rows of numbers with random padding, gaps and text', () => {
    const rnd = prng(9);
    const cells = (): string => {
      const r = rnd();
      if (r < 0.05) return '';
      if (r < 0.07) return 'nan';
      if (r < 0.08) return 'oops';
      if (r < 0.1) return ` ${String(rnd())} `;
      return r < 0.5 ? String(rnd() * 10) : (rnd() * 100).toFixed(Math.floor(rnd() * 8));
    };
    const rows = ['step,loss,val_loss,acc'];
    for (let i = 0; i < 3000; i++) rows.push(`${i},${cells()},${cells()},${cells()}${rnd() < 0.1 ? '\r' : ''}`);
    assertSameWhateverTheChunks(() => new DelimitedLogParser('log.csv', 'log.csv'), rows.join('\n') + '\n', 4);
  });

  it('lines a plain-line reader takes are counted but never become records', () => {
    const records: number[] = [];
    const reader = new DelimitedRecordReader((r) => records.push(r.line), {
      onPlainLine: (b, start, end) => {
        const nl = b.indexOf(10, start);
        return nl >= 0 && nl < end && b[start] === 0x31 ? nl : -1;
      },
    });
    reader.push(bytes('a,b\n1,2\n2,3\n1,4\n3,5\n'));
    reader.flush();
    assert.deepEqual(records, [1, 3, 5]);
    assert.equal(reader.lineNumber, 6);
  });

  it("JSON Lines: flat lines read in one pass send the tokenizer's very events, and the rest are refused", () => {
    const events = (feed: (h: JsonHandler) => boolean): { ok: boolean; log: unknown[] } => {
      const log: unknown[] = [];
      const h: JsonHandler = {
        openObject: () => log.push('{'),
        openArray: () => log.push('['),
        close: () => log.push('}'),
        key: (k) => log.push(`key ${k}`),
        number: (v) => log.push(Number.isNaN(v) ? 'NaN' : v),
        string: (b, s, e, esc) => log.push(`str ${new TextDecoder().decode(b.subarray(s, e))} ${esc}`),
        literal: (v) => log.push(v),
      };
      return { ok: feed(h), log };
    };
    const flat = new FlatObjectReader();
    const plain = [
      '{"step": 1, "loss": 0.4110209345817566, "lr": 1e-3}',
      '{"step":2,"loss":0.5,"lr":0.001}',
      ' {"mode": "train", "iter": 50, "loss": -0.0, "ok": true, "none": null, "no": false} ',
      '{}',
      '{"é": 1, "loss": 2}',
      '{"a":1,"loss":3}',
    ];
    const refused = [
      '{"a": {"b": 1}}',
      '{"a": NaN}',
      '{"k\\"ey": 1}',
      '{"a": [1]}',
      '{"a": 1} x',
      '{"a": 1',
      '{"a": 1e}',
      '{"a": +1}',
      '[1]',
      '',
      '{"a": "x\\"y"}',
    ];
    for (const line of [...plain, ...refused]) {
      const b = bytes(line);
      const fast = events((h) => flat.feed(b, 0, b.length, 1, h));
      assert.equal(fast.ok, plain.includes(line), line);
      if (!fast.ok) continue;
      const general = events((h) => {
        const t = new JsonTokenizer(h);
        t.feedLine(b, 0, b.length, 1);
        return t.complete && !t.error;
      });
      assert.ok(general.ok, line);
      assert.deepEqual(fast.log, general.log, line);
    }
  });

  it('JSON Lines logs read the same whatever the chunks, flat lines and the others mixed', () => {
    const lines = [
      '{"mode": "train", "epoch": 1, "iter": 10, "lr": 0.01, "loss": 1.25, "time": 0.3}',
      '{"mode": "train", "epoch": 1, "iter": 20, "lr": 0.01, "loss": 1.0000000000000002}',
      '{"mode": "val", "epoch": 1, "iter": 20, "accuracy": 0.5}',
      '{"step": 30, "loss": NaN, "lr": {"backbone": 0.001, "head": 0.01}}',
      '{"step": 40, "loss": "nan", "grad_norm": Infinity}',
      'not json',
      '{"step": 50, "lo\\u0073s": 0.25}',
      '{"step": 60, "loss": 0.125}\r',
    ];
    assertSameWhateverTheChunks(() => new JsonLinesParser('m.jsonl', 'm.jsonl'), lines.join('\n') + '\n', 5);
  });

  it('predictions: rows with new labels, quotes, gaps, NaN, spaces and CRLF read the same whatever the chunks', () => {
    const rows = ['id,y_true,y_pred,p_a,p_b'];
    const rnd = prng(6);
    for (let i = 0; i < 2000; i++) {
      const t = rnd() < 0.5 ? 'a' : 'b';
      const pa = rnd();
      const cell = rnd() < 0.03 ? '' : rnd() < 0.03 ? 'nan' : rnd() < 0.05 ? ` ${pa} ` : String(pa);
      const label = rnd() < 0.02 ? `"${t}"` : rnd() < 0.02 ? ` ${t} ` : t;
      rows.push(`${i},${label},${pa > 0.5 ? 'a' : 'b'},${cell},${1 - pa}${rnd() < 0.05 ? '\r' : ''}`);
      if (i === 1500) rows.push('1501,c,c,0.2,0.3');
    }
    const data = bytes(rows.join('\n') + '\n');
    const whole = readPredictions(data, {}, [data.length]);
    assert.ok(whole.data && whole.data.kind === 'classification');
    assert.equal(whole.data.labels.length, 3);
    assert.deepEqual(readPredictions(data, {}, [1]), whole, 'one byte at a time');
    const rnd2 = prng(7);
    for (let trial = 0; trial < 10; trial++) {
      const sizes = Array.from({ length: 5 }, () => 1 + Math.floor(rnd2() * 300));
      assert.deepEqual(readPredictions(data, {}, sizes), whole, `chunks ${sizes.join(',')}`);
    }
  });
});
