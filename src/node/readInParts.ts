/**
 * Large text logs read in two parts at once: this thread reads the first half while a helper
 * thread (see `helperPool`) reads the second (see `core/model/splitRead`), so a 100 MB log takes little
 * more than half as long. Anything unusual (no helper free, a part that cannot be joined) falls
 * back to reading on in this thread: the run is the same either way.
 */

import { createPartParser, type ParserOptions } from '../core/formats';
import { isSplittable, type FormatId, type RunParser } from '../core/model/run';
import { finishPart, joinPart, startPart, type PartRead } from '../core/model/splitRead';
import { feedRun, lineAfterMiddle, LOOK_BYTES, openRegular, readAt } from './fileChunks';
import { readLogPartInHelper, type LogPartJob } from './helperPool';

/** `minBytes`: below this a second thread costs more than it saves. `joined`: parts joined so far (for tests). */
export const PARTS = { minBytes: 16 << 20, joined: 0 };

/**
 * The share of a log this thread reads. The helper reads its part a little slower per byte, and
 * the join waits for both: on a 2-core machine, the bench's 100 MB logs read in turns with the
 * seam at 50, 53 and 56 % were done 5–15 % sooner at 53 %.
 */
const FIRST_PART_SHARE = 0.53;

/** The second half of a file, being read in a helper: where it starts, and the read (undefined if the helper failed). */
export interface SecondPart {
  readonly from: number;
  readonly read: Promise<PartRead | undefined>;
}

/**
 * Starts reading the second half of the file at `path` (of `size` bytes, in `format`) in a helper,
 * when `parser` can be read in parts; `undefined` when the file is read in one part. `growing`: the
 * file is being written, so the helper leaves an unfinished last line unread (`PartRead.unread`).
 */
export async function startSecondPart(
  path: string,
  format: FormatId,
  options: ParserOptions,
  parser: RunParser,
  size: number,
  growing = false,
): Promise<SecondPart | undefined> {
  if (size < PARTS.minBytes || !isSplittable(parser)) return undefined;
  const fh = await openRegular(path);
  let head: Uint8Array, from: number | undefined;
  try {
    head = await readAt(fh, 0, LOOK_BYTES);
    from = await lineAfterMiddle(fh, size, FIRST_PART_SHARE);
  } finally {
    await fh.close();
  }
  const primeLength = parser.primeLength(head);
  if (primeLength === undefined || from === undefined || from <= primeLength) return undefined;
  const read = readLogPartInHelper({
    kind: 'log part',
    path,
    displayPath: parser.run.source,
    format,
    options,
    prime: head.slice(0, primeLength),
    from,
    to: size,
    growing,
  });
  return read && { from, read };
}

/**
 * After `parser` has read up to the second part: joins that part's points and returns what the
 * helper read (its `unread` bytes at the end are the parser's to read), or `undefined` when the
 * parser must read the second part itself.
 */
export async function joinSecondPart(
  parser: RunParser,
  read: Promise<PartRead | undefined>,
): Promise<PartRead | undefined> {
  const part = await read;
  if (part === undefined || !isSplittable(parser) || !joinPart(parser, part)) return undefined;
  PARTS.joined++;
  return part;
}

/** A helper thread's job: the later part of a log, read by a fresh parser after the file's header. */
export async function readLogPart(job: LogPartJob): Promise<PartRead> {
  const parser = createPartParser(job.displayPath, job.format, job.options);
  if (!parser) throw new Error(`${job.format} files are not read in parts`);
  const start = startPart(parser, job.prime);
  await feedRun(job.path, parser, job.from, job.to, job.to - job.from);
  if (!job.growing) parser.flush();
  return finishPart(parser, start);
}
