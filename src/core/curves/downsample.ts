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
  const m4 = new M4(x, y, x0, x1, buckets);
  // Count the in-range points first: small ranges need no aggregation.
  yield* inSlices(0, n, (a, b) => m4.count(a, b));
  if (m4.prevOutside >= 0 && Number.isFinite(y[m4.prevOutside]!)) m4.out.push(m4.prevOutside);
  const complete = m4.inRange <= buckets * 4;
  if (complete) yield* inSlices(0, n, (a, b) => m4.all(a, b));
  else {
    yield* inSlices(0, n, (a, b) => m4.pick(a, b));
    m4.flush();
  }
  if (m4.nextOutside >= 0 && Number.isFinite(y[m4.nextOutside]!)) m4.out.push(m4.nextOutside);
  return { indices: Int32Array.from(m4.out), complete, inRange: m4.inRange };
}

/** The state of a downsample between slices (fields of one object, locals in the loops: the fastest to touch). */
class M4 {
  readonly out: number[] = [];
  prevOutside = -1;
  nextOutside = -1;
  inRange = 0;
  private lo = Infinity;
  private hi = -Infinity;
  private bucket = -1;
  private first = -1;
  private last = -1;
  private min = -1;
  private max = -1;

  constructor(
    private readonly x: Float64Array,
    private readonly y: Float64Array,
    private readonly x0: number,
    private readonly x1: number,
    private readonly buckets: number,
  ) {}

  count(a: number, b: number): void {
    const { x, y, x0, x1 } = this;
    let before = this.prevOutside,
      after = this.nextOutside,
      count = this.inRange,
      lo = this.lo,
      hi = this.hi;
    for (let i = a; i < b; i++) {
      const xi = x[i]!;
      if (xi < x0) {
        before = i;
        continue;
      }
      if (xi > x1) {
        if (after < 0) after = i;
        continue;
      }
      if (!Number.isFinite(y[i]!)) continue;
      count++;
      if (xi < lo) lo = xi;
      if (xi > hi) hi = xi;
    }
    this.prevOutside = before;
    this.nextOutside = after;
    this.inRange = count;
    this.lo = lo;
    this.hi = hi;
  }

  all(a: number, b: number): void {
    const { x, y, x0, x1, out } = this;
    for (let i = a; i < b; i++) {
      const xi = x[i]!;
      if (xi >= x0 && xi <= x1 && Number.isFinite(y[i]!)) out.push(i);
    }
  }

  /** Buckets span the data actually in range (the range may be unbounded). */
  pick(a: number, b: number): void {
    const { x, y, x0, x1, lo } = this;
    const width = (this.hi - lo) / this.buckets;
    const top = this.buckets - 1;
    let bucket = this.bucket,
      last = this.last,
      min = this.min,
      max = this.max;
    for (let i = a; i < b; i++) {
      const xi = x[i]!;
      const yi = y[i]!;
      if (xi < x0 || xi > x1 || !Number.isFinite(yi)) continue;
      const k = width > 0 ? Math.min(top, Math.floor((xi - lo) / width)) : 0;
      if (k !== bucket) {
        this.last = last;
        this.min = min;
        this.max = max;
        this.flush();
        bucket = k;
        this.first = last = min = max = i;
        continue;
      }
      last = i;
      if (yi < y[min]!) min = i;
      if (yi > y[max]!) max = i;
    }
    this.bucket = bucket;
    this.last = last;
    this.min = min;
    this.max = max;
  }

  /** The bucket just ended: its first, lowest, highest and last points, in order, each once. */
  flush(): void {
    const { first, min, max, last } = this;
    if (first < 0) return;
    const picked = [first, min, max, last].filter((v, k, a) => a.indexOf(v) === k).sort((a, b) => a - b);
    for (const p of picked) this.out.push(p);
  }
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
