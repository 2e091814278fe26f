/**
 * The summary of what was read, in the shape `metric-lens inspect --json` prints. Non-finite
 * numbers become the strings "NaN", "Infinity", "-Infinity" so the output stays valid JSON.
 */

import { formatNumber } from '../text/numbers';
import type { Run, RunStatus } from './run';
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
}

export interface RunSummary {
  readonly source: string;
  readonly format: string;
  readonly name: string;
  readonly series: readonly SeriesSummary[];
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

export function summarizeRun(run: Run): RunSummary {
  const out: { -readonly [K in keyof RunSummary]: RunSummary[K] } = {
    source: run.source,
    format: run.format,
    name: run.name,
    series: run.series.map(summarizeSeries),
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
