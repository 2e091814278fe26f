import * as assert from 'node:assert/strict';
import { fieldText } from '../../../src/core/text/delimitedFields';
import { DelimitedRecordReader } from '../../../src/core/text/delimitedRecords';
import { bytes, prng } from '../helpers';

interface Rec {
  line: number;
  fields: string[];
  quoted: number[];
}

function records(
  data: Uint8Array,
  sizes: readonly number[] = [data.length],
  delimiter?: number,
): { recs: Rec[]; issues: string[] } {
  const recs: Rec[] = [];
  const issues: string[] = [];
  const r = new DelimitedRecordReader(
    (rec) => {
      const fields: string[] = [];
      const quoted: number[] = [];
      for (let i = 0; i < rec.count; i++) {
        fields.push(fieldText(rec, i));
        quoted.push(rec.quoted[i]!);
      }
      recs.push({ line: rec.line, fields, quoted });
    },
    delimiter === undefined
      ? { onIssue: (_l, m) => issues.push(m) }
      : { delimiter, onIssue: (_l, m) => issues.push(m) },
  );
  let at = 0;
  let k = 0;
  while (at < data.length) {
    const n = Math.max(1, sizes[k++ % sizes.length]!);
    r.push(data.subarray(at, at + n));
    at += n;
  }
  r.flush();
  return { recs, issues };
}

const TRICKY =
  '\uFEFFa,b,c\r\n1,"x, y",3\r\n"multi\nline ""quoted""",,"end"\r\n 4 , "5" ,6\n7,8" inch,9\n\nlast,row,no newline';

describe('DelimitedRecordReader', () => {
  it('splits fields and records in one pass: quotes, escapes, newlines in quotes, CRLF, BOM, a last line without newline', () => {
    const { recs, issues } = records(bytes(TRICKY));
    assert.deepEqual(issues, []);
    assert.deepEqual(
      recs.map((r) => [r.line, r.fields]),
      [
        [1, ['a', 'b', 'c']],
        [2, ['1', 'x, y', '3']],
        [3, ['multi\nline "quoted"', '', 'end']],
        [5, [' 4 ', '5', '6']],
        [6, ['7', '8" inch', '9']],
        [7, ['']],
        [8, ['last', 'row', 'no newline']],
      ],
    );
    assert.deepEqual(recs[3]!.quoted, [0, 1, 0]);
  });

  it('reads the same records whatever the chunk boundaries, one byte at a time included', () => {
    const data = bytes(TRICKY.repeat(3));
    const whole = records(data);
    const rnd = prng(17);
    for (let trial = 0; trial < 50; trial++) {
      const sizes = Array.from({ length: 5 }, () => 1 + Math.floor(rnd() * 13));
      assert.deepEqual(records(data, sizes), whole, `chunks ${sizes.join(',')}`);
    }
    assert.deepEqual(records(data, [1]), whole);
  });

  it('detects tab and semicolon delimiters from the first line with content', () => {
    assert.deepEqual(
      records(bytes('\n\na\tb\n1\t2\n')).recs.map((r) => r.fields),
      [[''], [''], ['a', 'b'], ['1', '2']],
    );
    assert.deepEqual(records(bytes('a;b;c\n1;2,5;3\n')).recs[1]!.fields, ['1', '2,5', '3']);
    assert.deepEqual(records(bytes('a;b\n1;2\n'), undefined, 44).recs[1]!.fields, ['1;2']);
  });

  it('reports a quoted field that is never closed, with its line', () => {
    const { recs, issues } = records(bytes('a,b\n1,"open\n2,3\n'));
    assert.deepEqual(
      recs.map((r) => r.fields),
      [['a', 'b']],
    );
    assert.deepEqual(issues, ['line 2: a quoted field is never closed']);
  });

  it('scans a long quoted field fed in small chunks once, not once per chunk', () => {
    // 2 000 lines inside one quoted field, 200 KB fed 1 KB at a time: each line end makes the reader
    // look at the field again, and it must carry on where it stopped. The bytes its searches look at
    // are counted (every search of a record's bytes is an `indexOf`), not timed: a reader that starts
    // over at each chunk looks at ~200 MB, one that carries on at a few times the file.
    const field = ('x'.repeat(99) + '\n').repeat(2000);
    const data = bytes('a,b\n1,"' + field + '"\n2,3\n');
    const original = Object.getOwnPropertyDescriptor(Uint8Array.prototype, 'indexOf');
    let looked = 0;
    const indexOf = Object.getPrototypeOf(Uint8Array.prototype).indexOf as (
      this: Uint8Array,
      v: number,
      from?: number,
    ) => number;
    Object.defineProperty(Uint8Array.prototype, 'indexOf', {
      configurable: true,
      writable: true,
      value(this: Uint8Array, v: number, from = 0) {
        const at = indexOf.call(this, v, from);
        looked += (at < 0 ? this.length : at + 1) - Math.max(0, from);
        return at;
      },
    });
    let recs: Rec[];
    try {
      recs = records(data, [1024]).recs;
    } finally {
      if (original) Object.defineProperty(Uint8Array.prototype, 'indexOf', original);
      else delete (Uint8Array.prototype as { indexOf?: unknown }).indexOf;
    }
    assert.equal(recs.length, 3);
    assert.equal(recs[1]!.fields[1], field);
    assert.deepEqual(
      recs.map((r) => r.line),
      [1, 2, 2003],
    );
    assert.ok(looked > data.length / 2, `${looked} bytes counted: the count must see the searches`);
    assert.ok(looked < 4 * data.length, `${looked} bytes looked at for a ${data.length}-byte file`);
  });
});
