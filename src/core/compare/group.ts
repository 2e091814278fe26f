/**
 * Grouping the comparison table by a column (a parameter, usually): the runs that share its value
 * (identical settings but the seed, say) and, per metric column, the mean ± standard deviation
 * of their values.
 */

import type { CellValue, Column } from './columns';
import { compareCells } from './sort';
import type { CompareRow } from './table';

export interface Stat {
  /** How many runs of the group have a finite value. */
  readonly n: number;
  readonly mean: number | undefined;
  /** The sample standard deviation (n − 1, as pandas' `std`); undefined below two values. */
  readonly std: number | undefined;
}

export interface RowGroup {
  /** The value the rows share; undefined for the runs without one. */
  readonly value: CellValue;
  readonly rows: readonly CompareRow[];
  /** Per column key of `stats` in `groupRows`. */
  readonly stats: Readonly<Record<string, Stat>>;
}

/** Groups in the order of their values (runs without a value last), rows in their given order. */
export function groupRows(rows: readonly CompareRow[], by: Column, stats: readonly Column[]): RowGroup[] {
  const groups = new Map<string, { value: CellValue; rows: CompareRow[] }>();
  for (const row of rows) {
    const value = by.get(row);
    // Numbers by value (a parameter's `1e-3` and `0.001` are one group), text as written.
    const key = value === undefined ? '' : `${typeof value}:${String(value)}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { value, rows: [] }));
    g.rows.push(row);
  }
  const ordered = [...groups.values()].sort((a, b) => {
    if (a.value === undefined || b.value === undefined) return a.value === b.value ? 0 : a.value === undefined ? 1 : -1;
    return compareCells(a.value, b.value);
  });
  return ordered.map((g) => ({
    value: g.value,
    rows: g.rows,
    stats: Object.fromEntries(stats.map((c) => [c.key, stat(g.rows.map(c.get))])),
  }));
}

/** Mean and sample standard deviation of the finite numbers among `values` (two passes: no cancellation). */
export function stat(values: readonly CellValue[]): Stat {
  const xs = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return { n, mean: undefined, std: undefined };
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  if (n < 2) return { n, mean, std: undefined };
  const ss = xs.reduce((s, x) => s + (x - mean) ** 2, 0);
  return { n, mean, std: Math.sqrt(ss / (n - 1)) };
}
