/**
 * Robust statistics for noisy training curves: medians, the median absolute deviation, and a rank
 * trend test. One outlier (a bad batch, a NaN-free but wild evaluation) moves none of them much.
 */

/** Sorts `a[0, n)` in place; insertion sort, since the windows here are small. */
export function sortSmall(a: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) {
    const v = a[i]!;
    let j = i - 1;
    while (j >= 0 && a[j]! > v) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = v;
  }
}

/** Median of the sorted `a[0, n)`. */
export function sortedMedian(a: Float64Array, n: number): number {
  if (n === 0) return NaN;
  const h = n >> 1;
  return n % 2 === 1 ? a[h]! : (a[h - 1]! + a[h]!) / 2;
}

/** Median of the finite values of `values[from, to)`; NaN when there are none. */
export function medianOf(values: ArrayLike<number>, from = 0, to = values.length): number {
  const lo = Math.max(0, from);
  const hi = Math.min(values.length, to);
  const buf = new Float64Array(Math.max(0, hi - lo));
  let n = 0;
  for (let i = lo; i < hi; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) buf[n++] = v;
  }
  const s = buf.subarray(0, n).sort();
  return sortedMedian(s, n);
}

/**
 * Median and scaled MAD of the sorted `a[0, n)` (1.4826 × MAD estimates the standard deviation of
 * normal noise). `scratch` must hold `n` values.
 */
export function medianAndMad(a: Float64Array, n: number, scratch: Float64Array): { median: number; mad: number } {
  const median = sortedMedian(a, n);
  for (let i = 0; i < n; i++) scratch[i] = Math.abs(a[i]! - median);
  sortSmall(scratch, n);
  return { median, mad: 1.4826 * sortedMedian(scratch, n) };
}

/**
 * Kendall's tau between the finite values of `values[from, to)` and their order: +1 rises at every
 * step, −1 falls at every step, near 0 has no trend. O(n²), for windows of a few dozen points.
 */
export function kendallTau(values: ArrayLike<number>, from: number, to: number): number {
  let concordant = 0,
    discordant = 0;
  for (let i = from; i < to; i++) {
    const a = values[i]!;
    if (!Number.isFinite(a)) continue;
    for (let j = i + 1; j < to; j++) {
      const b = values[j]!;
      if (!Number.isFinite(b)) continue;
      if (b > a) concordant++;
      else if (b < a) discordant++;
    }
  }
  const pairs = concordant + discordant;
  return pairs === 0 ? 0 : (concordant - discordant) / pairs;
}

/**
 * The Mann–Kendall trend statistic of the finite values of `values[from, to)`, as a z-score (no
 * tie correction): above 1.64 a rise is significant at 5 % one-sided, 0 means no trend.
 */
export function mannKendallZ(values: ArrayLike<number>, from: number, to: number): number {
  let s = 0,
    n = 0;
  for (let i = from; i < to; i++) {
    const a = values[i]!;
    if (!Number.isFinite(a)) continue;
    n++;
    for (let j = i + 1; j < to; j++) {
      const b = values[j]!;
      if (Number.isFinite(b)) s += b > a ? 1 : b < a ? -1 : 0;
    }
  }
  const variance = (n * (n - 1) * (2 * n + 5)) / 18;
  return variance > 0 ? s / Math.sqrt(variance) : 0;
}

/** Index of the smallest (or, with `largest`, the biggest) finite value of `values[from, to)`, earliest on ties; −1 if none. */
export function argBest(values: ArrayLike<number>, from: number, to: number, largest: boolean): number {
  let best = -1;
  for (let i = from; i < to; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    if (best < 0 || (largest ? v > values[best]! : v < values[best]!)) best = i;
  }
  return best;
}
