/**
 * Decimal numbers read straight from bytes, correctly rounded (the double `Number()` gives), without
 * making a string. Training code writes full-precision floats (`0.4110209345817566`, Python's
 * `repr` has up to 17 significant digits), millions of them, so the common shapes must be fast:
 * - a mantissa below 2^53 scaled by an exactly representable power of ten (|scale| ≤ 22) is one
 *   correctly rounded operation (Clinger's fast path);
 * - any other mantissa of up to 19 significant digits goes through Eisel–Lemire: the 64-bit
 *   mantissa times a 128-bit truncated power of ten, which either proves its rounding or says it
 *   cannot (halfway cases, subnormals, overflow);
 * - the rest (more than 19 significant digits, what Eisel–Lemire cannot decide) goes to `Number`.
 * JavaScript has no 64-bit integers: 64- and 128-bit values are kept as 32-bit words in doubles.
 */

import { asciiString } from './intern';

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
const TWO_32 = 4294967296;
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
  if (sign === 45 /* - */ || sign === 43 /* + */) { negative = sign === 45; i++; }
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
    if (es === 45 || es === 43) { expNegative = es === 45; j++; }
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
function storeDecimal(m: number, low: number, scale: number, negative: boolean, bytes: Uint8Array, start: number, end: number, out: Float64Array, at: number): void {
  if (m === 0) { out[at] = negative ? -0 : 0; return; }
  if (m < MAX_MANTISSA && eiselLemire(Math.round((m - low) / TWO_32), low, scale, negative, out, at)) return;
  // The syntax is plain decimal, so the text is ASCII and means what Number() makes of it.
  out[at] = Number(asciiString(bytes, start, end));
}

/**
 * The high 32 bits of the 64-bit product of two 32-bit words, exactly: the double product is off by
 * at most 2^11, so after taking away the exact low word (`Math.imul`) it rounds to the right integer.
 */
function mulHigh(a: number, b: number): number {
  return Math.round((a * b - (Math.imul(a, b) >>> 0)) / TWO_32);
}

/** Where `multiply` puts the 128-bit product's words, most significant first (a typed array: no allocation per call). */
const product = new Float64Array(4);

/** The 128-bit product of the 64-bit values `(aHi, aLo)` and `(bHi, bLo)`, into `product`. */
function multiply(aHi: number, aLo: number, bHi: number, bLo: number): void {
  const mid = mulHigh(aLo, bLo) + (Math.imul(aLo, bHi) >>> 0) + (Math.imul(aHi, bLo) >>> 0);
  const midWord = mid >>> 0;
  const upper = (Math.imul(aHi, bHi) >>> 0) + mulHigh(aLo, bHi) + mulHigh(aHi, bLo) + (mid - midWord) / TWO_32;
  const upperWord = upper >>> 0;
  product[0] = mulHigh(aHi, bHi) + (upper - upperWord) / TWO_32;
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
  const pHiHi = table[entry]!, pHiLo = table[entry + 1]!, pLoHi = table[entry + 2]!, pLoLo = table[entry + 3]!;
  // Normalise: the mantissa's top bit at bit 63.
  const clz = hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo);
  let manHi: number, manLo: number;
  if (clz >= 32) { manHi = (lo << (clz - 32)) >>> 0; manLo = 0; }
  else if (clz > 0) { manHi = ((hi << clz) | (lo >>> (32 - clz))) >>> 0; manLo = (lo << clz) >>> 0; }
  else { manHi = hi; manLo = lo; }
  let exp2 = ((217706 * exp10) >> 16) + 64 + 1023 - clz;

  // The product with the power's top 64 bits, as in `multiply` but in locals (this is the hot path).
  const mid = mulHigh(manLo, pHiLo) + (Math.imul(manLo, pHiHi) >>> 0) + (Math.imul(manHi, pHiLo) >>> 0);
  let xLoHi = mid >>> 0;
  const upper = (Math.imul(manHi, pHiHi) >>> 0) + mulHigh(manLo, pHiHi) + mulHigh(manHi, pHiLo) + (mid - xLoHi) / TWO_32;
  let xHiLo = upper >>> 0;
  let xHiHi = mulHigh(manHi, pHiHi) + (upper - xHiLo) / TWO_32;
  let xLoLo = Math.imul(manLo, pHiLo) >>> 0;
  // Wider approximation: the low bits might carry into the result; add the power's next 64 bits.
  if ((xHiLo & 0x1ff) === 0x1ff && addOverflows(xLoHi, xLoLo, manHi, manLo)) {
    multiply(manHi, manLo, pLoHi, pLoLo);
    const yHiHi = product[0]!, yHiLo = product[1]!, yLoHi = product[2]!, yLoLo = product[3]!;
    // merged = x + (yHi as the low 64 bits)
    const s0 = xLoLo + yHiLo;
    const s0Word = s0 >>> 0;
    const s1 = xLoHi + yHiHi + (s0 - s0Word) / TWO_32;
    const s1Word = s1 >>> 0;
    let mHiLo = xHiLo, mHiHi = xHiHi;
    if (s1 >= TWO_32) {
      mHiLo = xHiLo + 1;
      if (mHiLo === TWO_32) { mHiLo = 0; mHiHi = xHiHi + 1; }
    }
    if ((mHiLo & 0x1ff) === 0x1ff && s1Word === 0xffffffff && s0Word === 0xffffffff && addOverflows(yLoHi, yLoLo, manHi, manLo)) return false;
    xHiHi = mHiHi; xHiLo = mHiLo; xLoHi = s1Word; xLoLo = s0Word;
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
  if (rLo === TWO_32) { rLo = 0; rHi++; }
  let mantissa = (rHi * TWO_32 + rLo) / 2;
  if (mantissa >= TWO_53) { mantissa /= 2; exp2++; }
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
  for (let e = 1075; e < 2047; e++) { table[e] = v; v *= 2; }
  v = 1;
  for (let e = 1075; e >= 1; e--) { table[e] = v; v /= 2; }
  POWERS_OF_TWO = table;
  return table;
}
