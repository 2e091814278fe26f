/**
 * Splits a byte stream into lines without turning the whole stream into one string. Bytes come
 * in arbitrary chunks (a writer caught mid-line, half a UTF-8 character); a line is handed on
 * only once its `\n` has arrived, or at `flush`. `\n` never occurs inside a multi-byte UTF-8
 * sequence, so splitting on it before decoding is safe.
 */

import { formatSize } from './messages';
import { MiB } from './sizes';

export type LineSink = (bytes: Uint8Array, start: number, end: number, line: number) => void;

/** Lines longer than this are dropped with a report instead of growing memory without bound. */
export const MAX_LINE_BYTES = 64 * MiB;

/** The issue for a line over `MAX_LINE_BYTES`: its length and the limit. */
export function longLineMessage(line: number, bytes: number): string {
  return `line ${line} is at least ${formatSize(bytes)} long, over the ${formatSize(MAX_LINE_BYTES)} a line may have; skipped`;
}

const BOM = [0xef, 0xbb, 0xbf];

export class LineSplitter {
  private carry: Uint8Array[] = [];
  private carryBytes = 0;
  private nextLine = 1;
  /** Bytes of a UTF-8 BOM matched at the start so far (a BOM can arrive split over pushes); 3 once decided. */
  private bomMatched = 0;
  private skippingLongLine = false;

  constructor(private readonly onLongLine?: (line: number, bytes: number) => void) {}

  /** The 1-based number the next complete line will get. */
  get lineNumber(): number {
    return this.nextLine;
  }
  /** Counts `n` lines read elsewhere (a later part of the file, read apart and joined): the next line's number moves on. */
  skipLines(n: number): void {
    this.nextLine += n;
  }
  get pendingBytes(): number {
    return this.carryBytes + (this.bomMatched < 3 ? this.bomMatched : 0);
  }
  /** Nothing held (no part of a line, no undecided BOM): the next byte pushed starts a line. */
  get atLineStart(): boolean {
    return this.carryBytes === 0 && this.bomMatched >= 3 && !this.skippingLongLine;
  }

  push(chunk: Uint8Array, sink: LineSink): void {
    let start = 0;
    if (this.bomMatched < 3) {
      while (this.bomMatched < 3 && start < chunk.length && chunk[start] === BOM[this.bomMatched]) {
        start++;
        this.bomMatched++;
      }
      if (start === chunk.length && this.bomMatched < 3) return;
      this.endBom();
    }
    let nl = chunk.indexOf(10, start);
    if (nl < 0) {
      this.keep(chunk, start, chunk.length);
      return;
    }
    if (this.carryBytes > 0 || this.skippingLongLine) {
      this.keep(chunk, start, nl);
      if (!this.skippingLongLine) {
        const joined = concat(this.carry, this.carryBytes);
        sink(joined, 0, trimCr(joined, 0, joined.length), this.nextLine);
      }
      this.resetCarry();
      this.nextLine++;
      start = nl + 1;
      nl = chunk.indexOf(10, start);
    }
    while (nl >= 0) {
      if (nl - start > MAX_LINE_BYTES) this.onLongLine?.(this.nextLine, nl - start);
      else sink(chunk, start, trimCr(chunk, start, nl), this.nextLine);
      this.nextLine++;
      start = nl + 1;
      nl = chunk.indexOf(10, start);
    }
    if (start < chunk.length) this.keep(chunk, start, chunk.length);
  }

  /** Hands on a last line that has no newline (end of a complete file). */
  flush(sink: LineSink): void {
    // A file of one or two bytes that began like a BOM: they are its text. Nothing pushed yet: still undecided.
    if (this.bomMatched > 0 && this.bomMatched < 3) this.endBom();
    if (this.carryBytes > 0 && !this.skippingLongLine) {
      const joined = concat(this.carry, this.carryBytes);
      sink(joined, 0, trimCr(joined, 0, joined.length), this.nextLine);
      this.nextLine++;
    }
    this.resetCarry();
  }

  /** The start is decided: bytes that began like a BOM but were not one are the first line's. */
  private endBom(): void {
    if (this.bomMatched < 3) this.keep(Uint8Array.from(BOM), 0, this.bomMatched);
    this.bomMatched = 3;
  }

  private keep(chunk: Uint8Array, start: number, end: number): void {
    if (end <= start || this.skippingLongLine) return;
    if (this.carryBytes + (end - start) > MAX_LINE_BYTES) {
      this.onLongLine?.(this.nextLine, this.carryBytes + (end - start));
      this.carry = [];
      this.carryBytes = 0;
      this.skippingLongLine = true;
      return;
    }
    // Copy: the caller may reuse its buffer.
    this.carry.push(copyBytes(chunk, start, end));
    this.carryBytes += end - start;
  }

  private resetCarry(): void {
    this.carry = [];
    this.carryBytes = 0;
    this.skippingLongLine = false;
  }
}

function trimCr(bytes: Uint8Array, start: number, end: number): number {
  return end > start && bytes[end - 1] === 13 ? end - 1 : end;
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * A copy of `bytes[start, end)`. Not `bytes.slice`: a Node `Buffer` (what the host hands us) is a
 * `Uint8Array` whose `slice` returns a view sharing memory, so a reused read buffer would change
 * bytes kept for later.
 */
export function copyBytes(bytes: Uint8Array, start = 0, end = bytes.length): Uint8Array {
  return Uint8Array.prototype.slice.call(bytes, start, end);
}

/** `bytes.indexOf(value, from)` but never looking at or past `end`. */
export function indexOfWithin(bytes: Uint8Array, value: number, from: number, end: number): number {
  for (let i = from; i < end; i++) if (bytes[i] === value) return i;
  return -1;
}

const utf8 = new TextDecoder('utf-8');
/** Decodes UTF-8, replacing invalid sequences with U+FFFD rather than throwing. */
export function decodeUtf8(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}
