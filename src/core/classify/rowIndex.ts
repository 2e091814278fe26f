/**
 * The rows behind each cell of a confusion matrix ("4 predicted as 9": which samples, on which
 * lines), from an index built once in O(n + k²): rows grouped by cell with a counting sort, so a
 * click costs the size of the answer. At a threshold of the binary slider, the rows of a cell are
 * found among the rows of its true class.
 */

import type { Predictions } from './predictions';

/** Rows grouped by a key: the rows with key `b` are `rows[starts[b], starts[b + 1])`. */
export interface RowGroups {
  readonly starts: Int32Array;
  readonly rows: Int32Array;
}

export function groupRows(keys: Int32Array, buckets: number): RowGroups {
  const starts = new Int32Array(buckets + 1);
  for (let i = 0; i < keys.length; i++) starts[keys[i]! + 1] = starts[keys[i]! + 1]! + 1;
  for (let b = 0; b < buckets; b++) starts[b + 1] = starts[b + 1]! + starts[b]!;
  const next = starts.slice(0, buckets);
  const rows = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const b = keys[i]!;
    rows[next[b]!] = i;
    next[b] = next[b]! + 1;
  }
  return { starts, rows };
}

export interface CellIndex extends RowGroups {
  readonly k: number;
}

/** Index of rows by cell (true i, predicted j) → key `i * k + j`. */
export function indexCells(yTrue: Int32Array, yPred: Int32Array, k: number): CellIndex {
  const keys = new Int32Array(yTrue.length);
  for (let i = 0; i < keys.length; i++) keys[i] = yTrue[i]! * k + yPred[i]!;
  return { k, ...groupRows(keys, k * k) };
}

/** The rows with true class `i` and predicted class `j`, in file order (a view). */
export function rowsInCell(index: CellIndex, i: number, j: number): Int32Array {
  const cell = i * index.k + j;
  return index.rows.subarray(index.starts[cell]!, index.starts[cell + 1]!);
}

/**
 * Binary, at threshold `t`: the rows with true class `i` predicted `j` when `score >= t` means the
 * positive class (NaN scores predicted negative). `byTrue` is `groupRows(yTrue, 2)`.
 */
export function rowsInCellAtThreshold(p: Predictions, byTrue: RowGroups, t: number, i: number, j: number): Int32Array {
  const score = p.score;
  if (!score) return new Int32Array(0);
  const wantPositive = j === p.positive;
  const candidates = byTrue.rows.subarray(byTrue.starts[i]!, byTrue.starts[i + 1]!);
  const out = new Int32Array(candidates.length);
  let m = 0;
  for (let a = 0; a < candidates.length; a++) {
    const r = candidates[a]!;
    if (score[r]! >= t === wantPositive) out[m++] = r;
  }
  return out.slice(0, m);
}

export interface RowDetail {
  /** 0-based row in the file's data. */
  readonly row: number;
  readonly id?: number | string;
  readonly trueLabel: string;
  readonly predictedLabel: string;
  /** The binary score, or the predicted class's probability. */
  readonly score?: number;
  readonly line: number;
}

/** The details of `rows[offset, offset + limit)`, for a table of misclassified rows. */
export function describeRows(
  p: Predictions,
  rows: Int32Array,
  offset = 0,
  limit = 100,
  yPred: Int32Array = p.yPred,
): RowDetail[] {
  const out: RowDetail[] = [];
  const probaColumn = new Map<number, number>();
  p.probaLabels?.forEach((label, k) => probaColumn.set(label, k));
  for (let a = offset; a < Math.min(rows.length, offset + limit); a++) {
    const r = rows[a]!;
    const predicted = yPred[r]!;
    const k = probaColumn.get(predicted);
    const score = p.score ? p.score[r]! : k !== undefined ? p.proba![k]![r]! : undefined;
    out.push({
      row: r,
      ...(p.ids ? { id: p.ids[r]! } : {}),
      trueLabel: p.labels[p.yTrue[r]!]!,
      predictedLabel: p.labels[predicted]!,
      ...(score !== undefined ? { score } : {}),
      line: p.lines[r]!,
    });
  }
  return out;
}
