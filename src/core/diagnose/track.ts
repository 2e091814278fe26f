/**
 * A series as the rules see it: one value per evaluation. An epoch-level series (Keras history,
 * validation rows) is its points; a step-level one (batch losses, Lightning's step rows) is averaged
 * per epoch, or per block of points when the file has no whole epochs (its x is the step, or its epoch a
 * fraction: then an evaluation is one point, and a training loss logged every few steps is averaged over
 * blocks the diagnoser sets, see `SeriesTrack.smoothOver`). At most MAX_UNITS units: past that,
 * units cover two epochs (or twice the points) each, so rules stay cheap on a million-point series.
 *
 * Built incrementally: `update()` reads only the points appended since the last call (they are read
 * again only when the unit width doubles, so the total work stays linear), within a budget of points
 * when given one, so a caller can read a long series in slices and let other work run between them.
 * Each segment of the series (steps going backwards: a resumed run) is a curve of its own, up to
 * MAX_SEGMENTS of them.
 */

import type { Series } from '../model/series';

export const MAX_UNITS = 2048;

/**
 * Restarts the rules keep apart. A series whose steps go back more often than this is not a few
 * runs one after another but steps in no useful order (a log counting its epochs down): it is judged
 * as one curve in file order, so the rules' state stays one curve per series, not one per point.
 */
export const MAX_SEGMENTS = 64;

const NO_STARTS: readonly number[] = [];

/** Where the segments the rules judge apart begin (see MAX_SEGMENTS). */
export function ruleSegmentStarts(s: Series): readonly number[] {
  return s.segmentStarts.length < MAX_SEGMENTS ? s.segmentStarts : NO_STARTS;
}

/** The segment (of `ruleSegmentStarts`) point `index` is in, and its bounds `[from, to)`. */
export function segmentAround(s: Series, index: number): { segment: number; from: number; to: number } {
  const starts = ruleSegmentStarts(s);
  let lo = 0,
    hi = starts.length;
  // The number of starts at or before `index`.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! <= index) lo = mid + 1;
    else hi = mid;
  }
  return { segment: lo, from: lo === 0 ? 0 : starts[lo - 1]!, to: lo < starts.length ? starts[lo]! : s.length };
}

/** The evaluations of one segment, as plain arrays for the rules. Immutable: a change makes a new Curve. */
export interface Curve {
  readonly series: Series;
  readonly segment: number;
  /** Mean of the finite values of each unit; NaN for a unit with none. */
  readonly values: Float64Array;
  /** Raw index of each unit's first and last point. */
  readonly first: Int32Array;
  readonly last: Int32Array;
  /** Step of each unit's last point (what a paired series is aligned on). */
  readonly steps: Float64Array;
  readonly length: number;
  /** Units average blocks of logging steps (see SeriesTrack.smoothOver), not an epoch's points or one evaluation. */
  readonly smoothed: boolean;
  /**
   * The series writes its epoch as a fraction (a Hugging Face Trainer): a training value is a few batches' mean in
   * training mode at one logging step, not a whole epoch's.
   */
  readonly fractional: boolean;
}

interface Unit {
  first: number;
  last: number;
  sum: number;
  finite: number;
  count: number;
  key: number | undefined;
}

class SegmentTrack {
  private units: Unit[] = [];
  private open: Unit | undefined;
  private width = 1;
  /**
   * The series writes its epoch as a fraction (Hugging Face: 0.02, 0.05, …): the epoch is then where a
   * point lies, not a group of points, so it is keyed as a series without epochs is (one unit a point,
   * or a step's points): an evaluation every quarter epoch is an evaluation, not a quarter of one.
   */
  private fractional = false;
  /** Some unit averages a block of points with no epoch to group them by (see SeriesTrack.smoothOver). */
  private blocked = false;
  private end: number;
  private curve_: Curve | undefined;
  private dirty = true;

  constructor(
    private readonly series: Series,
    private readonly segment: number,
    private readonly start: number,
    /** Points a unit averages where the series has no epoch to group by (see SeriesTrack.smoothOver). */
    private readonly block = 1,
  ) {
    this.end = start;
  }

  /**
   * Reads raw points up to `to` (exclusive), at most `budget` of them (points read again after the
   * unit width doubled count too); returns how many it read. `end` reaching `to` means done.
   */
  extend(to: number, budget = Infinity): number {
    let spent = 0;
    while (this.end < to && spent < budget) {
      const stop = Math.min(to, this.end + (budget - spent));
      let i = this.end;
      for (; i < stop; i++) {
        if (!this.fractional && isFraction(this.series.epoch(i))) break;
        this.add(i);
      }
      if (i < stop) {
        // The first fractional epoch: the units so far were keyed on whole epochs; read again from the
        // segment's start (once: the flag stays), within the budget like a doubling of the width.
        spent += i - this.end;
        this.fractional = true;
        this.restart();
        this.dirty = true;
        continue;
      }
      spent += stop - this.end;
      this.end = stop;
      this.dirty = true;
      // Too many units: twice as wide, read again from the segment's start (the next rounds, within
      // the budget). Units only grow as points are read, so the width reached is the one a read of
      // the whole segment in one call gives; the doublings cost at most twice the points in all.
      if (this.units.length > MAX_UNITS) this.widen();
    }
    return spent;
  }

  get done(): number {
    return this.end;
  }

  /** Whether units average blocks of logging steps (not an epoch's points, not one evaluation each). */
  get smoothed(): boolean {
    return this.blocked;
  }

  curve(): Curve {
    if (!this.dirty && this.curve_) return this.curve_;
    const visible = this.visibleUnits();
    const prev = this.curve_;
    if (prev && prev.length === visible.length && sameTail(prev, visible)) {
      this.dirty = false;
      return prev;
    }
    const n = visible.length;
    const values = new Float64Array(n),
      steps = new Float64Array(n);
    const first = new Int32Array(n),
      last = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      const u = visible[k]!;
      values[k] = u.finite > 0 ? u.sum / u.finite : NaN;
      first[k] = u.first;
      last[k] = u.last;
      steps[k] = this.series.step(u.last);
    }
    const smoothed = this.smoothed;
    const fractional = this.fractional;
    this.curve_ = {
      series: this.series,
      segment: this.segment,
      values,
      first,
      last,
      steps,
      length: n,
      smoothed,
      fractional,
    };
    this.dirty = false;
    return this.curve_;
  }

  /** Closed units, and the open one once it has as many points as the unit before it (an epoch-level point is complete at once). */
  private visibleUnits(): Unit[] {
    const open = this.open;
    if (!open) return this.units;
    const before = this.units[this.units.length - 1];
    return !before || open.count >= before.count ? [...this.units, open] : this.units;
  }

  private keyOf(i: number): number | undefined {
    const e = this.fractional ? undefined : this.series.epoch(i);
    if (e !== undefined) return Math.floor(Math.floor(e) / this.width);
    // No epochs: values logged at the same step (a TensorBoard tag written once per batch, all at
    // the epoch's step) are one evaluation, not a curve of their own.
    return this.series.maxPointsPerStep > 1 ? Math.floor(this.series.step(i) / this.width) : undefined;
  }

  private add(i: number): void {
    const key = this.keyOf(i);
    let u = this.open;
    // The second value at a step is when repeated steps show: the first joins its unit.
    if (
      u &&
      u.key === undefined &&
      key !== undefined &&
      this.series.step(u.first) === this.series.step(i) &&
      u.count === 1
    )
      u.key = key;
    const boundary =
      !u ||
      (key !== undefined && u.key !== undefined
        ? key !== u.key
        : key !== u.key || u.count >= this.width * (this.units.length === 0 && this.start === 0 ? 1 : this.block));
    if (key === undefined && this.block > 1) this.blocked = true;
    if (boundary) {
      if (u) this.units.push(u);
      u = { first: i, last: i, sum: 0, finite: 0, count: 0, key };
      this.open = u;
    }
    u = u!;
    u.last = i;
    u.count++;
    const v = this.series.value(i);
    if (Number.isFinite(v)) {
      u.sum += v;
      u.finite++;
    }
  }

  private widen(): void {
    this.width *= 2;
    this.restart();
  }

  private restart(): void {
    this.blocked = false;
    this.units = [];
    this.open = undefined;
    this.end = this.start;
  }
}

export function isFraction(e: number | undefined): boolean {
  return e !== undefined && Number.isFinite(e) && e !== Math.floor(e);
}

function sameTail(prev: Curve, units: readonly Unit[]): boolean {
  const k = units.length - 1;
  if (k < 0) return true;
  const u = units[k]!;
  const v = u.finite > 0 ? u.sum / u.finite : NaN;
  return prev.first[k] === u.first && prev.last[k] === u.last && Object.is(prev.values[k], v);
}

/** The curves of every segment of one series, kept up to date with its appended points. */
export class SeriesTrack {
  private segments: SegmentTrack[] = [];
  private seen = 0;
  private ordered = true;
  private block = 1;

  constructor(readonly series: Series) {}

  /**
   * Averages about `points` points a unit where the series has no epoch to group them by (its x is the
   * step, or its epoch a fraction): a training loss logged every few steps beside evaluations every few
   * hundred is judged per stretch between evaluations, as an epoch's mean would be, not on the noise of
   * each logging step. Rounded down to a power of two, and only ever raised (the curves are read again
   * from the start when it is), so a growing run is re-read at most a few times.
   */
  /** Whether units average blocks of logging steps (see smoothOver): a series with whole epochs never does. */
  get smoothed(): boolean {
    return this.segments.some((t) => t.smoothed);
  }

  smoothOver(points: number): void {
    let p = 1;
    while (p * 2 <= points) p *= 2;
    if (p <= this.block) return;
    this.block = p;
    this.segments = [];
    this.seen = 0;
  }

  /**
   * Reads the points appended since the last call, at most about `budget` of them (see
   * `SegmentTrack.extend`); returns the points read. `caughtUp` says whether any are left.
   */
  update(budget = Infinity): number {
    const s = this.series;
    const n = s.length;
    if (n === this.seen) return 0;
    const starts = ruleSegmentStarts(s);
    if (this.ordered && starts.length === 0 && s.segmentStarts.length > 0) {
      // Past MAX_SEGMENTS: one curve from the start, built once.
      this.ordered = false;
      this.segments = [];
    }
    if (this.segments.length === 0) this.segments.push(new SegmentTrack(s, 0, 0, this.block));
    let spent = 0;
    // Segments beyond the current one: finish the current, open the next.
    while (this.segments.length - 1 < starts.length) {
      const next = starts[this.segments.length - 1]!;
      const current = this.segments[this.segments.length - 1]!;
      spent += current.extend(next, budget - spent);
      if (current.done < next) return spent;
      this.segments.push(new SegmentTrack(s, this.segments.length, next, this.block));
    }
    const last = this.segments[this.segments.length - 1]!;
    spent += last.extend(n, budget - spent);
    if (last.done === n) this.seen = n;
    return spent;
  }

  get caughtUp(): boolean {
    return this.seen === this.series.length;
  }

  get segmentCount(): number {
    return this.segments.length;
  }

  curve(segment: number): Curve | undefined {
    return this.segments[segment]?.curve();
  }
}
