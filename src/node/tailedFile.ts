/**
 * What a tail reader remembers about one file: how far it read, which file it was (device and
 * inode: an atomic writer replaces it), and the first bytes and the bytes just before the offset,
 * so that a rewrite in place (Lightning widening its header) is told from an append.
 */

import type { Stats } from 'node:fs';
import { openRegular, readAt } from './fileChunks';

/**
 * What the extension host parses between turns of its event loop: a quarter megabyte is a few
 * milliseconds of parsing, so a host shared by every extension, on a busy machine, is never held long.
 */
const TAIL_CHUNK_BYTES = 256 << 10;

const HEAD_FINGERPRINT = 256;
const TAIL_FINGERPRINT = 64;

export type TailChange = 'same' | 'grown' | 'replaced';

export class TailedFile {
  offset = 0;
  private identity = '';
  private head: Uint8Array = new Uint8Array(0);
  private tail: Uint8Array = new Uint8Array(0);

  constructor(readonly path: string) {}

  /** Forgets what was read: the next read starts from the beginning, as of a new file. */
  reset(): void {
    this.offset = 0;
    this.identity = '';
    this.head = new Uint8Array(0);
    this.tail = new Uint8Array(0);
  }

  /** Compares the file as it is now with what was read. */
  async change(st: Stats): Promise<TailChange> {
    if (`${st.dev}:${st.ino}` !== this.identity || st.size < this.offset) return 'replaced';
    if (!(await this.sameBytesAsBefore())) return 'replaced';
    return st.size > this.offset ? 'grown' : 'same';
  }

  /** Takes the file as read to its end without reading it (one too large to read): it stays 'same' until it changes. */
  skip(st: Stats): void {
    this.reset();
    this.identity = `${st.dev}:${st.ino}`;
    this.offset = st.size;
  }

  /**
   * Reads `[offset, to)` (to the size at `st` unless told) in chunks into `sink` and remembers the
   * new offset. Before each chunk goes to `sink`, `between` (given the offset reached) may let other
   * work run, and stop the read by returning false: then nothing is remembered and `false` is returned.
   */
  async readTo(
    st: Stats,
    sink: (chunk: Uint8Array) => void,
    between?: (reached: number) => Promise<boolean>,
    to = st.size,
  ): Promise<boolean> {
    if (`${st.dev}:${st.ino}` !== this.identity) {
      this.reset();
      this.identity = `${st.dev}:${st.ino}`;
    }
    const fh = await openRegular(this.path);
    try {
      const from = this.offset;
      let at = from;
      const buf = Buffer.allocUnsafe(Math.min(TAIL_CHUNK_BYTES, Math.max(1, to - at)));
      // Read to the size seen at stat time; bytes written since are picked up by the next refresh.
      while (at < to) {
        const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, to - at), at);
        if (bytesRead === 0) break;
        // Waited for before the chunk is parsed, not after: reads of many files (the Runs view starts them
        // together) finish theirs in one turn of the event loop, and would parse them back to back there.
        if (between && !(await between(at))) return false;
        if (at < HEAD_FINGERPRINT) this.head = concatCapped(this.head, buf.subarray(0, bytesRead), HEAD_FINGERPRINT);
        sink(buf.subarray(0, bytesRead));
        at += bytesRead;
      }
      this.offset = at;
      this.tail = await readAt(fh, Math.max(0, at - TAIL_FINGERPRINT), Math.min(at, TAIL_FINGERPRINT));
      return true;
    } finally {
      await fh.close();
    }
  }

  /**
   * Takes the bytes up to `offset` as read (a helper thread read them, and the parser has their
   * points): the next read starts there. Only forward, after a read of this same file.
   */
  moveTo(offset: number): void {
    if (offset > this.offset) this.offset = offset;
  }

  private async sameBytesAsBefore(): Promise<boolean> {
    const fh = await openRegular(this.path);
    try {
      if (!equalBytes(await readAt(fh, 0, this.head.length), this.head)) return false;
      return equalBytes(await readAt(fh, this.offset - this.tail.length, this.tail.length), this.tail);
    } finally {
      await fh.close();
    }
  }
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
