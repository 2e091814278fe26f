/**
 * What the Compare Runs panel computes from the table and its UI state, with the core's own
 * functions (the CLI prints the same): the columns shown, the rows kept and their order, the
 * groups with mean ± std, the baseline deltas and the correlations with a chosen metric.
 */

import {
  allColumns,
  brushRows,
  correlations,
  defaultColumns,
  displayCell,
  filterRows,
  findColumn,
  FilterError,
  groupRows,
  sameValue,
  sortRows,
  type Column,
  type CompareRow,
  type CompareTable,
  type Correlation,
  type RowGroup,
} from '../../src/core/compare';
import { shortNumber } from '../../src/core/text/csvCell';
import type { CompareUiState } from './state';

export interface TableView {
  readonly columns: readonly Column[];
  /** The rows kept by the filter box and the brushes, in the sort's order. */
  readonly rows: readonly CompareRow[];
  /** The rows the filter box keeps, before the brushes (the charts draw the brushed-out ones faint). */
  readonly filtered: readonly CompareRow[];
  readonly filterError: { readonly message: string; readonly position: number } | null;
  readonly groups: readonly RowGroup[] | null;
  readonly groupColumns: readonly Column[];
  readonly baseline: CompareRow | undefined;
  readonly correlations: readonly Correlation[] | null;
}

/** The columns the state names (those the table has), or the default ones. */
export function shownColumns(table: CompareTable, state: CompareUiState): Column[] {
  if (state.columns === null) return defaultColumns(table);
  const chosen = state.columns.map((k) => findColumn(table, k)).filter((c): c is Column => c !== undefined);
  return chosen.length > 0 ? chosen : defaultColumns(table);
}

export function computeView(table: CompareTable, state: CompareUiState): TableView {
  const columns = shownColumns(table, state);
  let rows: readonly CompareRow[] = table.rows;
  let filterError: TableView['filterError'] = null;
  try {
    rows = filterRows(rows, table, state.filter);
  } catch (e) {
    // A filter being typed: the table stays as it was unfiltered, the error is shown beside the box.
    if (!(e instanceof FilterError)) throw e;
    filterError = { message: e.message, position: e.position };
  }
  const filtered = rows;
  rows = brushRows(rows, table, state.brushes);
  const sortColumn = state.sort ? findColumn(table, state.sort.key) : undefined;
  if (sortColumn) rows = sortRows(rows, sortColumn, state.sort!.descending);
  const metricColumns = columns.filter((c) => c.kind === 'metric');
  const by = state.groupBy ? findColumn(table, state.groupBy) : undefined;
  const groups = by ? groupRows(rows, by, metricColumns) : null;
  const baseline = state.baseline ? table.rows.find((r) => r.id === state.baseline) : undefined;
  const target = state.correlate ? findColumn(table, state.correlate) : undefined;
  const params = table.params.map((p) => findColumn(table, p)!).filter((c) => c !== undefined);
  return {
    columns,
    rows,
    filtered,
    filterError,
    groups,
    groupColumns: metricColumns,
    baseline,
    correlations: target ? correlations(rows, params, target) : null,
  };
}

export interface PlotColumns {
  readonly x: Column | undefined;
  /** The chosen metric. */
  readonly y: Column | undefined;
  readonly color: Column | undefined;
  /** The parallel coordinates' axes: the parameters that differ, then the chosen metric. */
  readonly axes: readonly Column[];
  /** Parameters that differ but are not drawn (past `MAX_PARALLEL_AXES`). */
  readonly hidden: number;
}

/**
 * The charts' columns: the metric chosen (or the one correlated, or the first metric's best), the
 * scatter's x (chosen, or the parameter ranked first by the correlations, or the first that differs).
 */
export function plotColumns(table: CompareTable, state: CompareUiState, view?: TableView): PlotColumns {
  const pick = (key: string | null) => (key ? findColumn(table, key) : undefined);
  const y =
    pick(state.plot.y) ??
    pick(state.correlate) ??
    (table.metrics.length > 0 ? findColumn(table, `${table.metrics[0]}.best`) : undefined);
  const strongest = view?.correlations?.find((c) => c.rho !== undefined)?.param;
  const x = pick(state.plot.x) ?? pick(strongest ?? null) ?? pick(table.differing[0] ?? table.params[0] ?? null);
  let axes = table.differing.map((p) => findColumn(table, p)!).filter((c) => c !== undefined);
  if (axes.length > MAX_PARALLEL_AXES) {
    // Too many to read: those that go most with the metric, in the table's order.
    const strength = new Map(
      (y ? correlations(view?.filtered ?? table.rows, axes, y) : []).map((c) => [c.param, Math.abs(c.rho ?? -1)]),
    );
    const kept = new Set(
      [...axes]
        .sort((a, b) => (strength.get(b.key) ?? -1) - (strength.get(a.key) ?? -1))
        .slice(0, MAX_PARALLEL_AXES)
        .map((c) => c.key),
    );
    axes = axes.filter((c) => kept.has(c.key));
  }
  return {
    x,
    y,
    color: pick(state.plot.color),
    axes: y ? [...axes, y] : axes,
    hidden: Math.max(0, table.differing.length - axes.length),
  };
}

/** Parameter axes drawn at most on the parallel coordinates. */
export const MAX_PARALLEL_AXES = 12;

/** Every column the chooser offers. */
export function chooserColumns(table: CompareTable): Column[] {
  return allColumns(table);
}

/** A metric cell's difference to the baseline's, signed ("+0.0123"), or '' when either is missing. */
export function deltaText(column: Column, row: CompareRow, baseline: CompareRow | undefined): string {
  if (!baseline || row === baseline || column.kind !== 'metric' || column.key.endsWith('.best_step')) return '';
  const a = column.get(row),
    b = column.get(baseline);
  if (typeof a !== 'number' || typeof b !== 'number' || !Number.isFinite(a) || !Number.isFinite(b)) return '';
  const d = a - b;
  return d === 0 ? '±0' : `${d > 0 ? '+' : ''}${shortNumber(d)}`;
}

/** Whether a parameter cell differs from the baseline's (highlighted). */
export function differsFromBaseline(column: Column, row: CompareRow, baseline: CompareRow | undefined): boolean {
  if (!baseline || row === baseline || column.kind !== 'param') return false;
  return !sameValue(column.get(row), column.get(baseline));
}

/** "mean ± std (n)" of a group's column, as the panel prints it. */
export function statText(s: { n: number; mean: number | undefined; std: number | undefined }): string {
  if (s.mean === undefined) return '';
  return `${shortNumber(s.mean)}${s.std !== undefined ? ` ± ${shortNumber(s.std)}` : ''}`;
}

export { displayCell };
