/**
 * The one-pass path of a predictions file's rows: a plain line (labels seen before, numbers, no
 * quotes) split and read in one pass (see `RecordReaderOptions.onPlainLine`), into the same columns
 * as `PredictionRows.readRow`. Anything else — a new label, text, an empty label, a wrong field
 * count — is left to the record path, untouched. Most rows of a large file take this path: it
 * reads each byte once and allocates nothing.
 */

import { endPlainField } from '../text/delimitedFields';
import { readDecimal } from '../text/decimal';
import { Field, type PredictionRows } from './predictionRows';

const TAB = 9;
const NEWLINE = 10;
const CR = 13;
const SPACE = 32;
const QUOTE = 34;

/**
 * Reads the line `bytes[start, end)` (line number `line`, fields split by `delimiter`, `fieldCount`
 * of them) into `rows`. Returns the offset of the line's `\n`, or -1 (then nothing was read).
 */
export function readPlainRow(
  rows: PredictionRows,
  fieldCount: number,
  delimiter: number,
  bytes: Uint8Array,
  start: number,
  end: number,
  line: number,
): number {
  const plan = rows.plan;
  if (!plan || rows.regression || rows.columns.others.length > 0 || rows.idTexts) return -1;
  const n = fieldCount;
  if (n < 2) return -1;
  const d = delimiter;
  const pad = d === TAB ? SPACE : TAB;
  const fields = rows.fields;
  const numbers = rows.numbers;
  const table = rows.table;
  let t = -1,
    p = -1;
  let pos = start;
  for (let i = 0; i < n; i++) {
    let c = 0;
    while (pos < end && ((c = bytes[pos]!) === SPACE || c === pad)) pos++;
    if (pos >= end) return -1;
    const field = fields[i]!;
    if (field === Field.TrueLabel || field === Field.PredictedLabel || field === Field.Ignored) {
      const from = pos;
      while (c !== d && c !== NEWLINE) {
        if (c === QUOTE || ++pos >= end) return -1;
        c = bytes[pos]!;
      }
      if (field !== Field.Ignored) {
        let to = pos;
        while (to > from && ((c = bytes[to - 1]!) === SPACE || c === TAB || c === CR)) to--;
        const id = to > from ? table.find(bytes, from, to) : -1;
        if (id < 0) return -1;
        if (field === Field.TrueLabel) t = id;
        else p = id;
        c = bytes[pos]!;
      }
    } else if (c === d || c === NEWLINE || c === CR) {
      // An empty score is NaN, as on the record path; an empty id makes every id text there.
      if (field === Field.Id) return -1;
      numbers[i] = NaN;
    } else {
      pos = readDecimal(bytes, pos, end, numbers, i);
      if (pos < 0) return -1;
      while (pos < end && ((c = bytes[pos]!) === SPACE || c === pad)) pos++;
      if (pos >= end || (field === Field.Id && !Number.isFinite(numbers[i]!))) return -1;
    }
    pos = endPlainField(bytes, pos, end, c, d, i === n - 1);
    if (pos < 0) return -1;
  }
  const columns = rows.columns;
  columns.trueIds.push(t);
  if (rows.predCol >= 0) columns.predIds.push(p);
  if (rows.scoreCol >= 0) columns.score.push(numbers[rows.scoreCol]!);
  const proba = columns.proba;
  if (proba.length > 0) {
    const cols = plan.proba;
    for (let k = 0; k < proba.length; k++) proba[k]!.push(numbers[cols[k]!.column]!);
  }
  if (rows.idCol >= 0) columns.idNumbers!.push(numbers[rows.idCol]!);
  columns.lines.push(line);
  return pos;
}
