/**
 * Reading files from disk for the core, shared by the CLI and the extension host. Files are read
 * in chunks and handed to a parser as bytes: never one string for a whole file.
 */

import { open } from 'node:fs/promises';
import { detectFormat, createParser, type ParserOptions } from '../core/formats';
import { MAX_LOG_FILE_BYTES, tooLargeMessage, type FormatId, type Run, type RunParser } from '../core/run';
import { decodeUtf8 } from '../core/lines';
import { feedRange, feedRun, readFileAt } from './fileChunks';
import { joinSecondPart, startSecondPart } from './readInParts';
import { readSidecars } from './readSidecars';

const HEAD_BYTES = 8192;

/** The first bytes of a file, decoded, for format sniffing. */
export async function readHead(path: string, bytes = HEAD_BYTES): Promise<string> {
  return decodeUtf8(await readFileAt(path, 0, bytes));
}

export class UnknownFormatError extends Error {}

/** The format of a file: as given, or detected from its name and first bytes. */
async function formatOf(path: string, options: ParserOptions): Promise<FormatId> {
  const format = options.format ?? detectFormat(path, await readHead(path));
  if (!format) throw new UnknownFormatError('not a training log Metric Lens recognises (no metric header or known file name)');
  return format;
}

/** Detects the format of a file (unless given) and makes its parser. */
export async function parserForFile(path: string, displayPath: string, options: ParserOptions = {}): Promise<RunParser> {
  return createParser(displayPath, await formatOf(path, options), options);
}

/**
 * Reads a whole file into a run: detect, parse to the end (a large log in two parts at once),
 * flush. (The run only: a parser that joined a second part cannot read on from the file's end.)
 */
export async function readRunFile(path: string, displayPath: string, options: ParserOptions = {}): Promise<Run> {
  const format = await formatOf(path, options);
  const parser = createParser(displayPath, format, options);
  const fh = await open(path, 'r');
  let size: number;
  try { size = (await fh.stat()).size; } finally { await fh.close(); }
  if (size > MAX_LOG_FILE_BYTES) {
    parser.run.report({ offset: 0, message: tooLargeMessage(size) });
    return parser.run;
  }
  const second = await startSecondPart(path, format, options, parser, size);
  if (!second) {
    await feedRun(path, parser, 0, size, size);
  } else {
    await feedRun(path, parser, 0, second.from, size);
    if (!(await joinSecondPart(parser, second.read))) await feedRange(path, parser, second.from, size);
  }
  parser.flush();
  parser.run.trim();
  await readSidecars(path, parser.run.format, parser.run);
  return parser.run;
}
