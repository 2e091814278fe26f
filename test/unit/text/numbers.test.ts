import * as assert from 'node:assert/strict';
import { MISSING, NOT_A_NUMBER, parseCell, parseCellBytes } from '../../../src/core/text/numbers';
import { decodeUtf8 } from '../../../src/core/text/lines';
import { bytes, prng } from '../helpers';

function fromBytes(text: string) {
  const b = bytes(text);
  return parseCellBytes(b, 0, b.length, decodeUtf8);
}

describe('parseCell', () => {
  it("reads Python's spellings of the special values", () => {
    assert.ok(Number.isNaN(parseCell('nan')));
    assert.ok(Number.isNaN(parseCell('NaN')));
    assert.equal(parseCell('inf'), Infinity);
    assert.equal(parseCell('-inf'), -Infinity);
    assert.equal(parseCell('Infinity'), Infinity);
    assert.equal(parseCell('-Infinity'), -Infinity);
  });
  it('treats NA and empty cells as missing, not as zero', () => {
    assert.equal(parseCell('NA'), MISSING);
    assert.equal(parseCell(''), MISSING);
    assert.equal(parseCell('  '), MISSING);
  });
  it('refuses text', () => {
    assert.equal(parseCell('[1, 2, 3]'), NOT_A_NUMBER);
    assert.equal(parseCell('0x10'), NOT_A_NUMBER);
    assert.equal(parseCell('cat'), NOT_A_NUMBER);
  });
});

describe('parseCellBytes', () => {
  it("gives exactly what Number() gives, on the writers' number shapes", () => {
    const samples = [
      '0.4110209345817566',
      '1.7160215377807617',
      '944.161865234375',
      '8.26832e-05',
      '1e-05',
      '-3',
      '+2.5',
      '.5',
      '5.',
      '0',
      '-0.0',
      '12345678901234567890',
      '9007199254740993',
      '1.0000000000000002',
      '2.2250738585072014e-308',
      '1e400',
      '   0.25  ',
      '7\r',
    ];
    for (const s of samples) {
      const got = fromBytes(s);
      const want = Number(s.trim());
      assert.ok(
        Object.is(got, want) || (Number.isNaN(want) && Number.isNaN(got as number)),
        `${JSON.stringify(s)}: ${String(got)} vs ${want}`,
      );
    }
  });

  it('agrees with Number() on 20 000 random decimals', () => {
    const rnd = prng(7);
    for (let i = 0; i < 20000; i++) {
      const v = (rnd() - 0.5) * 10 ** Math.floor(rnd() * 12 - 6);
      const s = rnd() < 0.5 ? v.toString() : v.toFixed(Math.floor(rnd() * 17));
      const got = fromBytes(s);
      assert.ok(Object.is(got, Number(s)), `${s}: ${String(got)} vs ${Number(s)}`);
    }
  });

  it('reads nan, inf and empty cells from bytes', () => {
    assert.ok(Number.isNaN(fromBytes('nan') as number));
    assert.equal(fromBytes('-inf'), -Infinity);
    assert.equal(fromBytes(''), MISSING);
    assert.equal(fromBytes('abc'), NOT_A_NUMBER);
  });
});
