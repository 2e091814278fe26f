/**
 * Reading files from disk for the core, shared by the CLI and the extension host. Files are read
 * in chunks and handed to a parser as bytes: never one string for a whole file.
 */

import { detectFormat, createParser, MAX_DETECT_BYTES, TextMetricsProbe, type ParserOptions } from '../core/formats';
import { MAX_LOG_FILE_BYTES, tooLargeMessage, type FormatId, type Run, type RunParser } from '../core/model/run';
import { decodeUtf8 } from '../core/text/lines';
import { formatSize } from '../core/text/messages';
import { feedRange, feedRun, openRegular, pushChunks, readAt, readFileAt } from './fileChunks';
import { joinSecondPart, startSecondPart } from './readInParts';
import { readSidecars } from './readSidecars';

const HEAD_BYTES = 8192;

/** The first bytes of a file, decoded, for format sniffing. */
export async function readHead(path: string, bytes = HEAD_BYTES): Promise<string> {
  return decodeUtf8(await readFileAt(path, 0, bytes));
}

export class UnknownFormatError extends Error {}

/** A file's format, or why it has none: what `sniffFormat` found. */
export type Sniffed = { readonly format: FormatId } | { readonly reason: string };

const NOT_A_LOG = 'not a training log Metric Lens recognises';

/**
 * The format of a file from its name and first bytes; failing those, a text file is read on (up
 * to `MAX_DETECT_BYTES`) until a metric line shows it is a text log: an mmengine log's config
 * dump fills its first 67 KB. A binary head (a NUL byte) is not read on.
 */
export async function sniffFormat(path: string): Promise<Sniffed> {
  const fh = await openRegular(path);
  try {
    const size = (await fh.stat()).size;
    const head = await readAt(fh, 0, Math.min(size, HEAD_BYTES));
    const format = detectFormat(path, decodeUtf8(head));
    if (format) return { format };
    const plain = { reason: `${NOT_A_LOG} (no metric header, metric line or known file name)` };
    if (size <= head.length || head.includes(0)) return plain;
    const probe = new TextMetricsProbe();
    const controller = new AbortController();
    const to = Math.min(size, MAX_DETECT_BYTES);
    let found = false;
    try {
      await pushChunks(
        fh,
        0,
        to,
        (chunk) => {
          if (!found && probe.push(chunk)) {
            found = true;
            controller.abort();
          }
        },
        1 << 16,
        controller.signal,
      );
    } catch (e) {
      if (!found) throw e;
    }
    if (found || (to === size && probe.finish())) return { format: 'text' };
    if (to === size) return plain;
    return {
      reason: `${NOT_A_LOG}: no metric header, known file name or metric line in its first ${formatSize(MAX_DETECT_BYTES)} (the metricLens.formats setting, or --format text, reads it as a text log)`,
    };
  } finally {
    await fh.close();
  }
}

/**
 * The format of a file on disk (`sniffFormat`): what the CLI reads it as, and what the editor
 * recognises an open file as (its buttons and diagnostics), so the two never disagree.
 */
export async function detectFileFormat(path: string): Promise<FormatId | undefined> {
  const sniffed = await sniffFormat(path);
  return 'format' in sniffed ? sniffed.format : undefined;
}

/** The format of a file: as given, or detected (see `sniffFormat`). */
async function formatOf(path: string, options: ParserOptions): Promise<FormatId> {
  if (options.format) return options.format;
  const sniffed = await sniffFormat(path);
  if ('reason' in sniffed) throw new UnknownFormatError(sniffed.reason);
  return sniffed.format;
}

/** Detects the format of a file (unless given) and makes its parser. */
export async function parserForFile(
  path: string,
  displayPath: string,
  options: ParserOptions = {},
): Promise<RunParser> {
  return createParser(displayPath, await formatOf(path, options), options);
}

/**
 * Reads a whole file into a run: detect, parse to the end (a large log in two parts at once),
 * flush. (The run only: a parser that joined a second part cannot read on from the file's end.)
 */
export async function readRunFile(path: string, displayPath: string, options: ParserOptions = {}): Promise<Run> {
  const format = await formatOf(path, options);
  const parser = createParser(displayPath, format, options);
  const fh = await openRegular(path);
  let size: number;
  try {
    size = (await fh.stat()).size;
  } finally {
    await fh.close();
  }
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
