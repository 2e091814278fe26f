/**
 * One metric of one run, stored column-wise in typed arrays so a run can hold millions of points
 * at a few tens of bytes each, and appending is amortised O(1).
 */

import { Axis, grown, resized, trimmed } from './axis';
import { identifyMetric, type MetricId, type Split } from './metricName';

/** Where a point came from: a 1-based line for text formats, a byte offset for binary ones. */
export type LocationKind = 'line' | 'offset';

export interface PointRef {
  readonly index: number;
  readonly step: number;
  readonly value: number;
}

export class Series {
  readonly id: MetricId;
  private length_ = 0;
  private values: Float64Array = new Float64Array(16);
  /** The points' steps, locations, epochs and wall times: the run's shared axis while they agree with it. */
  private axis: Axis;
  private sharesAxis: boolean;
  // Epoch and wall time exist only when the source has them; most points of most runs do.
  private epochSeen = false;
  private wallTimeSeen = false;
  /** Indices where a new segment starts because the step went backwards (a resumed run). */
  readonly segmentStarts: number[] = [];
  /** The file wrote these values as percentages (`93.5%`); they are stored as fractions (0.935). */
  percent = false;
  /** For a folder run: which member file (relative to the run's folder) each stretch of points came from. */
  private fileStarts: { readonly start: number; readonly file: string }[] | undefined;
  // Points sharing one step come one after another: the longest such stretch, kept as points arrive.
  private stepRunStart = 0;
  private maxPerStep_ = 0;

  private minIndex = -1;
  private maxIndex = -1;
  private nonFinite_ = 0;
  private firstNonFinite_ = -1;

  /**
   * `split` overrides what the name says, for writers whose layout tells it (Ultralytics' `metrics/*`
   * are validation). `axis`: the run's shared axis (see `Axis`); without one the series has its own.
   */
  constructor(
    name: string,
    readonly locationKind: LocationKind = 'line',
    split?: Split,
    axis?: Axis,
  ) {
    const id = identifyMetric(name);
    this.id = split ? { ...id, split } : id;
    this.axis = axis ?? new Axis();
    this.sharesAxis = axis !== undefined;
  }

  get name(): string {
    return this.id.raw;
  }
  get length(): number {
    return this.length_;
  }
  get nonFiniteCount(): number {
    return this.nonFinite_;
  }
  get firstNonFiniteIndex(): number {
    return this.firstNonFinite_;
  }
  get hasEpochs(): boolean {
    return this.epochSeen;
  }
  get hasWallTimes(): boolean {
    return this.wallTimeSeen;
  }

  append(step: number, value: number, location: number, epoch?: number, wallTime?: number): void {
    const i = this.length_;
    const e = epoch ?? NaN;
    const w = wallTime ?? NaN;
    const axis = this.axis;
    if (i < axis.length) {
      // Another series of the run already put point i's coordinates: share them, or stop sharing.
      if (!this.sharesAxis || !axis.holds(i, step, location, e, w)) {
        this.axis = axis.copy(i);
        this.sharesAxis = false;
        this.axis.push(step, location, e, w);
      }
    } else {
      axis.push(step, location, e, w);
    }
    this.addValue(i, value, e, w);
  }

  /**
   * One point for each of the first `count` series at the same coordinates, `values[k]` for
   * `series[k]`: the metrics of one table row. Series of one run in lockstep (on its shared axis,
   * each as long as it) take the axis point once and their values; otherwise each is appended.
   */
  static appendRow(
    series: readonly Series[],
    values: Float64Array,
    count: number,
    step: number,
    location: number,
    epoch?: number,
    wallTime?: number,
  ): void {
    const axis = series[0]?.axis;
    if (!axis) return;
    const i = axis.length;
    let together = true;
    for (let k = 0; k < count && together; k++) {
      const s = series[k]!;
      together = s.sharesAxis && s.axis === axis && s.length_ === i;
    }
    if (!together) {
      for (let k = 0; k < count; k++) series[k]!.append(step, values[k]!, location, epoch, wallTime);
      return;
    }
    const e = epoch ?? NaN;
    const w = wallTime ?? NaN;
    axis.push(step, location, e, w);
    for (let k = 0; k < count; k++) {
      const s = series[k]!;
      // A series named twice in the row (a repeated JSON key) gets its second point the general way.
      if (s.length_ === i) s.addValue(i, values[k]!, e, w);
      else s.append(step, values[k]!, location, epoch, wallTime);
    }
  }

  /**
   * The shared axis the first `count` series are in lockstep on (each on it, as long as it, and
   * none named twice), or undefined: what a block of rows needs (see `RowBatch`).
   */
  static lockstepAxis(series: readonly Series[], count: number): Axis | undefined {
    const axis = series[0]?.axis;
    if (!axis || count === 0) return undefined;
    for (let k = 0; k < count; k++) {
      const s = series[k]!;
      if (!s.fills(axis)) return undefined;
      for (let j = 0; j < k; j++) if (series[j] === s) return undefined;
    }
    return axis;
  }

  /** Room for `size` values. */
  reserve(size: number): void {
    this.values = resized(this.values, size, this.length_);
  }

  /** Whether every point of this series sits on `axis`, which holds no other points (see `Run.part`). */
  fills(axis: Axis): boolean {
    return this.sharesAxis && this.axis === axis && this.length_ === axis.length;
  }

  /**
   * Values for the points the shared axis already holds past this series' end (a later part of
   * the source was read apart, its axis appended: see `Run.appendPart`).
   */
  appendOnAxis(values: Float64Array): void {
    const start = this.length_;
    const end = start + values.length;
    if (end > this.values.length) this.values = grown(this.values, end, start);
    this.values.set(values, start);
    const { epochs, wallTimes } = this.axis;
    if (!this.epochSeen && epochs) this.epochSeen = epochs.subarray(start, end).some((e) => e === e);
    if (!this.wallTimeSeen && wallTimes) this.wallTimeSeen = wallTimes.subarray(start, end).some((w) => w === w);
    this.noteValues(start, end);
  }

  /** Point `i`'s value, once its coordinates are on the axis; keeps the running figures. */
  private addValue(i: number, value: number, e: number, w: number): void {
    if (e === e) this.epochSeen = true;
    if (w === w) this.wallTimeSeen = true;
    if (i === this.values.length) this.values = grown(this.values, i + 1, i);
    this.values[i] = value;
    this.noteValues(i, i + 1);
  }

  /**
   * The running figures (segments, points per step, smallest and largest, non-finite values) over
   * the values `[from, to)`, just stored after the first `from`, whose steps are on the axis.
   */
  private noteValues(from: number, to: number): void {
    const steps = this.axis.steps;
    const values = this.values;
    let runStart = this.stepRunStart,
      most = this.maxPerStep_,
      lo = this.minIndex,
      hi = this.maxIndex;
    for (let i = from; i < to; i++) {
      const step = steps[i]!;
      if (i > 0 && step < steps[i - 1]!) this.segmentStarts.push(i);
      if (i === 0 || step !== steps[i - 1]) runStart = i;
      if (i + 1 - runStart > most) most = i + 1 - runStart;
      const value = values[i]!;
      if (value - value === 0) {
        if (lo < 0 || value < values[lo]!) lo = i;
        if (hi < 0 || value > values[hi]!) hi = i;
      } else {
        if (this.nonFinite_ === 0) this.firstNonFinite_ = i;
        this.nonFinite_++;
      }
    }
    this.stepRunStart = runStart;
    this.maxPerStep_ = most;
    this.minIndex = lo;
    this.maxIndex = hi;
    this.length_ = to;
  }

  /** Gives back unused capacity (a read finished); a shared axis is trimmed by its run. */
  trim(): void {
    this.values = trimmed(this.values, this.length_);
    if (!this.sharesAxis) this.axis.trim();
  }

  /** The most points that share one step (Ultralytics logs a loss 55 times per epoch step); 1 for most series. */
  get maxPointsPerStep(): number {
    return this.maxPerStep_;
  }

  /** How many points share point `i`'s step, and the index of the first of them (for a tooltip: "value 3 of 55 at step 7"). */
  pointsAtStep(i: number): { readonly first: number; readonly count: number } {
    if (i < 0 || i >= this.length_) return { first: i, count: 0 };
    const d = this.axis.steps;
    const s = d[i]!;
    let a = i,
      b = i + 1;
    while (a > 0 && d[a - 1] === s) a--;
    while (b < this.length_ && d[b] === s) b++;
    return { first: a, count: b - a };
  }

  /** Says that the points appended next come from `file` (a member of a folder run). Cheap when the file is unchanged. */
  noteFile(file: string): void {
    const f = this.fileStarts;
    if (f && f[f.length - 1]!.file === file) return;
    (this.fileStarts ??= []).push({ start: this.length_, file });
  }

  /** The member file point `i` came from, for a folder run; `undefined` for a single-file run. */
  fileOf(i: number): string | undefined {
    const f = this.fileStarts;
    if (!f) return undefined;
    let lo = 0,
      hi = f.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (f[mid]!.start <= i) lo = mid;
      else hi = mid - 1;
    }
    return f[lo]!.file;
  }

  step(i: number): number {
    return this.axis.steps[i]!;
  }
  value(i: number): number {
    return this.values[i]!;
  }
  location(i: number): number {
    return this.axis.locations[i]!;
  }
  epoch(i: number): number | undefined {
    const e = this.epochSeen ? this.axis.epochs![i] : undefined;
    return e === undefined || Number.isNaN(e) ? undefined : e;
  }
  wallTime(i: number): number | undefined {
    const w = this.wallTimeSeen ? this.axis.wallTimes![i] : undefined;
    return w === undefined || Number.isNaN(w) ? undefined : w;
  }

  /** Views over the filled part of each column (no copies). */
  stepArray(from = 0, to = this.length_): Float64Array {
    return this.axis.steps.subarray(from, to);
  }
  valueArray(from = 0, to = this.length_): Float64Array {
    return this.values.subarray(from, to);
  }
  locationArray(from = 0, to = this.length_): Float64Array {
    return this.axis.locations.subarray(from, to);
  }
  epochArray(from = 0, to = this.length_): Float64Array | undefined {
    return this.epochSeen ? this.axis.epochs!.subarray(from, to) : undefined;
  }
  wallTimeArray(from = 0, to = this.length_): Float64Array | undefined {
    return this.wallTimeSeen ? this.axis.wallTimes!.subarray(from, to) : undefined;
  }

  first(): PointRef | undefined {
    return this.ref(0);
  }
  last(): PointRef | undefined {
    return this.ref(this.length_ - 1);
  }
  /** The smallest finite value (earliest on ties). */
  min(): PointRef | undefined {
    return this.ref(this.minIndex);
  }
  /** The largest finite value (earliest on ties). */
  max(): PointRef | undefined {
    return this.ref(this.maxIndex);
  }

  private ref(i: number): PointRef | undefined {
    if (i < 0 || i >= this.length_) return undefined;
    return { index: i, step: this.axis.steps[i]!, value: this.values[i]! };
  }
}
