/** Sorting the comparison table by one column: numbers by value, text naturally, missing cells last. */

import type { CellValue, Column } from './columns';
import type { CompareRow } from './table';

/**
 * The rows sorted by `column` (a stable sort: equal cells keep their order). Numbers come before
 * text, NaN after numbers; an empty cell is last whichever the direction, so sorting never buries
 * the runs that have a value under those that do not.
 */
export function sortRows(rows: readonly CompareRow[], column: Column, descending = false): CompareRow[] {
  const keyed = rows.map((row, i) => ({ row, i, v: column.get(row) }));
  keyed.sort((a, b) => {
    if (a.v === undefined || b.v === undefined) return a.v === b.v ? a.i - b.i : a.v === undefined ? 1 : -1;
    const c = compareCells(a.v, b.v);
    return c !== 0 ? (descending ? -c : c) : a.i - b.i;
  });
  return keyed.map((k) => k.row);
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Orders two present cells: numbers (NaN after every other number), then text. */
export function compareCells(a: Exclude<CellValue, undefined>, b: Exclude<CellValue, undefined>): number {
  if (typeof a === 'number' && typeof b === 'number') {
    const na = Number.isNaN(a),
      nb = Number.isNaN(b);
    if (na || nb) return na === nb ? 0 : na ? 1 : -1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return collator.compare(a, b);
}
