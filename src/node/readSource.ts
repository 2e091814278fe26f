/**
 * Reading files from disk for the core, shared by the CLI and the extension host. Files are read
 * in chunks and handed to a parser as bytes: never one string for a whole file.
 */

import { open } from 'node:fs/promises';
import { detectFormat, createParser, type ParserOptions } from '../core/formats';
import { MAX_LOG_FILE_BYTES, tooLargeMessage, type FormatId, type RunParser } from '../core/run';
import { decodeUtf8 } from '../core/lines';

export const CHUNK_BYTES = 1 << 20;
const HEAD_BYTES = 8192;

/** The first bytes of a file, decoded, for format sniffing. */
export async function readHead(path: string, bytes = HEAD_BYTES): Promise<string> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return decodeUtf8(buf.subarray(0, bytesRead));
  } finally {
    await fh.close();
  }
}

/** Reads `[from, to)` of a file into the parser in chunks; returns the offset reached. */
export async function feedRange(path: string, parser: RunParser, from: number, to: number): Promise<number> {
  const fh = await open(path, 'r');
  try {
    let at = from;
    const buf = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, Math.max(1, to - from)));
    while (at < to) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, to - at), at);
      if (bytesRead === 0) break;
      parser.push(buf.subarray(0, bytesRead));
      at += bytesRead;
    }
    return at;
  } finally {
    await fh.close();
  }
}

export class UnknownFormatError extends Error {}

/** Detects the format of a file (unless given) and makes its parser. */
export async function parserForFile(path: string, displayPath: string, options: ParserOptions = {}): Promise<RunParser> {
  let format: FormatId | undefined = options.format;
  if (!format) format = detectFormat(path, await readHead(path));
  if (!format) throw new UnknownFormatError('not a training log Metric Lens recognises (no metric header or known file name)');
  return createParser(displayPath, format, options);
}

/** Reads a whole file: detect, parse to the end, flush. */
export async function readRunFile(path: string, displayPath: string, options: ParserOptions = {}): Promise<RunParser> {
  const parser = await parserForFile(path, displayPath, options);
  const fh = await open(path, 'r');
  let size: number;
  try { size = (await fh.stat()).size; } finally { await fh.close(); }
  if (size > MAX_LOG_FILE_BYTES) {
    parser.run.report({ offset: 0, message: tooLargeMessage(size) });
    return parser;
  }
  await feedRange(path, parser, 0, size);
  parser.flush();
  parser.run.trim();
  return parser;
}
