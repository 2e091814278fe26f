/**
 * Delimited-text training logs: Keras `CSVLogger`, PyTorch Lightning `metrics.csv` (sparse rows),
 * Ultralytics `results.csv` (space-padded), and any CSV/TSV/semicolon table a script writes.
 * Reads bytes incrementally and parses numbers straight from the bytes.
 */

import { LineSplitter, copyBytes, decodeUtf8 } from '../lines';
import { axisRole, type Split } from '../metricName';
import { MISSING, NOT_A_NUMBER, parseCell, parseCellBytes, type Cell } from '../numbers';
import { Run, type FormatId, type RunParser } from '../run';

const QUOTE = 34;
const COMMA = 44;
const TAB = 9;
const SEMICOLON = 59;

type ColumnRole = 'metric' | 'step' | 'epoch' | 'wallTime' | 'relativeTime' | 'ignored' | 'text';

interface Column {
  readonly name: string;
  role: ColumnRole;
  split?: Split;
  /** Set once a non-number has been reported for this column, so a broken column is reported once. */
  reported: boolean;
}

/** A record split into fields: `[start, end)` byte ranges, and whether each field was quoted. */
interface Fields {
  count: number;
  starts: Int32Array;
  ends: Int32Array;
  quoted: Uint8Array;
}

/** Picks the delimiter of a header line: the most frequent of tab, comma and semicolon outside quotes. */
export function detectDelimiter(bytes: Uint8Array, start: number, end: number): number {
  let commas = 0, tabs = 0, semicolons = 0;
  let inQuote = false;
  for (let i = start; i < end; i++) {
    const c = bytes[i];
    if (c === QUOTE) inQuote = !inQuote;
    else if (!inQuote) {
      if (c === COMMA) commas++;
      else if (c === TAB) tabs++;
      else if (c === SEMICOLON) semicolons++;
    }
  }
  if (tabs > 0 && tabs >= commas && tabs >= semicolons) return TAB;
  if (semicolons > commas) return SEMICOLON;
  return COMMA;
}

/** Splits `[start, end)` into fields; a quoted field may contain the delimiter and `""` escapes. */
function splitFields(bytes: Uint8Array, start: number, end: number, delimiter: number, out: Fields): void {
  let count = 0;
  let i = start;
  for (;;) {
    if (count === out.starts.length) grow(out);
    let fieldStart = i;
    while (fieldStart < end && bytes[fieldStart] === 32) fieldStart++;
    if (fieldStart < end && bytes[fieldStart] === QUOTE) {
      let j = fieldStart + 1;
      for (;;) {
        while (j < end && bytes[j] !== QUOTE) j++;
        if (j + 1 < end && bytes[j + 1] === QUOTE) { j += 2; continue; }
        break;
      }
      out.starts[count] = fieldStart + 1;
      out.ends[count] = Math.min(j, end);
      out.quoted[count] = 1;
      count++;
      let k = j + 1;
      while (k < end && bytes[k] !== delimiter) k++;
      if (k >= end) break;
      i = k + 1;
    } else {
      let k = i;
      while (k < end && bytes[k] !== delimiter) k++;
      out.starts[count] = i;
      out.ends[count] = k;
      out.quoted[count] = 0;
      count++;
      if (k >= end) break;
      i = k + 1;
    }
  }
  out.count = count;
}

function grow(f: Fields): void {
  const n = f.starts.length * 2;
  const s = new Int32Array(n); s.set(f.starts); f.starts = s;
  const e = new Int32Array(n); e.set(f.ends); f.ends = e;
  const q = new Uint8Array(n); q.set(f.quoted); f.quoted = q;
}

function fieldText(bytes: Uint8Array, fields: Fields, i: number): string {
  const text = decodeUtf8(bytes.subarray(fields.starts[i]!, fields.ends[i]!));
  return fields.quoted[i] ? text.replace(/""/g, '"') : text;
}

function countQuotes(bytes: Uint8Array, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) if (bytes[i] === QUOTE) n++;
  return n;
}

export interface DelimitedOptions {
  /** The format to report; refined from the header when the path gave no hint. */
  readonly format?: FormatId;
  /** Force a delimiter instead of detecting it from the header. */
  readonly delimiter?: ',' | '\t' | ';';
}

export class DelimitedLogParser implements RunParser {
  readonly run: Run;
  private readonly lines: LineSplitter;
  private columns: Column[] | undefined;
  private headerKey = '';
  private delimiter: number;
  private readonly forcedDelimiter: boolean;
  private readonly fields: Fields = { count: 0, starts: new Int32Array(32), ends: new Int32Array(32), quoted: new Uint8Array(32) };
  private pending: { parts: Uint8Array[]; line: number; quotes: number } | undefined;
  private dataRows = 0;
  private xRole: 'step' | 'epoch' | 'row' = 'row';
  private lastX = NaN;
  private readonly formatFromPath: boolean;

  constructor(source: string, name: string, options: DelimitedOptions = {}) {
    this.run = new Run(source, options.format ?? 'csv', name);
    this.formatFromPath = options.format !== undefined && options.format !== 'csv';
    this.forcedDelimiter = options.delimiter !== undefined;
    this.delimiter = options.delimiter === '\t' ? TAB : options.delimiter === ';' ? SEMICOLON : COMMA;
    this.lines = new LineSplitter((line, bytes) =>
      this.run.report({ line, message: `line ${line} is ${bytes} bytes long; lines over 64 MB are skipped` }));
  }

  get pendingBytes(): number { return this.lines.pendingBytes + (this.pending ? 1 : 0); }

  /** The column names as read from the header, trimmed. */
  get header(): readonly string[] { return this.columns?.map((c) => c.name) ?? []; }

  push(chunk: Uint8Array): void {
    this.lines.push(chunk, this.onLine);
  }

  flush(): void {
    this.lines.flush(this.onLine);
    if (this.pending) {
      this.run.report({ line: this.pending.line, message: `line ${this.pending.line}: a quoted field is never closed` });
      this.pending = undefined;
    }
  }

  private readonly onLine = (bytes: Uint8Array, start: number, end: number, line: number): void => {
    const quotes = countQuotes(bytes, start, end);
    if (this.pending) {
      // A quoted field spans lines: keep collecting until the quotes balance.
      this.pending.parts.push(copyBytes(bytes, start, end), NEWLINE);
      this.pending.quotes += quotes;
      if (this.pending.quotes % 2 === 1) return;
      const parts = this.pending.parts;
      parts.pop();
      const joined = joinParts(parts);
      const first = this.pending.line;
      this.pending = undefined;
      this.onRecord(joined, 0, joined.length, first);
      return;
    }
    if (quotes % 2 === 1) {
      this.pending = { parts: [copyBytes(bytes, start, end), NEWLINE], line, quotes };
      return;
    }
    this.onRecord(bytes, start, end, line);
  };

  private onRecord(bytes: Uint8Array, start: number, end: number, line: number): void {
    if (isBlank(bytes, start, end)) return;
    if (!this.columns) {
      this.readHeader(bytes, start, end, line);
      return;
    }
    const f = this.fields;
    splitFields(bytes, start, end, this.delimiter, f);
    const columns = this.columns;
    if (f.count !== columns.length) {
      if (this.isHeaderAgain(bytes, f)) return;
      this.run.report({ line, message: `line ${line}: ${f.count} ${f.count === 1 ? 'field' : 'fields'}, header has ${columns.length}; row skipped` });
      return;
    }

    let step = NaN, epoch = NaN, wall = NaN;
    const values = this.rowValues;
    for (let i = 0; i < columns.length; i++) {
      const col = columns[i]!;
      if (col.role === 'ignored' || col.role === 'text') { values[i] = MISSING; continue; }
      const cell: Cell = f.quoted[i]
        ? parseCell(fieldText(bytes, f, i))
        : parseCellBytes(bytes, f.starts[i]!, f.ends[i]!, decodeUtf8);
      if (cell === NOT_A_NUMBER) {
        if (this.isHeaderAgain(bytes, f)) return;
        if (col.role === 'metric' && !this.seenNumber[i]) {
          // A column whose first value is text (a Keras iterable, a file name) is not a metric.
          col.role = 'text';
        } else if (!col.reported) {
          col.reported = true;
          this.run.report({ line, message: `line ${line}: column "${col.name}" has "${fieldText(bytes, f, i).trim().slice(0, 40)}", not a number; such cells are skipped` });
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
      this.run.seriesFor(col.name, col.split).append(x, v, line, e, w);
    }
  }

  private rowValues: Cell[] = [];
  private seenNumber: boolean[] = [];

  private readHeader(bytes: Uint8Array, start: number, end: number, line: number): void {
    if (!this.forcedDelimiter) this.delimiter = detectDelimiter(bytes, start, end);
    const f = this.fields;
    splitFields(bytes, start, end, this.delimiter, f);
    const names: string[] = [];
    let padded = false;
    for (let i = 0; i < f.count; i++) {
      const rawText = fieldText(bytes, f, i);
      const name = rawText.trim();
      if (name !== rawText && !f.quoted[i]) padded = true;
      names.push(name);
    }
    this.headerKey = names.join('\u0000');

    if (names.every((n) => typeof parseCell(n) === 'number')) {
      // No header: the first row is data. Name the columns by position and read the row.
      this.run.report({ line, message: `line ${line}: no header row; columns are named by position` });
      this.columns = names.map((_, i) => ({ name: `column ${i + 1}`, role: 'metric' as ColumnRole, reported: false }));
      this.afterHeader(padded);
      this.onRecord(bytes, start, end, line);
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
      return { name: unique, role, reported: false };
    });
    this.afterHeader(padded);
  }

  private afterHeader(padded: boolean): void {
    const columns = this.columns!;
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
  private isHeaderAgain(bytes: Uint8Array, f: Fields): boolean {
    const names: string[] = [];
    for (let i = 0; i < f.count; i++) names.push(fieldText(bytes, f, i).trim());
    return names.join('\u0000') === this.headerKey;
  }
}

const NEWLINE = new Uint8Array([10]);

function joinParts(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

function isBlank(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = bytes[i];
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/** Tells the writer from the header when the path did not. */
function refineFormat(names: readonly string[], padded: boolean): FormatId {
  const set = new Set(names.map((n) => n.toLowerCase()));
  if (padded || names.some((n) => /^(train|val)\/(box|cls|dfl|seg|obj)_loss$/.test(n) || /^metrics\/mAP/.test(n))) return 'ultralytics-csv';
  if (set.has('epoch') && set.has('step') && names.some((n) => /_(step|epoch)$/.test(n) || /^(train|val|test)_/.test(n))) return 'lightning-csv';
  return 'csv';
}
