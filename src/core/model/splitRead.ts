/**
 * Reading one text log in two parts at once (two threads): the caller's parser reads the first
 * part, a fresh parser the second, after the file's header (its "prime"). The second part's
 * points then join the first's run — when nothing before the seam would have read them otherwise
 * (see `SplittableParser`). When anything might have, the caller reads the second part itself:
 * the result is the same either way, only slower.
 */

import { MAX_SERIES, type ReadPlace, type RunPart, type SplittableParser } from './run';

/** What the parser of a later part read, and whether it can be joined. Plain data (it crosses threads). */
export interface PartRead {
  /** The parser's continuation after the prime, and at the part's end (a column that turned to text changes it). */
  readonly startKey: string | undefined;
  readonly endKey: string | undefined;
  readonly usedDefaults: boolean;
  /** Problems met: their messages name lines counted from the part, so such a part is read again in line. */
  readonly issues: number;
  /** Lines of the prime, which the part's line numbers count. */
  readonly primeLines: number;
  /** Where the parser stood at the part's end, its prime's lines not counted (see `SplittableParser.readOn`). */
  readonly end: ReadPlace;
  /**
   * Bytes at the part's end not read: the start of a line still being written, when the part was
   * not flushed (a log being followed). The parser that joins the part reads them.
   */
  readonly unread: number;
  readonly part: RunPart;
}

/** A parser of a later part, after its prime: remember where it is before the part's own bytes come. */
export function startPart(
  parser: SplittableParser,
  prime: Uint8Array,
): { readonly startKey: string | undefined; readonly primeLines: number } {
  parser.push(prime);
  return { startKey: parser.continuation(), primeLines: parser.linesRead };
}

/** A parser of a later part, at the part's end (flushed, or not for a file still being written): what it read. */
export function finishPart(parser: SplittableParser, start: ReturnType<typeof startPart>): PartRead {
  const end = parser.place();
  return {
    startKey: start.startKey,
    endKey: parser.continuation(),
    usedDefaults: parser.usedDefaults,
    issues: parser.run.issueCount,
    primeLines: start.primeLines,
    end: { ...end, lines: end.lines - start.primeLines },
    unread: parser.pendingBytes,
    part: parser.run.part(),
  };
}

/**
 * Appends what a later part's parser read to `main`'s run, when `main` (which read up to the
 * part, ending at a line end) would have read the part the same way. Returns whether it did;
 * if not, `main` is untouched and reads the part itself.
 */
export function joinPart(main: SplittableParser, read: PartRead): boolean {
  if (read.startKey === undefined || read.endKey !== read.startKey || read.usedDefaults || read.issues > 0)
    return false;
  if (main.pendingBytes !== 0 || main.continuation() !== read.startKey || main.run.xLabel !== read.part.xLabel)
    return false;
  if (main.run.series.length + read.part.series.length > MAX_SERIES) return false;
  main.run.appendPart(read.part, main.linesRead - read.primeLines);
  main.readOn(read.end);
  return true;
}
