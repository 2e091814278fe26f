/**
 * Runs grouped into one curve: the mean with a ±1 standard deviation (or min–max) band over the
 * runs of a group, at common x positions (TensorBoard #376). Each run is linearly interpolated
 * inside its own x range; outside it, the run does not count.
 */

export interface XYSeries {
  readonly x: Float64Array;
  readonly y: Float64Array;
}

export interface Aggregate {
  readonly x: Float64Array;
  readonly mean: Float64Array;
  readonly std: Float64Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
  /** How many runs contributed at each x. */
  readonly count: Int32Array;
}

/** The common x grid: the union of all x when small, else `maxPoints` evenly spaced positions. */
export function commonGrid(series: readonly XYSeries[], maxPoints: number): Float64Array {
  let total = 0;
  let lo = Infinity,
    hi = -Infinity;
  for (const s of series) {
    total += s.x.length;
    for (let i = 0; i < s.x.length; i++) {
      const v = s.x[i]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (total === 0) return new Float64Array(0);
  if (total <= maxPoints) {
    const all = new Float64Array(total);
    let k = 0;
    for (const s of series) {
      all.set(s.x, k);
      k += s.x.length;
    }
    all.sort();
    let u = 0;
    for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[u - 1]) all[u++] = all[i]!;
    return all.slice(0, u);
  }
  const grid = new Float64Array(maxPoints);
  for (let i = 0; i < maxPoints; i++) grid[i] = lo + ((hi - lo) * i) / (maxPoints - 1);
  return grid;
}

/** Linear interpolation of a run at `at`, or NaN outside its range or across a non-finite value. */
function interpolate(s: XYSeries, at: number, cursor: { i: number }): number {
  const x = s.x;
  const n = x.length;
  if (n === 0 || at < x[0]! || at > x[n - 1]!) return NaN;
  let i = cursor.i;
  while (i + 1 < n && x[i + 1]! <= at) i++;
  cursor.i = i;
  if (x[i] === at) return s.y[i]!;
  const x0 = x[i]!,
    x1 = x[i + 1]!;
  const y0 = s.y[i]!,
    y1 = s.y[i + 1]!;
  return y0 + ((y1 - y0) * (at - x0)) / (x1 - x0);
}

/** Mean, standard deviation (population, as TensorBoard's band), min and max across runs. */
export function aggregateRuns(series: readonly XYSeries[], maxPoints = 2000): Aggregate {
  const sorted = series.map(sortByX);
  const x = commonGrid(sorted, maxPoints);
  const n = x.length;
  const mean = new Float64Array(n),
    std = new Float64Array(n),
    min = new Float64Array(n),
    max = new Float64Array(n);
  const count = new Int32Array(n);
  const cursors = sorted.map(() => ({ i: 0 }));
  for (let k = 0; k < n; k++) {
    let sum = 0,
      sumSq = 0,
      c = 0,
      lo = Infinity,
      hi = -Infinity;
    for (let r = 0; r < sorted.length; r++) {
      const v = interpolate(sorted[r]!, x[k]!, cursors[r]!);
      if (!Number.isFinite(v)) continue;
      sum += v;
      sumSq += v * v;
      c++;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    count[k] = c;
    if (c === 0) {
      mean[k] = std[k] = min[k] = max[k] = NaN;
      continue;
    }
    const m = sum / c;
    mean[k] = m;
    std[k] = Math.sqrt(Math.max(0, sumSq / c - m * m));
    min[k] = lo;
    max[k] = hi;
  }
  return { x, mean, std, min, max, count };
}

function sortByX(s: XYSeries): XYSeries {
  let sorted = true;
  for (let i = 1; i < s.x.length; i++)
    if (s.x[i]! < s.x[i - 1]!) {
      sorted = false;
      break;
    }
  if (sorted) return s;
  const order = Array.from(s.x, (_, i) => i).sort((a, b) => s.x[a]! - s.x[b]!);
  return { x: Float64Array.from(order, (i) => s.x[i]!), y: Float64Array.from(order, (i) => s.y[i]!) };
}
