/**
 * Number tokens as training code writes them. Python prints `nan`, `inf`, `-inf`; JSON from
 * Python has bare `NaN`, `Infinity`; Keras writes `NA` for a missing value; pandas writes an
 * empty cell. Non-finite values are kept (they are findings), missing ones are not points.
 */

import { parseDecimalBytes } from './decimal';

/** What a cell holds: a number (possibly NaN/±Infinity), nothing, or text that is not a number. */
export type Cell = number | typeof MISSING | typeof NOT_A_NUMBER;
export const MISSING = Symbol('missing');
export const NOT_A_NUMBER = Symbol('not-a-number');

const SPECIAL: ReadonlyMap<string, number | typeof MISSING> = new Map<string, number | typeof MISSING>([
  ['nan', NaN],
  ['+nan', NaN],
  ['-nan', NaN],
  ['inf', Infinity],
  ['+inf', Infinity],
  ['infinity', Infinity],
  ['+infinity', Infinity],
  ['-inf', -Infinity],
  ['-infinity', -Infinity],
  ['na', MISSING],
  ['n/a', MISSING],
  ['null', MISSING],
  ['none', MISSING],
  ['', MISSING],
]);

/**
 * A decimal as Python's `float` reads it. Each digit can be taken by one quantifier only (`\d+(?:\.\d*)?`, not
 * `\d+\.?\d*`, whose two runs of digits split a long number in every way before failing: quadratic on a
 * 300 KB cell), so the test is linear in the cell's length.
 */
export const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Parses one trimmed cell of text. `0x10` and `1_000` are not numbers here, as in pandas. */
export function parseCell(text: string): Cell {
  const t = text.trim();
  if (DECIMAL.test(t)) return Number(t);
  const special = SPECIAL.get(t.toLowerCase());
  if (special !== undefined) return special;
  if (t === 'True' || t === 'true') return 1;
  if (t === 'False' || t === 'false') return 0;
  return NOT_A_NUMBER;
}

/**
 * Parses the bytes `[start, end)` as a cell, without making a string in the common case: a plain
 * decimal is read exactly from the bytes (see `decimal.ts`); specials and text are decoded.
 */
export function parseCellBytes(bytes: Uint8Array, start: number, end: number, decode: (b: Uint8Array) => string): Cell {
  while (start < end && (bytes[start] === 32 || bytes[start] === 9)) start++;
  while (end > start && (bytes[end - 1] === 32 || bytes[end - 1] === 9 || bytes[end - 1] === 13)) end--;
  if (start === end) return MISSING;
  const v = parseDecimalBytes(bytes, start, end);
  if (v !== undefined) return v;
  return parseCell(decode(bytes.subarray(start, end)));
}

/** Formats a number as the CLI and the webview show it: full precision, with Python's spellings of the specials. */
export function formatNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  return String(v);
}

/**
 * A wall time in seconds. A log may write it in milliseconds (JavaScript, DVCLive's `timestamp`):
 * past 1e11 (the year 5138 in seconds) it is taken as milliseconds.
 */
export function wallSeconds(value: number): number {
  return value > 1e11 ? value / 1000 : value;
}
