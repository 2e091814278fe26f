/**
 * The columns of the comparison table, by the names users type in a filter or `--sort`: the run's
 * own (`name`, `path`, `format`, `status`, `start`, `duration`, `steps`, `errors`, `warnings`,
 * `infos`), each parameter by its flattened name (`optimizer.lr`), each metric as `val_loss.best`,
 * `val_loss.best_step` and `val_loss.last`. A parameter whose name is taken by a run column is
 * still reached as `params.<name>`.
 */

import { paramValue, type CompareRow, type CompareTable } from './table';

export type CellValue = number | string | undefined;

export type ColumnKind = 'run' | 'param' | 'metric';

export interface Column {
  /** The name a filter or `--sort` uses. */
  readonly key: string;
  readonly kind: ColumnKind;
  /** The parameter or metric it reads, for `param` and `metric` columns. */
  readonly source?: string;
  readonly get: (row: CompareRow) => CellValue;
}

const METRIC_PARTS = { best: 'best', best_step: 'bestStep', last: 'last' } as const;
export type MetricPart = keyof typeof METRIC_PARTS;

export const RUN_COLUMNS: readonly Column[] = [
  { key: 'name', kind: 'run', get: (r) => r.name },
  { key: 'path', kind: 'run', get: (r) => r.path },
  { key: 'format', kind: 'run', get: (r) => r.format },
  { key: 'status', kind: 'run', get: (r) => r.status },
  { key: 'start', kind: 'run', get: (r) => r.start },
  { key: 'duration', kind: 'run', get: (r) => r.duration },
  { key: 'steps', kind: 'run', get: (r) => r.steps },
  { key: 'errors', kind: 'run', get: (r) => r.findings.error },
  { key: 'warnings', kind: 'run', get: (r) => r.findings.warning },
  { key: 'infos', kind: 'run', get: (r) => r.findings.info },
];

const RUN_KEYS = new Set(RUN_COLUMNS.map((c) => c.key));

/** A parameter's cell: a number when it is written as one, else its text. */
export function paramColumn(name: string): Column {
  return {
    key: RUN_KEYS.has(name) ? `params.${name}` : name,
    kind: 'param',
    source: name,
    get: (r) => paramValue(r.params[name]),
  };
}

export function metricColumn(metric: string, part: MetricPart): Column {
  const field = METRIC_PARTS[part];
  return { key: `${metric}.${part}`, kind: 'metric', source: metric, get: (r) => r.metrics[metric]?.[field] };
}

/** Every column of a table: the run's, then parameters, then each metric's best, best step and last. */
export function allColumns(table: CompareTable): Column[] {
  return [
    ...RUN_COLUMNS,
    ...table.params.map(paramColumn),
    ...table.metrics.flatMap((m) => (Object.keys(METRIC_PARTS) as MetricPart[]).map((p) => metricColumn(m, p))),
  ];
}

/**
 * The columns shown by default: the run's name, path, format, status, steps and findings, the
 * parameters that differ between the runs, and each metric's best and last value.
 */
export function defaultColumns(table: CompareTable): Column[] {
  const shown = new Set(['name', 'path', 'format', 'status', 'steps', 'errors', 'warnings']);
  return [
    ...RUN_COLUMNS.filter((c) => shown.has(c.key)),
    ...table.differing.map(paramColumn),
    ...table.metrics.flatMap((m) => [metricColumn(m, 'best'), metricColumn(m, 'last')]),
  ];
}

/**
 * The column named `key`: a run column, then a parameter (also as `params.<name>`), then a
 * metric part. Undefined when the table has none by that name.
 */
export function findColumn(table: CompareTable, key: string): Column | undefined {
  const run = RUN_COLUMNS.find((c) => c.key === key);
  if (run) return run;
  const param =
    key.startsWith('params.') && table.params.includes(key.slice(7))
      ? key.slice(7)
      : table.params.includes(key)
        ? key
        : undefined;
  if (param !== undefined) return paramColumn(param);
  const dot = key.lastIndexOf('.');
  if (dot > 0) {
    const part = key.slice(dot + 1);
    const metric = key.slice(0, dot);
    if (part in METRIC_PARTS && table.metrics.includes(metric)) return metricColumn(metric, part as MetricPart);
  }
  return undefined;
}
