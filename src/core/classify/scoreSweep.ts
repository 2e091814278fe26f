/**
 * The sorted sweep behind every binary curve: the distinct scores in descending order and, at each,
 * how many positives and negatives score at least that much (scikit-learn's `_binary_clf_curve`,
 * ties grouped at one threshold). Built with one counting pass when the scores are decimals with
 * at most six places (as files usually write them), else with one radix sort on the float bits:
 * exact either way, and linear in the rows.
 */

export interface BinarySweep {
  /** Distinct scores, descending. */
  readonly thresholds: Float64Array;
  /** Positives / negatives with `score >= thresholds[i]`. */
  readonly tps: Int32Array;
  readonly fps: Int32Array;
  /** Rows with a score (NaN scores are left out of every curve). */
  readonly positives: number;
  readonly negatives: number;
  /** Rows whose score is NaN: never above a threshold, so counted as predicted negative. */
  readonly nanPositives: number;
  readonly nanNegatives: number;
}

const SCALE = 1e6;
const MAX_BUCKETS = 1 << 24;

/** The sweep of `score` for "true label is `positive`" against the rest. */
export function sweepScores(score: Float64Array, yTrue: Int32Array, positive: number): BinarySweep {
  return sweepByDecimals(score, yTrue, positive) ?? sweepBySorting(score, yTrue, positive);
}

/**
 * Exact when every score is `k / 1e6` for an integer `k` (checked on the doubles themselves: the
 * key is a function of the value and maps back to it, so equal keys are equal scores and the order
 * is kept). Counts per key then need no sort.
 */
function sweepByDecimals(score: Float64Array, yTrue: Int32Array, positive: number): BinarySweep | undefined {
  // Most files hold probabilities: count straight into [0, 1] in one pass, and only when a score
  // falls outside it, measure the range first.
  const probabilities = countDecimals(score, yTrue, positive, 0, SCALE);
  if (probabilities !== OUTSIDE) return probabilities;
  const n = score.length;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = score[i]!;
    if (v !== v) continue;
    const k = Math.round(v * SCALE);
    if (k / SCALE !== v) return undefined;
    if (k < min) min = k;
    if (k > max) max = k;
  }
  if (max - min + 1 > Math.max(1 << 20, Math.min(4 * n, MAX_BUCKETS))) return undefined;
  const counted = countDecimals(score, yTrue, positive, min, max);
  return counted === OUTSIDE ? undefined : counted;
}

const OUTSIDE = Symbol('outside');

/** The sweep from counts per key `k = score * 1e6` in `[min, max]`; undefined if a score is not such a decimal. */
function countDecimals(
  score: Float64Array,
  yTrue: Int32Array,
  positive: number,
  min: number,
  max: number,
): BinarySweep | undefined | typeof OUTSIDE {
  const n = score.length;
  const range = max - min + 1;
  const pos = new Int32Array(range);
  const neg = new Int32Array(range);
  let nanPositives = 0;
  let nanNegatives = 0;
  for (let i = 0; i < n; i++) {
    const v = score[i]!;
    const isPos = yTrue[i] === positive;
    if (v !== v) {
      if (isPos) nanPositives++;
      else nanNegatives++;
      continue;
    }
    const key = Math.round(v * SCALE);
    if (key / SCALE !== v) return undefined;
    const k = key - min;
    if (!(k >= 0 && k < range)) return OUTSIDE;
    if (isPos) pos[k] = pos[k]! + 1;
    else neg[k] = neg[k]! + 1;
  }
  let distinct = 0;
  for (let k = 0; k < range; k++) if (pos[k]! + neg[k]! > 0) distinct++;
  const thresholds = new Float64Array(distinct);
  const tps = new Int32Array(distinct);
  const fps = new Int32Array(distinct);
  let tp = 0;
  let fp = 0;
  let at = 0;
  for (let k = range - 1; k >= 0; k--) {
    const p = pos[k]!;
    const q = neg[k]!;
    if (p + q === 0) continue;
    tp += p;
    fp += q;
    // The key maps back to the very double that was read (checked above); 0 stands for -0 as well.
    thresholds[at] = (k + min) / SCALE + 0;
    tps[at] = tp;
    fps[at] = fp;
    at++;
  }
  return { thresholds, tps, fps, positives: tp, negatives: fp, nanPositives, nanNegatives };
}

/** Any scores: positives and negatives sorted apart (radix sort on the bits), then merged. */
function sweepBySorting(score: Float64Array, yTrue: Int32Array, positive: number): BinarySweep {
  const n = score.length;
  let positives = 0;
  let negatives = 0;
  let nanPositives = 0;
  let nanNegatives = 0;
  for (let i = 0; i < n; i++) {
    const isPos = yTrue[i] === positive;
    if (score[i] !== score[i]) {
      if (isPos) nanPositives++;
      else nanNegatives++;
    } else if (isPos) positives++;
    else negatives++;
  }
  const pos = new Float64Array(positives);
  const neg = new Float64Array(negatives);
  let p = 0;
  let q = 0;
  for (let i = 0; i < n; i++) {
    const v = score[i]!;
    if (v !== v) continue;
    // + 0 turns -0 into 0: they are one score, and their bits differ.
    if (yTrue[i] === positive) pos[p++] = v + 0;
    else neg[q++] = v + 0;
  }
  const a = sortAscending(pos);
  const b = sortAscending(neg);
  // Merge from the top, grouping equal scores.
  let i = a.length - 1;
  let j = b.length - 1;
  const cap = a.length + b.length;
  const thresholds = new Float64Array(cap);
  const tps = new Int32Array(cap);
  const fps = new Int32Array(cap);
  let tp = 0;
  let fp = 0;
  let d = 0;
  while (i >= 0 || j >= 0) {
    const v = j < 0 || (i >= 0 && a[i]! >= b[j]!) ? a[i]! : b[j]!;
    while (i >= 0 && a[i] === v) {
      tp++;
      i--;
    }
    while (j >= 0 && b[j] === v) {
      fp++;
      j--;
    }
    thresholds[d] = v;
    tps[d] = tp;
    fps[d] = fp;
    d++;
  }
  // Views, not copies: copying millions of thresholds costs more than the spare room.
  return {
    thresholds: thresholds.subarray(0, d),
    tps: tps.subarray(0, d),
    fps: fps.subarray(0, d),
    positives,
    negatives,
    nanPositives,
    nanNegatives,
  };
}

const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

/**
 * Sorts finite-or-infinite doubles (no NaN) ascending, in O(n): LSD radix sort over the 64 bits in
 * 16-bit digits, on keys where the bit pattern orders as the number does. Returns the sorted array
 * (`values` itself or a scratch array of the same length).
 */
export function sortAscending(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < 256 || !LITTLE_ENDIAN) return values.sort();
  const scratch = new Float64Array(n);
  let src: Uint32Array = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  let dst: Uint32Array = new Uint32Array(scratch.buffer, scratch.byteOffset, 2 * n);
  const h0 = new Uint32Array(65536);
  const h1 = new Uint32Array(65536);
  const h2 = new Uint32Array(65536);
  const h3 = new Uint32Array(65536);
  // Negative numbers: flip every bit; others: flip the sign bit. Then unsigned order is numeric order.
  for (let i = 0; i < 2 * n; i += 2) {
    let lo = src[i]!;
    let hi = src[i + 1]!;
    if (hi & 0x80000000) {
      hi = ~hi >>> 0;
      lo = ~lo >>> 0;
      src[i] = lo;
    } else hi = (hi | 0x80000000) >>> 0;
    src[i + 1] = hi;
    h0[lo & 0xffff] = h0[lo & 0xffff]! + 1;
    h1[lo >>> 16] = h1[lo >>> 16]! + 1;
    h2[hi & 0xffff] = h2[hi & 0xffff]! + 1;
    h3[hi >>> 16] = h3[hi >>> 16]! + 1;
  }
  const hists = [h0, h1, h2, h3];
  for (let digit = 0; digit < 4; digit++) {
    const h = hists[digit]!;
    let sum = 0;
    let trivial = false;
    for (let v = 0; v < 65536; v++) {
      const c = h[v]!;
      if (c === n) trivial = true;
      h[v] = sum;
      sum += c;
    }
    if (trivial) continue;
    const shift = (digit & 1) * 16;
    if (digit < 2) {
      for (let i = 0; i < 2 * n; i += 2) {
        const lo = src[i]!;
        const at = 2 * h[(lo >>> shift) & 0xffff]!++;
        dst[at] = lo;
        dst[at + 1] = src[i + 1]!;
      }
    } else {
      for (let i = 0; i < 2 * n; i += 2) {
        const hi = src[i + 1]!;
        const at = 2 * h[(hi >>> shift) & 0xffff]!++;
        dst[at] = src[i]!;
        dst[at + 1] = hi;
      }
    }
    const t = src;
    src = dst;
    dst = t;
  }
  for (let i = 0; i < 2 * n; i += 2) {
    const hi = src[i + 1]!;
    if (hi & 0x80000000) src[i + 1] = hi & 0x7fffffff;
    else {
      src[i + 1] = ~hi >>> 0;
      src[i] = ~src[i]! >>> 0;
    }
  }
  return src.buffer === values.buffer ? values : scratch;
}
