/**
 * Records from JSON prediction files, streaming from bytes: JSON Lines (one object per line), a
 * JSON array of objects, or an object wrapping such an array (DVCLive's `confusion_matrix.json`,
 * `{"confusion_matrix": [{"actual": …, "predicted": …}, …]}`, or the bare list). A record's keys
 * are columns; a nested object or an array of scalars becomes columns `key_sub` / `key_0`, `key_1`…
 * Records come out in the same shape as delimited records (byte ranges per column), so one row
 * reader serves both. Python's bare `NaN`/`Infinity` tokens are read as numbers.
 */

import { emptyRecord, growRecord, type DelimitedRecord } from '../text/delimitedFields';
import { decodeUtf8, MAX_LINE_BYTES } from '../text/lines';
import { formatSize, quoted } from '../text/messages';
import { LabelTable } from './labels';
import { MiB } from '../text/sizes';

/** `quoted` value of a field holding a JSON string with backslash escapes (decode with `jsonFieldText`). */
export const JSON_ESCAPED = 2;

const QUOTE = 34,
  BACKSLASH = 92,
  COLON = 58,
  COMMA = 44,
  NEWLINE = 10;
const OPEN_OBJECT = 123,
  CLOSE_OBJECT = 125,
  OPEN_ARRAY = 91,
  CLOSE_ARRAY = 93;

type Mode = 'top' | 'array' | 'wrapper' | 'wrapperArray';
const INCOMPLETE = -1;
const MALFORMED = -2;
const WRAPPER = -3;

/** A carry buffer larger than this is let go once its record is read. */
const KEEP_CARRY_BYTES = MiB;
const EMPTY = new Uint8Array(0);

function tooLongMessage(line: number, bytes: number): string {
  return `line ${line}: a JSON record of at least ${formatSize(bytes)}, over the ${formatSize(MAX_LINE_BYTES)} a record may have; skipped`;
}

export type JsonRecordSink = (record: DelimitedRecord, names: readonly string[]) => void;

export class JsonRecordReader {
  private readonly keys = new LabelTable();
  private readonly record: DelimitedRecord = emptyRecord();
  private mode: Mode = 'top';
  /** Bytes not consumed yet (an incomplete record): `carry[0, carryLength)`, grown by doubling. */
  private carry: Uint8Array = new Uint8Array(0);
  private carryLength = 0;
  /**
   * The carry's length when reading it last stopped for more bytes. A long record is read again
   * only once the carry has grown by half since, so that one arriving in many pushes costs linear time.
   */
  private triedAt = 0;
  private line = 1;
  private atStart = true;
  /** Where the array of records began inside a wrapper object, to resume after a carried chunk. */
  private wrapperAt = 0;
  private malformed = 0;

  constructor(
    private readonly sink: JsonRecordSink,
    private readonly onIssue?: (line: number, message: string) => void,
  ) {}

  get pendingBytes(): number {
    return this.carryLength;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    let buf = chunk;
    if (this.carryLength > 0) {
      this.keep(chunk);
      if (this.carryLength < this.triedAt + (this.triedAt >> 1) && this.carryLength <= MAX_LINE_BYTES) return;
      buf = this.carry.subarray(0, this.carryLength);
    }
    if (this.atStart && buf.length >= 3) {
      this.atStart = false;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
    }
    const stop = this.run(buf, false);
    const rest = buf.subarray(stop);
    this.carryLength = 0;
    // A long record's buffer is not kept for the rest of the file (nor by the record handed on).
    this.record.bytes = EMPTY;
    if (this.carry.length > KEEP_CARRY_BYTES && rest.length < KEEP_CARRY_BYTES) this.carry = EMPTY;
    this.keep(rest);
    this.triedAt = this.carryLength;
    if (this.carryLength > MAX_LINE_BYTES) {
      this.issue(tooLongMessage(this.line, this.carryLength));
      this.line += countNewlines(this.carry, 0, this.carryLength);
      this.carryLength = 0;
    }
    if (this.carryLength === 0) this.triedAt = 0;
  }

  flush(): void {
    const buf = this.carry.subarray(0, this.carryLength);
    this.carry = EMPTY;
    this.carryLength = 0;
    this.triedAt = 0;
    if (buf.length > 0) this.run(buf, true);
    this.record.bytes = EMPTY;
    if (this.malformed > 0 && this.mode !== 'top')
      this.onIssue?.(this.line, `line ${this.line}: the JSON ends before its closing bracket`);
  }

  /** Appends to the carry (which `bytes` may be a view of: moved to its start). */
  private keep(bytes: Uint8Array): void {
    const n = this.carryLength + bytes.length;
    if (bytes.buffer === this.carry.buffer && this.carryLength === 0) {
      this.carry.copyWithin(
        0,
        bytes.byteOffset - this.carry.byteOffset,
        bytes.byteOffset - this.carry.byteOffset + bytes.length,
      );
    } else {
      if (n > this.carry.length) {
        const grown = new Uint8Array(Math.max(n, this.carry.length * 2, 256));
        grown.set(this.carry.subarray(0, this.carryLength));
        this.carry = grown;
      }
      this.carry.set(bytes, this.carryLength);
    }
    this.carryLength = n;
  }

  /** Consumes whole steps (a record, a bracket, a skipped member); returns where the unconsumed rest starts. */
  private run(buf: Uint8Array, final: boolean): number {
    let pos = 0;
    const end = buf.length;
    for (;;) {
      const at = skipSpace(buf, pos, end, this.mode !== 'top' && this.mode !== 'wrapper');
      this.line += countNewlines(buf, pos, at);
      pos = at;
      if (pos >= end) return end;
      const c = buf[pos]!;
      let next: number;
      if (this.mode === 'wrapper') {
        if (c === CLOSE_OBJECT) {
          this.mode = 'top';
          next = pos + 1;
        } else next = skipMember(buf, pos, end);
      } else if ((this.mode === 'array' || this.mode === 'wrapperArray') && c === CLOSE_ARRAY) {
        this.mode = this.mode === 'array' ? 'top' : 'wrapper';
        next = pos + 1;
      } else if (this.mode === 'top' && c === OPEN_ARRAY) {
        this.mode = 'array';
        next = pos + 1;
      } else if (c === OPEN_OBJECT) {
        next = this.readRecord(buf, pos, end);
        if (next === WRAPPER) {
          this.mode = 'wrapperArray';
          next = this.wrapperAt;
        }
      } else if (this.mode === 'top') {
        // Not JSON Lines here: skip the rest of the line.
        const nl = buf.indexOf(NEWLINE, pos);
        if (nl < 0 && !final) return pos;
        next = nl < 0 ? end : nl;
        this.issue(`line ${this.line}: ${describe(buf, pos, next)} is not a JSON object (one prediction); skipped`);
      } else {
        next = skipValue(buf, pos, end);
        if (next >= 0)
          this.issue(
            `line ${this.line}: ${describe(buf, pos, next)} where a JSON object (one prediction) was expected; skipped`,
          );
      }
      if (next === INCOMPLETE) {
        if (!final) return pos;
        this.issue(`line ${this.line}: the JSON ends in the middle of a value`);
        return end;
      }
      if (next === MALFORMED) {
        const nl = buf.indexOf(NEWLINE, pos);
        // Reported once, when the line it skips to has come (until then the same bytes are read again).
        if (nl < 0 && !final) return pos;
        this.issue(`line ${this.line}: not valid JSON; skipped to the next line`);
        this.malformed++;
        if (nl < 0) return end;
        next = nl;
      }
      this.line += countNewlines(buf, pos, next);
      pos = next;
    }
  }

  private issue(message: string): void {
    this.onIssue?.(this.line, message);
  }

  /** Reads one object as a record and hands it on; returns the offset after it, or a negative code. */
  private readRecord(buf: Uint8Array, start: number, end: number): number {
    const r = this.record;
    for (let i = 0; i < r.count; i++) {
      r.starts[i] = 0;
      r.ends[i] = 0;
      r.quoted[i] = 0;
    }
    let pos = skipSpace(buf, start + 1, end, false);
    if (pos < end && buf[pos] === CLOSE_OBJECT) return this.emit(buf, start, pos + 1);
    for (;;) {
      const key = readString(buf, pos, end);
      if (key < 0) return key;
      const keyStart = pos + 1;
      const keyEscaped = stringHadEscape;
      pos = skipSpace(buf, key, end, false);
      if (pos >= end) return INCOMPLETE;
      if (buf[pos] !== COLON) return MALFORMED;
      pos = skipSpace(buf, pos + 1, end, false);
      if (pos >= end) return INCOMPLETE;
      const c = buf[pos]!;
      let next: number;
      if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
        const first = skipSpace(buf, pos + 1, end, false);
        if (first >= end) return INCOMPLETE;
        if (c === OPEN_ARRAY && buf[first] === OPEN_OBJECT) {
          // An array of objects: these are the records, and this object only wraps them.
          if (this.mode === 'top') {
            this.wrapperAt = pos + 1;
            return WRAPPER;
          }
          next = skipValue(buf, pos, end);
        } else {
          next = this.readNested(
            buf,
            pos,
            end,
            keyEscaped ? decodeJsonString(buf, keyStart, key - 1) : decodeUtf8(buf.subarray(keyStart, key - 1)),
          );
        }
      } else {
        next = c === QUOTE ? readString(buf, pos, end) : readLiteral(buf, pos, end);
        if (next < 0) return next;
        const col = keyEscaped
          ? this.keys.internText(decodeJsonString(buf, keyStart, key - 1))
          : this.keys.internBytes(buf, keyStart, key - 1);
        this.setField(
          col,
          c === QUOTE ? pos + 1 : pos,
          c === QUOTE ? next - 1 : next,
          c === QUOTE && stringHadEscape ? JSON_ESCAPED : 0,
        );
      }
      if (next < 0) return next;
      pos = skipSpace(buf, next, end, false);
      if (pos >= end) return INCOMPLETE;
      if (buf[pos] === CLOSE_OBJECT) return this.emit(buf, start, pos + 1);
      if (buf[pos] !== COMMA) return MALFORMED;
      pos = skipSpace(buf, pos + 1, end, false);
    }
  }

  /** An object or array value inside a record: its scalars become columns `key_sub` / `key_i`. */
  private readNested(buf: Uint8Array, start: number, end: number, key: string): number {
    const isArray = buf[start] === OPEN_ARRAY;
    const close = isArray ? CLOSE_ARRAY : CLOSE_OBJECT;
    let pos = skipSpace(buf, start + 1, end, false);
    let index = 0;
    if (pos < end && buf[pos] === close) return pos + 1;
    for (;;) {
      let sub: string;
      if (isArray) {
        sub = String(index++);
      } else {
        const k = readString(buf, pos, end);
        if (k < 0) return k;
        sub = stringHadEscape ? decodeJsonString(buf, pos + 1, k - 1) : decodeUtf8(buf.subarray(pos + 1, k - 1));
        pos = skipSpace(buf, k, end, false);
        if (pos >= end) return INCOMPLETE;
        if (buf[pos] !== COLON) return MALFORMED;
        pos = skipSpace(buf, pos + 1, end, false);
      }
      if (pos >= end) return INCOMPLETE;
      const c = buf[pos]!;
      let next: number;
      if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
        next = skipValue(buf, pos, end);
      } else {
        next = c === QUOTE ? readString(buf, pos, end) : readLiteral(buf, pos, end);
        if (next < 0) return next;
        this.setField(
          this.keys.internText(`${key}_${sub}`),
          c === QUOTE ? pos + 1 : pos,
          c === QUOTE ? next - 1 : next,
          c === QUOTE && stringHadEscape ? JSON_ESCAPED : 0,
        );
      }
      if (next < 0) return next;
      pos = skipSpace(buf, next, end, false);
      if (pos >= end) return INCOMPLETE;
      if (buf[pos] === close) return pos + 1;
      if (buf[pos] !== COMMA) return MALFORMED;
      pos = skipSpace(buf, pos + 1, end, false);
    }
  }

  private setField(col: number, start: number, end: number, quoted: number): void {
    const r = this.record;
    while (col >= r.starts.length) growRecord(r);
    for (let i = r.count; i <= col; i++) {
      r.starts[i] = 0;
      r.ends[i] = 0;
      r.quoted[i] = 0;
    }
    if (col >= r.count) r.count = col + 1;
    r.starts[col] = start;
    r.ends[col] = end;
    r.quoted[col] = quoted;
  }

  private emit(buf: Uint8Array, start: number, end: number): number {
    // The same limit as for a record carried over pushes: a file read in one chunk reads the same.
    if (end - start > MAX_LINE_BYTES) {
      this.issue(tooLongMessage(this.line, end - start));
      return end;
    }
    const r = this.record;
    r.count = this.keys.size;
    while (r.count > r.starts.length) growRecord(r);
    r.bytes = buf;
    r.start = start;
    r.end = end;
    r.line = this.line;
    this.sink(r, this.keys.allTexts());
    return end;
  }
}

/** Set by `readString`: whether the string just read had backslash escapes. */
let stringHadEscape = false;

/** Reads a string starting at its opening quote; returns the offset after its closing quote. */
function readString(buf: Uint8Array, pos: number, end: number): number {
  if (pos >= end) return INCOMPLETE;
  if (buf[pos] !== QUOTE) return MALFORMED;
  let escaped = false;
  for (let i = pos + 1; i < end; i++) {
    const c = buf[i];
    if (c === QUOTE) {
      stringHadEscape = escaped;
      return i + 1;
    }
    if (c === BACKSLASH) {
      escaped = true;
      i++;
    }
  }
  return INCOMPLETE;
}

/** Numbers, `true`/`false`/`null` and Python's `NaN`/`Infinity`: up to a delimiter. */
function readLiteral(buf: Uint8Array, pos: number, end: number): number {
  let i = pos;
  while (i < end) {
    const c = buf[i]!;
    if (c === COMMA || c === CLOSE_OBJECT || c === CLOSE_ARRAY || c === 32 || c === NEWLINE || c === 9 || c === 13)
      break;
    if (c === QUOTE || c === OPEN_OBJECT || c === OPEN_ARRAY || c === COLON) return MALFORMED;
    i++;
  }
  if (i >= end) return INCOMPLETE;
  return i === pos ? MALFORMED : i;
}

/** Skips any JSON value (nested to any depth); strings are respected. */
function skipValue(buf: Uint8Array, pos: number, end: number): number {
  const c = buf[pos];
  if (c === QUOTE) return readString(buf, pos, end);
  if (c !== OPEN_OBJECT && c !== OPEN_ARRAY) return readLiteral(buf, pos, end);
  let depth = 0;
  for (let i = pos; i < end; i++) {
    const b = buf[i];
    if (b === QUOTE) {
      const s = readString(buf, i, end);
      if (s < 0) return s;
      i = s - 1;
    } else if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
      depth++;
    } else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return INCOMPLETE;
}

/** Skips `"key": value` and a following comma inside a wrapper object. */
function skipMember(buf: Uint8Array, pos: number, end: number): number {
  if (buf[pos] === COMMA) return pos + 1;
  const k = readString(buf, pos, end);
  if (k < 0) return k;
  let i = skipSpace(buf, k, end, false);
  if (i >= end) return INCOMPLETE;
  if (buf[i] !== COLON) return MALFORMED;
  i = skipSpace(buf, i + 1, end, false);
  if (i >= end) return INCOMPLETE;
  return skipValue(buf, i, end);
}

function skipSpace(buf: Uint8Array, pos: number, end: number, commas: boolean): number {
  while (pos < end) {
    const c = buf[pos];
    if (c === 32 || c === NEWLINE || c === 9 || c === 13 || (commas && c === COMMA)) pos++;
    else break;
  }
  return pos;
}

function countNewlines(buf: Uint8Array, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) if (buf[i] === NEWLINE) n++;
  return n;
}

function describe(buf: Uint8Array, start: number, end: number): string {
  return quoted(decodeUtf8(buf.subarray(start, Math.min(end, start + 160))));
}

/** The text of a JSON string's contents `[start, end)` with escapes resolved. */
export function decodeJsonString(buf: Uint8Array, start: number, end: number): string {
  const raw = decodeUtf8(buf.subarray(start, end));
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}
