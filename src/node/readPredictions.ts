/**
 * Reading a predictions file from disk into the core's `PredictionsParser`, in chunks (never one
 * string for the whole file), with progress and cancellation for long reads. Shared by the CLI
 * and the extension host (or a worker thread it starts).
 */

import { open } from 'node:fs/promises';
import { PredictionsParser, type PredictionOptions, type PredictionsRead } from '../core/classify';

/** Large chunks: the parser is byte-level, so fewer, bigger reads are faster. */
export const PREDICTION_CHUNK_BYTES = 4 << 20;

export interface ReadPredictionsOptions extends PredictionOptions {
  /** Called after each chunk with the bytes read so far and the file's size. */
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Stops the read (the promise rejects with the signal's reason). */
  readonly signal?: AbortSignal;
}

export async function readPredictionsFile(path: string, displayPath: string, options: ReadPredictionsOptions = {}): Promise<PredictionsRead> {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    const parser = new PredictionsParser(displayPath, options, size);
    const buf = Buffer.allocUnsafe(Math.max(1, Math.min(PREDICTION_CHUNK_BYTES, size)));
    // A plain Uint8Array view: the parser's loops then see one array type only.
    const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
    let at = 0;
    while (at < size) {
      options.signal?.throwIfAborted();
      const { bytesRead } = await fh.read(buf, 0, buf.length, at);
      if (bytesRead === 0) break;
      parser.push(bytes.subarray(0, bytesRead));
      at += bytesRead;
      options.onProgress?.(at, size);
    }
    parser.flush();
    return parser.result();
  } finally {
    await fh.close();
  }
}
