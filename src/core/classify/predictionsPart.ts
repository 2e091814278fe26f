/**
 * A large predictions file read in two parts at once (two threads): the caller's parser reads the
 * first part, a part parser (`PredictionsParser.prime`) the second, after the file's first line
 * (its "prime": the header). The second part's rows then join the first's columns
 * (`PredictionsParser.joinPart`) — when the first parser would have read them the same way: both
 * delimited, the seam at a record's start, no problem met in the part (its messages would name
 * lines counted from the part), no switch to regression, no ids turned to text. When anything
 * differs, the caller reads the second part itself: the result is the same either way, only slower.
 */

import type { ColumnArrays } from './classificationColumns';
import type { LabelTable } from './labels';

/** What a part parser read: its columns and what joining them takes. Plain data over typed arrays: it crosses threads. */
export interface PredictionsPart extends ColumnArrays {
  /** False when the part cannot be joined (see above). */
  readonly joinable: boolean;
  readonly names: readonly string[];
  /** The line the part's first record starts on, as the part parser counted (after the prime). */
  readonly firstLine: number;
  /** The part's labels by its ids: the bytes each was read from. */
  readonly labelKeys: readonly Uint8Array[];
}

/** How many of the part's labels `table` does not hold yet. */
export function newLabels(table: LabelTable, part: PredictionsPart): number {
  return part.labelKeys.filter((key) => table.find(key, 0, key.length) < 0).length;
}

export function sameNames(a: readonly string[] | undefined, b: readonly string[]): boolean {
  return a !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
}
