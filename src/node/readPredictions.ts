/**
 * Reading a predictions file from disk into the core's `PredictionsParser`, in chunks (never one
 * string for the whole file), with progress and cancellation for long reads. A large file is read
 * in two halves at once when a helper thread is free (see `core/classify/predictionsPart.ts`):
 * this thread reads the first, the helper the second. Shared by the CLI and the extension host (or
 * a worker thread it starts).
 */

import type { FileHandle } from 'node:fs/promises';
import {
  PredictionsParser,
  type PredictionOptions,
  type PredictionsPart,
  type PredictionsRead,
} from '../core/classify';
import { sniffText } from '../core/formats/textBytes';
import { lineAfterMiddle, LOOK_BYTES, openRegular, pushChunks, readAt } from './fileChunks';
import { readPartInHelper, type PartJob } from './helperPool';

/** Large chunks: the parser is byte-level, so fewer, bigger reads are faster. */
export const PREDICTION_CHUNK_BYTES = 4 << 20;

/** `minBytes`: below this a second thread costs more than it saves. `joined`: parts joined so far (for tests). */
export const PREDICTION_PARTS = { minBytes: 16 << 20, joined: 0 };

export interface ReadPredictionsOptions extends PredictionOptions {
  /** Called after each chunk with the bytes read so far and the file's size. */
  readonly onProgress?: ((bytesRead: number, totalBytes: number) => void) | undefined;
  /** Stops the read (the promise rejects with the signal's reason). */
  readonly signal?: AbortSignal | undefined;
}

export async function readPredictionsFile(
  path: string,
  displayPath: string,
  options: ReadPredictionsOptions = {},
): Promise<PredictionsRead> {
  const fh = await openRegular(path);
  try {
    const size = (await fh.stat()).size;
    const parser = new PredictionsParser(displayPath, options, size);
    const second =
      size >= PREDICTION_PARTS.minBytes ? await startSecondPart(fh, path, displayPath, options, size) : undefined;
    const control = { ...options, onProgress: steadyProgress(options.onProgress) };
    // While a helper reads the second half at about the same pace, the whole is as far along as this half.
    await feed(fh, parser, 0, second?.from ?? size, size, control, second ? size / second.from : 1);
    if (second) {
      const part = await second.read;
      options.signal?.throwIfAborted();
      if (part && parser.joinPart(part)) {
        PREDICTION_PARTS.joined++;
        control.onProgress?.(size, size);
      } else {
        await feed(fh, parser, second.from, size, size, control);
      }
    }
    parser.flush();
    return parser.result();
  } finally {
    await fh.close();
  }
}

/** A helper thread's job (see `helperPool.ts`): the part of a file after the middle, for `joinPart`. */
export async function readPredictionsPart(job: PartJob): Promise<PredictionsPart> {
  const fh = await openRegular(job.path);
  try {
    const parser = new PredictionsParser(job.displayPath, job.options, job.to - job.from);
    parser.prime(job.prime);
    await feed(fh, parser, job.from, job.to, job.to);
    parser.flush();
    return parser.part();
  } finally {
    await fh.close();
  }
}

/**
 * Starts reading the second half of a delimited UTF-8 file in a helper: from the first line start
 * after the middle, after the header line. Returns where that half starts and the read (undefined
 * if the helper failed); `undefined` when the file is read in one part.
 */
async function startSecondPart(
  fh: FileHandle,
  path: string,
  displayPath: string,
  options: ReadPredictionsOptions,
  size: number,
): Promise<{ readonly from: number; readonly read: Promise<PredictionsPart | undefined> } | undefined> {
  if (options.format === 'json') return undefined;
  const head = await readAt(fh, 0, LOOK_BYTES);
  if (sniffText(head).kind !== 'utf8') return undefined;
  let content = 0;
  while (content < head.length && WHITESPACE.has(head[content]!)) content++;
  // JSON's records need not start at line starts.
  if (options.format !== 'delimited' && (head[content] === 0x7b || head[content] === 0x5b)) return undefined;
  const primeEnd = head.indexOf(0x0a, content) + 1;
  const from = await lineAfterMiddle(fh, size);
  if (primeEnd <= 0 || from === undefined || from <= primeEnd) return undefined;
  const { onProgress: _progress, signal: _signal, ...parseOptions } = options;
  const read = readPartInHelper({
    kind: 'part',
    path,
    displayPath,
    options: parseOptions,
    prime: head.slice(0, primeEnd),
    from,
    to: size,
  });
  return read && { from, read };
}

/** Spaces, tabs, line ends and a UTF-8 BOM's bytes: what comes before a header. */
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d, 0xef, 0xbb, 0xbf]);

/** Pushes bytes `[from, to)` of the file to `parser` in chunks; progress (the offset reached, times `scale`) counts up to `total`. */
async function feed(
  fh: FileHandle,
  parser: PredictionsParser,
  from: number,
  to: number,
  total: number,
  control: ReadPredictionsOptions = {},
  scale = 1,
): Promise<void> {
  await pushChunks(
    fh,
    from,
    to,
    (chunk, reached) => {
      parser.push(chunk);
      control.onProgress?.(Math.min(total, Math.round(reached * scale)), total);
    },
    PREDICTION_CHUNK_BYTES,
    control.signal,
  );
}

/** Progress that never goes back (a second half that could not be joined is read here after the estimate reached the end). */
function steadyProgress(report: ReadPredictionsOptions['onProgress']): ReadPredictionsOptions['onProgress'] {
  if (!report) return undefined;
  let shown = 0;
  return (done, total) => {
    shown = Math.max(shown, done);
    report(shown, total);
  };
}
