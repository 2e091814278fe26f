// Regressions found by fuzzing (npm run fuzz) in the pieces the parsers share: what the record
// readers keep, ASCII strings from bytes, and how messages quote a file. Each failed before its fix.
import * as assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { JsonRecordReader } from '../../src/core/classify/jsonRecords';
import { DelimitedRecordReader } from '../../src/core/text/delimitedRecords';
import { asciiString } from '../../src/core/text/intern';
import { describeByte, formatSize, listed, quoted } from '../../src/core/text/messages';
import { bytes } from './helpers';

// What a reader keeps can only be measured after a collection.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heap(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Bytes still held by what `read` returns. */
function retainedBy(read: () => unknown): number {
  gc();
  gc();
  const base = heap();
  let kept: unknown = read();
  gc();
  gc();
  const retained = heap() - base;
  kept = undefined;
  return kept === undefined ? retained : 0;
}

const MB = 1024 * 1024;

function concat(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

describe('shared reading pieces on hostile input', () => {
  it("lets go of a long record's buffer and of a very wide row's field arrays once they are read", () => {
    const longCell = concat(bytes('epoch,loss\n0,1\n1,'), new Uint8Array(16 * MB).fill(0x37), bytes('\n2,3\n'));
    const longLast = concat(bytes('epoch,loss\n0,1\n1,'), new Uint8Array(16 * MB).fill(0x37), bytes('\n'));
    const wideRow = concat(bytes('epoch,loss\n0,1\n'), new Uint8Array(4 * MB).fill(0x2c), bytes('\n2,3\n'));
    for (const [what, data, records] of [
      ['a 16 MB cell', longCell, 4],
      ['a 16 MB cell on the last line', longLast, 3],
      ['a row of 4 M fields', wideRow, 4],
    ] as const) {
      let read = 0;
      const kept = retainedBy(() => {
        const reader = new DelimitedRecordReader(() => {
          read++;
        });
        for (let at = 0; at < data.length; at += 64 * 1024) reader.push(data.subarray(at, at + 64 * 1024));
        reader.flush();
        return reader;
      });
      assert.equal(read, records, what);
      assert.ok(kept < 4 * MB, `${what}: ${(kept / MB).toFixed(1)} MB kept`);
    }
    const longRecord = concat(
      bytes('{"y_true": 1, "note": "'),
      new Uint8Array(16 * MB).fill(0x61),
      bytes('"}\n{"y_true": 0}\n'),
    );
    let records = 0;
    const kept = retainedBy(() => {
      const reader = new JsonRecordReader(() => {
        records++;
      });
      for (let at = 0; at < longRecord.length; at += 64 * 1024) reader.push(longRecord.subarray(at, at + 64 * 1024));
      reader.flush();
      return reader;
    });
    assert.equal(records, 2);
    assert.ok(kept < 4 * MB, `a 16 MB JSON record: ${(kept / MB).toFixed(1)} MB kept`);
  });

  it('makes a string of ten million ASCII bytes without overflowing the stack', () => {
    const digits = new Uint8Array(10 * MB).fill(0x39);
    digits[0] = 0x31;
    const s = asciiString(digits, 0, digits.length);
    assert.equal(s.length, 10 * MB);
    assert.equal(s.slice(0, 3), '199');
    assert.equal(asciiString(digits, 5000, 5003), '999');
  });

  it("quotes a file's text in one readable line: shortened, control characters and bidirectional overrides escaped", () => {
    assert.equal(quoted('loss'), '"loss"');
    assert.equal(quoted('a\tb\nc\u0000d\u202e'), '"a\\tb\\nc\\u0000d\\u202e"');
    assert.equal(quoted('x'.repeat(50)), `"${'x'.repeat(40)}…"`);
    assert.equal(quoted('\u0000'.repeat(50), 12), '"\\u0000\\u0000…"');
    assert.equal(quoted('😀'.repeat(50), 3), '"😀😀…"');
    assert.equal(listed(['a', 'b', 'c'], 2), '"a", "b" and 1 more');
    assert.equal(listed(['0', '1'], 10, false), '0, 1');
    assert.equal(describeByte(0x7d), "'}'");
    assert.equal(describeByte(0x00), 'a control character (byte 0x00)');
    assert.equal(describeByte(0xc3), 'a non-ASCII character');
    assert.deepEqual(
      [
        formatSize(1),
        formatSize(812),
        formatSize(2048),
        formatSize(64 * MB),
        formatSize(64 * MB + 100 * 1024),
        formatSize(3 * 1024 * MB),
      ],
      ['1 byte', '812 bytes', '2 KB', '64 MB', '64.1 MB', '3 GB'],
    );
  });
});
