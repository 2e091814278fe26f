/**
 * The fast path of a JSON Lines log (see `JsonLinesParser`): most logs write the same flat object on
 * every line — the same keys in the same order, every value a number — so once a line has been read
 * the general way, the next lines are read against it as a template: each key compared as bytes,
 * each number parsed straight into its place in the block of rows (see `RowBatch.slotFor`). A line
 * that differs in any way is left to the general path.
 */

import { readDecimal } from '../text/decimal';
import { isWordByte } from '../text/json';
import { ROW_BLOCK } from '../model/rowBatch';
import type { Series } from '../model/series';

const SPACE = 32,
  TAB = 9,
  CR = 13,
  NEWLINE = 10,
  QUOTE = 34,
  COLON = 58,
  COMMA = 44,
  OPEN = 123,
  CLOSE = 125;

export class FlatRowTemplate {
  private readonly keys: Uint8Array[];

  /**
   * `keys`: the line's keys in order (ASCII, no quote or backslash); `slots`: where each key's value
   * goes (a metric's place, or `TO_STEP` … in `rowBatch`); `series`: the metrics' series, by place.
   */
  constructor(
    keys: readonly string[],
    private readonly slots: Int32Array,
    readonly series: readonly Series[],
  ) {
    this.keys = keys.map((k) => Uint8Array.from(k, (ch) => ch.charCodeAt(0)));
  }

  /** A template can be made of these keys: plain ASCII, each once. */
  static fits(keys: readonly string[]): boolean {
    return new Set(keys).size === keys.length && keys.every((k) => /^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/.test(k));
  }

  /**
   * Reads the line at `start` if it is this template with other numbers: a metric's value into
   * `block[place * ROW_BLOCK + slot]`, the step, epoch and wall time into `axes[0 … 2]` (the last of
   * a repeated role wins, as on the general path). Returns the index of the line's `\n` (before
   * `limit`), or -1 — after which the caller's slot holds nothing it counts.
   */
  read(bytes: Uint8Array, start: number, limit: number, block: Float64Array, slot: number, axes: Float64Array): number {
    let i = skipSpaces(bytes, start, limit);
    if (i >= limit || bytes[i] !== OPEN) return -1;
    const keys = this.keys;
    for (let j = 0; j < keys.length; j++) {
      i = skipSpaces(bytes, i + (j === 0 ? 1 : 0), limit);
      if (j > 0) {
        if (i >= limit || bytes[i] !== COMMA) return -1;
        i = skipSpaces(bytes, i + 1, limit);
      }
      const key = keys[j]!;
      if (i + key.length + 1 >= limit || bytes[i] !== QUOTE) return -1;
      i++;
      for (let q = 0; q < key.length; q++) if (bytes[i + q] !== key[q]) return -1;
      i += key.length;
      if (bytes[i] !== QUOTE) return -1;
      i = skipSpaces(bytes, i + 1, limit);
      if (i >= limit || bytes[i] !== COLON) return -1;
      i = skipSpaces(bytes, i + 1, limit);
      if (i >= limit) return -1;
      const c = bytes[i]!;
      if (!((c >= 48 && c <= 57) || c === 45)) return -1;
      const to = this.slots[j]!;
      i =
        to >= 0
          ? readDecimal(bytes, i, limit, block, to * ROW_BLOCK + slot)
          : readDecimal(bytes, i, limit, axes, -1 - to);
      if (i < 0 || i >= limit || isWordByte(bytes[i]!)) return -1;
    }
    i = skipSpaces(bytes, i, limit);
    if (i >= limit || bytes[i] !== CLOSE) return -1;
    i = skipSpaces(bytes, i + 1, limit);
    return i < limit && bytes[i] === NEWLINE ? i : -1;
  }
}

/** Past spaces, tabs and CRs (what may stand around a JSON token on a line). */
function skipSpaces(bytes: Uint8Array, i: number, limit: number): number {
  while (i < limit) {
    const c = bytes[i]!;
    if (c !== SPACE && c !== TAB && c !== CR) break;
    i++;
  }
  return i;
}
