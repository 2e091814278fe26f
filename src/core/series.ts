/**
 * One metric of one run, stored column-wise in typed arrays so a run can hold millions of points
 * at a few tens of bytes each, and appending is amortised O(1).
 */

import { identifyMetric, type MetricId, type Split } from './metricName';

/** Where a point came from: a 1-based line for text formats, a byte offset for binary ones. */
export type LocationKind = 'line' | 'offset';

export interface PointRef {
  readonly index: number;
  readonly step: number;
  readonly value: number;
}

class GrowableColumn {
  data: Float64Array;
  constructor(capacity: number) { this.data = new Float64Array(capacity); }
  ensure(size: number): void {
    if (size <= this.data.length) return;
    const next = new Float64Array(Math.max(size, this.data.length * 2));
    next.set(this.data);
    this.data = next;
  }
}

export class Series {
  readonly id: MetricId;
  private length_ = 0;
  private readonly steps = new GrowableColumn(16);
  private readonly values = new GrowableColumn(16);
  private readonly locations = new GrowableColumn(16);
  // Epoch and wall time exist only when the source has them; most points of most runs do.
  private epochs: GrowableColumn | undefined;
  private wallTimes: GrowableColumn | undefined;
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

  /** `split` overrides what the name says, for writers whose layout tells it (Ultralytics' `metrics/*` are validation). */
  constructor(name: string, readonly locationKind: LocationKind = 'line', split?: Split) {
    const id = identifyMetric(name);
    this.id = split ? { ...id, split } : id;
  }

  get name(): string { return this.id.raw; }
  get length(): number { return this.length_; }
  get nonFiniteCount(): number { return this.nonFinite_; }
  get firstNonFiniteIndex(): number { return this.firstNonFinite_; }
  get hasEpochs(): boolean { return this.epochs !== undefined; }
  get hasWallTimes(): boolean { return this.wallTimes !== undefined; }

  append(step: number, value: number, location: number, epoch?: number, wallTime?: number): void {
    const i = this.length_;
    const n = i + 1;
    // The three columns always grow together: one capacity check on the hot path.
    if (n > this.steps.data.length) {
      this.steps.ensure(n);
      this.values.ensure(n);
      this.locations.ensure(n);
      this.epochs?.ensure(this.steps.data.length);
      this.wallTimes?.ensure(this.steps.data.length);
    }
    if (i > 0 && step < this.steps.data[i - 1]!) this.segmentStarts.push(i);
    if (i === 0 || step !== this.steps.data[i - 1]) this.stepRunStart = i;
    if (n - this.stepRunStart > this.maxPerStep_) this.maxPerStep_ = n - this.stepRunStart;
    this.steps.data[i] = step;
    this.values.data[i] = value;
    this.locations.data[i] = location;
    // Optional columns are created as large as the others, so they never need their own check.
    if (epoch !== undefined) {
      if (!this.epochs) this.epochs = filledColumn(i, this.steps.data.length);
      this.epochs.data[i] = epoch;
    } else if (this.epochs) {
      this.epochs.data[i] = NaN;
    }
    if (wallTime !== undefined) {
      if (!this.wallTimes) this.wallTimes = filledColumn(i, this.steps.data.length);
      this.wallTimes.data[i] = wallTime;
    } else if (this.wallTimes) {
      this.wallTimes.data[i] = NaN;
    }
    this.length_ = n;
    if (Number.isFinite(value)) {
      if (this.minIndex < 0 || value < this.values.data[this.minIndex]!) this.minIndex = i;
      if (this.maxIndex < 0 || value > this.values.data[this.maxIndex]!) this.maxIndex = i;
    } else {
      if (this.nonFinite_ === 0) this.firstNonFinite_ = i;
      this.nonFinite_++;
    }
  }

  /** The most points that share one step (Ultralytics logs a loss 55 times per epoch step); 1 for most series. */
  get maxPointsPerStep(): number { return this.maxPerStep_; }

  /** How many points share point `i`'s step, and the index of the first of them (for a tooltip: "value 3 of 55 at step 7"). */
  pointsAtStep(i: number): { readonly first: number; readonly count: number } {
    if (i < 0 || i >= this.length_) return { first: i, count: 0 };
    const d = this.steps.data;
    const s = d[i]!;
    let a = i, b = i + 1;
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
    let lo = 0, hi = f.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (f[mid]!.start <= i) lo = mid; else hi = mid - 1;
    }
    return f[lo]!.file;
  }

  step(i: number): number { return this.steps.data[i]!; }
  value(i: number): number { return this.values.data[i]!; }
  location(i: number): number { return this.locations.data[i]!; }
  epoch(i: number): number | undefined {
    const e = this.epochs?.data[i];
    return e === undefined || Number.isNaN(e) ? undefined : e;
  }
  wallTime(i: number): number | undefined {
    const w = this.wallTimes?.data[i];
    return w === undefined || Number.isNaN(w) ? undefined : w;
  }

  /** Views over the filled part of each column (no copies). */
  stepArray(from = 0, to = this.length_): Float64Array { return this.steps.data.subarray(from, to); }
  valueArray(from = 0, to = this.length_): Float64Array { return this.values.data.subarray(from, to); }
  locationArray(from = 0, to = this.length_): Float64Array { return this.locations.data.subarray(from, to); }
  epochArray(from = 0, to = this.length_): Float64Array | undefined { return this.epochs?.data.subarray(from, to); }
  wallTimeArray(from = 0, to = this.length_): Float64Array | undefined { return this.wallTimes?.data.subarray(from, to); }

  first(): PointRef | undefined { return this.ref(0); }
  last(): PointRef | undefined { return this.ref(this.length_ - 1); }
  /** The smallest finite value (earliest on ties). */
  min(): PointRef | undefined { return this.ref(this.minIndex); }
  /** The largest finite value (earliest on ties). */
  max(): PointRef | undefined { return this.ref(this.maxIndex); }

  private ref(i: number): PointRef | undefined {
    if (i < 0 || i >= this.length_) return undefined;
    return { index: i, step: this.steps.data[i]!, value: this.values.data[i]! };
  }
}

/** A column created late: earlier points get NaN ("not known"). */
function filledColumn(known: number, size: number): GrowableColumn {
  const c = new GrowableColumn(Math.max(16, size));
  c.data.fill(NaN, 0, known);
  return c;
}
