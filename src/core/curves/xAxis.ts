/** The x axis a chart can use: step, epoch, time since the run started, or wall-clock time. */

import type { Series } from '../model/series';

export type XMode = 'step' | 'epoch' | 'relative' | 'wall';

export const X_MODES: readonly XMode[] = ['step', 'epoch', 'relative', 'wall'];

export function isXMode(v: unknown): v is XMode {
  return typeof v === 'string' && (X_MODES as readonly string[]).includes(v);
}

/**
 * The x value of every point of `s` in `mode`, or `undefined` when the series has no such axis
 * (no epochs, no wall times). Relative time is seconds since `runStart` (the run's first wall time).
 */
export function xValues(s: Series, mode: XMode, runStart: number): Float64Array | undefined {
  switch (mode) {
    case 'step':
      return s.stepArray();
    case 'epoch':
      return s.epochArray();
    case 'wall': {
      const w = s.wallTimeArray();
      return w ? w.map((v) => v * 1000) : undefined;
    }
    case 'relative': {
      const w = s.wallTimeArray();
      return w ? w.map((v) => v - runStart) : undefined;
    }
  }
}

/** The earliest wall time among a run's series (relative time counts from it). */
export function runStartTime(series: readonly Series[]): number {
  let start = Infinity;
  for (const s of series) {
    const w = s.wallTimeArray();
    if (!w) continue;
    for (let i = 0; i < w.length; i++) if (w[i]! < start) start = w[i]!;
  }
  return Number.isFinite(start) ? start : 0;
}

/** Human label of an x mode. */
export function xModeLabel(mode: XMode, stepLabel = 'step'): string {
  switch (mode) {
    case 'step':
      return stepLabel;
    case 'epoch':
      return 'epoch';
    case 'relative':
      return 'time since start';
    case 'wall':
      return 'wall time';
  }
}
