/**
 * The x axis a chart can use: step, epoch, time since the run started, wall-clock time, or another
 * series of the run that counts steps (`metric:trainer/global_step`, see `Run.stepMetrics`).
 */

import type { Series } from '../model/series';

export type XMode = 'step' | 'epoch' | 'relative' | 'wall' | `metric:${string}`;

export const X_MODES: readonly XMode[] = ['step', 'epoch', 'relative', 'wall'];

const METRIC = 'metric:';
/** A step metric's name is a series name: bounded as one. */
const MAX_METRIC_NAME = 1000;

export function isXMode(v: unknown): v is XMode {
  if (typeof v !== 'string') return false;
  if (v.startsWith(METRIC)) return v.length > METRIC.length && v.length <= METRIC.length + MAX_METRIC_NAME;
  return (X_MODES as readonly string[]).includes(v);
}

/** The x mode that draws against series `name`. */
export function metricXMode(name: string): XMode {
  return `${METRIC}${name}`;
}

/** The series an x mode draws against, for a `metric:` mode. */
export function xMetricOf(mode: XMode): string | undefined {
  return mode.startsWith(METRIC) ? mode.slice(METRIC.length) : undefined;
}

/**
 * The x value of every point of `s` in `mode`, or `undefined` when the series has no such axis
 * (no epochs, no wall times, no such step metric: `seriesOf` finds the run's series by name).
 * Relative time is seconds since `runStart` (the run's first wall time).
 */
export function xValues(
  s: Series,
  mode: XMode,
  runStart: number,
  seriesOf: (name: string) => Series | undefined = () => undefined,
): Float64Array | undefined {
  const metric = xMetricOf(mode);
  if (metric !== undefined) {
    const axis = seriesOf(metric);
    return axis ? alongSeries(s, axis) : undefined;
  }
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
    default:
      return undefined;
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

/**
 * The x of each point of `s` along the step metric `axis`: the axis's value at the point's step, or
 * its last value before it (W&B's `step_sync` fills the step metric in so); NaN before its first.
 * Both run forward in step (one pass); where steps go back (a restarted run), only equal steps match.
 * `undefined` when no point gets an x.
 */
function alongSeries(s: Series, axis: Series): Float64Array | undefined {
  const steps = s.stepArray();
  if (s === axis) return s.valueArray().slice();
  const axisSteps = axis.stepArray(),
    axisValues = axis.valueArray();
  const x = new Float64Array(steps.length).fill(NaN);
  if (ascending(steps) && ascending(axisSteps)) {
    let j = -1;
    for (let i = 0; i < steps.length; i++) {
      while (j + 1 < axisSteps.length && axisSteps[j + 1]! <= steps[i]!) j++;
      if (j >= 0) x[i] = axisValues[j]!;
    }
  } else {
    const at = new Map<number, number>();
    for (let j = 0; j < axisSteps.length; j++) at.set(axisSteps[j]!, axisValues[j]!);
    for (let i = 0; i < steps.length; i++) x[i] = at.get(steps[i]!) ?? NaN;
  }
  return x.some((v) => Number.isFinite(v)) ? x : undefined;
}

function ascending(a: Float64Array): boolean {
  for (let i = 1; i < a.length; i++) if (a[i]! < a[i - 1]!) return false;
  return true;
}

/** Human label of an x mode. */
export function xModeLabel(mode: XMode, stepLabel = 'step'): string {
  const metric = xMetricOf(mode);
  if (metric !== undefined) return metric;
  switch (mode) {
    case 'step':
      return stepLabel;
    case 'epoch':
      return 'epoch';
    case 'relative':
      return 'time since start';
    case 'wall':
      return 'wall time';
    default:
      return mode;
  }
}
