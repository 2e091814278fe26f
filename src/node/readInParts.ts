/**
 * Large text logs read in two parts at once: this thread reads the first half while a worker
 * thread reads the second (see `core/splitRead`), so a 100 MB log takes about half as long. One
 * worker serves the process, started on first use; while idle it does not keep the process alive.
 * Anything unusual (the worker missing or busy, a part that cannot be joined) falls back to
 * reading on in this thread.
 */

import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ParserOptions } from '../core/formats';
import type { FormatId, RunParser } from '../core/run';
import { isSplittable } from '../core/run';
import { joinPart, type PartRead } from '../core/splitRead';

/** `minBytes`: below this a second thread costs more than it saves. `joined`: parts joined so far (for tests). */
export const PARTS = { minBytes: 16 << 20, joined: 0 };

/** How far to look for a header (the prime) or for the line end after the middle of the file. */
const LOOK_BYTES = 1 << 20;

export interface PartJob {
  readonly path: string;
  readonly displayPath: string;
  readonly format: FormatId;
  readonly options: ParserOptions;
  /** The file's first bytes, up to the end of its header. */
  readonly prime: Uint8Array;
  readonly from: number;
  readonly to: number;
}

export type PartReply = { readonly read: PartRead; readonly error?: undefined } | { readonly read?: undefined; readonly error: string };

/** The worker script: beside this module, compiled (`out/src/node/`) or bundled (`dist/`). */
const WORKER_SCRIPT = join(__dirname, 'partWorker.js');

let worker: Worker | undefined;
let busy = false;

/** Reads a part in the worker; `undefined` when it cannot now (no script, or a read in progress). */
function readPartInWorker(job: PartJob): Promise<PartRead> | undefined {
  if (busy || !existsSync(WORKER_SCRIPT)) return undefined;
  if (!worker) {
    const w = new Worker(WORKER_SCRIPT);
    // Past a failure the worker is dropped; the next read starts another.
    w.on('error', () => { if (worker === w) worker = undefined; });
    w.on('exit', () => { if (worker === w) worker = undefined; });
    worker = w;
  }
  const w = worker;
  busy = true;
  w.ref();
  return new Promise<PartRead>((resolve, reject) => {
    const done = (): void => {
      busy = false;
      w.unref();
      w.off('message', onMessage);
      w.off('error', onFailure);
      w.off('exit', onFailure);
    };
    const onMessage = (m: PartReply): void => {
      done();
      if (m.read) resolve(m.read); else reject(new Error(m.error));
    };
    const onFailure = (e?: unknown): void => {
      done();
      reject(e instanceof Error ? e : new Error('the part reader stopped'));
    };
    w.on('message', onMessage);
    w.on('error', onFailure);
    w.on('exit', onFailure);
    w.postMessage(job);
  });
}

async function readBytes(path: string, from: number, length: number): Promise<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await fh.read(buf, 0, length, from);
    return new Uint8Array(buf.buffer, buf.byteOffset, bytesRead);
  } finally {
    await fh.close();
  }
}

/**
 * Starts reading the second half of the file at `path` (of `size` bytes, in `format`) in the
 * worker, when `parser` can be read in parts. Returns where that half starts (a line's start) and
 * the read; `undefined` when the file is read in one part.
 */
export async function startSecondPart(path: string, format: FormatId, options: ParserOptions, parser: RunParser, size: number): Promise<{ readonly from: number; readonly read: Promise<PartRead | undefined> } | undefined> {
  if (size < PARTS.minBytes || !isSplittable(parser)) return undefined;
  const head = await readBytes(path, 0, LOOK_BYTES);
  const primeLength = parser.primeLength(head);
  if (primeLength === undefined) return undefined;
  const middle = await readBytes(path, Math.floor(size / 2), LOOK_BYTES);
  const newline = middle.indexOf(10);
  if (newline < 0) return undefined;
  const from = Math.floor(size / 2) + newline + 1;
  if (from <= primeLength || from >= size) return undefined;
  const read = readPartInWorker({ path, displayPath: parser.run.source, format, options, prime: head.slice(0, primeLength), from, to: size });
  return read && { from, read: read.catch(() => undefined) };
}

/** After `parser` has read up to the second part: joins that part's points, or says it must read on itself. */
export async function joinSecondPart(parser: RunParser, read: Promise<PartRead | undefined>): Promise<boolean> {
  const part = await read;
  const joined = part !== undefined && isSplittable(parser) && joinPart(parser, part);
  if (joined) PARTS.joined++;
  return joined;
}
