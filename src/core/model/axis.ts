/**
 * Where a run's points are: their steps and locations, and epochs and wall times when the source
 * has them, in typed-array columns that grow by doubling. The series of a run share one axis while
 * their points come in lockstep (see `Axis`); `Series` holds only its values beside it.
 */

/** Room for `size` values, doubling (amortised O(1) appends; `trim` gives the slack back when a read ends). */
export function grown(data: Float64Array, size: number, filled: number): Float64Array {
  const next = new Float64Array(Math.max(size, data.length * 2, 16));
  next.set(data.subarray(0, filled));
  return next;
}

/** Room for exactly `size` values (never less than `filled`), the first `filled` kept. */
export function resized(data: Float64Array, size: number, filled: number): Float64Array {
  if (size <= data.length) return data;
  const next = new Float64Array(size);
  next.set(data.subarray(0, filled));
  return next;
}

/**
 * A column cut to its length, unless little would be saved: a copy of a long column costs time,
 * and a read's guess at its size (`Run.expect`) is often a few per cent high, as step numbers
 * grow longer down a file.
 */
export function trimmed(data: Float64Array, length: number): Float64Array {
  return data.length - length <= length >> 3 ? data : data.slice(0, length);
}

/** An axis's points as plain arrays (what a worker thread sends back: see `RunPart`). */
export interface AxisColumns {
  readonly steps: Float64Array;
  readonly locations: Float64Array;
  readonly epochs?: Float64Array | undefined;
  readonly wallTimes?: Float64Array | undefined;
}

/**
 * Where points are: their steps and locations, and epochs and wall times when the source has them.
 * The series of one run usually get their points in lockstep (every metric of a CSV row or a JSON
 * line has the row's step, line and epoch), so they share one axis: a series reads the shared
 * columns while its points agree with them, and takes a copy of its own at the first point that
 * does not (see `Series.append`). A million rows of five metrics then keep one axis, not five.
 */
export class Axis {
  length = 0;
  steps: Float64Array = new Float64Array(16);
  locations: Float64Array = new Float64Array(16);
  // Created when the first point with an epoch (a wall time) comes: earlier points get NaN ("not known").
  epochs: Float64Array | undefined;
  wallTimes: Float64Array | undefined;

  /** Puts point `i` (the next one, `i === length`), where `epoch` and `wallTime` are NaN when not known. */
  push(step: number, location: number, epoch: number, wallTime: number): void {
    const i = this.length;
    if (i === this.steps.length) {
      this.steps = grown(this.steps, i + 1, i);
      this.locations = grown(this.locations, i + 1, i);
      if (this.epochs) this.epochs = grown(this.epochs, this.steps.length, i);
      if (this.wallTimes) this.wallTimes = grown(this.wallTimes, this.steps.length, i);
    }
    this.steps[i] = step;
    this.locations[i] = location;
    if (epoch === epoch) (this.epochs ??= unknownUpTo(i, this.steps.length))[i] = epoch;
    else if (this.epochs) this.epochs[i] = NaN;
    if (wallTime === wallTime) (this.wallTimes ??= unknownUpTo(i, this.steps.length))[i] = wallTime;
    else if (this.wallTimes) this.wallTimes[i] = NaN;
    this.length = i + 1;
  }

  /** Whether point `i` is at exactly these coordinates (NaN epoch or wall time: not known). */
  holds(i: number, step: number, location: number, epoch: number, wallTime: number): boolean {
    const s = this.steps[i]!;
    if (s !== step || (s === 0 && 1 / s !== 1 / step) || this.locations[i] !== location) return false;
    const e = this.epochs ? this.epochs[i]! : NaN;
    if (e !== epoch && (e === e || epoch === epoch)) return false;
    const w = this.wallTimes ? this.wallTimes[i]! : NaN;
    return w === wallTime || (w !== w && wallTime !== wallTime);
  }

  /** The first `n` points, in a new axis of their own. */
  copy(n: number): Axis {
    const a = new Axis();
    const capacity = Math.max(16, n * 2);
    a.steps = new Float64Array(capacity);
    a.steps.set(this.steps.subarray(0, n));
    a.locations = new Float64Array(capacity);
    a.locations.set(this.locations.subarray(0, n));
    if (this.epochs) {
      a.epochs = new Float64Array(capacity);
      a.epochs.set(this.epochs.subarray(0, n));
    }
    if (this.wallTimes) {
      a.wallTimes = new Float64Array(capacity);
      a.wallTimes.set(this.wallTimes.subarray(0, n));
    }
    a.length = n;
    return a;
  }

  /** Room for `size` points (a read that knows how many are coming grows the columns once). */
  reserve(size: number): void {
    const n = this.length;
    this.steps = resized(this.steps, size, n);
    this.locations = resized(this.locations, size, n);
    if (this.epochs) this.epochs = resized(this.epochs, size, n);
    if (this.wallTimes) this.wallTimes = resized(this.wallTimes, size, n);
  }

  /** Views of the filled columns (see `AxisColumns`). */
  columns(): AxisColumns {
    const n = this.length;
    return {
      steps: this.steps.subarray(0, n),
      locations: this.locations.subarray(0, n),
      ...(this.epochs ? { epochs: this.epochs.subarray(0, n) } : {}),
      ...(this.wallTimes ? { wallTimes: this.wallTimes.subarray(0, n) } : {}),
    };
  }

  /** Appends the points of `more`, their locations moved by `shift`. */
  pushColumns(more: AxisColumns, shift: number): void {
    const start = this.length;
    const n = more.steps.length;
    const end = start + n;
    if (end > this.steps.length) {
      this.steps = grown(this.steps, end, start);
      this.locations = grown(this.locations, end, start);
      if (this.epochs) this.epochs = grown(this.epochs, this.steps.length, start);
      if (this.wallTimes) this.wallTimes = grown(this.wallTimes, this.steps.length, start);
    }
    this.steps.set(more.steps, start);
    const locations = this.locations,
      from = more.locations;
    for (let k = 0; k < n; k++) locations[start + k] = from[k]! + shift;
    if (more.epochs) (this.epochs ??= unknownUpTo(start, this.steps.length)).set(more.epochs, start);
    else this.epochs?.fill(NaN, start, end);
    if (more.wallTimes) (this.wallTimes ??= unknownUpTo(start, this.steps.length)).set(more.wallTimes, start);
    else this.wallTimes?.fill(NaN, start, end);
    this.length = end;
  }

  /** Gives back unused capacity (a read finished). */
  trim(): void {
    const n = this.length;
    this.steps = trimmed(this.steps, n);
    this.locations = trimmed(this.locations, n);
    if (this.epochs) this.epochs = trimmed(this.epochs, n);
    if (this.wallTimes) this.wallTimes = trimmed(this.wallTimes, n);
  }
}

function unknownUpTo(known: number, size: number): Float64Array {
  const c = new Float64Array(Math.max(16, size));
  c.fill(NaN, 0, known);
  return c;
}
