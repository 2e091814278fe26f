/**
 * Sums as numpy computes them, so that metrics agree with scikit-learn to the last bit and not
 * only to rounding: `np.sum` on float64 adds buffers of 8192 values one after the other, and sums
 * each buffer pairwise (blocks of 128 with eight accumulators, halves split on multiples of 8).
 */

const BLOCK = 128;
const BUFFER = 8192;

/** `np.sum(values[start : start + n])`. */
export function pairwiseSum(values: ArrayLike<number>, start = 0, n = values.length - start): number {
  if (n <= BUFFER) return pairwise(values, start, n);
  let sum = 0;
  for (let at = 0; at < n; at += BUFFER) sum += pairwise(values, start + at, Math.min(BUFFER, n - at));
  return sum;
}

function pairwise(values: ArrayLike<number>, start: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += values[start + i]!;
    return res;
  }
  if (n <= BLOCK) {
    let r0 = values[start]!,
      r1 = values[start + 1]!,
      r2 = values[start + 2]!,
      r3 = values[start + 3]!;
    let r4 = values[start + 4]!,
      r5 = values[start + 5]!,
      r6 = values[start + 6]!,
      r7 = values[start + 7]!;
    const stop = n - (n % 8);
    let i = 8;
    for (; i < stop; i += 8) {
      const a = start + i;
      r0 += values[a]!;
      r1 += values[a + 1]!;
      r2 += values[a + 2]!;
      r3 += values[a + 3]!;
      r4 += values[a + 4]!;
      r5 += values[a + 5]!;
      r6 += values[a + 6]!;
      r7 += values[a + 7]!;
    }
    let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) res += values[start + i]!;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwise(values, start, n2) + pairwise(values, start + n2, n - n2);
}

/** `np.mean(values)`: the pairwise sum divided by the count (NaN when empty). */
export function numpyMean(values: ArrayLike<number>): number {
  return values.length === 0 ? NaN : pairwiseSum(values) / values.length;
}

/** `np.average(values, weights=weights)`: `sum(values * weights) / sum(weights)`, both pairwise. */
export function numpyWeightedAverage(values: ArrayLike<number>, weights: ArrayLike<number>): number {
  const products = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) products[i] = values[i]! * weights[i]!;
  return pairwiseSum(products) / pairwiseSum(weights);
}
