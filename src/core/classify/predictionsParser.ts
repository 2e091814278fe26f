/**
 * Reads a predictions file from bytes in chunks: CSV/TSV (quoted free text, BOM, CRLF, pandas'
 * unnamed index), JSON Lines, or JSON arrays of records (DVCLive's `confusion_matrix.json`).
 * Columns are found by name (see `columns.ts`); rows go straight into typed-array columns, labels
 * are interned from bytes, numbers parsed from bytes. A bad row becomes an issue with its line and
 * the rest is read. Continuous true values switch the read to regression.
 */

import {
  DelimitedRecordReader,
  endPlainField,
  fieldText,
  isBlankRecord,
  type DelimitedRecord,
} from '../text/delimitedRecords';
import { copyBytes, MAX_LINE_BYTES } from '../text/lines';
import { quoted } from '../text/messages';
import { readDecimal } from '../text/decimal';
import { MISSING, NOT_A_NUMBER } from '../text/numbers';
import { MAX_KEPT_ISSUES, type ReadIssue } from '../model/run';
import { detectColumns, type ColumnPlan } from './columns';
import { finishPredictions, type RowColumns } from './finishPredictions';
import { ClassificationColumns } from './classificationColumns';
import { Float64Column } from './growable';
import { JsonRecordReader } from './jsonRecords';
import { cellNumber, cellText, hasEscapes, numberOf } from './recordCells';
import { LabelTable, labelNumber } from './labels';
import { newLabels, sameNames, type PredictionsPart } from './predictionsPart';
import { MAX_TRACKED_OTHERS, OtherLabels } from './pairing';
import type { PredictionOptions, PredictionsRead } from './predictions';
import { TextBytes } from '../formats/textBytes';

/** More distinct labels than this is not a classification file anyone can read as a matrix. */
export const MAX_LABELS = 100_000;
/** A labelled square matrix has at most this many classes. */
const MAX_MATRIX_ROWS = 2_000;

const DELIMITERS = { ',': 44, '\t': 9, ';': 59 } as const;
const TAB = 9;
const NEWLINE = 10;
const CR = 13;
const SPACE = 32;
const QUOTE = 34;

/** What a field is for on the one-pass path (`onPlainLine`). */
const enum Field {
  Ignored,
  TrueLabel,
  PredictedLabel,
  Number,
  Id,
}

export class PredictionsParser {
  private reader: DelimitedRecordReader | JsonRecordReader | undefined;
  private sniffed: Uint8Array[] = [];
  private sniffedBytes = 0;
  private names: string[] | undefined;
  private plan: ColumnPlan | undefined;
  /** The plan's columns, as fields for the per-row path (-1 when absent). */
  private trueCol = -1;
  private predCol = -1;
  private scoreCol = -1;
  private idCol = -1;
  private planError: string | undefined;
  private readonly issues: ReadIssue[] = [];
  private issueCount = 0;
  private readonly table = new LabelTable(MAX_LABELS);
  private labelsFull = false;
  private allNumeric = true;
  private regression = false;

  private readonly columns = new ClassificationColumns();
  private idTexts: string[] | undefined;
  private actual: Float64Column | undefined;
  private predicted: Float64Column | undefined;
  /** The labels of the first columns with no role, by position in `plan.others` (see `pairing.ts`). */
  private otherLabels: (OtherLabels | undefined)[] = [];
  /** The first rows as text, kept while the file might be a labelled square confusion matrix. */
  private matrixRows: string[][] | undefined;

  /** Bytes pushed so far, and the rows read from them: to reserve the rest of the columns at once. */
  private bytesPushed = 0;
  private reserved = false;

  /** `expectedBytes`: the file's size when known, so that columns are sized once instead of grown. */
  constructor(
    readonly source: string,
    private readonly options: PredictionOptions = {},
    private readonly expectedBytes = 0,
  ) {}

  /** A part parser's line after its prime (0 until primed, -1 when the prime was not a whole header). */
  private partStart = 0;

  get pendingBytes(): number {
    return this.text.pendingBytes + (this.reader?.pendingBytes ?? this.sniffedBytes);
  }

  /** UTF-16 comes on as UTF-8; a binary file is refused with one issue (see `TextBytes`). */
  private readonly text = new TextBytes((message) => {
    this.refused = true;
    this.issueCount++;
    this.issues.push({ offset: 0, message });
  });
  private refused = false;

  push(chunk: Uint8Array): void {
    this.text.push(chunk, this.accept);
  }

  private readonly accept = (chunk: Uint8Array): void => {
    this.bytesPushed += chunk.length;
    if (this.reader) {
      this.reader.push(chunk);
      if (!this.reserved) this.reserveColumns();
      return;
    }
    this.sniffed.push(copyBytes(chunk));
    this.sniffedBytes += chunk.length;
    if (this.sniff(false)) this.drainSniffed();
  };

  flush(): void {
    this.text.flush(this.accept);
    if (this.refused) return;
    if (!this.reader) {
      this.sniff(true);
      this.drainSniffed();
    }
    this.reader?.flush();
  }

  /**
   * Makes this a parser of a later part of a file (see `predictionsPart.ts`): `prime` it with the
   * file's first line (its header), push the part's bytes, flush, and take `part()`.
   */
  prime(bytes: Uint8Array): void {
    this.push(bytes);
    // The part's bytes are the file's as they are: UTF-16 (transcoded) cannot be cut at a byte.
    this.partStart =
      this.text.passesThrough && this.reader instanceof DelimitedRecordReader && this.plan && this.pendingBytes === 0
        ? this.reader.lineNumber
        : -1;
  }

  /** What a part parser read, once flushed. */
  part(): PredictionsPart {
    const joinable =
      this.partStart > 0 && !!this.plan && !this.regression && !this.idTexts && this.issueCount === 0 && !this.refused;
    return {
      joinable,
      names: this.names ?? [],
      firstLine: this.partStart,
      labelKeys: this.table.allKeys().slice(),
      ...this.columns.arrays(),
    };
  }

  /**
   * Appends the rows of the file's next part, read by a part parser, when this parser (which has
   * read up to that part) would have read them the same way. Returns whether it did; if not,
   * nothing has changed, and the part's bytes are to be pushed here. The part's arrays are used up.
   */
  joinPart(part: PredictionsPart): boolean {
    const reader = this.reader;
    if (
      !part.joinable ||
      !this.text.passesThrough ||
      !(reader instanceof DelimitedRecordReader) ||
      this.pendingBytes !== 0
    )
      return false;
    if (!this.plan || this.regression || this.matrixRows || this.idTexts || !sameNames(this.names, part.names))
      return false;
    if (this.table.size + newLabels(this.table, part) > MAX_LABELS) return false;
    // Regression (see `onNewLabel`): a part that did not switch would not have switched here either.
    // A label switches when every label met before it is a number; every label this parser knows
    // is one while `allNumeric` holds, and the part met the rest first, as this parser would have.
    // The part ends the file: nothing asks `allNumeric` after it.
    const ids = Int32Array.from(part.labelKeys, (key) => this.table.internBytes(key, 0, key.length));
    this.columns.append(part, ids, reader.lineNumber - part.firstLine, this.plan);
    // A part keeps no labels of the columns with no role: a file read in parts is not re-paired.
    this.otherLabels = [];
    return true;
  }

  private finished: PredictionsRead | undefined;

  /** Everything read, once `flush` has been called (computed once: labels are renumbered in place). */
  result(): PredictionsRead {
    this.finished ??= this.finish();
    return this.finished;
  }

  private finish(): PredictionsRead {
    if (this.refused) {
      /* the one issue says why */
    } else if (!this.names) this.report(1, 'the file is empty');
    else if (!this.plan && !this.matrixRows) this.report(1, this.planError ?? 'no columns');
    const arrays = this.columns.arrays();
    const otherLabels = new Map<number, { table: LabelTable; ids: Int32Array }>();
    this.otherLabels.forEach((o, k) => {
      if (o) otherLabels.set(this.plan!.others[k]!, { table: o.table, ids: o.ids.values() });
    });
    const columns: RowColumns = {
      names: this.names ?? [],
      plan: this.plan,
      table: this.table,
      ...arrays,
      ids: this.idTexts ?? arrays.ids,
      actual: this.actual?.values(),
      predicted: this.predicted?.values(),
      matrixRows: this.matrixRows,
      otherLabels,
    };
    const data = finishPredictions(this.source, columns, this.options, (line, message) => this.report(line, message));
    return { data, issues: this.issues, issueCount: this.issueCount };
  }

  /** Chooses the layout from the first non-blank byte: `{` or `[` is JSON, anything else delimited text. */
  private sniff(final: boolean): boolean {
    if (this.options.format) return this.makeReader(this.options.format === 'json');
    // The parts before the newest were all blank (else the layout would be chosen): only it needs a look.
    const part = this.sniffed[this.sniffed.length - 1];
    for (let i = 0; part && i < part.length; i++) {
      const c = part[i]!;
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xef || c === 0xbb || c === 0xbf) continue;
      return this.makeReader(c === 123 || c === 91);
    }
    // Blank lines say nothing either way, and are not kept without end.
    return final || this.sniffedBytes > MAX_LINE_BYTES ? this.makeReader(false) : false;
  }

  private makeReader(json: boolean): boolean {
    const onIssue = (line: number, message: string): void => this.report(line, message);
    if (json) {
      this.reader = new JsonRecordReader((r, names) => this.onJsonRecord(r, names), onIssue);
    } else {
      const delimiter = this.options.delimiter ? DELIMITERS[this.options.delimiter] : undefined;
      const onPlainLine = this.onPlainLine;
      this.reader = new DelimitedRecordReader(
        (r) => this.onDelimitedRecord(r),
        delimiter === undefined ? { onIssue, onPlainLine } : { delimiter, onIssue, onPlainLine },
      );
    }
    return true;
  }

  /** Once some rows are in, estimates the file's row count from its size and sizes the columns for it. */
  private reserveColumns(): void {
    const rows = this.columns.lines.length;
    if (this.expectedBytes <= 0 || rows < 1000 || this.regression || !this.plan) return;
    this.reserved = true;
    this.columns.reserve(Math.ceil((this.expectedBytes / this.bytesPushed) * rows * 1.02) + 1024, this.plan);
  }

  private drainSniffed(): void {
    const parts = this.sniffed;
    this.sniffed = [];
    this.sniffedBytes = 0;
    for (const p of parts) this.reader!.push(p);
  }

  private report(line: number, message: string): void {
    this.issueCount++;
    if (this.issues.length < MAX_KEPT_ISSUES) this.issues.push({ line, message });
  }

  private onDelimitedRecord(r: DelimitedRecord): void {
    if (!this.names) {
      if (isBlankRecord(r)) return;
      const names: string[] = [];
      for (let i = 0; i < r.count; i++) names.push(fieldText(r, i).trim());
      this.setHeader(names);
      return;
    }
    if (r.count !== this.names.length) {
      if (isBlankRecord(r)) return;
      this.report(
        r.line,
        `line ${r.line}: ${r.count} ${r.count === 1 ? 'field' : 'fields'}, header has ${this.names.length}; row skipped`,
      );
      return;
    }
    if (this.matrixRows) this.keepMatrixRow(r);
    if (this.plan) this.readRow(r);
  }

  private onJsonRecord(r: DelimitedRecord, names: readonly string[]): void {
    if (!this.names) {
      this.setHeader(names.slice());
      this.matrixRows = undefined;
    }
    if (this.plan) this.readRow(r);
  }

  private setHeader(names: string[]): void {
    this.names = names;
    const detected = detectColumns(names, this.options);
    if ('error' in detected) this.planError = detected.error;
    else {
      this.plan = detected.plan;
      this.trueCol = detected.plan.true;
      this.predCol = detected.plan.pred;
      this.scoreCol = detected.plan.score;
      this.idCol = detected.plan.id;
      this.columns.plan(detected.plan, this.options.sharedColumns ?? false);
      this.otherLabels = detected.plan.others.slice(0, MAX_TRACKED_OTHERS).map(() => new OtherLabels());
      const fields = new Int8Array(names.length);
      fields[detected.plan.true] = Field.TrueLabel;
      if (detected.plan.pred >= 0) fields[detected.plan.pred] = Field.PredictedLabel;
      if (detected.plan.score >= 0) fields[detected.plan.score] = Field.Number;
      for (const c of detected.plan.proba) fields[c.column] = Field.Number;
      if (detected.plan.id >= 0) fields[detected.plan.id] = Field.Id;
      this.fields = fields;
      this.rowNumbers = new Float64Array(names.length);
    }
    if (names.length >= 3 && names.length <= MAX_MATRIX_ROWS + 1) this.matrixRows = [];
  }

  private fields = new Int8Array(0);
  private rowNumbers = new Float64Array(0);

  /**
   * A row of a plain file (labels seen before, numbers, no quotes) split and read in one pass (see
   * `RecordReaderOptions.onPlainLine`), into the same columns as `readRow`. Anything else — a new
   * label, text, an empty label, a wrong field count, the first rows while the file might be a
   * matrix — is left to the record path, untouched. Returns the offset of the line's `\n`, or -1.
   */
  private readonly onPlainLine = (bytes: Uint8Array, start: number, end: number, line: number): number => {
    const names = this.names;
    if (!names || !this.plan || this.regression || this.matrixRows || this.columns.others.length > 0 || this.idTexts)
      return -1;
    const n = names.length;
    if (n < 2) return -1;
    const d = (this.reader as DelimitedRecordReader).delimiter;
    const pad = d === TAB ? SPACE : TAB;
    const fields = this.fields;
    const numbers = this.rowNumbers;
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
          const id = to > from ? this.table.find(bytes, from, to) : -1;
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
    const columns = this.columns;
    columns.trueIds.push(t);
    if (this.predCol >= 0) columns.predIds.push(p);
    if (this.scoreCol >= 0) columns.score.push(numbers[this.scoreCol]!);
    const proba = columns.proba;
    if (proba.length > 0) {
      const cols = this.plan.proba;
      for (let k = 0; k < proba.length; k++) proba[k]!.push(numbers[cols[k]!.column]!);
    }
    if (this.idCol >= 0) columns.idNumbers!.push(numbers[this.idCol]!);
    columns.lines.push(line);
    return pos;
  };

  private keepMatrixRow(r: DelimitedRecord): void {
    const rows = this.matrixRows!;
    if (rows.length >= this.names!.length - 1) {
      this.matrixRows = undefined;
      return;
    }
    const cells: string[] = [];
    for (let i = 0; i < r.count; i++) cells.push(fieldText(r, i).trim());
    rows.push(cells);
  }

  /** One data row into the columns; a row without a usable true or predicted label is reported and skipped. */
  private readRow(r: DelimitedRecord): void {
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
      this.report(r.line, `line ${r.line}: no ${what} (column ${quoted(this.names![col]!)} is empty); row skipped`);
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
      while (s < e && (bytes[s] === 32 || bytes[s] === 9)) s++;
      while (e > s && (bytes[e - 1] === 32 || bytes[e - 1] === 9 || bytes[e - 1] === 13)) e--;
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
        this.report(r.line, `line ${r.line}: column ${quoted(this.names![col]!)} ${what}; row skipped`);
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
