/**
 * What the crosshair tooltip lists: for every visible series, the point nearest the hovered x —
 * run, split, raw and smoothed value, step, epoch, time — and how many values share that step.
 * `nearestIndex` is pure (unit-tested); `renderHover` builds the tooltip's DOM (text only).
 */

import type { ClientSeries } from './model';
import { formatDuration, formatValue } from './axisLabels';

/** Index of the point of `xs` (ascending within a segment) nearest to `x`, or -1. */
export function nearestIndex(xs: readonly number[], x: number): number {
  if (xs.length === 0) return -1;
  let lo = 0;
  let hi = xs.length - 1;
  let sorted = true;
  for (let i = 1; i < xs.length && sorted; i++) if (xs[i]! < xs[i - 1]!) sorted = false;
  if (!sorted) {
    let best = 0;
    for (let i = 1; i < xs.length; i++) if (Math.abs(xs[i]! - x) < Math.abs(xs[best]! - x)) best = i;
    return best;
  }
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! <= x) lo = mid;
    else hi = mid;
  }
  return Math.abs(xs[hi]! - x) < Math.abs(xs[lo]! - x) ? hi : lo;
}

export interface HoverRow {
  readonly color: string;
  readonly run: string;
  readonly series: string;
  readonly split: string;
  readonly raw: string;
  readonly smoothed?: string;
  readonly step: number;
  readonly epoch?: number;
  readonly time?: string;
  /** Other values logged at the same step (TensorBoard files repeat tags). */
  readonly sameStep: number;
  readonly line: number;
}

export function hoverRows(
  series: readonly ClientSeries[],
  x: number,
  colorOf: (s: ClientSeries) => string,
  runName: (s: ClientSeries) => string,
  runStart: (s: ClientSeries) => number,
): HoverRow[] {
  const rows: HoverRow[] = [];
  for (const s of series) {
    const i = nearestIndex(s.x, x);
    if (i < 0) continue;
    const step = s.steps[i]!;
    let same = 0;
    for (let j = i - 1; j >= 0 && s.steps[j] === step; j--) same++;
    for (let j = i + 1; j < s.steps.length && s.steps[j] === step; j++) same++;
    const wall = s.wallTimes?.[i];
    const epoch = s.epochs?.[i];
    rows.push({
      color: colorOf(s),
      run: runName(s),
      series: s.name,
      split: s.split,
      raw: formatValue(s.y[i]!, s.percent),
      ...(s.smoothed ? { smoothed: formatValue(s.smoothed[i]!, s.percent) } : {}),
      step,
      ...(epoch !== undefined && Number.isFinite(epoch) ? { epoch } : {}),
      ...(wall !== undefined && Number.isFinite(wall)
        ? { time: `${new Date(wall * 1000).toLocaleTimeString()} (+${formatDuration(wall - runStart(s))})` }
        : {}),
      sameStep: same,
      line: s.lines[i]!,
    });
  }
  return rows;
}
