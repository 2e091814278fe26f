/**
 * Records of delimited text (CSV, TSV, semicolons) from a byte stream in arbitrary chunks, found in
 * one pass over the bytes: fields are split while record ends are found. A quoted field may hold
 * delimiters, `""` escapes and newlines; as in pandas and Python's `csv`, a quote opens a quoted
 * field only at the start of the field (after spaces). Nothing is decoded here: fields are byte
 * ranges, so a caller parses numbers straight from the bytes and decodes only the text it needs.
 */

import { detectDelimiter, emptyRecord, growRecord, shrinkRecord, type DelimitedRecord } from './delimitedFields';
import { copyBytes, longLineMessage, MAX_LINE_BYTES } from './lines';
import { MiB } from './sizes';

const QUOTE = 34;
const TAB = 9;
const NEWLINE = 10;
const CR = 13;
const SPACE = 32;

export type RecordSink = (record: DelimitedRecord) => void;

export interface RecordReaderOptions {
  /** The delimiter byte; detected from the first line when not given. */
  readonly delimiter?: number;
  /** Problems met while splitting (an unclosed quote, an over-long record). */
  readonly onIssue?: (line: number, message: string) => void;
  /**
   * A faster way for a caller that can split and read a plain line in one pass (a log of numbers):
   * offered each line that starts in the bytes at hand, as `bytes[start, end)` up to the end of
   * those bytes. It returns the offset of the `\n` that ends the line when it took the whole line
   * (which must hold no quote: quoting is the reader's), or -1 to have it read as a record. Taken
   * lines are counted but never become records.
   */
  readonly onPlainLine?: (bytes: Uint8Array, start: number, end: number, line: number) => number;
}

export class DelimitedRecordReader {
  private delimiterByte: number;
  private readonly record: DelimitedRecord = emptyRecord();
  private nextLine = 1;
  /** Bytes before the first line end, held until the delimiter can be detected (and a BOM stripped). */
  private head: Uint8Array | undefined = new Uint8Array(0);
  /** The head's bytes are `headBuf[0, head.length)`: grown by doubling, as a long first line comes in many pushes. */
  private headBuf = new Uint8Array(0);
  /** Where the search for the first line with content stopped, and whether that line has content so far. */
  private headScanned = 0;
  private readonly headLine = { content: false };
  /** An incomplete record: `carry[0, carryLength)`, and where its scan stopped (offsets from its start). */
  private carry: Uint8Array = new Uint8Array(0);
  private carryLength = 0;
  private resumeCount = 0;
  private resumeField = 0;
  private resumeScan = 0;
  private resumeNewlines = 0;
  /** Newlines inside quoted fields of the record being read (its line count is 1 + these). */
  private newlines = 0;
  private resuming = false;
  /** Set while skipping the rest of an over-long record up to its next line end. */
  private skipping = false;

  constructor(
    private readonly sink: RecordSink,
    private readonly options: RecordReaderOptions = {},
  ) {
    this.delimiterByte = options.delimiter ?? 0;
  }

  /** The delimiter in use (0 until the first line has been seen, when it is detected). */
  get delimiter(): number {
    return this.delimiterByte;
  }
  /** The 1-based line the next record starts on. */
  get lineNumber(): number {
    return this.nextLine;
  }
  /** Counts `n` lines read elsewhere (a later part of the file, read apart and joined): the next record's line moves on. */
  skipLines(n: number): void {
    this.nextLine += n;
  }
  /** Bytes held back: an incomplete last record waiting for more. */
  get pendingBytes(): number {
    return (this.head?.length ?? 0) + this.carryLength;
  }

  push(chunk: Uint8Array): void {
    if (this.head) {
      const head = this.appendToHead(this.head, chunk);
      const first = firstContentLine(head, this.headScanned, this.headLine);
      if (first < 0 && head.length <= MAX_LINE_BYTES) {
        this.head = head;
        this.headScanned = head.length;
        return;
      }
      this.startWith(head);
      return;
    }
    this.pushReady(chunk);
  }

  private appendToHead(head: Uint8Array, chunk: Uint8Array): Uint8Array {
    const n = head.length + chunk.length;
    if (n > this.headBuf.length) {
      const grown = new Uint8Array(Math.max(n, this.headBuf.length * 2, 256));
      grown.set(head);
      this.headBuf = grown;
    }
    this.headBuf.set(chunk, head.length);
    return this.headBuf.subarray(0, n);
  }

  /** Hands on a last record that has no line end (the end of a complete file). */
  flush(): void {
    if (this.head) {
      const head = this.head;
      if (head.length === 0) {
        this.head = undefined;
        return;
      }
      this.startWith(head, true);
    }
    if (this.carryLength > 0 && !this.skipping) {
      const buf = this.carry.subarray(0, this.carryLength);
      this.readRecord(buf, 0, true);
    }
    this.releaseCarry();
    this.resuming = false;
    this.skipping = false;
  }

  private startWith(head: Uint8Array, final = false): void {
    this.head = undefined;
    this.headBuf = new Uint8Array(0);
    const bom = head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    if (this.delimiterByte === 0) {
      // The first line with content says the delimiter (blank lines before a header say nothing).
      const nl = firstContentLine(head, bom);
      let start = bom;
      const end = nl < 0 ? head.length : nl;
      for (let i = end - 1; i >= bom; i--)
        if (head[i] === NEWLINE) {
          start = i + 1;
          break;
        }
      this.delimiterByte = detectDelimiter(head, start, end);
    }
    const body = head.subarray(bom);
    if (final) {
      this.carry = copyBytes(body);
      this.carryLength = body.length;
      return;
    }
    this.pushReady(body);
  }

  private pushReady(chunk: Uint8Array): void {
    let pos = 0;
    const n = chunk.length;
    // First finish the record carried over from the previous chunk, one line at a time.
    while ((this.carryLength > 0 || this.skipping) && pos < n) {
      const nl = chunk.indexOf(NEWLINE, pos);
      const to = nl < 0 ? n : nl + 1;
      if (this.skipping) {
        if (nl >= 0) {
          this.skipping = false;
          this.nextLine++;
        }
        pos = to;
        continue;
      }
      if (!this.append(chunk, pos, to)) {
        pos = to;
        continue;
      }
      pos = to;
      if (nl < 0) break;
      const buf = this.carry.subarray(0, this.carryLength);
      if (this.readRecord(buf, 0, false) >= 0) this.releaseCarry();
    }
    const plain = this.options.onPlainLine;
    while (pos < n) {
      if (plain !== undefined) {
        const nl = plain(chunk, pos, n, this.nextLine);
        if (nl >= 0) {
          this.nextLine++;
          pos = nl + 1;
          continue;
        }
      }
      const next = this.readRecord(chunk, pos, false);
      if (next < 0) {
        this.carryLength = 0;
        this.append(chunk, pos, n);
        return;
      }
      pos = next;
    }
  }

  /** The carried record is done; a long one's buffer is not kept for the rest of the file. */
  private releaseCarry(): void {
    this.carryLength = 0;
    if (this.carry.length > KEEP_CARRY_BYTES) {
      this.carry = new Uint8Array(0);
      this.record.bytes = this.carry;
    }
  }

  /** Appends to the carried record; past the size limit, reports and skips the record instead. */
  private append(chunk: Uint8Array, from: number, to: number): boolean {
    const need = this.carryLength + (to - from);
    if (need > MAX_LINE_BYTES) {
      this.options.onIssue?.(this.nextLine, longLineMessage(this.nextLine, need));
      this.releaseCarry();
      this.resuming = false;
      this.skipping = true;
      if (to > from && chunk[to - 1] === NEWLINE) {
        this.skipping = false;
        this.nextLine++;
      }
      return false;
    }
    if (need > this.carry.length) {
      const grown = new Uint8Array(Math.max(need, this.carry.length * 2, 256));
      grown.set(this.carry.subarray(0, this.carryLength));
      this.carry = grown;
    }
    this.carry.set(chunk.subarray(from, to), this.carryLength);
    this.carryLength = need;
    return true;
  }

  /**
   * Reads the record starting at `recStart` in `buf` (whose end is the end of the bytes at hand),
   * hands it to the sink and returns where the next one starts; or returns -1 when the record is
   * not complete yet (remembering how far the scan got, so carrying on is linear).
   */
  private readRecord(buf: Uint8Array, recStart: number, final: boolean): number {
    const r = this.record;
    const d = this.delimiterByte;
    const end = buf.length;
    let count = 0;
    let pos = recStart;
    let scanFrom = recStart;
    this.newlines = 0;
    if (this.resuming) {
      this.resuming = false;
      count = this.resumeCount;
      pos = recStart + this.resumeField;
      scanFrom = recStart + this.resumeScan;
      this.newlines = this.resumeNewlines;
    }
    let starts = r.starts;
    let ends = r.ends;
    let quoted = r.quoted;
    let k: number;
    for (;;) {
      if (count === starts.length) {
        growRecord(r);
        starts = r.starts;
        ends = r.ends;
        quoted = r.quoted;
      }
      const c0 = buf[pos];
      if ((c0 === QUOTE || c0 === SPACE) && opensQuote(buf, pos, end)) {
        // Rare: kept out of this loop so that the loop stays small and fast.
        k = this.readQuotedField(buf, recStart, pos, scanFrom, count, final);
        if (k === SUSPENDED) return -1;
        if (k === UNCLOSED) return end;
        count++;
        if (k < end && buf[k] === d) {
          pos = k + 1;
          scanFrom = pos;
          continue;
        }
        break;
      }
      k = scanFrom > pos ? scanFrom : pos;
      while (k < end) {
        const c = buf[k];
        if (c === d || c === NEWLINE) break;
        k++;
      }
      if (k >= end && !final) return this.suspend(recStart, count, pos, k);
      starts[count] = pos;
      quoted[count] = 0;
      if (k < end && buf[k] === d) {
        ends[count++] = k;
        pos = k + 1;
        scanFrom = pos;
        continue;
      }
      ends[count++] = k > pos && buf[k - 1] === CR ? k - 1 : k;
      break;
    }
    r.bytes = buf;
    r.start = recStart;
    r.end = k > recStart && buf[k - 1] === CR ? k - 1 : k;
    r.count = count;
    r.line = this.nextLine;
    this.nextLine += 1 + this.newlines;
    // The same limit as for a record carried over pushes: a file read in one chunk reads the same.
    if (r.end - recStart > MAX_LINE_BYTES) this.options.onIssue?.(r.line, longLineMessage(r.line, r.end - recStart));
    else this.sink(r);
    // The field arrays of one very wide record are not kept for the rest of the file.
    if (starts.length > KEEP_FIELDS) shrinkRecord(r);
    return k < end ? k + 1 : end;
  }

  /**
   * A quoted field starting (after spaces) at `pos`: stores it as field `count` and returns the
   * offset of the delimiter or line end after it; or SUSPENDED (more bytes needed) or UNCLOSED.
   */
  private readQuotedField(
    buf: Uint8Array,
    recStart: number,
    pos: number,
    scanFrom: number,
    count: number,
    final: boolean,
  ): number {
    const r = this.record;
    const end = buf.length;
    let q = pos;
    while (buf[q] === SPACE) q++;
    let j = scanFrom > q ? scanFrom : q + 1;
    for (;;) {
      j = buf.indexOf(QUOTE, j);
      if (j < 0) {
        if (!final) {
          this.suspend(recStart, count, pos, end);
          return SUSPENDED;
        }
        this.options.onIssue?.(this.nextLine, `line ${this.nextLine}: a quoted field is never closed`);
        this.nextLine += 1 + this.newlines + countByte(buf, NEWLINE, q + 1, end);
        return UNCLOSED;
      }
      if (j + 1 < end) {
        if (buf[j + 1] === QUOTE) {
          j += 2;
          continue;
        }
        break;
      }
      if (!final) {
        this.suspend(recStart, count, pos, j);
        return SUSPENDED;
      }
      break;
    }
    let k = j + 1;
    while (k < end && buf[k] !== this.delimiterByte && buf[k] !== NEWLINE) k++;
    if (k >= end && !final) {
      this.suspend(recStart, count, pos, j);
      return SUSPENDED;
    }
    r.starts[count] = q + 1;
    r.ends[count] = j;
    r.quoted[count] = 1;
    this.newlines += countByte(buf, NEWLINE, q + 1, j);
    return k;
  }

  /** Remembers an incomplete record's scan; offsets become relative to its start, where the carry will begin. */
  private suspend(recStart: number, count: number, field: number, scan: number): number {
    const r = this.record;
    for (let i = 0; i < count; i++) {
      r.starts[i] = r.starts[i]! - recStart;
      r.ends[i] = r.ends[i]! - recStart;
    }
    this.resuming = true;
    this.resumeNewlines = this.newlines;
    this.resumeCount = count;
    this.resumeField = field - recStart;
    this.resumeScan = scan - recStart;
    return -1;
  }
}

/**
 * The end (offset of its `\n`) of the first complete line from `from` on that holds more than
 * spaces; -1 if none yet. `line.content` says whether the line `from` is in has content before
 * `from`, and is left saying whether the last, unfinished line has (so a search can carry on).
 */
function firstContentLine(bytes: Uint8Array, from: number, line = { content: false }): number {
  let content = line.content;
  for (let i = from; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === NEWLINE) {
      if (content) return i;
    } else if (c !== SPACE && c !== TAB && c !== CR && !(i < 3 && (c === 0xef || c === 0xbb || c === 0xbf))) {
      content = true;
    }
  }
  line.content = content;
  return -1;
}

const SUSPENDED = -1;
/** A carry buffer larger than this is let go once its record is read; likewise field arrays longer than `KEEP_FIELDS`. */
const KEEP_CARRY_BYTES = MiB;
const KEEP_FIELDS = 1 << 16;
const UNCLOSED = -2;

/** True when the field at `pos` is quoted: a quote, after spaces only. */
function opensQuote(buf: Uint8Array, pos: number, end: number): boolean {
  while (pos < end && buf[pos] === SPACE) pos++;
  return pos < end && buf[pos] === QUOTE;
}

function countByte(bytes: Uint8Array, b: number, start: number, end: number): number {
  let n = 0;
  for (let i = bytes.indexOf(b, start); i >= 0 && i < end; i = bytes.indexOf(b, i + 1)) n++;
  return n;
}
