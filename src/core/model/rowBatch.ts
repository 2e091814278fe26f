/**
 * The rows of a table-like log (a CSV row, a JSON line: several metrics at one step) gathered
 * column-wise and handed to their series a block at a time. Appending a row point by point costs
 * more than reading it (an axis point, then per series a store and its running figures); a block
 * of rows is one copy per column and one tight pass per series, with the same result.
 *
 * A block holds rows for one list of series in lockstep on the run's shared axis (see `Axis`);
 * a row for other series, or series not in lockstep, hands the block over first, so points keep
 * their order. The reader must call `commit` before anything looks at the run (the end of each
 * `push`, `flush`) and before it appends any other way.
 */

import type { Axis } from './axis';
import { Series } from './series';

/**
 * `on`: whether readers made from now on read plain rows straight into the block (`slotFor`), or
 * all the general way (tests compare the two).
 */
export const FAST_ROWS = { on: true };

/**
 * Where a reader that fills slots (see `slotFor`) puts a row's value other than a metric's (whose
 * place is 0, 1, …): the step, epoch, wall time, or nowhere, at `axes[-1 - place]` of its own.
 */
export const TO_STEP = -1,
  TO_EPOCH = -2,
  TO_WALL = -3,
  TO_NOWHERE = -4;

/** Rows per block: enough to amortise a hand-over, small enough to stay in cache. */
export const ROW_BLOCK = 2048;
const BLOCK = ROW_BLOCK;

export class RowBatch {
  private rows = 0;
  private width = 0;
  private axis: Axis | undefined;
  private readonly targets: Series[] = [];
  /** Column k of the block at `values[k * BLOCK …]`. */
  private values_ = new Float64Array(0);
  private readonly steps = new Float64Array(BLOCK);
  private readonly locations = new Float64Array(BLOCK);
  private readonly epochs = new Float64Array(BLOCK);
  private readonly wallTimes = new Float64Array(BLOCK);
  private anyEpoch = false;
  private anyWallTime = false;
  /** The list the block was started with by `slotFor` (a list its caller never changes). */
  private fixed: readonly Series[] | undefined;

  /** The block's columns: series k's value of row r at `[k * ROW_BLOCK + r]` (see `slotFor`). */
  get values(): Float64Array {
    return this.values_;
  }

  /**
   * One row: `values[k]` for `series[k]`, k below `count`, at these coordinates (`epoch` and
   * `wallTime` NaN when not known). As `Series.appendRow`, but the points land at the next `commit`.
   */
  add(
    series: readonly Series[],
    values: Float64Array,
    count: number,
    step: number,
    location: number,
    epoch: number,
    wallTime: number,
  ): void {
    if (this.rows > 0 && !this.holds(series, count)) this.commit();
    if (this.rows === 0 && !this.begin(series, count)) {
      Series.appendRow(
        series,
        values,
        count,
        step,
        location,
        epoch === epoch ? epoch : undefined,
        wallTime === wallTime ? wallTime : undefined,
      );
      return;
    }
    const block = this.values_;
    for (let k = 0, at = this.rows; k < count; k++, at += BLOCK) block[at] = values[k]!;
    this.fill(step, location, epoch, wallTime);
  }

  /**
   * For a reader that puts a row's values straight into the block: the slot of the next row of
   * `series` (a list the caller never changes), or -1 when they cannot take one (not in lockstep,
   * or one named twice). The caller puts series k's value at `values[k * ROW_BLOCK + slot]`, then
   * calls `fill`; a row it gives up on half-way is simply not filled.
   */
  slotFor(series: readonly Series[]): number {
    if (this.rows > 0 && this.fixed !== series) this.commit();
    if (this.rows === 0) {
      if (!this.begin(series, series.length)) return -1;
      this.fixed = series;
    }
    return this.rows;
  }

  /** The row in the next slot is complete, at these coordinates (NaN: not known). */
  fill(step: number, location: number, epoch: number, wallTime: number): void {
    const r = this.rows;
    this.steps[r] = step;
    this.locations[r] = location;
    this.epochs[r] = epoch;
    this.wallTimes[r] = wallTime;
    if (epoch === epoch) this.anyEpoch = true;
    if (wallTime === wallTime) this.anyWallTime = true;
    if (++this.rows === BLOCK) this.commit();
  }

  /** Hands the gathered rows to their series. */
  commit(): void {
    const n = this.rows;
    if (n === 0) return;
    this.rows = 0;
    this.axis!.pushColumns(
      {
        steps: this.steps.subarray(0, n),
        locations: this.locations.subarray(0, n),
        epochs: this.anyEpoch ? this.epochs.subarray(0, n) : undefined,
        wallTimes: this.anyWallTime ? this.wallTimes.subarray(0, n) : undefined,
      },
      0,
    );
    for (let k = 0; k < this.width; k++) this.targets[k]!.appendOnAxis(this.values_.subarray(k * BLOCK, k * BLOCK + n));
  }

  /** Whether a row for these series joins the block: the same series, in the same order. */
  private holds(series: readonly Series[], count: number): boolean {
    if (count !== this.width) return false;
    const targets = this.targets;
    for (let k = 0; k < count; k++) if (series[k] !== targets[k]) return false;
    return true;
  }

  /** Starts a block for these series if they are in lockstep, each once. */
  private begin(series: readonly Series[], count: number): boolean {
    const axis = Series.lockstepAxis(series, count);
    if (!axis) return false;
    this.axis = axis;
    this.width = count;
    this.targets.length = count;
    for (let k = 0; k < count; k++) this.targets[k] = series[k]!;
    if (this.values_.length < count * BLOCK) this.values_ = new Float64Array(count * BLOCK);
    this.anyEpoch = false;
    this.anyWallTime = false;
    this.fixed = undefined;
    return true;
  }
}
