/**
 * The framing of W&B's `run-<id>.wandb` file, read incrementally: a 7-byte header (`:W&B`, the
 * magic 0xBEE1 little-endian, version 0), then LevelDB's log layout. The file is cut in 32 KiB
 * blocks counted from its first byte; each chunk is a u32 checksum, a u16 length, a u8 type (1
 * FULL, 2 FIRST, 3 MIDDLE, 4 LAST) and its payload, and never crosses a block's end (fewer than 7
 * bytes left in a block are zero padding). A record is one FULL chunk or FIRST, MIDDLE…, LAST.
 * The checksum is zlib's plain CRC-32 of the type byte and the payload (the SDK's `datastore.py`
 * and wandb-core's `store.go`, which uses LevelDB's IEEE variant).
 *
 * Bytes that do not complete a chunk wait for the next push: wandb-core writes whole blocks and
 * the Python writer a record at a time, and either may be caught mid-write. A damaged chunk (bad
 * checksum, impossible length or type) is reported and reading moves to the next block, where
 * chunks start again; a record it was part of is dropped.
 */

import { crc32 } from '../text/crc32';
import { uint32At } from './protobuf';
import { formatSize } from '../text/messages';
import { KiB, MiB } from '../text/sizes';

export const BLOCK = 32 * KiB;
const CHUNK_HEADER = 7;
const FILE_HEADER = 7;
/** A record larger than this is not something W&B writes (its largest are a few MB of config); it is skipped. */
export const MAX_RECORD_BYTES = 64 * MiB;

export type WandbRecordSink = (bytes: Uint8Array, start: number, end: number, offset: number) => void;
export type WandbIssueSink = (offset: number, message: string) => void;

const FULL = 1,
  FIRST = 2,
  LAST = 4; // MIDDLE (3) continues a record, as LAST does without ending it

export class WandbLogReader {
  /** Bytes of the stream not consumed yet, from stream offset `offset`. */
  private carry = new Uint8Array(0);
  private carryLength = 0;
  private offset = 0;
  /** The record being assembled from FIRST/MIDDLE chunks, and where it started; -1 when none. */
  private parts: Uint8Array[] = [];
  private partsBytes = 0;
  private recordStart = -1;
  /** Set once the header is checked; a file that is not a W&B log is refused whole. */
  private headerChecked = false;
  private refused = false;

  constructor(
    private readonly onRecord: WandbRecordSink,
    private readonly onIssue: WandbIssueSink,
  ) {}

  /** Bytes held for a chunk or a record not complete yet. */
  get pendingBytes(): number {
    return this.carryLength + this.partsBytes;
  }
  /** Where the bytes held start: the record being assembled, or the chunk not complete yet. */
  get pendingFrom(): number {
    return this.recordStart >= 0 ? this.recordStart : this.offset;
  }
  get bytesConsumed(): number {
    return this.offset;
  }

  push(chunk: Uint8Array): void {
    if (this.refused || chunk.length === 0) return;
    let buf: Uint8Array;
    if (this.carryLength > 0) {
      buf = new Uint8Array(this.carryLength + chunk.length);
      buf.set(this.carry.subarray(0, this.carryLength));
      buf.set(chunk, this.carryLength);
    } else {
      buf = chunk;
    }
    const used = this.scan(buf);
    this.offset += used;
    // Keep the rest: at most a chunk (32 KiB) whatever was pushed, since complete chunks were consumed.
    this.carryLength = buf.length - used;
    if (this.carryLength > 0) {
      if (this.carry.length < this.carryLength) this.carry = new Uint8Array(Math.max(this.carryLength, 64));
      this.carry.set(buf.subarray(used));
    }
  }

  /** Consumes whole chunks from `buf` (stream offset `this.offset` at index 0); returns the bytes consumed. */
  private scan(buf: Uint8Array): number {
    let i = 0;
    if (!this.headerChecked) {
      if (buf.length < FILE_HEADER) {
        if (!isHeaderPrefix(buf)) this.refuse();
        return 0;
      }
      if (!isHeaderPrefix(buf.subarray(0, FILE_HEADER))) {
        this.refuse();
        return buf.length;
      }
      this.headerChecked = true;
      i = FILE_HEADER;
    }
    while (i < buf.length) {
      const at = this.offset + i;
      const left = BLOCK - (at % BLOCK);
      if (left < CHUNK_HEADER) {
        // The block's trailer: zero padding to its end.
        if (buf.length - i < left) break;
        i += left;
        continue;
      }
      if (buf.length - i < CHUNK_HEADER) break;
      const length = buf[i + 4]! | (buf[i + 5]! << 8);
      const type = buf[i + 6]!;
      if (type === 0 && length === 0 && uint32At(buf, i) === 0) {
        // Zeros where a chunk would start: a preallocated or padded tail of the block.
        if (buf.length - i < left) break;
        i += left;
        continue;
      }
      if (CHUNK_HEADER + length > left || type < FULL || type > LAST) {
        if (
          !this.skipBlock(buf, i, left, at, `a chunk header at byte ${at} is damaged (type ${type}, length ${length})`)
        )
          break;
        i += left;
        continue;
      }
      if (buf.length - i < CHUNK_HEADER + length) break;
      const start = i + CHUNK_HEADER;
      const end = start + length;
      const crc = crc32(buf, start, end, crc32(buf, i + 6, i + 7));
      if (crc !== uint32At(buf, i)) {
        if (!this.skipBlock(buf, i, left, at, `the chunk at byte ${at} fails its checksum (damaged data)`)) break;
        i += left;
        continue;
      }
      this.chunk(type, buf, start, end, at);
      i = end;
    }
    return i;
  }

  /** Reports a damaged chunk and moves to the next block; false when the block's end has not arrived (wait for it). */
  private skipBlock(buf: Uint8Array, i: number, left: number, at: number, what: string): boolean {
    if (buf.length - i < left && !this.flushing) return false;
    const next = at + left;
    const lost = this.recordStart >= 0 ? `; the record that started at byte ${this.recordStart} is lost` : '';
    this.onIssue(at, `${what}; skipped to the next block, at byte ${next}${lost}`);
    this.dropRecord();
    this.afterDamage = true;
    return true;
  }

  private flushing = false;
  /** A block was skipped: the next block may open with the rest of a record whose start was lost (said already). */
  private afterDamage = false;

  private chunk(type: number, buf: Uint8Array, start: number, end: number, at: number): void {
    if (type === FULL || type === FIRST) this.afterDamage = false;
    if (type === FULL) {
      if (this.recordStart >= 0) this.brokenRecord(at);
      else this.recordStart = -1; // an oversized record's end never came: done skipping it
      this.onRecord(buf, start, end, at);
      return;
    }
    if (type === FIRST) {
      if (this.recordStart >= 0) this.brokenRecord(at);
      this.recordStart = at;
    } else if (this.recordStart === -2) {
      // The rest of a record over the bound, said once: its parts are skipped quietly up to its end.
      if (type === LAST) this.recordStart = -1;
      return;
    } else if (this.recordStart < 0) {
      if (!this.afterDamage)
        this.onIssue(
          at,
          `a record's continuation at byte ${at} has no start (its first part was damaged or cut); skipped`,
        );
      if (type === LAST) this.afterDamage = false;
      return;
    }
    if (this.partsBytes + (end - start) > MAX_RECORD_BYTES) {
      this.onIssue(
        this.recordStart,
        `the record at byte ${this.recordStart} is over ${formatSize(MAX_RECORD_BYTES)}; skipped`,
      );
      this.dropRecord();
      this.recordStart = -2; // Skip its remaining parts quietly until its LAST, or the next FIRST or FULL.
      return;
    }
    this.parts.push(buf.slice(start, end));
    this.partsBytes += end - start;
    if (type !== LAST) return;
    const whole = new Uint8Array(this.partsBytes);
    let k = 0;
    for (const p of this.parts) {
      whole.set(p, k);
      k += p.length;
    }
    const from = this.recordStart;
    this.dropRecord();
    this.onRecord(whole, 0, whole.length, from);
  }

  private brokenRecord(at: number): void {
    if (this.recordStart >= 0)
      this.onIssue(
        this.recordStart,
        `the record that started at byte ${this.recordStart} has no end before byte ${at}; skipped`,
      );
    this.dropRecord();
  }

  private dropRecord(): void {
    this.parts = [];
    this.partsBytes = 0;
    this.recordStart = -1;
  }

  /**
   * A damaged chunk whose block has not fully arrived is normally waited for; at the end of a
   * whole read (`final`) it is reported now. Bytes of an incomplete chunk or record keep waiting.
   */
  flush(final = false): void {
    if (!final || this.carryLength === 0 || !this.headerChecked) return;
    this.flushing = true;
    const rest = this.carry.subarray(0, this.carryLength);
    const used = this.scan(rest);
    this.flushing = false;
    if (used > 0) {
      this.offset += used;
      this.carry.copyWithin(0, used, this.carryLength);
      this.carryLength -= used;
    }
  }

  private refuse(): void {
    this.refused = true;
    this.onIssue(0, 'not a W&B run file: it does not start with the `:W&B` header; not read');
  }
}

const MAGIC = [0x3a, 0x57, 0x26, 0x42, 0xe1, 0xbe, 0x00]; // ":W&B", 0xBEE1 little-endian, version 0

function isHeaderPrefix(b: Uint8Array): boolean {
  for (let k = 0; k < b.length && k < FILE_HEADER; k++) if (b[k] !== MAGIC[k]) return false;
  return true;
}
