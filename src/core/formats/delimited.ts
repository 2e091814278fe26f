/**
 * Delimited-text training logs: Keras `CSVLogger`, PyTorch Lightning `metrics.csv` (sparse rows),
 * Ultralytics `results.csv` (space-padded), and any CSV/TSV/semicolon table a script writes.
 * Reads bytes incrementally and parses numbers straight from the bytes.
 */

import { DelimitedRecordReader, fieldText, isBlankRecord, type DelimitedRecord } from '../delimitedRecords';
import { decodeUtf8 } from '../lines';
import { axisRole, type Split } from '../metricName';
import { MISSING, NOT_A_NUMBER, parseCell, parseCellBytes, type Cell } from '../numbers';
import { Run, type FormatId, type RunParser } from '../run';

const COMMA = 44;
const TAB = 9;
const SEMICOLON = 59;

type ColumnRole = 'metric' | 'step' | 'epoch' | 'wallTime' | 'relativeTime' | 'ignored' | 'text';

interface Column {
  readonly name: string;
  /** The series the column's values go to (the column's name unless the caller renames it). */
  series: string;
  role: ColumnRole;
  split?: Split;
  /** Set once a non-number has been reported for this column, so a broken column is reported once. */
  reported: boolean;
}

export interface DelimitedOptions {
  /** The format to report; refined from the header when the path gave no hint. */
  readonly format?: FormatId;
  /** Force a delimiter instead of detecting it from the header. */
  readonly delimiter?: ',' | '\t' | ';';
  /** Read into this run (a folder run such as DVCLive's, one file per metric) instead of a new one. */
  readonly run?: Run;
  /** The member file of a folder run this is, named in issues and remembered by the series. */
  readonly file?: string;
  /** Names a metric column's series (DVCLive names a metric by its file's path, not its column). */
  readonly seriesName?: (column: string) => string;
}

export class DelimitedLogParser implements RunParser {
  readonly run: Run;
  private readonly records: DelimitedRecordReader;
  private columns: Column[] | undefined;
  private headerKey = '';
  private dataRows = 0;
  private xRole: 'step' | 'epoch' | 'row' = 'row';
  private lastX = NaN;
  private readonly formatFromPath: boolean;
  private readonly file: string | undefined;
  private readonly seriesName: ((column: string) => string) | undefined;

  constructor(source: string, name: string, options: DelimitedOptions = {}) {
    this.run = options.run ?? new Run(source, options.format ?? 'csv', name);
    this.formatFromPath = options.run !== undefined || (options.format !== undefined && options.format !== 'csv');
    this.file = options.file;
    this.seriesName = options.seriesName;
    const onIssue = (line: number, message: string): void => this.report({ line, message });
    this.records = options.delimiter === undefined
      ? new DelimitedRecordReader((r) => this.onRecord(r), { onIssue })
      : new DelimitedRecordReader((r) => this.onRecord(r), { onIssue, delimiter: options.delimiter === '\t' ? TAB : options.delimiter === ';' ? SEMICOLON : COMMA });
  }

  private report(issue: { line: number; message: string }): void {
    this.run.report(this.file === undefined ? issue : { ...issue, file: this.file });
  }

  get pendingBytes(): number { return this.records.pendingBytes; }

  /** The column names as read from the header, trimmed. */
  get header(): readonly string[] { return this.columns?.map((c) => c.name) ?? []; }

  push(chunk: Uint8Array): void {
    this.records.push(chunk);
  }

  flush(): void {
    this.records.flush();
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
      if (this.isHeaderAgain(f)) return;
      this.report({ line, message: `line ${line}: ${f.count} ${f.count === 1 ? 'field' : 'fields'}, header has ${columns.length}; row skipped` });
      return;
    }

    let step = NaN, epoch = NaN, wall = NaN;
    const values = this.rowValues;
    for (let i = 0; i < columns.length; i++) {
      const col = columns[i]!;
      if (col.role === 'ignored' || col.role === 'text') { values[i] = MISSING; continue; }
      const cell: Cell = f.quoted[i]
        ? parseCell(fieldText(f, i))
        : parseCellBytes(bytes, f.starts[i]!, f.ends[i]!, decodeUtf8);
      if (cell === NOT_A_NUMBER) {
        if (this.isHeaderAgain(f)) return;
        if (col.role === 'metric' && !this.seenNumber[i]) {
          // A column whose first value is text (a Keras iterable, a file name) is not a metric.
          col.role = 'text';
        } else if (!col.reported) {
          col.reported = true;
          this.report({ line, message: `line ${line}: column "${col.name}" has "${fieldText(f, i).trim().slice(0, 40)}", not a number; such cells are skipped` });
        }
        values[i] = MISSING;
        continue;
      }
      values[i] = cell;
      if (cell === MISSING) continue;
      this.seenNumber[i] = true;
      switch (col.role) {
        case 'step': step = cell; break;
        case 'epoch': epoch = cell; break;
        case 'wallTime': wall = cell > 1e11 ? cell / 1000 : cell; break;
        default: break;
      }
    }

    let x: number;
    if (this.xRole === 'step') x = Number.isNaN(step) ? this.lastX : step;
    else if (this.xRole === 'epoch') x = Number.isNaN(epoch) ? this.lastX : epoch;
    else x = this.dataRows;
    if (Number.isNaN(x)) x = this.dataRows;
    this.lastX = x;
    this.dataRows++;

    const e = Number.isNaN(epoch) ? undefined : epoch;
    const w = Number.isNaN(wall) ? undefined : wall;
    for (let i = 0; i < columns.length; i++) {
      const col = columns[i]!;
      const v = values[i];
      if (col.role !== 'metric' || typeof v !== 'number') continue;
      const series = this.run.seriesFor(col.series, col.split);
      if (this.file !== undefined) series.noteFile(this.file);
      series.append(x, v, line, e, w);
    }
  }

  private rowValues: Cell[] = [];
  private seenNumber: boolean[] = [];

  private readHeader(f: DelimitedRecord): void {
    const line = f.line;
    const names: string[] = [];
    let padded = false;
    for (let i = 0; i < f.count; i++) {
      const rawText = fieldText(f, i);
      const name = rawText.trim();
      if (name !== rawText && !f.quoted[i]) padded = true;
      names.push(name);
    }
    this.headerKey = names.join('\u0000');

    if (names.every((n) => typeof parseCell(n) === 'number')) {
      // No header: the first row is data. Name the columns by position and read the row.
      this.report({ line, message: `line ${line}: no header row; columns are named by position` });
      this.columns = names.map((_, i) => ({ name: `column ${i + 1}`, series: `column ${i + 1}`, role: 'metric' as ColumnRole, reported: false }));
      this.afterHeader(padded);
      this.onRecord(f);
      return;
    }

    const seen = new Map<string, number>();
    this.columns = names.map((name) => {
      let unique = name;
      const count = seen.get(name) ?? 0;
      if (count > 0) unique = `${name} (${count + 1})`;
      seen.set(name, count + 1);
      const axis = axisRole(name);
      const ignored = name === '' || /^Unnamed: \d+$/.test(name) || /^(index|id)$/i.test(name);
      const role: ColumnRole = axis ?? (ignored ? 'ignored' : 'metric');
      return { name: unique, series: unique, role, reported: false };
    });
    this.afterHeader(padded);
  }

  private afterHeader(padded: boolean): void {
    const columns = this.columns!;
    if (this.seriesName) for (const c of columns) c.series = this.seriesName(c.name);
    this.rowValues = new Array<Cell>(columns.length).fill(MISSING);
    this.seenNumber = new Array<boolean>(columns.length).fill(false);
    const roles = new Set(columns.map((c) => c.role));
    this.xRole = roles.has('step') ? 'step' : roles.has('epoch') ? 'epoch' : 'row';
    this.run.xLabel = this.xRole;
    if (!this.formatFromPath) this.run.format = refineFormat(columns.map((c) => c.name), padded);
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

/** Tells the writer from the header when the path did not. */
function refineFormat(names: readonly string[], padded: boolean): FormatId {
  const set = new Set(names.map((n) => n.toLowerCase()));
  if (padded || names.some((n) => /^(train|val)\/(box|cls|dfl|seg|obj)_loss$/.test(n) || /^metrics\/mAP/.test(n))) return 'ultralytics-csv';
  if (set.has('epoch') && set.has('step') && names.some((n) => /_(step|epoch)$/.test(n) || /^(train|val|test)_/.test(n))) return 'lightning-csv';
  return 'csv';
}
