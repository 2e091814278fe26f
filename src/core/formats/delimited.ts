/**
 * Delimited-text training logs: Keras `CSVLogger`, PyTorch Lightning `metrics.csv` (sparse rows),
 * Ultralytics `results.csv` (space-padded), and any CSV/TSV/semicolon table a script writes.
 * Reads bytes incrementally and parses numbers straight from the bytes.
 */

import { endPlainField, fieldText, isBlankRecord, type DelimitedRecord } from '../text/delimitedFields';
import { DelimitedRecordReader } from '../text/delimitedRecords';
import { decodeUtf8 } from '../text/lines';
import { readDecimal } from '../text/decimal';
import { MISSING, NOT_A_NUMBER, parseCell, parseCellBytes, wallSeconds, type Cell } from '../text/numbers';
import { quoted } from '../text/messages';
import { FAST_ROWS, RowBatch } from '../model/rowBatch';
import { LATER, NEVER, planRow, type DelimitedRowPlan } from './delimitedFastRow';
import {
  EPOCH,
  headerColumns,
  IGNORED,
  METRIC,
  positionalColumns,
  refineFormat,
  ROLE_CODE,
  STEP,
  WALL,
  type Column,
} from './delimitedHeader';
import { Run, type FormatId, type ReadPlace, type SplittableParser } from '../model/run';
import type { Series } from '../model/series';

const COMMA = 44;
const TAB = 9;
const SEMICOLON = 59;
const SPACE = 32;
const QUOTE = 34;
const NEWLINE = 10;
const CR = 13;

const FAST_ON = 1,
  FAST_OFF = 0;

export interface DelimitedOptions {
  /** The format to report; refined from the header when the path gave no hint. */
  readonly format?: FormatId | undefined;
  /** Force a delimiter instead of detecting it from the header. */
  readonly delimiter?: ',' | '\t' | ';' | undefined;
  /** Read into this run (a folder run such as DVCLive's, one file per metric) instead of a new one. */
  readonly run?: Run;
  /** The member file of a folder run this is, named in issues and remembered by the series. */
  readonly file?: string;
  /** Names a metric column's series (DVCLive names a metric by its file's path, not its column). */
  readonly seriesName?: (column: string) => string;
}

export class DelimitedLogParser implements SplittableParser {
  readonly run: Run;
  private readonly records: DelimitedRecordReader;
  private columns: Column[] | undefined;
  private headerKey = '';
  private dataRows = 0;
  private xRole: 'step' | 'epoch' | 'row' = 'row';
  private lastX = NaN;
  /** A row's x was its row count (no step in it, nor before it): see `SplittableParser.usedDefaults`. */
  usedDefaults = false;
  private readonly formatFromPath: boolean;
  private readonly file: string | undefined;
  private readonly seriesName: ((column: string) => string) | undefined;

  constructor(source: string, name: string, options: DelimitedOptions = {}) {
    this.run = options.run ?? new Run(source, options.format ?? 'csv', name);
    this.formatFromPath = options.run !== undefined || (options.format !== undefined && options.format !== 'csv');
    this.file = options.file;
    this.seriesName = options.seriesName;
    const onIssue = (line: number, message: string): void => this.report({ line, message });
    const onPlainLine = this.onPlainLine;
    this.records =
      options.delimiter === undefined
        ? new DelimitedRecordReader((r) => this.onRecord(r), { onIssue, onPlainLine })
        : new DelimitedRecordReader((r) => this.onRecord(r), {
            onIssue,
            onPlainLine,
            delimiter: options.delimiter === '\t' ? TAB : options.delimiter === ';' ? SEMICOLON : COMMA,
          });
  }

  private report(issue: { line: number; message: string }): void {
    this.run.report(this.file === undefined ? issue : { ...issue, file: this.file });
  }

  get pendingBytes(): number {
    return this.records.pendingBytes;
  }

  /** The column names as read from the header, trimmed. */
  get header(): readonly string[] {
    return this.columns?.map((c) => c.name) ?? [];
  }

  push(chunk: Uint8Array): void {
    this.records.push(chunk);
    this.batch.commit();
  }

  get linesRead(): number {
    return this.records.lineNumber - 1;
  }

  /** Rows the fast path read (see `fastRow`). */
  get fastRowsRead(): number {
    return this.fastRows;
  }

  place(): ReadPlace {
    return { lines: this.linesRead, rows: this.dataRows, lastX: this.lastX, seen: this.seenNumber.slice() };
  }

  readOn(after: ReadPlace): void {
    this.records.skipLines(after.lines);
    this.dataRows += after.rows;
    if (after.lastX === after.lastX) this.lastX = after.lastX;
    after.seen?.forEach((seen, i) => {
      if (seen && this.seenNumber[i] === false) {
        this.seenNumber[i] = true;
        this.unseen--;
      }
    });
  }

  /** The header: up to the end of the first line with more than spaces. */
  primeLength(head: Uint8Array): number | undefined {
    let content = false;
    for (let i = 0; i < head.length; i++) {
      const c = head[i]!;
      if (c === NEWLINE) {
        if (content) return i + 1;
      } else if (c !== SPACE && c !== TAB && c !== CR) content = true;
    }
    return undefined;
  }

  /** The delimiter, the header and what each column is (a column turns to text at its first cell, if that is text). */
  continuation(): string | undefined {
    if (!this.columns) return undefined;
    return `${this.records.delimiter} ${this.run.format} ${this.xRole} ${this.roles.join('')} ${this.headerKey}`;
  }

  flush(): void {
    this.records.flush();
    this.batch.commit();
  }

  private onRecord(f: DelimitedRecord): void {
    if (isBlankRecord(f)) return;
    if (!this.columns) {
      this.readHeader(f);
      return;
    }
    const { bytes, line } = f;
    const columns = this.columns;
    if (f.count !== columns.length) {
      // Not the header again: that has as many fields as there are columns.
      this.report({
        line,
        message: `line ${line}: ${f.count} ${f.count === 1 ? 'field' : 'fields'}, header has ${columns.length}; row skipped`,
      });
      return;
    }

    const numbers = this.rowNumbers;
    const has = this.rowHas;
    for (let i = 0; i < columns.length; i++) {
      const col = columns[i]!;
      has[i] = 0;
      if (col.role === 'ignored' || col.role === 'text') continue;
      const cell: Cell = f.quoted[i]
        ? parseCell(fieldText(f, i))
        : parseCellBytes(bytes, f.starts[i]!, f.ends[i]!, decodeUtf8);
      if (cell === NOT_A_NUMBER) {
        if (this.isHeaderAgain(f)) return;
        if (col.role === 'metric' && !this.seenNumber[i]) {
          // A column whose first value is text (a Keras iterable, a file name) is not a metric.
          col.role = 'text';
          this.roles[i] = ROLE_CODE.text;
        } else if (!col.reported) {
          col.reported = true;
          this.report({
            line,
            message: `line ${line}: column ${quoted(col.name)} has ${quoted(fieldText(f, i).trim())}, not a number; it and the column's other cells that are not numbers are skipped`,
          });
        }
        continue;
      }
      if (cell === MISSING) continue;
      numbers[i] = cell;
      has[i] = 1;
      if (!this.seenNumber[i]) {
        this.seenNumber[i] = true;
        this.unseen--;
      }
    }
    this.addRow(line);
  }

  /**
   * The same as a record, for a line with no quote, split and read in one pass (see
   * `RecordReaderOptions.onPlainLine`); anything unusual (text, a wrong field count, a blank line)
   * is left to the record path, which reports it. Returns the offset of the line's `\n`, or -1.
   */
  private readonly onPlainLine = (bytes: Uint8Array, start: number, end: number, line: number): number => {
    const columns = this.columns;
    if (!columns) return -1;
    if (this.fast !== FAST_OFF) {
      const read = this.fastRow(bytes, start, end, line);
      if (read >= 0) return read;
    }
    const d = this.records.delimiter;
    // Cells may be padded with spaces (Ultralytics), and with tabs unless tabs delimit.
    const pad = d === TAB ? SPACE : TAB;
    const numbers = this.rowNumbers;
    const has = this.rowHas;
    const roles = this.roles;
    const n = columns.length;
    let pos = start;
    // Reads never go past `end` (a load out of bounds would slow every load of this loop).
    for (let i = 0; i < n; i++) {
      let c = 0;
      while (pos < end && ((c = bytes[pos]!) === SPACE || c === pad)) pos++;
      if (pos >= end) return -1;
      const role = roles[i]!;
      has[i] = 0;
      if (role >= IGNORED) {
        while (c !== d && c !== NEWLINE) {
          if (c === QUOTE || ++pos >= end) return -1;
          c = bytes[pos]!;
        }
      } else if (c !== d && c !== NEWLINE && c !== CR) {
        pos = readDecimal(bytes, pos, end, numbers, i);
        if (pos < 0) return -1;
        has[i] = 1;
        while (pos < end && ((c = bytes[pos]!) === SPACE || c === pad)) pos++;
        if (pos >= end) return -1;
      }
      pos = endPlainField(bytes, pos, end, c, d, i === n - 1);
      if (pos < 0) return -1;
    }
    // A blank line of a one-column file: the record path skips it.
    if (n === 1 && has[0] === 0) return -1;
    // So it does a line of nothing but spaces and tabs (when tabs delimit, "\t" has all its fields).
    if (has.indexOf(1) < 0 && onlySpaces(bytes, start, pos)) return -1;
    if (this.unseen > 0)
      for (let i = 0; i < n; i++)
        if (has[i] === 1 && !this.seenNumber[i]) {
          this.seenNumber[i] = true;
          this.unseen--;
        }
    this.addRow(line);
    return pos;
  };

  /**
   * The common row read straight into the block of rows (see `RowBatch.slotFor`): every cell a
   * plain number with no padding, the step (or epoch) among them, every metric's series in
   * lockstep. Returns the offset of the line's `\n`, or -1 for anything else, which the general
   * path reads (the half-read row is not counted). Too many such rows turn this path off.
   */
  private fastRow(bytes: Uint8Array, start: number, end: number, line: number): number {
    const plan = this.plan ?? this.makePlan();
    if (!plan) return -1;
    const slot = this.batch.slotFor(plan.series);
    if (slot < 0) {
      this.fast = FAST_OFF;
      return -1;
    }
    const axes = this.rowAxes;
    axes[0] = NaN;
    axes[1] = NaN;
    axes[2] = NaN;
    const pos = plan.read(bytes, start, end, this.records.delimiter, this.batch.values, slot, axes);
    if (pos < 0) {
      if (++this.fastMisses > 16 && this.fastMisses * 8 > this.fastRows) this.fast = FAST_OFF;
      return -1;
    }
    const step = axes[0]!,
      epoch = axes[1]!,
      wall = wallSeconds(axes[2]!);
    const x = this.xRole === 'step' ? step : epoch;
    this.lastX = x;
    this.dataRows++;
    this.fastRows++;
    this.batch.fill(x, line, epoch, wall);
    return pos;
  }

  /**
   * The fast path's plan (see `planRow`), once the columns are settled; none for a row's own count
   * as x or a folder's member file.
   */
  private makePlan(): DelimitedRowPlan | undefined {
    if (this.xRole === 'row' || this.file !== undefined || ++this.planTries > 64) {
      this.fast = FAST_OFF;
      return undefined;
    }
    const plan = planRow(this.columns!, this.roles, this.seenNumber);
    if (plan === NEVER) this.fast = FAST_OFF;
    else if (plan !== LATER) this.plan = plan;
    return this.plan;
  }

  /** A data row, read into `rowNumbers` / `rowHas`: its x, then a point per metric cell. */
  private addRow(line: number): void {
    const columns = this.columns!;
    const numbers = this.rowNumbers;
    const has = this.rowHas;
    const roles = this.roles;
    const n = columns.length;
    let step = NaN,
      epoch = NaN,
      wall = NaN;
    for (let i = 0; i < n; i++) {
      const role = roles[i]!;
      if (has[i] === 0 || role === METRIC) continue;
      const cell = numbers[i]!;
      if (role === STEP) step = cell;
      else if (role === EPOCH) epoch = cell;
      else if (role === WALL) wall = wallSeconds(cell);
    }

    let x: number;
    if (this.xRole === 'step') x = Number.isNaN(step) ? this.lastX : step;
    else if (this.xRole === 'epoch') x = Number.isNaN(epoch) ? this.lastX : epoch;
    else {
      x = this.dataRows;
      this.usedDefaults = true;
    }
    if (Number.isNaN(x)) {
      x = this.dataRows;
      this.usedDefaults = true;
    }
    this.lastX = x;
    this.dataRows++;

    const targets = this.rowSeries;
    const values = this.rowMetrics;
    let count = 0;
    for (let i = 0; i < n; i++) {
      if (roles[i] !== METRIC || has[i] === 0) continue;
      const col = columns[i]!;
      const series = (col.target ??= this.run.seriesFor(col.series, col.split));
      if (this.file !== undefined) series.noteFile(this.file);
      targets[count] = series;
      values[count++] = numbers[i]!;
    }
    this.batch.add(targets, values, count, x, line, epoch, wall);
  }

  /** Rows on their way to their series (see `RowBatch`). */
  private readonly batch = new RowBatch();
  /** The fast path (see `fastRow`): its plan, whether it is on, and how it has done. */
  private plan: DelimitedRowPlan | undefined;
  private fast = FAST_ROWS.on ? FAST_ON : FAST_OFF;
  private fastRows = 0;
  private fastMisses = 0;
  private planTries = 0;
  /** A fast row's step, epoch, wall time and relative time. */
  private readonly rowAxes = new Float64Array(4);

  /** The row being read: its cells' numbers, and whether each cell has one (1) or is empty, text or ignored (0). */
  private rowNumbers = new Float64Array(0);
  private rowHas = new Uint8Array(0);
  /** The row's points: their series and values (handed to the batch together). */
  private rowSeries: Series[] = [];
  private rowMetrics = new Float64Array(0);
  private seenNumber: boolean[] = [];
  /** Columns not seen with a number yet (while any, plain lines mark the ones they see). */
  private unseen = 0;
  /** `ROLE_CODE` of each column, kept in step with `Column.role`. */
  private roles = new Uint8Array(0);

  private readHeader(f: DelimitedRecord): void {
    const line = f.line;
    const names: string[] = [];
    let padded = false;
    let cr = false;
    for (let i = 0; i < f.count; i++) {
      const rawText = fieldText(f, i);
      const name = rawText.trim();
      if (name !== rawText && !f.quoted[i]) padded = true;
      if (!f.quoted[i] && rawText.includes('\r')) cr = true;
      names.push(name);
    }
    this.headerKey = names.join('\u0000');
    // A CR inside the header: the file's lines end with a bare CR (classic Mac), read as one long line.
    if (cr) {
      this.report({
        line,
        message: `line ${line}: the lines end with a bare CR (\\r), which is not read as a line end, so the whole file reads as one header; save it with LF or CRLF line ends`,
      });
    }

    if (names.every((n) => typeof parseCell(n) === 'number')) {
      // No header: the first row is data. Name the columns by position and read the row.
      this.report({ line, message: `line ${line}: no header row; columns are named by position` });
      this.columns = positionalColumns(names.length);
      this.afterHeader(padded);
      this.onRecord(f);
      return;
    }

    this.columns = headerColumns(names);
    this.afterHeader(padded);
  }

  private afterHeader(padded: boolean): void {
    const columns = this.columns!;
    if (this.seriesName) for (const c of columns) c.series = this.seriesName(c.name);
    this.rowNumbers = new Float64Array(columns.length);
    this.rowHas = new Uint8Array(columns.length);
    this.rowMetrics = new Float64Array(columns.length);
    this.seenNumber = new Array<boolean>(columns.length).fill(false);
    this.unseen = columns.length;
    this.roles = Uint8Array.from(columns, (c) => ROLE_CODE[c.role]);
    const roles = new Set(columns.map((c) => c.role));
    this.xRole = roles.has('step') ? 'step' : roles.has('epoch') ? 'epoch' : 'row';
    this.run.xLabel = this.xRole;
    if (!this.formatFromPath)
      this.run.format = refineFormat(
        columns.map((c) => c.name),
        padded,
      );
    if (this.run.format === 'ultralytics-csv') {
      // Ultralytics computes `metrics/*` (precision, recall, mAP) on the validation set.
      for (const c of columns) if (/^metrics\//.test(c.name)) c.split = 'val';
    }
  }

  /** A header repeated mid-file (a resumed run appending with a new header) is not data. */
  private isHeaderAgain(f: DelimitedRecord): boolean {
    const names: string[] = [];
    for (let i = 0; i < f.count; i++) names.push(fieldText(f, i).trim());
    return names.join('\u0000') === this.headerKey;
  }
}

function onlySpaces(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = bytes[i];
    if (c !== SPACE && c !== TAB && c !== CR && c !== NEWLINE) return false;
  }
  return true;
}
