/**
 * Downsampling that keeps every spike: the x range is cut into buckets and each bucket keeps its
 * first, minimum, maximum and last point (the M4 aggregation of Jugel et al., VLDB 2014). A line
 * drawn through what is kept is pixel-identical to the full line when there are at least as many
 * buckets as pixels, and every local extreme — a loss spike — survives.
 */

import { inSlices, runSteps, type Steps } from './steps';

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
  return runSteps(downsampleSteps(x, y, x0, x1, buckets));
}

/**
 * `downsampleIndices` in steps (see `steps.ts`): two passes over the points, each cut into slices, so a
 * series of 10 M points (70 ms of CPU in one go) holds a shared thread about a millisecond a step.
 */
export function* downsampleSteps(
  x: Float64Array,
  y: Float64Array,
  x0: number,
  x1: number,
  buckets: number,
): Steps<Downsample> {
  const n = x.length;
  const out: number[] = [];
  let prevOutside = -1;
  let nextOutside = -1;
  // Count the in-range points first: small ranges need no aggregation.
  let inRange = 0;
  let lo = Infinity,
    hi = -Infinity;
  yield* inSlices(0, n, (a, b) => {
    // Locals in the loop, the shared state once a slice: variables a closure shares are slower to touch.
    const xs = x,
      ys = y,
      from = x0,
      to = x1;
    let before = prevOutside,
      after = nextOutside,
      count = inRange,
      least = lo,
      most = hi;
    for (let i = a; i < b; i++) {
      const xi = xs[i]!;
      if (xi < from) {
        before = i;
        continue;
      }
      if (xi > to) {
        if (after < 0) after = i;
        continue;
      }
      if (!Number.isFinite(ys[i]!)) continue;
      count++;
      if (xi < least) least = xi;
      if (xi > most) most = xi;
    }
    prevOutside = before;
    nextOutside = after;
    inRange = count;
    lo = least;
    hi = most;
  });
  if (prevOutside >= 0 && Number.isFinite(y[prevOutside]!)) out.push(prevOutside);
  const complete = inRange <= buckets * 4;
  if (complete) {
    yield* inSlices(0, n, (a, b) => {
      for (let i = a; i < b; i++) {
        const xi = x[i]!;
        if (xi >= x0 && xi <= x1 && Number.isFinite(y[i]!)) out.push(i);
      }
    });
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
    yield* inSlices(0, n, (a, b) => {
      const xs = x,
        ys = y,
        from = x0,
        to = x1,
        start = lo,
        span = width,
        top = buckets - 1;
      let k = bucket,
        l = last,
        lowest = min,
        highest = max;
      for (let i = a; i < b; i++) {
        const xi = xs[i]!;
        const yi = ys[i]!;
        if (xi < from || xi > to || !Number.isFinite(yi)) continue;
        const at = span > 0 ? Math.min(top, Math.floor((xi - start) / span)) : 0;
        if (at !== k) {
          last = l;
          min = lowest;
          max = highest;
          flush();
          k = at;
          first = l = lowest = highest = i;
          continue;
        }
        l = i;
        if (yi < ys[lowest]!) lowest = i;
        if (yi > ys[highest]!) highest = i;
      }
      bucket = k;
      last = l;
      min = lowest;
      max = highest;
    });
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
  return runSteps(nonFiniteSteps(x, y, x0, x1, cap, from));
}

/** `nonFiniteIndices` in steps (see `steps.ts`), up to `to`. */
export function* nonFiniteSteps(
  x: Float64Array,
  y: Float64Array,
  x0: number,
  x1: number,
  cap: number,
  from = 0,
  to = y.length,
): Steps<Int32Array> {
  const out: number[] = [];
  yield* inSlices(from, to, (a, b) => {
    for (let i = a; i < b && out.length < cap; i++) {
      if (!Number.isFinite(y[i]!) && x[i]! >= x0 && x[i]! <= x1) out.push(i);
    }
  });
  return Int32Array.from(out);
}

/** Copies `source[indices[k]]` into a new array. */
export function gather(source: Float64Array, indices: Int32Array): Float64Array {
  const out = new Float64Array(indices.length);
  for (let k = 0; k < indices.length; k++) out[k] = source[indices[k]!]!;
  return out;
}
