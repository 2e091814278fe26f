/**
 * The x axis a chart can use: step, epoch, time since the run started, wall-clock time, or another
 * series of the run that counts steps (`metric:trainer/global_step`, see `Run.stepMetrics`).
 */

import type { Series } from '../model/series';
import { inSlices, runSteps, type Steps } from './steps';

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
  return runSteps(xValuesSteps(s, mode, runStart, seriesOf));
}

/**
 * `xValues` in steps (see `steps.ts`), over the first `n` points of `s` (a series read as it grows keeps
 * them: its columns only ever grow). Steps and epochs are the series' own columns
 * (no work); wall and relative times and a step metric are computed a slice at a time.
 */
export function* xValuesSteps(
  s: Series,
  mode: XMode,
  runStart: number,
  seriesOf: (name: string) => Series | undefined = () => undefined,
  n = s.length,
): Steps<Float64Array | undefined> {
  const metric = xMetricOf(mode);
  if (metric !== undefined) {
    const axis = seriesOf(metric);
    return axis ? yield* alongSeries(s, n, axis) : undefined;
  }
  switch (mode) {
    case 'step':
      return s.stepArray(0, n);
    case 'epoch':
      return s.epochArray(0, n);
    case 'wall':
    case 'relative': {
      const w = s.wallTimeArray(0, n);
      if (!w) return undefined;
      const x = new Float64Array(n);
      const scale = mode === 'wall' ? 1000 : 1;
      const shift = mode === 'wall' ? 0 : runStart;
      yield* inSlices(0, n, (a, b) => {
        for (let i = a; i < b; i++) x[i] = (w[i]! - shift) * scale;
      });
      return x;
    }
    default:
      return undefined;
  }
}

/** The earliest wall time among a run's series (relative time counts from it). */
export function runStartTime(series: readonly Series[]): number {
  return runSteps(runStartSteps(series));
}

/** `runStartTime` in steps (see `steps.ts`). */
export function* runStartSteps(series: readonly Series[]): Steps<number> {
  let start = Infinity;
  for (const s of series) {
    const w = s.wallTimeArray();
    if (!w) continue;
    yield* inSlices(0, w.length, (a, b) => {
      for (let i = a; i < b; i++) if (w[i]! < start) start = w[i]!;
    });
  }
  return Number.isFinite(start) ? start : 0;
}

/**
 * The x of each of the first `n` points of `s` along the step metric `axis`: the axis's value at the point's
 * step, or its last value before it (W&B's `step_sync` fills the step metric in so); NaN before its first.
 * Both run forward in step (one pass); where steps go back (a restarted run), only equal steps match.
 * `undefined` when no point gets an x.
 */
function* alongSeries(s: Series, n: number, axis: Series): Steps<Float64Array | undefined> {
  const steps = s.stepArray(0, n);
  const x = new Float64Array(n);
  if (s === axis) {
    const values = s.valueArray(0, n);
    yield* inSlices(0, n, (a, b) => x.set(values.subarray(a, b), a));
    return x;
  }
  const m = axis.length;
  const axisSteps = axis.stepArray(0, m),
    axisValues = axis.valueArray(0, m);
  x.fill(NaN);
  if ((yield* ascending(steps)) && (yield* ascending(axisSteps))) {
    let j = -1;
    yield* inSlices(0, n, (a, b) => {
      for (let i = a; i < b; i++) {
        while (j + 1 < m && axisSteps[j + 1]! <= steps[i]!) j++;
        if (j >= 0) x[i] = axisValues[j]!;
      }
    });
  } else {
    const at = new Map<number, number>();
    yield* inSlices(0, m, (a, b) => {
      for (let j = a; j < b; j++) at.set(axisSteps[j]!, axisValues[j]!);
    });
    yield* inSlices(0, n, (a, b) => {
      for (let i = a; i < b; i++) x[i] = at.get(steps[i]!) ?? NaN;
    });
  }
  let any = false;
  yield* inSlices(0, n, (a, b) => {
    for (let i = a; i < b && !any; i++) any = Number.isFinite(x[i]!);
  });
  return any ? x : undefined;
}

function* ascending(a: Float64Array): Steps<boolean> {
  let up = true;
  yield* inSlices(1, a.length, (from, to) => {
    for (let i = from; i < to && up; i++) if (a[i]! < a[i - 1]!) up = false;
  });
  return up;
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
