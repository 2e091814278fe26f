/**
 * The rows of a predictions file once its header is known, read into typed-array columns
 * (`classificationColumns.ts`): labels interned from bytes, numbers parsed from bytes. A row
 * without a usable true or predicted label is reported and skipped; continuous true values switch
 * the read to regression; ids stay numbers until one is not. The parser (`predictionsParser.ts`)
 * finds the layout and the header and hands each record here; plain lines of a delimited file take
 * the one-pass path (`plainRow.ts`) into the same columns.
 */

import type { DelimitedRecord } from '../text/delimitedFields';
import { quoted } from '../text/messages';
import { MISSING, NOT_A_NUMBER } from '../text/numbers';
import type { ColumnPlan } from './columns';
import { ClassificationColumns } from './classificationColumns';
import type { RowColumns } from './finishPredictions';
import type { Float64Column } from './growable';
import { LabelTable, labelNumber } from './labels';
import { MAX_TRACKED_OTHERS, OtherLabels } from './pairing';
import { newLabels, type PredictionsPart } from './predictionsPart';
import { cellNumber, cellText, hasEscapes, numberOf } from './recordCells';

/** More distinct labels than this is not a classification file anyone can read as a matrix. */
export const MAX_LABELS = 100_000;

const TAB = 9;
const CR = 13;
const SPACE = 32;

/** What a field is for on the one-pass path (`plainRow.ts`). */
export const enum Field {
  Ignored,
  TrueLabel,
  PredictedLabel,
  Number,
  Id,
}

export class PredictionRows {
  readonly table = new LabelTable(MAX_LABELS);
  readonly columns = new ClassificationColumns();
  /** The column plan, once the header gave one. */
  plan: ColumnPlan | undefined;
  /** The plan's columns, for the per-row paths (-1 when absent). */
  trueCol = -1;
  predCol = -1;
  scoreCol = -1;
  idCol = -1;
  /** What each field is for, and a row's numbers by field, on the one-pass path. */
  fields = new Int8Array(0);
  numbers = new Float64Array(0);
  /** The true values turned out continuous: rows go to `actual` and `predicted`. */
  regression = false;
  /** Ids as text, once one id was not a number. */
  idTexts: string[] | undefined;
  private actual: Float64Column | undefined;
  private predicted: Float64Column | undefined;
  /** The labels of the first columns with no role, by position in `plan.others` (see `pairing.ts`). */
  private otherLabels: (OtherLabels | undefined)[] = [];
  private labelsFull = false;
  private allNumeric = true;

  /** `report(line, message)`: a row's problem (the parser counts and keeps them). */
  constructor(
    private readonly names: () => readonly string[],
    private readonly report: (line: number, message: string) => void,
  ) {}

  /** Sets the plan the header gave; probability columns in shared memory when `shared`. */
  setPlan(plan: ColumnPlan, fieldCount: number, shared: boolean): void {
    this.plan = plan;
    this.trueCol = plan.true;
    this.predCol = plan.pred;
    this.scoreCol = plan.score;
    this.idCol = plan.id;
    this.columns.plan(plan, shared);
    this.otherLabels = plan.others.slice(0, MAX_TRACKED_OTHERS).map(() => new OtherLabels());
    const fields = new Int8Array(fieldCount);
    fields[plan.true] = Field.TrueLabel;
    if (plan.pred >= 0) fields[plan.pred] = Field.PredictedLabel;
    if (plan.score >= 0) fields[plan.score] = Field.Number;
    for (const c of plan.proba) fields[c.column] = Field.Number;
    if (plan.id >= 0) fields[plan.id] = Field.Id;
    this.fields = fields;
    this.numbers = new Float64Array(fieldCount);
  }

  /** One data row into the columns; a row without a usable true or predicted label is reported and skipped. */
  readRow(r: DelimitedRecord): void {
    if (this.regression) {
      this.readRegressionRow(r);
      return;
    }
    const t = this.labelOf(r, this.trueCol);
    if (t < 0) {
      this.badLabel(r, this.trueCol, t, 'true label');
      return;
    }
    const predCol = this.predCol;
    let p = -1;
    if (predCol >= 0) {
      p = this.labelOf(r, predCol);
      if (p < 0) {
        this.badLabel(r, predCol, p, 'predicted label');
        return;
      }
    }
    if (this.regression) {
      // The labels just read made the file continuous: this row is read again as regression.
      this.readRegressionRow(r);
      return;
    }
    this.columns.trueIds.push(t);
    if (predCol >= 0) this.columns.predIds.push(p);
    if (this.scoreCol >= 0) this.columns.score.push(numberOf(r, this.scoreCol));
    const proba = this.columns.proba;
    if (proba.length > 0) {
      const cols = this.plan!.proba;
      for (let k = 0; k < proba.length; k++) proba[k]!.push(numberOf(r, cols[k]!.column));
    }
    if (this.columns.others.length > 0) this.readOthers(r);
    if (this.idCol >= 0) this.pushId(r, this.idCol);
    this.columns.lines.push(r.line);
  }

  /**
   * Appends the rows of a part read by a part parser (see `predictionsPart.ts`), its lines moved by
   * `lineShift`, when these rows would have been read the same way. Returns whether it did; if
   * not, nothing has changed. The part's arrays are used up.
   */
  joinPart(part: PredictionsPart, lineShift: number): boolean {
    if (!this.plan || this.regression || this.idTexts) return false;
    if (this.table.size + newLabels(this.table, part) > MAX_LABELS) return false;
    // Regression (see `onNewLabel`): a part that did not switch would not have switched here either.
    // A label switches when every label met before it is a number; every label this parser knows
    // is one while `allNumeric` holds, and the part met the rest first, as this parser would have.
    // The part ends the file: nothing asks `allNumeric` after it.
    const ids = Int32Array.from(part.labelKeys, (key) => this.table.internBytes(key, 0, key.length));
    this.columns.append(part, ids, lineShift, this.plan);
    // A part keeps no labels of the columns with no role: a file read in parts is not re-paired.
    this.otherLabels = [];
    return true;
  }

  /** Everything read, as `finishPredictions` takes it (with the parser's header and matrix rows). */
  rowColumns(matrixRows: RowColumns['matrixRows']): RowColumns {
    const arrays = this.columns.arrays();
    const otherLabels = new Map<number, { table: LabelTable; ids: Int32Array }>();
    this.otherLabels.forEach((o, k) => {
      if (o) otherLabels.set(this.plan!.others[k]!, { table: o.table, ids: o.ids.values() });
    });
    return {
      names: this.names(),
      plan: this.plan,
      table: this.table,
      ...arrays,
      ids: this.idTexts ?? arrays.ids,
      actual: this.actual?.values(),
      predicted: this.predicted?.values(),
      matrixRows,
      otherLabels,
    };
  }

  private readOthers(r: DelimitedRecord): void {
    const cols = this.plan!.others;
    const tracked = this.otherLabels;
    for (let k = 0; k < tracked.length; k++) {
      const o = tracked[k];
      if (!o) continue;
      const col = cols[k]!;
      let kept: boolean;
      if (r.quoted[col] === 0) {
        let s = r.starts[col]!;
        let e = r.ends[col]!;
        while (s < e && (r.bytes[s] === SPACE || r.bytes[s] === TAB)) s++;
        while (e > s && (r.bytes[e - 1] === SPACE || r.bytes[e - 1] === TAB || r.bytes[e - 1] === CR)) e--;
        kept = o.push(r.bytes, s, e);
      } else {
        kept = o.pushText(cellText(r, col).trim());
      }
      if (!kept) tracked[k] = undefined;
    }
    for (let k = 0; k < this.columns.others.length; k++) {
      const col = this.columns.others[k];
      if (!col) continue;
      const v = cellNumber(r, cols[k]!);
      if (v === NOT_A_NUMBER) this.columns.others[k] = undefined;
      else col.push(v === MISSING ? NaN : v);
    }
  }

  private badLabel(r: DelimitedRecord, col: number, code: number, what: string): void {
    if (code === -1)
      this.report(r.line, `line ${r.line}: no ${what} (column ${quoted(this.names()[col]!)} is empty); row skipped`);
    else if (!this.labelsFull) {
      this.labelsFull = true;
      this.report(
        r.line,
        `line ${r.line}: more than ${MAX_LABELS} distinct labels; rows with further new labels are skipped`,
      );
    }
  }

  /** The label id of a cell; -1 when empty, -2 when the label table is full. */
  private labelOf(r: DelimitedRecord, col: number): number {
    const bytes = r.bytes;
    let s = r.starts[col]!;
    let e = r.ends[col]!;
    const quoted = r.quoted[col]!;
    if (quoted === 0) {
      while (s < e && (bytes[s] === SPACE || bytes[s] === TAB)) s++;
      while (e > s && (bytes[e - 1] === SPACE || bytes[e - 1] === TAB || bytes[e - 1] === CR)) e--;
      if (s === e) return -1;
    }
    const before = this.table.size;
    const id =
      quoted === 0 || !hasEscapes(bytes, s, e, quoted)
        ? this.table.internBytes(bytes, s, e)
        : this.table.internText(cellText(r, col));
    if (id === -1) return -2;
    if (this.table.size > before) this.onNewLabel(this.table.text(id));
    return id;
  }

  /** Continuous numeric labels mean regression (scikit-learn's `type_of_target` says "continuous"). */
  private onNewLabel(text: string): void {
    // Once regression, always: a row with two new non-integer labels must not switch twice.
    if (!this.allNumeric || this.regression) return;
    const v = labelNumber(text);
    if (Number.isNaN(v)) {
      this.allNumeric = false;
      return;
    }
    if (Number.isFinite(v) && !Number.isInteger(v) && (this.plan!.pred >= 0 || this.plan!.score >= 0))
      this.switchToRegression();
  }

  private switchToRegression(): void {
    this.regression = true;
    const { actual, predicted } = this.columns.toRegression(
      this.table.allTexts().map(labelNumber),
      this.plan!.pred >= 0,
    );
    this.actual = actual;
    this.predicted = predicted;
  }

  private readRegressionRow(r: DelimitedRecord): void {
    const plan = this.plan!;
    const predCol = plan.pred >= 0 ? plan.pred : plan.score;
    const a = cellNumber(r, plan.true);
    const p = cellNumber(r, predCol);
    for (const [v, col] of [
      [a, plan.true],
      [p, predCol],
    ] as const) {
      if (typeof v !== 'number') {
        const what = v === MISSING ? 'is empty' : `has ${quoted(cellText(r, col).trim())}, not a number`;
        this.report(r.line, `line ${r.line}: column ${quoted(this.names()[col]!)} ${what}; row skipped`);
        return;
      }
    }
    this.actual!.push(a as number);
    this.predicted!.push(p as number);
    if (plan.id >= 0) this.pushId(r, plan.id);
    this.columns.lines.push(r.line);
  }

  private pushId(r: DelimitedRecord, col: number): void {
    if (this.idTexts) {
      this.idTexts.push(cellText(r, col).trim());
      return;
    }
    const v = cellNumber(r, col);
    if (typeof v === 'number' && Number.isFinite(v)) {
      this.columns.idNumbers!.push(v);
      return;
    }
    // A first id that is not a number: every id becomes text.
    this.idTexts = Array.from(this.columns.idNumbers!.values(), (x) => String(x));
    this.columns.idNumbers = undefined;
    this.idTexts.push(cellText(r, col).trim());
  }
}
