// What a text file's first bytes are: UTF-16 is read as its text, a binary file is refused with
// one issue. The expected reads come from the same text in UTF-8 (Node's encoder makes the UTF-16).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PredictionsParser } from '../../../src/core/classify';
import { createParser, detectFormat } from '../../../src/core/formats';
import { decodeUtf8 } from '../../../src/core/text/lines';
import type { FormatId } from '../../../src/core/model/run';
import { SNIFF_BYTES } from '../../../src/core/formats/textBytes';
import { ROOT, bytes, dumpRun, feedInChunks, fixtureBytes } from '../helpers';

function utf16(data: Uint8Array, littleEndian: boolean, bom = true): Uint8Array {
  const le = Buffer.from(decodeUtf8(data), 'utf16le');
  if (!littleEndian) le.swap16();
  const mark = bom ? (littleEndian ? [0xff, 0xfe] : [0xfe, 0xff]) : [];
  return new Uint8Array(Buffer.concat([Buffer.from(mark), le]));
}

function read(path: string, format: FormatId, data: Uint8Array, sizes: readonly number[] = [1 << 20]) {
  return feedInChunks(createParser(path, format), data, sizes).run;
}

const SAMPLES: readonly [FormatId, string, string[]][] = [
  ['csv', 'training.log', ['keras', 'training.log']],
  ['jsonl', 'metrics.jsonl', ['pytorch-digits', 'metrics.jsonl']],
  ['text', 'train.log', ['text', 'logging-crlf.log']],
  ['hf-trainer-state', 'trainer_state.json', ['hf-trainer-state', 'results', 'checkpoint-10350', 'trainer_state.json']],
  ['keras-history-json', 'history.json', ['keras-history-json', 'history.json']],
];

describe('text files in other encodings, and binary files opened as text', () => {
  it('reads UTF-16 (little- and big-endian with a BOM, little-endian without) as the same text in UTF-8, in every text format', () => {
    for (const [format, path, fixture] of SAMPLES) {
      const plain = fixtureBytes(...fixture);
      const expected = dumpRun(read(path, format, plain));
      assert.ok(
        (expected['series'] as Record<string, unknown>) && Object.keys(expected['series'] as object).length > 0,
        `${format}: the sample reads`,
      );
      for (const [le, bom] of [
        [true, true],
        [false, true],
        [true, false],
      ] as const) {
        // Odd chunk sizes split code units (and surrogate pairs) between pushes.
        for (const sizes of [[1 << 20], [1, 3, 7, 2]]) {
          assert.deepEqual(
            dumpRun(read(path, format, utf16(plain, le, bom), sizes)),
            expected,
            `${format}, ${le ? 'LE' : 'BE'}${bom ? ' with BOM' : ''}, chunks ${sizes}`,
          );
        }
      }
    }
  });

  it('reads a UTF-16 predictions file as its UTF-8 text', () => {
    const plain = fixtureBytes('classify', 'catdog.csv');
    const readWith = (data: Uint8Array) => {
      const p = new PredictionsParser('catdog.csv');
      for (let at = 0, k = 0; at < data.length; k++) {
        const n = [5, 1, 3][k % 3]!;
        p.push(data.subarray(at, at + n));
        at += n;
      }
      p.flush();
      return p.result();
    };
    const expected = readWith(plain);
    assert.equal(expected.data?.n, 100);
    assert.deepEqual({ ...readWith(utf16(plain, true)) }, { ...expected });
    assert.deepEqual({ ...readWith(utf16(plain, false)) }, { ...expected });
  });

  it('detects the format of a UTF-16 file from its first bytes decoded as UTF-8 (as the reader hands them over)', () => {
    const head = (data: Uint8Array) => decodeUtf8(data.subarray(0, 8192));
    assert.equal(detectFormat('training.log', head(utf16(fixtureBytes('keras', 'training.log'), true))), 'csv');
    assert.equal(detectFormat('training.log', head(utf16(fixtureBytes('keras', 'training.log'), false))), 'csv');
    assert.equal(detectFormat('out.log', head(utf16(fixtureBytes('text', 'logging-crlf.log'), true))), 'text');
    assert.equal(
      detectFormat('out.log', head(utf16(fixtureBytes('pytorch-digits', 'metrics.jsonl'), true, false))),
      'jsonl',
    );
  });

  it('refuses a binary file opened as a text log with one issue that says what it is, and reads nothing', () => {
    const png = new Uint8Array(readFileSync(join(ROOT, 'media', 'icon.png')));
    const events = fixtureBytes(
      'tfevents',
      'keras-nan',
      '20220213-124139',
      'validation',
      'events.out.tfevents.1644728574.huangyuan3hdeMacBook-Pro.local.73068.1.v2',
    );
    const cases: [FormatId, string, Uint8Array, RegExp][] = [
      ['text', 'train.log', png, /^this is a PNG image, not text; nothing was read$/],
      ['csv', 'history.csv', png, /PNG image/],
      ['jsonl', 'metrics.jsonl', events, /^this is a TensorBoard event file, not text; open it as a TensorBoard run/],
      ['text', 'train.log', events, /TensorBoard event file/],
      [
        'hf-trainer-state',
        'trainer_state.json',
        new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]),
        /zip archive/,
      ],
      [
        'csv',
        'a.csv',
        new Uint8Array([0x31, 0x2c, 0x00, 0x32, 0x0a, 0x33]),
        /^this file holds binary data \(a zero byte at byte 2\), not text/,
      ],
      ['text', 'a.log', new Uint8Array([0xff, 0xfe, 0, 0, 0x61, 0, 0, 0]), /UTF-32/],
    ];
    for (const [format, path, data, message] of cases) {
      for (const sizes of [[1 << 20], [1, 2, 5]]) {
        const run = read(path, format, data, sizes);
        assert.equal(run.series.length, 0, `${format} ${path}`);
        assert.equal(run.issueCount, 1, `${format} ${path}: ${JSON.stringify(run.issues)}`);
        assert.equal(run.issues[0]!.offset, 0);
        assert.match(run.issues[0]!.message, message);
      }
    }
    const p = new PredictionsParser('preds.csv');
    p.push(png);
    p.flush();
    assert.deepEqual(p.result().issues, [{ offset: 0, message: 'this is a PNG image, not text; nothing was read' }]);
    assert.equal(p.result().data, undefined);
  });

  it(`decides on the first ${SNIFF_BYTES} bytes, so a tiny file is read as soon as it is pushed`, () => {
    const p = createParser('h.csv', 'csv');
    p.push(bytes('epoch,loss\n0,1\n'));
    assert.equal(p.run.getSeries('loss')?.length, 1);
    assert.equal(p.pendingBytes, 0);
    const tiny = createParser('h.csv', 'csv');
    tiny.push(bytes('ep'));
    assert.equal(tiny.pendingBytes, 2);
    tiny.push(bytes('och,loss\n0,1\n'));
    assert.equal(tiny.run.getSeries('loss')?.length, 1);
  });
});
