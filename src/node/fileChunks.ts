/**
 * Bytes of a file for the parsers: ranges pushed in chunks (never one string for a whole file),
 * reads at an offset, and where a large file's second half starts (see `readInParts` and
 * `readPredictions`, which read it in two parts at once).
 */

import { constants } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import type { RunParser } from '../core/model/run';
import type { Stats } from 'node:fs';
import { MiB } from '../core/text/sizes';

export const CHUNK_BYTES = MiB;

/** How far to look for the end of a header line, and for a line end after the middle of a file. */
export const LOOK_BYTES = MiB;

/** What a path that is not a regular file is, in words; undefined for a regular file (or a folder). */
export function notRegularKind(st: Stats): string | undefined {
  if (st.isFile() || st.isDirectory()) return undefined;
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** The error for a path that is a pipe, socket or device: reading one could wait forever, or never end. */
export function notRegularError(kind: string): Error {
  return new Error(`is ${kind}, not a regular file; not read (a pipe or device could block or never end)`);
}

/**
 * Opens a regular file for reading. A FIFO, socket or device named like a log (`train.log`) is refused with a
 * message instead of opened: opening a FIFO waits for a writer forever, and a device never ends. The check is
 * made before opening, and again on what was opened (opened without blocking, in case the path changed between).
 */
export async function openRegular(path: string): Promise<FileHandle> {
  const kind = notRegularKind(await stat(path));
  if (kind) throw notRegularError(kind);
  // O_NONBLOCK: should the path have become a FIFO since, the open returns instead of waiting for a writer.
  const fh = await open(path, constants.O_NONBLOCK === undefined ? 'r' : constants.O_RDONLY | constants.O_NONBLOCK);
  const opened = notRegularKind(await fh.stat());
  if (opened) {
    await fh.close();
    throw notRegularError(opened);
  }
  return fh;
}

/** `length` bytes of the file at `position` (fewer at its end). */
export async function readAt(fh: FileHandle, position: number, length: number): Promise<Uint8Array> {
  const buf = Buffer.alloc(length);
  let at = 0;
  // A read may return fewer bytes than asked before the end: read on until the end or `length`.
  while (at < length) {
    const { bytesRead } = await fh.read(buf, at, length - at, position + at);
    if (bytesRead === 0) break;
    at += bytesRead;
  }
  return new Uint8Array(buf.buffer, buf.byteOffset, at);
}

/** The same, opening the file at `path`. */
export async function readFileAt(path: string, position: number, length: number): Promise<Uint8Array> {
  const fh = await openRegular(path);
  try {
    return await readAt(fh, position, length);
  } finally {
    await fh.close();
  }
}

/**
 * The start of the first line after the middle of a file of `size` bytes (or after the `share` of
 * it); `undefined` when none starts within `LOOK_BYTES`.
 */
export async function lineAfterMiddle(fh: FileHandle, size: number, share = 0.5): Promise<number | undefined> {
  const middle = Math.floor(size * share);
  const newline = (await readAt(fh, middle, LOOK_BYTES)).indexOf(0x0a);
  return newline < 0 || middle + newline + 1 >= size ? undefined : middle + newline + 1;
}

/**
 * Pushes bytes `[from, to)` of the file to `push` in chunks of up to `chunkBytes`, with the offset
 * each reaches, and returns the offset reached. Two buffers take turns: the next chunk is read
 * while `push` works on the one at hand (it must keep no view of a chunk once it returns).
 * `signal` stops it between chunks (the promise rejects with the signal's reason).
 */
export async function pushChunks(
  fh: FileHandle,
  from: number,
  to: number,
  push: (chunk: Uint8Array, reached: number) => void,
  chunkBytes = CHUNK_BYTES,
  signal?: AbortSignal,
): Promise<number> {
  if (from >= to) return from;
  const length = Math.min(chunkBytes, to - from);
  let current = Buffer.allocUnsafe(length);
  let next = Buffer.allocUnsafe(length);
  let pending = fh.read(current, 0, length, from);
  let at = from;
  try {
    while (at < to) {
      const { bytesRead } = await pending;
      if (bytesRead === 0) break;
      at += bytesRead;
      signal?.throwIfAborted();
      if (at < to) pending = fh.read(next, 0, Math.min(length, to - at), at);
      // A plain Uint8Array view: the parsers' loops then see one array type only.
      push(new Uint8Array(current.buffer, current.byteOffset, bytesRead), at);
      [current, next] = [next, current];
    }
    return at;
  } finally {
    // A read still on its way when the loop stopped (the file shrank, cancelled, a parser threw) must end before the file is closed.
    await pending.catch(() => undefined);
  }
}

/** Pushes bytes `[from, to)` of the file at `path` to `sink` in chunks; returns the offset reached. */
export async function feedRange(
  path: string,
  sink: { push(chunk: Uint8Array): void },
  from: number,
  to: number,
): Promise<number> {
  const fh = await openRegular(path);
  try {
    return await pushChunks(fh, from, to, (chunk) => sink.push(chunk));
  } finally {
    await fh.close();
  }
}

/**
 * `feedRange` for a run's parser that will read `totalBytes` in all (this range and any other part
 * joined to it): after the first chunk, the run makes room for what the rest will likely bring.
 */
export async function feedRun(
  path: string,
  parser: RunParser,
  from: number,
  to: number,
  totalBytes: number,
): Promise<number> {
  let first = true;
  return feedRange(
    path,
    {
      push(chunk) {
        parser.push(chunk);
        if (first) {
          first = false;
          parser.run.expect(chunk.length, totalBytes);
        }
      },
    },
    from,
    to,
  );
}
