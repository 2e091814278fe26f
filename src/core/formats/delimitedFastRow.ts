/**
 * The fast path of a delimited log (see `DelimitedLogParser`): a row of plain numbers — no quotes,
 * no padding, no empty cell — read in one pass, each cell's number parsed straight into its place:
 * a metric's in the block of rows (see `RowBatch.slotFor`), or the step, epoch or wall time. A row
 * that is anything else is left to the general path.
 */

import { readDecimal } from '../text/decimal';
import { ROW_BLOCK, TO_EPOCH, TO_NOWHERE, TO_STEP, TO_WALL } from '../model/rowBatch';
import type { Series } from '../model/series';
import { EPOCH, IGNORED, METRIC, STEP, WALL, type Column } from './delimitedHeader';

/** A cell not read at all (a text or ignored column); other places as in `rowBatch` (`TO_STEP` …, or a metric's, from 0). */
export const SKIP_CELL = TO_NOWHERE - 1;

const NEWLINE = 10,
  CR = 13,
  QUOTE = 34;

export class DelimitedRowPlan {
  /** `places`: where each column's cell goes; `series`: the metrics' series, by place. */
  constructor(
    private readonly places: Int8Array,
    readonly series: readonly Series[],
  ) {}

  /**
   * Reads the row at `start`, its cells split by `delimiter`: a metric's number into
   * `block[place * ROW_BLOCK + slot]`, the step, epoch, wall time into `axes[0 … 2]`. Returns the
   * index of the row's `\n` (before `end`), or -1 — after which the slot holds nothing counted.
   */
  read(
    bytes: Uint8Array,
    start: number,
    end: number,
    delimiter: number,
    block: Float64Array,
    slot: number,
    axes: Float64Array,
  ): number {
    const places = this.places;
    const n = places.length;
    let pos = start;
    for (let i = 0; i < n; i++) {
      const place = places[i]!;
      if (place >= 0) {
        pos = readDecimal(bytes, pos, end, block, place * ROW_BLOCK + slot);
      } else if (place === SKIP_CELL) {
        while (pos < end && bytes[pos] !== delimiter && bytes[pos] !== NEWLINE) if (bytes[pos++] === QUOTE) return -1;
      } else {
        pos = readDecimal(bytes, pos, end, axes, -1 - place);
      }
      if (pos < 0 || pos >= end) return -1;
      const c = bytes[pos]!;
      if (i < n - 1) {
        if (c !== delimiter) return -1;
        pos++;
      } else if (c === CR) {
        if (++pos >= end || bytes[pos] !== NEWLINE) return -1;
      } else if (c !== NEWLINE) {
        return -1;
      }
    }
    return pos;
  }
}

/** `planRow`'s answers besides a plan: not yet (a column may still turn to text), or never for this file. */
export const LATER = 0,
  NEVER = 1;

/**
 * Where each cell of a row goes, once the columns are settled (every column that is read has had
 * a number, every metric its series): a metric's place in the block, the step, epoch or wall
 * time, or nowhere. `roles` are the columns' `ROLE_CODE`s. Never for a role held by two columns,
 * or no metric at all.
 */
export function planRow(
  columns: readonly Column[],
  roles: Uint8Array,
  seenNumber: readonly boolean[],
): DelimitedRowPlan | typeof LATER | typeof NEVER {
  const places = new Int8Array(columns.length);
  const series: Series[] = [];
  const taken = new Set<number>();
  for (let i = 0; i < columns.length; i++) {
    const role = roles[i]!;
    if (role >= IGNORED) {
      places[i] = SKIP_CELL;
      continue;
    }
    // Not yet: a column that has not had a number may still turn out to be text.
    if (!seenNumber[i]) return LATER;
    if (role === METRIC) {
      const target = columns[i]!.target;
      if (!target) return LATER;
      places[i] = series.length;
      series.push(target);
      continue;
    }
    const place = role === STEP ? TO_STEP : role === EPOCH ? TO_EPOCH : role === WALL ? TO_WALL : TO_NOWHERE;
    if (place !== TO_NOWHERE && taken.has(place)) return NEVER;
    taken.add(place);
    places[i] = place;
  }
  return series.length === 0 ? NEVER : new DelimitedRowPlan(places, series);
}
