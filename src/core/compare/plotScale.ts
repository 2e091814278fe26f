/**
 * The axes of the comparison's charts (the scatter and the parallel coordinates): a column's
 * values mapped to [0, 1] along an axis, linear, logarithmic or by category, with their ticks.
 * A numeric axis is logarithmic on its own when its values are all positive and span two
 * decades or more (learning rates, weight decays), as HiPlot and W&B let a user choose.
 */

import { shortNumber } from '../text/csvCell';
import type { CellValue } from './columns';
import { compareCells } from './sort';

/** From this many decades between the smallest value and the largest, a positive axis is logarithmic. */
export const AUTO_LOG_DECADES = 2;

export type ScaleKind = 'linear' | 'log' | 'category';

export interface Tick {
  /** Where along the axis, in [0, 1]. */
  readonly at: number;
  readonly label: string;
}

export interface PlotScale {
  readonly kind: ScaleKind;
  /** The numeric domain (for `category`, the first and last index). */
  readonly min: number;
  readonly max: number;
  /** The categories in axis order, for `category`. */
  readonly categories: readonly string[];
  /** Where a value falls along the axis, in [0, 1]; undefined for a value the axis cannot place (text on a numeric axis, ≤ 0 on a log one, NaN). */
  place(v: CellValue): number | undefined;
  /** The value at a place along the axis (a numeric axis). */
  valueAt(t: number): number;
  readonly ticks: readonly Tick[];
}

/** Whether finite positive numbers spanning two decades or more call for a log axis. */
export function spansDecades(values: readonly number[]): boolean {
  let min = Infinity,
    max = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v <= 0) return false;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  // Compared in decades with a little slack: 0.01 / 1e-4 is two decades though its float ratio may fall just short.
  return min < max && Math.log10(max) - Math.log10(min) >= AUTO_LOG_DECADES - 1e-9;
}

/**
 * The scale of a column's cells: by category when any cell is text, else numeric — logarithmic
 * when `log` says so, or for `'auto'` when the values span decades (a log axis needs them all > 0).
 */
export function columnScale(cells: readonly CellValue[], log: boolean | 'auto' = 'auto'): PlotScale {
  const present = cells.filter((c): c is number | string => c !== undefined);
  if (present.some((c) => typeof c === 'string')) return categoryScale(present);
  const nums = (present as number[]).filter((v) => Number.isFinite(v));
  const positive = nums.length > 0 && nums.every((v) => v > 0);
  const useLog = positive && (log === true || (log === 'auto' && spansDecades(nums)));
  return useLog ? logScale(nums) : linearScale(nums);
}

function categoryScale(cells: readonly (number | string)[]): PlotScale {
  const seen = new Map<string, number | string>();
  for (const c of cells) if (!seen.has(String(c))) seen.set(String(c), c);
  const ordered = [...seen.values()].sort(compareCells).map(String);
  const index = new Map(ordered.map((c, i) => [c, i]));
  const n = ordered.length;
  // One category sits in the middle; several are spread from end to end.
  const at = (i: number) => (n === 1 ? 0.5 : i / (n - 1));
  return {
    kind: 'category',
    min: 0,
    max: Math.max(0, n - 1),
    categories: ordered,
    place: (v) => {
      if (v === undefined) return undefined;
      const i = index.get(String(v));
      return i === undefined ? undefined : at(i);
    },
    valueAt: (t) => Math.round(t * Math.max(0, n - 1)),
    ticks: ordered.map((c, i) => ({ at: at(i), label: c })),
  };
}

function extent(nums: readonly number[]): [number, number] {
  let min = Infinity,
    max = -Infinity;
  for (const v of nums) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}

function linearScale(nums: readonly number[]): PlotScale {
  let [min, max] = nums.length > 0 ? extent(nums) : [0, 1];
  if (min === max) {
    // One value: an axis around it, so it sits in the middle.
    const pad = min === 0 ? 1 : Math.abs(min) * 0.5;
    min -= pad;
    max += pad;
  }
  const step = niceStep((max - min) / 5);
  const lo = Math.floor(min / step) * step,
    hi = Math.ceil(max / step) * step;
  const span = hi - lo;
  const ticks: Tick[] = [];
  for (let k = 0; k <= Math.round(span / step) && k <= 20; k++) {
    const v = lo + k * step;
    ticks.push({ at: (v - lo) / span, label: shortNumber(Number(v.toPrecision(12))) });
  }
  return {
    kind: 'linear',
    min: lo,
    max: hi,
    categories: [],
    place: (v) => (typeof v === 'number' && Number.isFinite(v) ? (v - lo) / span : undefined),
    valueAt: (t) => lo + t * span,
    ticks,
  };
}

/** 1, 2 or 5 times a power of ten, at least `raw`. */
function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  const f = raw / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

function logScale(nums: readonly number[]): PlotScale {
  const [min, max] = extent(nums);
  const lo = Math.floor(Math.log10(min)),
    hi = Math.max(lo + 1, Math.ceil(Math.log10(max)));
  const span = hi - lo;
  const ticks: Tick[] = [];
  // `1e-4` read as a number is the decimal exactly; 10 ** -4 is 0.00009999999999999999.
  const decade = (e: number) => Number(`1e${e}`);
  for (let e = lo; e <= hi; e++) ticks.push({ at: (e - lo) / span, label: shortNumber(decade(e)) });
  return {
    kind: 'log',
    min: decade(lo),
    max: decade(hi),
    categories: [],
    place: (v) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? (Math.log10(v) - lo) / span : undefined),
    valueAt: (t) => (t <= 0 ? decade(lo) : t >= 1 ? decade(hi) : 10 ** (lo + t * span)),
    ticks,
  };
}
