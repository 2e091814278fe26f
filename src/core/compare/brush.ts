/**
 * Brushes on the parallel coordinates' axes: a range of a numeric column, or some categories of
 * a text one. They filter the table as the filter box does, and each has the filter text that
 * keeps the same rows (`optimizer.lr >= 0.0001 and optimizer.lr <= 0.01`), so `metric-lens compare
 * --filter` gives the table the panel shows.
 */

import { formatNumber } from '../text/numbers';
import { findColumn } from './columns';
import type { CompareRow, CompareTable } from './table';

export type Brush =
  | { readonly key: string; readonly kind: 'range'; readonly lo: number; readonly hi: number }
  | { readonly key: string; readonly kind: 'values'; readonly values: readonly string[] };

/** Brushes kept at most (one per axis; a table has a bounded number of columns shown). */
export const MAX_BRUSHES = 64;

/** A value as the filter language reads it back exactly: a number at full precision, text quoted. */
function filterValue(v: number | string): string {
  if (typeof v === 'number') return formatNumber(v);
  let out = '"';
  for (const c of v) out += c === '"' || c === '\\' ? `\\${c}` : c;
  return `${out}"`;
}

/** The filter text that keeps what the brushes keep ('' for none): each brush's condition, joined by `and`. */
export function brushFilterText(brushes: readonly Brush[]): string {
  return brushes
    .map((b) => {
      if (b.kind === 'range') return `(${b.key} >= ${filterValue(b.lo)} and ${b.key} <= ${filterValue(b.hi)})`;
      if (b.values.length === 0) return `(${b.key} = "" and ${b.key} != "")`;
      return `(${b.values.map((v) => `${b.key} = ${filterValue(v)}`).join(' or ')})`;
    })
    .join(' and ');
}

/**
 * The rows the brushes keep: each brushed column's cell within its range, or one of its categories
 * (compared as the filter's `=` compares text: case-insensitive). Brushes on columns the table no
 * longer has (the runs changed) are left out.
 */
export function brushRows(rows: readonly CompareRow[], table: CompareTable, brushes: readonly Brush[]): CompareRow[] {
  const tests = brushes.slice(0, MAX_BRUSHES).flatMap((b) => {
    const column = findColumn(table, b.key);
    if (!column) return [];
    if (b.kind === 'range') {
      return [
        (r: CompareRow) => {
          const v = column.get(r);
          return typeof v === 'number' && v >= b.lo && v <= b.hi;
        },
      ];
    }
    const wanted = new Set(b.values.map((v) => v.toLowerCase()));
    return [
      (r: CompareRow) => {
        const v = column.get(r);
        return v !== undefined && wanted.has(String(v).toLowerCase());
      },
    ];
  });
  return tests.length === 0 ? rows.slice() : rows.filter((r) => tests.every((t) => t(r)));
}
