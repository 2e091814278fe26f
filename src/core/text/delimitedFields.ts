/**
 * What a record of delimited text is (a line split into fields, as byte ranges) and how to read
 * its fields: the shape both the delimited reader (`delimitedRecords.ts`) and the JSON records of
 * predictions files (`src/core/classify/jsonRecords.ts`) hand on, so one row reader serves both.
 */

import { decodeUtf8 } from './lines';

const QUOTE = 34;
const COMMA = 44;
const TAB = 9;
const SEMICOLON = 59;
const NEWLINE = 10;
const CR = 13;
const SPACE = 32;

/**
 * One record. The reader reuses this object and its arrays for every record: a sink must read
 * what it needs before returning.
 */
export interface DelimitedRecord {
  bytes: Uint8Array;
  /** The record's bytes `[start, end)`, without its line end. */
  start: number;
  end: number;
  /** Number of fields; field `i` is `bytes[starts[i], ends[i])`, without its quotes. */
  count: number;
  starts: Int32Array;
  ends: Int32Array;
  /** 1 when field `i` was quoted (then `""` inside it stands for one quote). */
  quoted: Uint8Array;
  /** 1-based line the record starts on. */
  line: number;
}

/** A record with room for 16 fields, for a reader to reuse. */
export function emptyRecord(): DelimitedRecord {
  return {
    bytes: new Uint8Array(0),
    start: 0,
    end: 0,
    count: 0,
    starts: new Int32Array(16),
    ends: new Int32Array(16),
    quoted: new Uint8Array(16),
    line: 1,
  };
}

/** Picks the delimiter of a header line: the most frequent of tab, comma and semicolon outside quotes. */
export function detectDelimiter(bytes: Uint8Array, start: number, end: number): number {
  let commas = 0,
    tabs = 0,
    semicolons = 0;
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

/** The text of field `i`, decoded, with `""` unescaped in a quoted field. */
export function fieldText(r: DelimitedRecord, i: number): string {
  const text = decodeUtf8(r.bytes.subarray(r.starts[i]!, r.ends[i]!));
  return r.quoted[i] ? text.replace(/""/g, '"') : text;
}

/**
 * For the one-pass readers of plain lines (`RecordReaderOptions.onPlainLine`): after a field, at
 * `pos` holding byte `c`, steps over the delimiter `d` to the next field, or for the `last` field
 * checks that the line ends there (`\r\n` or `\n`). Returns where the next field starts, the
 * offset of the line's `\n` after the last field, or -1 when the line is not plain after all.
 */
export function endPlainField(
  bytes: Uint8Array,
  pos: number,
  end: number,
  c: number,
  d: number,
  last: boolean,
): number {
  if (c === CR) {
    if (++pos >= end || bytes[pos] !== NEWLINE) return -1;
    c = NEWLINE;
  }
  if (last) return c === NEWLINE ? pos : -1;
  return c === d ? pos + 1 : -1;
}

/** True when the record holds nothing but spaces (a blank line). */
export function isBlankRecord(r: DelimitedRecord): boolean {
  for (let i = r.start; i < r.end; i++) {
    const c = r.bytes[i];
    if (c !== SPACE && c !== TAB && c !== CR) return false;
  }
  return true;
}

/** Field arrays back to their first size (a very wide record is not kept for the rest of a file). */
export function shrinkRecord(r: DelimitedRecord): void {
  r.starts = new Int32Array(16);
  r.ends = new Int32Array(16);
  r.quoted = new Uint8Array(16);
}

/** Room for twice as many fields, the fields so far kept. */
export function growRecord(r: DelimitedRecord): void {
  const n = r.starts.length * 2;
  const s = new Int32Array(n);
  s.set(r.starts);
  r.starts = s;
  const e = new Int32Array(n);
  e.set(r.ends);
  r.ends = e;
  const q = new Uint8Array(n);
  q.set(r.quoted);
  r.quoted = q;
}
