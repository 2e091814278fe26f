/**
 * A confusion matrix already computed, as a labelled square CSV table: class names in the first
 * row and the first column, counts inside. Rows are true classes as scikit-learn prints them,
 * unless the corner cell says the rows are predictions (`Predicted`, `pred\true`) as Ultralytics
 * writes them.
 */

import { parseCell } from '../text/numbers';
import { orderLabels } from './labels';
import type { ConfusionTable } from './predictions';

/** The table as a matrix in scikit-learn's label order, or undefined when it is not such a table. */
export function confusionFromTable(
  source: string,
  header: readonly string[],
  rows: readonly (readonly string[])[],
): ConfusionTable | undefined {
  const names = header.slice(1);
  const k = names.length;
  if (k < 2 || rows.length !== k || new Set(names).size !== k) return undefined;
  const rowNames = rows.map((r) => r[0] ?? '');
  const colSet = new Set(names);
  if (new Set(rowNames).size !== k || !rowNames.every((n) => colSet.has(n))) return undefined;
  const order = orderLabels(names);
  if (order.labels.length !== k) return undefined;
  const colIndex = names.map((_, j) => order.index[j]!);
  const rowIndex = rowNames.map((n) => order.index[names.indexOf(n)]!);
  const rowsArePredicted = /^\W*pred/i.test(header[0] ?? '');
  const matrix = new Int32Array(k * k);
  let n = 0;
  for (let i = 0; i < k; i++) {
    const row = rows[i]!;
    if (row.length !== k + 1) return undefined;
    for (let j = 0; j < k; j++) {
      const v = parseCell(row[j + 1]!);
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0x7fffffff) return undefined;
      const r = rowIndex[i]!;
      const c = colIndex[j]!;
      matrix[rowsArePredicted ? c * k + r : r * k + c] = v;
      n += v;
    }
  }
  return { kind: 'matrix', source, n, labels: order.labels, numericLabels: order.numeric, matrix };
}
