/**
 * Downsampling that keeps every spike: the x range is cut into buckets and each bucket keeps its
 * first, minimum, maximum and last point (the M4 aggregation of Jugel et al., VLDB 2014). A line
 * drawn through what is kept is pixel-identical to the full line when there are at least as many
 * buckets as pixels, and every local extreme — a loss spike — survives.
 */

export interface Downsample {
  readonly indices: Int32Array;
  /** Every finite point of the range is included (no aggregation happened). */
  readonly complete: boolean;
  /** Finite points in the range. */
  readonly inRange: number;
}

/**
 * Indices of the points of `x`/`y` to draw for the x range `[x0, x1]` (inclusive), at most
 * `4 * buckets` plus the two neighbours just outside the range (so the line reaches the edges).
 * Non-finite `y` are left out (they are drawn as markers) — see `nonFiniteIndices`.
 */
export function downsampleIndices(
  x: Float64Array,
  y: Float64Array,
  x0: number,
  x1: number,
  buckets: number,
): Downsample {
  const n = x.length;
  const out: number[] = [];
  let prevOutside = -1;
  let nextOutside = -1;
  // Count the in-range points first: small ranges need no aggregation.
  let inRange = 0;
  let lo = Infinity,
    hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    if (xi < x0) {
      prevOutside = i;
      continue;
    }
    if (xi > x1) {
      if (nextOutside < 0) nextOutside = i;
      continue;
    }
    if (!Number.isFinite(y[i]!)) continue;
    inRange++;
    if (xi < lo) lo = xi;
    if (xi > hi) hi = xi;
  }
  if (prevOutside >= 0 && Number.isFinite(y[prevOutside]!)) out.push(prevOutside);
  const complete = inRange <= buckets * 4;
  if (complete) {
    for (let i = 0; i < n; i++) {
      const xi = x[i]!;
      if (xi >= x0 && xi <= x1 && Number.isFinite(y[i]!)) out.push(i);
    }
  } else {
    // Buckets span the data actually in range (the range may be unbounded).
    const width = (hi - lo) / buckets;
    let bucket = -1;
    let first = -1,
      last = -1,
      min = -1,
      max = -1;
    const flush = () => {
      if (first < 0) return;
      const picked = [first, min, max, last].filter((v, k, a) => a.indexOf(v) === k).sort((a, b) => a - b);
      for (const p of picked) out.push(p);
    };
    for (let i = 0; i < n; i++) {
      const xi = x[i]!;
      const yi = y[i]!;
      if (xi < x0 || xi > x1 || !Number.isFinite(yi)) continue;
      const b = width > 0 ? Math.min(buckets - 1, Math.floor((xi - lo) / width)) : 0;
      if (b !== bucket) {
        flush();
        bucket = b;
        first = last = min = max = i;
        continue;
      }
      last = i;
      if (yi < y[min]!) min = i;
      if (yi > y[max]!) max = i;
    }
    flush();
  }
  if (nextOutside >= 0 && Number.isFinite(y[nextOutside]!)) out.push(nextOutside);
  return { indices: Int32Array.from(out), complete, inRange };
}

/** Indices (from `from` on) of NaN and ±Infinity values in `[x0, x1]`, at most `cap` (earliest first). */
export function nonFiniteIndices(
  x: Float64Array,
  y: Float64Array,
  x0: number,
  x1: number,
  cap: number,
  from = 0,
): Int32Array {
  const out: number[] = [];
  for (let i = from; i < y.length && out.length < cap; i++) {
    if (!Number.isFinite(y[i]!) && x[i]! >= x0 && x[i]! <= x1) out.push(i);
  }
  return Int32Array.from(out);
}

/** Copies `source[indices[k]]` into a new array. */
export function gather(source: Float64Array, indices: Int32Array): Float64Array {
  const out = new Float64Array(indices.length);
  for (let k = 0; k < indices.length; k++) out[k] = source[indices[k]!]!;
  return out;
}
