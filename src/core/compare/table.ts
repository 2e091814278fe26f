/**
 * The comparison of runs: one row per run with what it is (name, path, format, status, start,
 * duration, steps), its parameters flattened, each metric's best value, the step of it and the
 * last value, and how many findings of each severity it has. "Best" is the curves' own (see
 * `bestIndex`), so the table, the curves' summary and the rules agree on it.
 */

import { bestIndex, lowerIsBetter } from '../model/best';
import type { Severity } from '../model/findings';
import { parseCell, wallSeconds } from '../text/numbers';
import { KILLED_AFTER_MS, type Run } from '../model/run';

/**
 * A row's status: `live` while the editor sees the run written; otherwise what its writer recorded
 * (W&B's exit record, MLflow's `meta.yaml`, a Trainer's steps): `running` (no end recorded yet),
 * `finished`, `crashed`, `killed` (said so, or no end and no write for minutes), `incomplete`
 * (saved before its planned end). A plain log records no end: its status is empty unless live.
 */
export type RowStatus = 'live' | 'running' | 'finished' | 'crashed' | 'killed' | 'incomplete';

/** What the caller knows of a run beside what was read: where it is, whether it is being written, its findings. */
export interface CompareInput {
  readonly run: Run;
  /** A stable id (the editor's URI, the CLI's path). */
  readonly id: string;
  /** Where the run is, as the user names it (relative to the workspace, or as given on the command line). */
  readonly path: string;
  /** `live` when the caller sees the run being written; else the run's own record decides. */
  readonly status?: 'live';
  /** When the run's files were last written and the time now (ms): a `running` run quiet for minutes is `killed`. */
  readonly written?: { readonly last: number; readonly now: number };
  readonly findings: readonly { readonly severity: Severity }[];
  /**
   * Parameters to show in place of the run's own (those read with it, the sidecars beside it
   * included: `src/node/readSidecars.ts`).
   */
  readonly params?: ReadonlyMap<string, string>;
}

export interface MetricCell {
  readonly best: number | undefined;
  readonly bestStep: number | undefined;
  readonly last: number | undefined;
  readonly lastStep: number | undefined;
}

export interface CompareRow {
  readonly id: string;
  readonly name: string;
  readonly path: string;
  readonly format: string;
  readonly status: RowStatus | undefined;
  /** What the writer's record adds to the status ("step 500 of 1170: …"), for a tooltip. */
  readonly statusNote?: string;
  /** Wall time of the first point, in seconds since 1970, when the writer records wall times. */
  readonly start: number | undefined;
  /** Seconds from the first point's wall time to the last one's. */
  readonly duration: number | undefined;
  /** The largest step any metric reached. */
  readonly steps: number | undefined;
  readonly params: Readonly<Record<string, string>>;
  readonly metrics: Readonly<Record<string, MetricCell>>;
  readonly findings: { readonly error: number; readonly warning: number; readonly info: number };
}

export interface CompareTable {
  readonly rows: readonly CompareRow[];
  /** Every parameter any run has, in first-seen order. */
  readonly params: readonly string[];
  /** The parameters whose values are not the same in every row (a run without it differs from one with it). */
  readonly differing: readonly string[];
  /** Every metric any run has, in first-seen order. */
  readonly metrics: readonly string[];
  /** Per metric, whether lower is better (the direction "best" took). */
  readonly lowerIsBetter: Readonly<Record<string, boolean>>;
}

/** One row per input, in the inputs' order. */
export function compareRuns(inputs: readonly CompareInput[]): CompareTable {
  const params = new Set<string>();
  const metrics = new Set<string>();
  const lower: Record<string, boolean> = {};
  const rows = inputs.map((input) => {
    const row = rowOf(input);
    for (const p of Object.keys(row.params)) params.add(p);
    for (const s of input.run.series) {
      if (!metrics.has(s.name)) lower[s.name] = lowerIsBetter(s.id.quantity, s.name);
      metrics.add(s.name);
    }
    return row;
  });
  const all = [...params];
  return {
    rows,
    params: all,
    differing: all.filter((p) => differs(rows, p)),
    metrics: [...metrics],
    lowerIsBetter: lower,
  };
}

function differs(rows: readonly CompareRow[], param: string): boolean {
  if (rows.length < 2) return false;
  // By value: one run's `1e-3` and another's `0.001` do not make the column differ.
  const first = paramValue(rows[0]!.params[param]);
  return rows.some((r) => !sameValue(paramValue(r.params[param]), first));
}

function rowOf({ run, id, path, status, written, findings, params }: CompareInput): CompareRow {
  const metrics: Record<string, MetricCell> = {};
  let start = Infinity,
    end = -Infinity,
    steps = -Infinity;
  for (const s of run.series) {
    if (s.length === 0) continue;
    const b = bestIndex(s);
    const last = s.length - 1;
    // A series seen twice (a name logged again) keeps its first: Run holds one series per name.
    metrics[s.name] ??= {
      best: b >= 0 ? s.value(b) : undefined,
      bestStep: b >= 0 ? s.step(b) : undefined,
      last: s.value(last),
      lastStep: s.step(last),
    };
    const w0 = s.wallTime(0),
      w1 = s.wallTime(last);
    if (w0 !== undefined) start = Math.min(start, wallSeconds(w0));
    if (w1 !== undefined) end = Math.max(end, wallSeconds(w1));
    const st = s.step(last);
    if (Number.isFinite(st)) steps = Math.max(steps, st);
  }
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return {
    id,
    name: run.name,
    path,
    format: run.format,
    status: status ?? rowStatus(run, written),
    ...(run.status?.notes?.length ? { statusNote: run.status.notes.join('; ') } : {}),
    start: Number.isFinite(start) ? start : undefined,
    duration: Number.isFinite(start) && Number.isFinite(end) ? end - start : undefined,
    steps: Number.isFinite(steps) ? steps : undefined,
    params: Object.fromEntries(params ?? run.params),
    metrics,
    findings: counts,
  };
}

/**
 * What the run's writer recorded of how it ended, as a row's status (nothing for `unknown`); a run
 * with no end recorded whose files were last written over `KILLED_AFTER_MS` ago is `killed`.
 */
export function rowStatus(run: Run, written?: CompareInput['written']): RowStatus | undefined {
  const state = run.status?.state;
  if (state === 'running' && written && written.now - written.last >= KILLED_AFTER_MS) return 'killed';
  return state === undefined || state === 'unknown' ? undefined : state;
}

/**
 * A parameter's value as a number when it is written as one (`1e-3`, `0.001`, `nan`, `inf`), else
 * undefined. `True` and `False` stay words: a flag is not the number 1, and shows as written.
 */
export function paramNumber(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  if (t === 'True' || t === 'true' || t === 'False' || t === 'false') return undefined;
  const c = parseCell(t);
  return typeof c === 'number' ? c : undefined;
}

/** A parameter's cell: its number when it is written as one, else its text as written. */
export function paramValue(text: string | undefined): number | string | undefined {
  return paramNumber(text) ?? text;
}

/**
 * Whether two cells hold the same value: numbers by value (`1e-3` and `0.001` are one learning
 * rate; NaN is NaN), text exactly, a missing cell only the same as another missing one.
 */
export function sameValue(a: number | string | undefined, b: number | string | undefined): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || (a !== a && b !== b);
  return a === b;
}
