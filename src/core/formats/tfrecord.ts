/**
 * TFRecord framing, read incrementally: each record is a little-endian u64 length, the masked
 * CRC-32C of those 8 bytes, the data, and the masked CRC-32C of the data. A file that ends inside
 * a record is a writer caught mid-write: those bytes wait for the next push. A record whose data
 * fails its checksum is reported and skipped by its (checked) length; a length that fails its
 * checksum cannot be trusted, so reading slides forward to the next place a valid header starts.
 */

import { maskedCrc32c } from '../text/crc32c';
import { formatSize } from '../text/messages';
import { int64At, uint32At } from './protobuf';
import { MiB, GiB } from '../text/sizes';

const HEADER = 12;
const FOOTER = 4;
/** `recordInsideCarry`: none found yet in the bytes looked at, more to look at. */
const SEARCHING = -2;
/** A record larger than this is not something a scalar writer produces; its header is treated as damaged. */
const MAX_RECORD = GiB;
/** Damaged lengths one flush slides past (each skips at least a byte; the bound keeps a flush linear). */
const MAX_RESYNCS = 1000;
/** How far past the bytes at hand the carry is sized for a record still coming. */
const PRESIZE_AHEAD = MiB;
/** Places inside a carried record with a valid header whose own record is not whole yet, remembered by `flush`. */
const MAX_WAITING = 1000;
/**
 * Bytes one `flushStep` looks at (searching for a record inside a damaged one, or reading the records found
 * there): what a read of one chunk costs, so a host driving the steps a turn each is never held longer by a
 * damaged header than by reading (a 20 MB file behind one was read in one flush: 200 ms).
 */
export const FLUSH_STEP_BYTES = 256 * 1024;

export type RecordSink = (bytes: Uint8Array, start: number, end: number, offset: number) => void;
/** `revises`: the message replaces the one said before at the same offset (a damaged stretch found to go on). */
export type IssueSink = (offset: number, message: string, revises: boolean) => void;

export class TfRecordReader {
  private carry: Uint8Array = new Uint8Array(0);
  private carryLength = 0;
  /** Stream offset of the first byte not yet consumed (the start of `carry`). */
  private offset = 0;
  /** Where unreadable bytes started, while sliding to the next valid header; -1 when in step. */
  private badFrom = -1;
  /**
   * The stretch from `badFrom` was said by a flush (a reader settling) before its end was known: what is said
   * of it later revises that issue, so a stretch is one issue however often the reader settled inside it.
   */
  private badSaid = false;
  /**
   * How far `flush` has looked inside the carried record for whole records, and the places there whose
   * headers are valid but whose records were not whole yet: a flush after every small push (a live reader
   * settling) then looks at each byte of a large record once, not at all of it each time (that was quadratic:
   * 50 s for a 154 KB file pushed 5 bytes at a time).
   */
  private searched = 1;
  private waiting: number[] = [];
  /**
   * The bytes after a damaged header, still to read (`at` to `end` of `buf`, the carry they were found in: no
   * copy), a step at a time. The carry is empty meanwhile, and `offset` is the stream offset of `at`.
   */
  private drain: { readonly buf: Uint8Array; at: number; readonly end: number } | undefined;
  /** Damaged lengths slid past in the current flush. */
  private rounds = 0;
  /** Nothing was pushed since the last flush ended: another has nothing to do (and says nothing twice). */
  private settled = false;

  constructor(
    private readonly onRecord: RecordSink,
    private readonly onIssue: IssueSink,
  ) {}

  get pendingBytes(): number {
    return this.carryLength + (this.drain ? this.drain.end - this.drain.at : 0);
  }
  /** Bytes of the stream consumed so far, complete records and skipped bytes. */
  get bytesConsumed(): number {
    return this.offset;
  }

  push(chunk: Uint8Array): void {
    this.settled = false;
    // A flush left unfinished: its bytes come before these (drivers finish it first; this is the fallback).
    while (this.drain) this.flushStep();
    let at = 0;
    if (this.carryLength > 0) {
      at = this.completeCarry(chunk);
      if (at < 0) return;
    }
    const used = this.scan(chunk, at, chunk.length, this.offset - at);
    this.offset += used - at;
    this.keep(chunk, used, chunk.length);
  }

  /**
   * At the end for now: unreadable bytes up to here are reported; a partial record keeps waiting, unless whole
   * valid records sit inside the bytes it claims. Then its length is damaged (a header claiming 1 GiB in the
   * middle of a file, with a valid checksum), not a record still being written: that is said, with its offset
   * and the size it claims, and reading goes on from the first whole record inside it. All at once: see
   * `flushStep` for the same in steps of bounded work.
   */
  flush(): void {
    while (this.flushStep());
  }

  /**
   * One step of `flush`, looking at no more than `FLUSH_STEP_BYTES` bytes (plus one record): true while more
   * remains, for a caller on a shared thread to call again in a later turn. Reading a damaged header's bytes is
   * linear however it is cut: the search remembers how far it got, and the bytes behind it are read in place.
   */
  flushStep(): boolean {
    if (this.settled) return false;
    const d = this.drain;
    if (d) {
      const stop = this.scan(d.buf, d.at, d.end, this.offset - d.at, FLUSH_STEP_BYTES);
      this.offset += stop - d.at;
      d.at = stop;
      if (
        d.end - stop >= HEADER &&
        (this.badFrom >= 0 || !headerValid(d.buf, stop) || d.end - stop >= frameLength(d.buf, stop))
      )
        return true;
      // What is left is a record not whole (or too few bytes for a header): it becomes the carry, in place.
      this.drain = undefined;
      this.carry = d.buf.subarray(stop);
      this.carryLength = d.end - stop;
      this.searched = 1;
      this.waiting = [];
      return true;
    }
    if (this.rounds < MAX_RESYNCS && this.badFrom < 0 && this.carryLength >= HEADER && headerValid(this.carry, 0)) {
      const inside = this.recordInsideCarry(FLUSH_STEP_BYTES);
      if (inside === SEARCHING) return true;
      if (inside >= 0) {
        const claimed = int64At(this.carry, 0, false);
        this.onIssue(
          this.offset,
          `the record at byte ${this.offset} claims ${formatSize(claimed)}, but whole records follow inside it ` +
            `from byte ${this.offset + inside}: its length is damaged; bytes ${this.offset}–${this.offset + inside} skipped`,
          false,
        );
        this.drain = { buf: this.carry, at: inside, end: this.carryLength };
        this.offset += inside;
        this.carry = new Uint8Array(0);
        this.emptyCarry();
        this.rounds++;
        return true;
      }
    }
    if (this.badFrom >= 0) {
      // The carry's last few bytes (too few for a header) count as damaged for now; a push may yet make them one.
      this.onIssue(
        this.badFrom,
        `bytes ${this.badFrom}–${this.offset + this.carryLength} are not TensorBoard records; skipped`,
        this.badSaid,
      );
      this.badSaid = true;
    }
    this.rounds = 0;
    this.settled = true;
    return false;
  }

  /**
   * Adds to the carried partial record what it lacks from `chunk`. Returns where `chunk`'s own
   * records start, or -1 when the whole chunk went into the carry.
   */
  private completeCarry(chunk: Uint8Array): number {
    let at = 0;
    if (this.carryLength < HEADER) {
      at = this.fill(chunk, 0, HEADER - this.carryLength);
      if (this.carryLength < HEADER) return -1;
    }
    const total = this.badFrom < 0 && headerValid(this.carry, 0) ? frameLength(this.carry, 0) : -1;
    if (total < 0) {
      // Not in step: join and scan byte by byte (rare, so the copy does not matter).
      const joined = new Uint8Array(this.carryLength + chunk.length - at);
      joined.set(this.carry.subarray(0, this.carryLength));
      joined.set(chunk.subarray(at), this.carryLength);
      this.emptyCarry();
      const used = this.scan(joined, 0, joined.length, this.offset);
      this.offset += used;
      this.keep(joined, used, joined.length);
      return -1;
    }
    at = this.fill(chunk, at, total - this.carryLength);
    if (this.carryLength < total) return -1;
    const inside = this.frame(this.carry, 0, total, this.offset);
    if (inside > 0) {
      // Read on from the record inside, then the rest of the chunk (as when out of step: rare, the copy is fine).
      const joined = new Uint8Array(total - inside + chunk.length - at);
      joined.set(this.carry.subarray(inside, total));
      joined.set(chunk.subarray(at), total - inside);
      this.offset += inside;
      this.emptyCarry();
      const used = this.scan(joined, 0, joined.length, this.offset);
      this.offset += used;
      this.keep(joined, used, joined.length);
      return -1;
    }
    this.offset += total;
    this.emptyCarry();
    return at;
  }

  private emptyCarry(): void {
    this.carryLength = 0;
    this.searched = 1;
    this.waiting = [];
  }

  /**
   * Where the first whole record with valid checksums starts inside the carried one (from byte 1), or -1; or
   * `SEARCHING` when `budget` bytes were looked at without finding one and more remain.
   * Linear over all flushes: the bytes are looked at once each (from `searched` on), the places that may
   * yet hold a record (`waiting`, at most MAX_WAITING) again at each flush; a data checksum is computed only
   * where a header's checksum holds (a chance of 2^-32 elsewhere) and the record is whole.
   */
  private recordInsideCarry(budget: number): number {
    const buf = this.carry;
    const end = this.carryLength;
    for (let k = 0; k < this.waiting.length; k++) {
      const i = this.waiting[k]!;
      const total = frameLength(buf, i);
      if (end - i < total) continue;
      if (dataValid(buf, i, total)) return i;
      this.waiting.splice(k--, 1);
    }
    let i = this.searched;
    const stop = i + budget;
    for (; end - i >= HEADER + FOOTER; i++) {
      if (i >= stop) {
        this.searched = i;
        return SEARCHING;
      }
      if (!headerValid(buf, i)) continue;
      const total = frameLength(buf, i);
      if (end - i >= total) {
        if (dataValid(buf, i, total)) return i;
      } else if (this.waiting.length < MAX_WAITING) this.waiting.push(i);
      else break;
    }
    this.searched = i;
    return -1;
  }

  /**
   * Reads whole records from `[start, end)` (`base` is the stream offset of index 0), starting none past
   * `start + budget`; returns where it stopped.
   */
  private scan(buf: Uint8Array, start: number, end: number, base: number, budget = Infinity): number {
    let i = start;
    const stop = start + budget;
    while (end - i >= HEADER && i < stop) {
      if (!headerValid(buf, i)) {
        if (this.badFrom < 0) this.badFrom = base + i;
        i++;
        continue;
      }
      if (this.badFrom >= 0) {
        this.onIssue(
          this.badFrom,
          `bytes ${this.badFrom}–${base + i} are not TensorBoard records (a damaged length); skipped to the next record`,
          this.badSaid,
        );
        this.badFrom = -1;
        this.badSaid = false;
      }
      const total = frameLength(buf, i);
      if (end - i < total) break;
      const inside = this.frame(buf, i, total, base + i);
      i = inside > 0 ? inside : i + total;
    }
    return i;
  }

  /**
   * For the whole record of `total` bytes at `at`, whose data fails its checksum: when a whole record with valid
   * checksums starts inside it, its length is damaged (bytes cut out of it, so that it claims the records after
   * it): that is said, and the index of the first record inside is returned, to read on from there; else -1.
   * A reader flushing while the record was not whole yet finds the same record inside (`recordInsideCarry`): so
   * reading it whole, in chunks or settling after each gives the same records. Linear: only a record failing its
   * checksum is searched, once, and reading goes on inside it.
   */
  private damagedLength(buf: Uint8Array, at: number, total: number, offset: number): number {
    // A record inside must end before this one does: a reader settling before the last byte came found only those.
    const end = at + total - 1;
    for (let i = at + 1; end - i >= HEADER + FOOTER; i++) {
      if (!headerValid(buf, i)) continue;
      const length = frameLength(buf, i);
      if (end - i >= length && dataValid(buf, i, length)) {
        this.onIssue(
          offset,
          `the record at byte ${offset} claims ${formatSize(total - HEADER - FOOTER)}, but whole records follow inside it ` +
            `from byte ${offset + i - at}: its length is damaged; bytes ${offset}–${offset + i - at} skipped`,
          false,
        );
        return i;
      }
    }
    return -1;
  }

  /**
   * Reads the whole record of `total` bytes at `at`; returns -1, or where to read on when its length is damaged
   * (`damagedLength`).
   */
  private frame(buf: Uint8Array, at: number, total: number, offset: number): number {
    const dataStart = at + HEADER;
    const dataEnd = at + total - FOOTER;
    if (maskedCrc32c(buf, dataStart, dataEnd) !== uint32At(buf, dataEnd)) {
      const inside = this.damagedLength(buf, at, total, offset);
      if (inside < 0)
        this.onIssue(offset, `the record at byte ${offset} fails its checksum (damaged data); skipped`, false);
      return inside;
    }
    this.onRecord(buf, dataStart, dataEnd, offset);
    return -1;
  }

  private fill(chunk: Uint8Array, from: number, want: number): number {
    const take = Math.min(want, chunk.length - from);
    this.ensure(this.carryLength + take);
    this.carry.set(chunk.subarray(from, from + take), this.carryLength);
    this.carryLength += take;
    return from + take;
  }

  private keep(buf: Uint8Array, from: number, to: number): void {
    if (to <= from) return;
    // Size the carry for the whole record when its header is known, so later chunks only append;
    // but not far beyond the bytes at hand: a header may claim a gigabyte that never comes.
    const total = to - from >= HEADER && this.badFrom < 0 && headerValid(buf, from) ? frameLength(buf, from) : HEADER;
    this.ensure(Math.max(Math.min(total, to - from + PRESIZE_AHEAD), to - from));
    this.carry.set(buf.subarray(from, to), 0);
    this.carryLength = to - from;
    this.searched = 1;
    this.waiting = [];
  }

  private ensure(size: number): void {
    if (this.carry.length >= size) return;
    const next = new Uint8Array(Math.max(size, this.carry.length * 2, 64));
    next.set(this.carry.subarray(0, this.carryLength));
    this.carry = next;
  }
}

/** Whether the whole record of `total` bytes at `at` has data matching its checksum. */
function dataValid(buf: Uint8Array, at: number, total: number): boolean {
  return maskedCrc32c(buf, at + HEADER, at + total - FOOTER) === uint32At(buf, at + total - FOOTER);
}

/** Whether the 12 bytes at `at` are a record header: a length within reason, and its checksum. */
export function headerValid(buf: Uint8Array, at: number): boolean {
  if (maskedCrc32c(buf, at, at + 8) !== uint32At(buf, at + 8)) return false;
  return int64At(buf, at, false) <= MAX_RECORD;
}

function frameLength(buf: Uint8Array, at: number): number {
  return HEADER + int64At(buf, at, false) + FOOTER;
}
