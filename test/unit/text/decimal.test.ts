import * as assert from 'node:assert/strict';
import { parseDecimalBytes, readDecimal } from '../../../src/core/text/decimal';
import { bytes, prng } from '../helpers';

/** Parses `text` from the middle of a larger array, with digits around it that must not be read. */
function parse(text: string): number | undefined {
  const b = bytes(`7-${text}5`);
  return parseDecimalBytes(b, 2, b.length - 1);
}

function assertSameAsNumber(text: string): void {
  const got = parse(text);
  const want = Number(text);
  if (!Object.is(got, want)) assert.fail(`${text}: ${String(got)}, but Number() gives ${want}`);
}

/** Decimal strings of every shape the readers meet, and many they should not but must still get right. */
function* randomDecimals(count: number, seed: number): Generator<string> {
  const rnd = prng(seed);
  const f64 = new Float64Array(1);
  const u32 = new Uint32Array(f64.buffer);
  const randomDouble = (): number => {
    u32[0] = rnd() * 2 ** 32;
    u32[1] = rnd() * 2 ** 32;
    return f64[0]!;
  };
  const digits = (k: number): string => {
    let s = '';
    for (let i = 0; i < k; i++) s += String.fromCharCode(48 + Math.floor(rnd() * 10));
    return s;
  };
  for (let k = 0; k < count; k++) {
    const r = rnd();
    if (r < 0.2) {
      // Shortest round-trip text of any double: 17 significant digits and beyond 2^53 often.
      const d = randomDouble();
      if (Number.isFinite(d)) yield String(d);
    } else if (r < 0.3) {
      const d = randomDouble();
      if (Number.isFinite(d)) yield d.toExponential(Math.floor(rnd() * 21));
    } else if (r < 0.45) {
      // Up to 22 significant digits (past the 19 a 64-bit mantissa holds) with exponents to ±350.
      yield `${rnd() < 0.5 ? '-' : ''}${digits(1 + Math.floor(rnd() * 22))}e${Math.floor(rnd() * 700 - 350)}`;
    } else if (r < 0.6) {
      const m = digits(1 + Math.floor(rnd() * 21));
      const p = Math.floor(rnd() * (m.length + 1));
      const s = `${m.slice(0, p)}.${m.slice(p)}${rnd() < 0.5 ? `e${Math.floor(rnd() * 60 - 30)}` : ''}`;
      if (!s.startsWith('.e')) yield s;
    } else if (r < 0.7) {
      // What training code writes: probabilities and losses at full precision, float32 widened to double.
      yield rnd() < 0.5 ? String(rnd()) : String(Math.fround(rnd() * 10 ** Math.floor(rnd() * 8 - 6)));
    } else if (r < 0.82) {
      // Exactly halfway between two doubles (integers of 54 to 64 bits with a half-unit tail), with the point anywhere.
      const e = 53 + Math.floor(rnd() * 11);
      const unit = 2n ** BigInt(e - 53);
      const v = 2n ** BigInt(e) + BigInt(Math.floor(rnd() * 2 ** 40)) * unit + unit / 2n;
      const s = v.toString();
      const p = Math.floor(rnd() * s.length);
      yield rnd() < 0.3 ? s : `${s.slice(0, p)}.${s.slice(p)}e${s.length - p}`;
    } else if (r < 0.92) {
      // Subnormals and the smallest normals.
      const d = Math.abs(randomDouble()) * (rnd() < 0.5 ? 2 ** -1000 : 1);
      const s = rnd() < 0.5 ? d.toPrecision(1 + Math.floor(rnd() * 21)) : String(d);
      if (Number.isFinite(Number(s)) && s !== 'NaN') yield s;
    } else {
      // Around 2^53, where a mantissa stops fitting a double.
      yield `${2 ** 53 - 5 + Math.floor(rnd() * 10)}${rnd() < 0.5 ? `e${Math.floor(rnd() * 40 - 20)}` : ''}`;
    }
  }
}

describe('parseDecimalBytes (exact decimals from bytes)', () => {
  it('reads exactly what Number() reads, on two million random decimals of every shape', function () {
    // Seconds on a quiet machine; a generous bound so a busy machine does not fail a correct parser.
    this.timeout(180_000);
    let n = 0;
    for (const s of randomDecimals(2_000_000, 11)) {
      assertSameAsNumber(s);
      n++;
    }
    assert.ok(n > 1_900_000, `${n} strings`);
  });

  it('reads the hard cases exactly: halfway points, subnormals, the 2^53 and 2^64 boundaries, overflow, -0', () => {
    const cases = [
      '0',
      '-0',
      '-0.0',
      '+0',
      '0e-400',
      '-0e10',
      '0.000',
      '4.9e-324',
      '5e-324',
      '2.4703282292062327e-324',
      '2.4703282292062328e-324',
      '1e-350',
      '2.2250738585072011e-308',
      '2.2250738585072014e-308',
      '2.225073858507201e-308',
      '1.7976931348623157e308',
      '1.7976931348623158e308',
      '1.7976931348623159e308',
      '1e309',
      '1e400',
      '-1e400',
      '9007199254740991',
      '9007199254740992',
      '9007199254740993',
      '9007199254740995',
      '9007199254740992.5',
      '18446744073709551615',
      '18446744073709551616',
      '12345678901234567890',
      '1234567890123456789',
      '9999999999999999999',
      '99999999999999999999',
      '0.10000000000000000000001',
      '1.00000000000000011102230246251565404236316680908203125',
      '1.00000000000000011102230246251565404236316680908203124',
      '1.00000000000000011102230246251565404236316680908203126',
      '18014398509481983',
      '1.99999999999999999',
      '0.999999999999999999',
      '9.999999999999999999e22',
      '0.4110209345817566',
      '0.41102093458175665',
      '0.0010000000474974513',
      '8.26832e-05',
      '1e23',
      '8.988465674311579e307',
      '123456789012345678901234567890e-20',
      '.5',
      '5.',
      '+.5e-1',
      '-2.5E+3',
      '7.2057594037927933e16',
      '3.4028234663852886e38',
    ];
    for (const s of cases) assertSameAsNumber(s);
  });

  it('reads 17- to 19-digit mantissas over powers of ten up to 10^22 exactly: ties between two doubles, a hair either side, and the edges of a binade', () => {
    const rnd = prng(5);
    for (let k = 0; k < 20_000; k++) {
      // A double of 2^49 to 2^53, its units in the last place 1/16 to 1: the point halfway to its
      // neighbour has at most 4 decimals, so 17 to 19 digits in all with the point moved 1 to 4 places.
      const e = 49 + Math.floor(rnd() * 4);
      const scaleBits = 52 - e;
      const units = 2n ** 52n + BigInt(Math.floor(rnd() * 2 ** 52));
      // The tie, ×2^(scaleBits + 1), in decimal: (2·units + 1) · 5^(scaleBits + 1) over 10^(scaleBits + 1).
      const places = scaleBits + 1;
      const tie = (2n * units + 1n) * 5n ** BigInt(places);
      for (const d of [tie, tie - 1n, tie + 1n]) {
        const digits = d.toString();
        const text = `${digits.slice(0, -places)}.${digits.slice(-places)}`;
        assertSameAsNumber(text);
        // The same digits with the point further left and an exponent that puts it back, up to 10^-22 in all.
        const shift = Math.floor(rnd() * 18);
        assertSameAsNumber(`${digits.slice(0, -places - shift)}.${digits.slice(-places - shift)}e${shift}`);
        assertSameAsNumber(`0.${digits}e${digits.length - places}`);
      }
    }
    // The edges of binades, where a unit in the last place halves or doubles.
    for (let e = -60; e <= 62; e++) {
      for (const v of [2 ** e, 2 ** e * (1 + 2 ** -52), 2 ** e * (1 - 2 ** -53), 2 ** e * (1 - 2 ** -52)]) {
        assertSameAsNumber(v.toPrecision(17));
        assertSameAsNumber(v.toPrecision(19));
        assertSameAsNumber(v.toExponential(18));
      }
    }
  });

  it('refuses what is not plain decimal syntax (the caller decides about nan, inf, text)', () => {
    for (const s of [
      '',
      '-',
      '+',
      '.',
      '-.',
      'e5',
      '1e',
      '1e+',
      '1.2.3',
      ' 1',
      '1 ',
      '0x10',
      '1_000',
      'nan',
      'inf',
      '1e5.5',
      '--1',
    ]) {
      assert.equal(parse(s), undefined, JSON.stringify(s));
    }
  });
});

describe('readDecimal (a number at the start of a field)', () => {
  it('stops where the number stops and says where, so a caller can split fields and read numbers in one pass', () => {
    const out = new Float64Array(2);
    const at = (text: string): [number, number] => {
      const b = bytes(text);
      const stop = readDecimal(b, 0, b.length, out, 1);
      return [stop, out[1]!];
    };
    assert.deepEqual(at('12.5,7'), [4, 12.5]);
    assert.deepEqual(at('0.4110209345817566\n'), [18, 0.4110209345817566]);
    assert.deepEqual(at('-3e2}'), [4, -300]);
    // An `e` without exponent digits is not part of the number.
    assert.deepEqual(at('1e,'), [1, 1]);
    assert.deepEqual(at('1e+x'), [1, 1]);
    assert.equal(readDecimal(bytes('-x'), 0, 2, out, 0), -1);
    assert.equal(readDecimal(bytes('.,'), 0, 2, out, 0), -1);
  });

  it('never reads past the end it is given', () => {
    const out = new Float64Array(1);
    const b = bytes('123456789');
    for (let end = 1; end <= b.length; end++) {
      assert.equal(readDecimal(b, 0, end, out, 0), end);
      assert.equal(out[0], Number('123456789'.slice(0, end)));
    }
  });
});
