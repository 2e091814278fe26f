/**
 * The summary of what was read, in the shape `metric-lens inspect --json` prints. Non-finite
 * numbers become the strings "NaN", "Infinity", "-Infinity" so the output stays valid JSON.
 */

import { formatNumber } from '../text/numbers';
import type { Run, RunStatus } from './run';
import { seriesRoles } from './runValues';
import type { Series } from './series';

export type JsonNumber = number | 'NaN' | 'Infinity' | '-Infinity';

export interface PointSummary {
  readonly step: number;
  readonly value: JsonNumber;
}

export interface SeriesSummary {
  readonly name: string;
  readonly split: string;
  readonly quantity: string;
  readonly points: number;
  readonly first: PointSummary | null;
  readonly last: PointSummary | null;
  readonly min: PointSummary | null;
  readonly max: PointSummary | null;
  readonly nonFinite: number;
  /** The series is a step metric (W&B's `trainer/global_step`): an x axis of the others, not charted. */
  readonly stepMetric?: true;
}

/**
 * A value of the run (see `runValues.ts`: `hparam/…`, `best_…`, a score logged once): its last
 * value and step, and how many points the file had for it.
 */
export interface SummaryValue {
  readonly name: string;
  readonly split: string;
  readonly quantity: string;
  readonly value: JsonNumber | null;
  readonly step: number | null;
  readonly points: number;
}

export interface RunSummary {
  readonly source: string;
  readonly format: string;
  readonly name: string;
  /** The run's curves and step metrics (values of the run are in `summary`). */
  readonly series: readonly SeriesSummary[];
  /** Values of the run, not series: `hparam/…`, `best_…`, `final_…`, a value logged once beside curves. */
  readonly summary: readonly SummaryValue[];
  /** The run's hyper-parameters, when it has any (flattened `a.b.c`). */
  readonly params?: Readonly<Record<string, string>>;
  /** How the run ended, when its writer records it (W&B). */
  readonly status?: RunStatus;
}

export interface ErrorEntry {
  readonly source: string;
  readonly line?: number;
  readonly offset?: number;
  readonly message: string;
}

export function jsonNumber(v: number): JsonNumber {
  return Number.isFinite(v) ? v : (formatNumber(v) as JsonNumber);
}

function point(p: { step: number; value: number } | undefined): PointSummary | null {
  return p ? { step: p.step, value: jsonNumber(p.value) } : null;
}

export function summarizeSeries(s: Series): SeriesSummary {
  return {
    name: s.name,
    split: s.id.split,
    quantity: s.id.quantity,
    points: s.length,
    first: point(s.first()),
    last: point(s.last()),
    min: point(s.min()),
    max: point(s.max()),
    nonFinite: s.nonFiniteCount,
  };
}

export function summarizeValue(s: Series): SummaryValue {
  const last = s.last();
  return {
    name: s.name,
    split: s.id.split,
    quantity: s.id.quantity,
    value: last ? jsonNumber(last.value) : null,
    step: last && Number.isFinite(last.step) ? last.step : null,
    points: s.length,
  };
}

export function summarizeRun(run: Run): RunSummary {
  const series: SeriesSummary[] = [];
  const summary: SummaryValue[] = [];
  for (const [s, role] of seriesRoles(run)) {
    if (role === 'summary') summary.push(summarizeValue(s));
    else series.push(role === 'stepMetric' ? { ...summarizeSeries(s), stepMetric: true } : summarizeSeries(s));
  }
  const out: { -readonly [K in keyof RunSummary]: RunSummary[K] } = {
    source: run.source,
    format: run.format,
    name: run.name,
    series,
    summary,
  };
  if (run.params.size > 0) out.params = Object.fromEntries(run.params);
  if (run.status) out.status = run.status;
  return out;
}

export function errorsOf(run: Run): ErrorEntry[] {
  const out: ErrorEntry[] = run.issues.map((i) => {
    const e: { source: string; line?: number; offset?: number; message: string } = {
      source: i.file ? `${run.source}/${i.file}` : run.source,
      message: i.message,
    };
    if (i.line !== undefined) e.line = i.line;
    if (i.offset !== undefined) e.offset = i.offset;
    return e;
  });
  const dropped = run.issueCount - run.issues.length;
  if (dropped > 0) out.push({ source: run.source, message: `${dropped} more problems not listed` });
  return out;
}
