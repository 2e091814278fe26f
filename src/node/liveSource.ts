/**
 * A file that is being written: read incrementally. Remembers the byte offset reached, reads only
 * what was appended, keeps a partial last line for the next read, and starts over when the file
 * shrinks, is replaced (new inode, as atomic writers do), or its already-read bytes changed
 * (Lightning rewrites `metrics.csv` with a wider header when a new metric appears).
 */

import { open, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { createParser, detectFormat, writeModeOf, type ParserOptions } from '../core/formats';
import { MAX_LOG_FILE_BYTES, tooLargeMessage, type FormatId, type Run, type RunParser } from '../core/run';
import { decodeUtf8 } from '../core/lines';
import { CHUNK_BYTES } from './readSource';

/** What a refresh found. `reset` means the run was read again from the start. */
export type RefreshResult = 'unchanged' | 'appended' | 'reset' | 'missing' | 'unrecognised' | 'cancelled';

/** Reports progress of a long read and lets the caller stop it. */
export interface ReadControl {
  readonly onProgress?: (bytesRead: number, total: number) => void;
  readonly isCancelled?: () => boolean;
}

/** Lets other work run between chunks, so a long read never freezes the extension host. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

const HEAD_FINGERPRINT = 256;
const TAIL_FINGERPRINT = 64;

export class LiveSource {
  private parser_: RunParser | undefined;
  private offset = 0;
  private identity = '';
  private head: Uint8Array = new Uint8Array(0);
  private tail: Uint8Array = new Uint8Array(0);
  /** A last line without newline was parsed; bytes appended after it must be read from the start. */
  private flushedPartial = false;
  private format: FormatId | undefined;
  /** Bumped on every reset, so consumers know earlier indices are void. */
  generation = 0;
  private control: ReadControl = {};

  /** Size and modification time of the file at the last refresh. */
  size = 0;
  lastModified = 0;

  constructor(readonly path: string, readonly displayPath: string, private readonly options: ParserOptions = {}) {}

  get parser(): RunParser | undefined { return this.parser_; }
  get run(): Run | undefined { return this.parser_?.run; }
  get pendingBytes(): number { return this.parser_?.pendingBytes ?? 0; }
  get bytesRead(): number { return this.offset; }

  /** Brings the parsed run up to date with the file on disk. */
  async refresh(control: ReadControl = {}): Promise<RefreshResult> {
    this.control = control;
    let st: Stats;
    try {
      st = await stat(this.path);
    } catch {
      if (!this.parser_) return 'missing';
      this.parser_ = undefined;
      this.offset = 0;
      this.generation++;
      return 'missing';
    }
    const identity = `${st.dev}:${st.ino}`;
    this.size = st.size;
    this.lastModified = st.mtimeMs;
    const mode = this.format ? writeModeOf(this.format) : 'append';
    const replaced = !this.parser_ || identity !== this.identity || st.size < this.offset
      || mode === 'rewrite' || this.flushedPartial || !(await this.sameBytesAsBefore());
    if (replaced) return this.readFromStart(st, identity);
    if (st.size === this.offset) return 'unchanged';
    if (st.size > MAX_LOG_FILE_BYTES) return this.readFromStart(st, identity);
    return (await this.readRange(this.offset, st.size)) ? 'appended' : this.cancelled();
  }

  /**
   * The writer has been quiet: treat a last line without newline as complete. If more bytes are
   * appended later, that line may have been cut, so the next refresh reads from the start.
   */
  settle(): boolean {
    const parser = this.parser_;
    if (!parser || parser.pendingBytes === 0) return false;
    const before = parser.pendingBytes;
    parser.flush();
    // A binary record cut short stays pending (its reader waits for the rest): nothing was completed.
    if (parser.pendingBytes >= before) return false;
    this.flushedPartial = true;
    return true;
  }

  private async readFromStart(st: Stats, identity: string): Promise<RefreshResult> {
    this.generation++;
    this.flushedPartial = false;
    this.offset = 0;
    this.identity = identity;
    this.head = new Uint8Array(0);
    this.tail = new Uint8Array(0);
    this.parser_ = undefined;
    if (!this.format || !this.options.format) {
      const head = await this.readBytes(0, Math.min(st.size, 8192));
      this.format = this.options.format ?? detectFormat(this.path, decodeUtf8(head));
    }
    if (!this.format) return 'unrecognised';
    this.parser_ = createParser(this.displayPath, this.format, this.options);
    if (st.size > MAX_LOG_FILE_BYTES) {
      // Say so rather than exhaust the editor's memory; a later refresh sees the same and stays put.
      this.parser_.run.report({ offset: 0, message: tooLargeMessage(st.size) });
      this.offset = st.size;
      return 'reset';
    }
    if (!(await this.readRange(0, st.size))) return this.cancelled();
    if (writeModeOf(this.format) === 'rewrite') this.parser_.flush();
    // Most files read whole are finished runs: give back the columns' spare room (appends grow them again).
    this.parser_.run.trim();
    return 'reset';
  }

  /** A cancelled read leaves a partial run: drop it, so the next refresh starts over. */
  private cancelled(): RefreshResult {
    this.parser_ = undefined;
    this.offset = 0;
    this.identity = '';
    this.generation++;
    return 'cancelled';
  }

  /** Reads `[from, to)` into the parser; false when cancelled. */
  private async readRange(from: number, to: number): Promise<boolean> {
    const parser = this.parser_!;
    const fh = await open(this.path, 'r');
    try {
      const buf = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, Math.max(1, to - from)));
      let at = from;
      // Read to the size seen at stat time; bytes written since are picked up by the next refresh.
      while (at < to) {
        const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, to - at), at);
        if (bytesRead === 0) break;
        parser.push(buf.subarray(0, bytesRead));
        if (at < HEAD_FINGERPRINT) this.head = concatCapped(this.head, buf.subarray(0, bytesRead), HEAD_FINGERPRINT);
        at += bytesRead;
        if (at < to) {
          this.control.onProgress?.(at - from, to - from);
          await yieldToEventLoop();
          if (this.control.isCancelled?.()) return false;
        }
      }
      this.offset = at;
      this.tail = await readAt(fh, Math.max(0, at - TAIL_FINGERPRINT), Math.min(at, TAIL_FINGERPRINT));
      return true;
    } finally {
      await fh.close();
    }
  }

  /** The first bytes and the bytes just before the offset are still what was read. */
  private async sameBytesAsBefore(): Promise<boolean> {
    const fh = await open(this.path, 'r');
    try {
      const head = await readAt(fh, 0, this.head.length);
      if (!equalBytes(head, this.head)) return false;
      const tail = await readAt(fh, this.offset - this.tail.length, this.tail.length);
      return equalBytes(tail, this.tail);
    } finally {
      await fh.close();
    }
  }

  private async readBytes(from: number, length: number): Promise<Uint8Array> {
    const fh = await open(this.path, 'r');
    try { return await readAt(fh, from, length); } finally { await fh.close(); }
  }
}

async function readAt(fh: import('node:fs/promises').FileHandle, position: number, length: number): Promise<Uint8Array> {
  const buf = Buffer.alloc(length);
  let at = 0;
  while (at < length) {
    const { bytesRead } = await fh.read(buf, at, length - at, position + at);
    if (bytesRead === 0) break;
    at += bytesRead;
  }
  return buf.subarray(0, at);
}

function concatCapped(a: Uint8Array, b: Uint8Array, cap: number): Uint8Array {
  if (a.length >= cap) return a;
  const take = Math.min(b.length, cap - a.length);
  const out = new Uint8Array(a.length + take);
  out.set(a);
  out.set(b.subarray(0, take), a.length);
  return out;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
