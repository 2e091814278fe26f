/**
 * Decimal numbers read straight from bytes, correctly rounded (the double `Number()` gives), without
 * making a string. Training code writes full-precision floats (`0.4110209345817566`, Python's
 * `repr` has up to 17 significant digits), millions of them, so the common shapes must be fast:
 * - a mantissa below 2^53 scaled by an exactly representable power of ten (|scale| ≤ 22) is one
 *   correctly rounded operation (Clinger's fast path);
 * - a mantissa of 2^53 to 2^64 (Python's 17-digit floats, about half of what it writes) over an
 *   exactly representable power of ten is a double division checked by an exact remainder (see
 *   `storeQuotient`), and one step to the neighbour when it rounded the wrong way;
 * - any other mantissa of up to 19 significant digits goes through Eisel–Lemire: the 64-bit
 *   mantissa times a 128-bit truncated power of ten, which either proves its rounding or says it
 *   cannot (halfway cases, subnormals, overflow);
 * - the rest (more than 19 significant digits, what Eisel–Lemire cannot decide) goes to `Number`.
 * JavaScript has no 64-bit integers: 64- and 128-bit values are kept as 32-bit words in doubles.
 */

import { asciiString } from './intern';

const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
  1e21, 1e22,
];
const TWO_32 = 4294967296;
/** 2^-32: multiplying by it is dividing by 2^32, exactly, and faster. */
const TWO_MINUS_32 = 1 / TWO_32;
const TWO_53 = 9007199254740992;
/** Below this a mantissa accumulated in a double is within 2^17 of the true one, and under 2^64. */
const MAX_MANTISSA = 1.8e19;
/** Powers of ten Eisel–Lemire has a table entry for; beyond them every 19-digit mantissa is 0 or Infinity. */
const MIN_EXP10 = -348;
const MAX_EXP10 = 347;

/**
 * The number the bytes `[start, end)` spell in plain decimal syntax — an optional sign, digits with
 * at most one `.` (a digit on at least one side), an optional exponent — exactly as `Number()`
 * reads them; `undefined` when the bytes are anything else (no trimming: spaces are not decimal).
 */
export function parseDecimalBytes(bytes: Uint8Array, start: number, end: number): number | undefined {
  return readDecimal(bytes, start, end, scratch, 0) === end ? scratch[0] : undefined;
}

const scratch = new Float64Array(1);
/** A view of the last byte array read, for four-byte loads (a parser reads many numbers from one chunk). */
let viewed: Uint8Array | undefined;
let view: DataView = new DataView(new ArrayBuffer(0));

/**
 * Reads the plain decimal that starts at `start` and stops before the first byte that cannot
 * continue it (or at `end`); puts its value in `out[at]` and returns where it stopped, or -1 when
 * no decimal starts there. For a caller that splits fields and reads numbers in one pass: the byte
 * it stopped at should be the field's end. (`out` instead of a return value: no boxed double per call.)
 */
export function readDecimal(bytes: Uint8Array, start: number, end: number, out: Float64Array, at: number): number {
  let i = start;
  let negative = false;
  const sign = i < end ? bytes[i] : 0;
  if (sign === 45 /* - */ || sign === 43 /* + */) {
    negative = sign === 45;
    i++;
  }
  const digitsStart = i;
  // The mantissa's digits, twice: `m` in a double (exact below 2^53, within 2^17 below 2^64) and
  // its low 32 bits exactly; together they give the exact 64-bit mantissa. Four digits at a time
  // where four bytes in a row are digits (one load and a few integer steps instead of four rounds).
  if (bytes !== viewed) {
    view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    viewed = bytes;
  }
  let m = 0;
  let low = 0;
  let point = -1;
  for (;;) {
    while (i + 4 <= end) {
      const w = view.getUint32(i, true);
      // Each byte in 0x30–0x39: its high nibble is 3, and so is that of the byte plus 6.
      if (((w & 0xf0f0f0f0) | (((w + 0x06060606) & 0xf0f0f0f0) >>> 4)) !== 0x33333333) break;
      const t = w - 0x30303030;
      const pairs = Math.imul(t, 10) + (t >>> 8);
      const v = (pairs & 0xff) * 100 + ((pairs >>> 16) & 0xff);
      m = m * 10000 + v;
      low = (Math.imul(low, 10000) + v) >>> 0;
      i += 4;
    }
    if (i >= end) break;
    const d = bytes[i]! - 48;
    if (d >= 0 && d <= 9) {
      m = m * 10 + d;
      low = (Math.imul(low, 10) + d) >>> 0;
    } else if (d === -2 /* . */ && point < 0) {
      point = i;
    } else {
      break;
    }
    i++;
  }
  if (i - digitsStart - (point < 0 ? 0 : 1) <= 0) return -1;
  let scale = point < 0 ? 0 : point + 1 - i;
  const e = i < end ? bytes[i] : 0;
  if (e === 101 /* e */ || e === 69 /* E */) {
    let j = i + 1;
    let expNegative = false;
    const es = j < end ? bytes[j] : 0;
    if (es === 45 || es === 43) {
      expNegative = es === 45;
      j++;
    }
    const expStart = j;
    let exp = 0;
    for (; j < end; j++) {
      const d = bytes[j]! - 48;
      if (d < 0 || d > 9) break;
      // Past any double's range already: stop growing, the value is 0 or Infinity either way.
      if (exp < 100000) exp = exp * 10 + d;
    }
    // `1e` or `1e+` without digits: the number is `1`, and it stops at the `e`.
    if (j > expStart) {
      i = j;
      scale += expNegative ? -exp : exp;
    }
  }
  // Clinger's fast path here, the rest in a call that stores its result (a double returned from a call is boxed; one stored is not).
  if (m < TWO_53 && scale >= -22 && scale <= 22) {
    const v = scale < 0 ? m / POW10[-scale]! : m * POW10[scale]!;
    out[at] = negative ? -v : v;
  } else {
    storeDecimal(m, low, scale, negative, bytes, start, i, out, at);
  }
  return i;
}

/** Puts in `out[at]` the double nearest `mantissa × 10^scale` (the mantissa as `m` and its low 32 bits), spelled by `bytes[start, end)`. */
function storeDecimal(
  m: number,
  low: number,
  scale: number,
  negative: boolean,
  bytes: Uint8Array,
  start: number,
  end: number,
  out: Float64Array,
  at: number,
): void {
  if (m === 0) {
    out[at] = negative ? -0 : 0;
    return;
  }
  if (m < MAX_MANTISSA) {
    const high = Math.round((m - low) * TWO_MINUS_32);
    if (scale === 0) {
      // An integer of up to 64 bits: one correctly rounded addition.
      const v = high * TWO_32 + low;
      out[at] = negative ? -v : v;
      return;
    }
    if (scale < 0 && scale >= -22 && storeQuotient(high, low, -scale, negative, out, at)) return;
    if (eiselLemire(high, low, scale, negative, out, at)) return;
  }
  // The syntax is plain decimal, so the text is ASCII and means what Number() makes of it.
  out[at] = Number(asciiString(bytes, start, end));
}

/** 5^k for k in 0 … 22 (all below 2^52, so exact), split in 32-bit words. */
const FIVE_HIGH = new Float64Array(23);
const FIVE_LOW = new Float64Array(23);
for (let k = 0, five = 1; k <= 22; k++, five *= 5) {
  FIVE_LOW[k] = five >>> 0;
  FIVE_HIGH[k] = (five - FIVE_LOW[k]!) * TWO_MINUS_32;
}
/** A double's words, to read its exponent and significand. */
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LOW_WORD = littleEndian ? 0 : 1;
const HIGH_WORD = 1 - LOW_WORD;

/**
 * Puts in `out[at]` the double nearest `mantissa / 10^k`, the mantissa `(high, low)` (2^53 to 2^64)
 * and 1 ≤ k ≤ 22; returns false, having stored nothing, for the few cases left to Eisel–Lemire.
 *
 * `mantissa / 10^k` is `W × 2^-k` with `W = mantissa / 5^k`, and 5^k is an exact double, so `q`, the
 * rounded mantissa over 5^k, is within 1.5 units in the last place of W (two roundings). Whether
 * it is the nearest double is exact integer arithmetic: with `q = Q × 2^s` (Q its 53-bit
 * significand), q is nearest when `|2·mantissa·2^-s − 2·Q·5^k| < 5^k`, and that difference is
 * below 2^55, so it is computed modulo 2^64 in 32-bit words. Otherwise q steps one unit towards
 * W and is checked again; a tie goes to the even significand.
 */
function storeQuotient(
  high: number,
  low: number,
  k: number,
  negative: boolean,
  out: Float64Array,
  at: number,
): boolean {
  const dLow = FIVE_LOW[k]!,
    dHigh = FIVE_HIGH[k]!;
  const divisor = dHigh * TWO_32 + dLow;
  let q = (high * TWO_32 + low) / divisor;
  bits[0] = q;
  const exponent = words[HIGH_WORD]! >>> 20;
  // (mantissa · 2^(1 − s)) mod 2^64; W ≥ 2^53 (s > 0) is left to Eisel–Lemire.
  const shift = 1076 - exponent;
  if (shift < 1) return false;
  let aHigh: number, aLow: number;
  if (shift >= 64) {
    aHigh = 0;
    aLow = 0;
  } else if (shift >= 32) {
    aHigh = (low << (shift - 32)) >>> 0;
    aLow = 0;
  } else {
    aHigh = ((high << shift) | (low >>> (32 - shift))) >>> 0;
    aLow = (low << shift) >>> 0;
  }
  let qHigh = (words[HIGH_WORD]! & 0xfffff) | 0x100000;
  let qLow = words[LOW_WORD]!;
  const unit = powersOfTwo()[exponent]!;
  for (let tries = 0; tries < 3; tries++) {
    // (2 · Q · 5^k) mod 2^64 (Q's high word times 5^k's high word only adds multiples of 2^64).
    const pLow = Math.imul(qLow, dLow) >>> 0;
    const pHigh = (mulHigh(qLow, dLow) + Math.imul(qHigh, dLow) + Math.imul(qLow, dHigh)) >>> 0;
    const bHigh = ((pHigh << 1) | (pLow >>> 31)) >>> 0;
    const bLow = (pLow << 1) >>> 0;
    // The difference is below 2^55, so its high word, wrapped to a signed 32 bits, needs no borrow
    // from the low one: the low words' difference, negative or not, is added as it is.
    const diff = ((aHigh - bHigh) | 0) * TWO_32 + (aLow - bLow);
    const size = Math.abs(diff);
    if (qLow === 0 && qHigh === 0x100000 && diff < 0) {
      // q is a power of two and W below it, where doubles are twice as close: q is nearest only
      // within a quarter of its unit (a tie goes to q, the even one); past that Eisel–Lemire decides.
      if (size * 2 > divisor) return false;
    } else if (size > divisor || (size === divisor && (qLow & 1) === 1)) {
      // One unit towards W, within the binade (at its top the unit doubles: Eisel–Lemire decides).
      if (diff > 0) {
        if (qLow === 0xffffffff && qHigh === 0x1fffff) return false;
        q += unit;
        qLow = qLow === 0xffffffff ? 0 : qLow + 1;
        if (qLow === 0) qHigh++;
      } else {
        q -= unit;
        if (qLow === 0) qHigh--;
        qLow = qLow === 0 ? 0xffffffff : qLow - 1;
      }
      continue;
    }
    const v = q * powersOfTwo()[1075 - k]!;
    out[at] = negative ? -v : v;
    return true;
  }
  return false;
}

/**
 * The high 32 bits of the 64-bit product of two 32-bit words, exactly: the double product is off by
 * at most 2^11, so after taking away the exact low word (`Math.imul`) it rounds to the right integer.
 */
function mulHigh(a: number, b: number): number {
  return Math.round((a * b - (Math.imul(a, b) >>> 0)) * TWO_MINUS_32);
}

/** Where `multiply` puts the 128-bit product's words, most significant first (a typed array: no allocation per call). */
const product = new Float64Array(4);

/** The 128-bit product of the 64-bit values `(aHi, aLo)` and `(bHi, bLo)`, into `product`. */
function multiply(aHi: number, aLo: number, bHi: number, bLo: number): void {
  const mid = mulHigh(aLo, bLo) + (Math.imul(aLo, bHi) >>> 0) + (Math.imul(aHi, bLo) >>> 0);
  const midWord = mid >>> 0;
  const upper = (Math.imul(aHi, bHi) >>> 0) + mulHigh(aLo, bHi) + mulHigh(aHi, bLo) + (mid - midWord) * TWO_MINUS_32;
  const upperWord = upper >>> 0;
  product[0] = mulHigh(aHi, bHi) + (upper - upperWord) * TWO_MINUS_32;
  product[1] = upperWord;
  product[2] = midWord;
  product[3] = Math.imul(aLo, bLo) >>> 0;
}

/**
 * Eisel–Lemire (as Go's `strconv` and fast_float write it) for the mantissa `(hi, lo)` (nonzero,
 * below 2^64) times 10^`exp10`: puts the double (negated when `negative`) in `out[at]`, or returns
 * false when the algorithm cannot be sure of the rounding or the result is subnormal, infinite or
 * out of the table's range.
 */
function eiselLemire(hi: number, lo: number, exp10: number, negative: boolean, out: Float64Array, at: number): boolean {
  if (exp10 < MIN_EXP10 || exp10 > MAX_EXP10) return false;
  const table = powersOfTen();
  const entry = (exp10 - MIN_EXP10) * 4;
  const pHiHi = table[entry]!,
    pHiLo = table[entry + 1]!,
    pLoHi = table[entry + 2]!,
    pLoLo = table[entry + 3]!;
  // Normalise: the mantissa's top bit at bit 63.
  const clz = hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo);
  let manHi: number, manLo: number;
  if (clz >= 32) {
    manHi = (lo << (clz - 32)) >>> 0;
    manLo = 0;
  } else if (clz > 0) {
    manHi = ((hi << clz) | (lo >>> (32 - clz))) >>> 0;
    manLo = (lo << clz) >>> 0;
  } else {
    manHi = hi;
    manLo = lo;
  }
  let exp2 = ((217706 * exp10) >> 16) + 64 + 1023 - clz;

  // The product with the power's top 64 bits, as in `multiply` but in locals (this is the hot path).
  const mid = mulHigh(manLo, pHiLo) + (Math.imul(manLo, pHiHi) >>> 0) + (Math.imul(manHi, pHiLo) >>> 0);
  let xLoHi = mid >>> 0;
  const upper =
    (Math.imul(manHi, pHiHi) >>> 0) + mulHigh(manLo, pHiHi) + mulHigh(manHi, pHiLo) + (mid - xLoHi) * TWO_MINUS_32;
  let xHiLo = upper >>> 0;
  let xHiHi = mulHigh(manHi, pHiHi) + (upper - xHiLo) * TWO_MINUS_32;
  let xLoLo = Math.imul(manLo, pHiLo) >>> 0;
  // Wider approximation: the low bits might carry into the result; add the power's next 64 bits.
  if ((xHiLo & 0x1ff) === 0x1ff && addOverflows(xLoHi, xLoLo, manHi, manLo)) {
    multiply(manHi, manLo, pLoHi, pLoLo);
    const yHiHi = product[0]!,
      yHiLo = product[1]!,
      yLoHi = product[2]!,
      yLoLo = product[3]!;
    // merged = x + (yHi as the low 64 bits)
    const s0 = xLoLo + yHiLo;
    const s0Word = s0 >>> 0;
    const s1 = xLoHi + yHiHi + (s0 - s0Word) * TWO_MINUS_32;
    const s1Word = s1 >>> 0;
    let mHiLo = xHiLo,
      mHiHi = xHiHi;
    if (s1 >= TWO_32) {
      mHiLo = xHiLo + 1;
      if (mHiLo === TWO_32) {
        mHiLo = 0;
        mHiHi = xHiHi + 1;
      }
    }
    if (
      (mHiLo & 0x1ff) === 0x1ff &&
      s1Word === 0xffffffff &&
      s0Word === 0xffffffff &&
      addOverflows(yLoHi, yLoLo, manHi, manLo)
    )
      return false;
    xHiHi = mHiHi;
    xHiLo = mHiLo;
    xLoHi = s1Word;
    xLoLo = s0Word;
  }
  // Shift the top 64 bits down to 54.
  const msb = xHiHi >>> 31;
  const shift = msb + 9;
  let rHi = xHiHi >>> shift;
  let rLo = ((xHiHi << (32 - shift)) | (xHiLo >>> shift)) >>> 0;
  exp2 -= 1 ^ msb;
  // Exactly halfway between two doubles, as far as these bits tell: let Number() decide.
  if (xLoHi === 0 && xLoLo === 0 && (xHiLo & 0x1ff) === 0 && (rLo & 3) === 1) return false;
  // Round to 53 bits (the sum is even, so halving it is exact).
  rLo += rLo & 1;
  if (rLo === TWO_32) {
    rLo = 0;
    rHi++;
  }
  let mantissa = (rHi * TWO_32 + rLo) / 2;
  if (mantissa >= TWO_53) {
    mantissa /= 2;
    exp2++;
  }
  if (exp2 <= 0 || exp2 >= 0x7ff) return false;
  // mantissa × 2^(exp2 − 1075): an integer times a power of two, exact in the normal range.
  const v = mantissa * powersOfTwo()[exp2]!;
  out[at] = negative ? -v : v;
  return true;
}

/** Whether the 64-bit sum `(aHi, aLo) + (bHi, bLo)` overflows 64 bits. */
function addOverflows(aHi: number, aLo: number, bHi: number, bLo: number): boolean {
  const low = aLo + bLo;
  return aHi + bHi + (low >= TWO_32 ? 1 : 0) >= TWO_32;
}

let POWERS_OF_TEN: Uint32Array | undefined;

/**
 * 10^q for q in [-348, 347], each as its top 128 bits (rounded down, top bit set), four 32-bit words
 * per power. Computed once, on first use, with big integers.
 */
function powersOfTen(): Uint32Array {
  if (POWERS_OF_TEN) return POWERS_OF_TEN;
  const table = new Uint32Array((MAX_EXP10 - MIN_EXP10 + 1) * 4);
  const mask = (1n << 32n) - 1n;
  for (let q = MIN_EXP10; q <= MAX_EXP10; q++) {
    let top: bigint;
    if (q >= 0) {
      const v = 10n ** BigInt(q);
      const bits = v.toString(2).length;
      top = bits >= 128 ? v >> BigInt(bits - 128) : v << BigInt(128 - bits);
    } else {
      // floor(2^k / 10^-q) with k chosen so that it has exactly 128 bits (10^n is never a power of two).
      const d = 10n ** BigInt(-q);
      top = (1n << BigInt(d.toString(2).length + 127)) / d;
    }
    const at = (q - MIN_EXP10) * 4;
    for (let k = 0; k < 4; k++) table[at + k] = Number((top >> BigInt(96 - 32 * k)) & mask);
  }
  POWERS_OF_TEN = table;
  return table;
}

let POWERS_OF_TWO: Float64Array | undefined;

/** 2^(e − 1075) at index e, for the biased exponents of normal doubles (e in 1 … 2046): exact, by halving and doubling. */
function powersOfTwo(): Float64Array {
  if (POWERS_OF_TWO) return POWERS_OF_TWO;
  const table = new Float64Array(2047);
  let v = 1;
  for (let e = 1075; e < 2047; e++) {
    table[e] = v;
    v *= 2;
  }
  v = 1;
  for (let e = 1075; e >= 1; e--) {
    table[e] = v;
    v /= 2;
  }
  POWERS_OF_TWO = table;
  return table;
}
