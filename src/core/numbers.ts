/**
 * Number tokens as training code writes them. Python prints `nan`, `inf`, `-inf`; JSON from
 * Python has bare `NaN`, `Infinity`; Keras writes `NA` for a missing value; pandas writes an
 * empty cell. Non-finite values are kept (they are findings), missing ones are not points.
 */

/** What a cell holds: a number (possibly NaN/±Infinity), nothing, or text that is not a number. */
export type Cell = number | typeof MISSING | typeof NOT_A_NUMBER;
export const MISSING = Symbol('missing');
export const NOT_A_NUMBER = Symbol('not-a-number');

const SPECIAL: ReadonlyMap<string, number | typeof MISSING> = new Map<string, number | typeof MISSING>([
  ['nan', NaN], ['+nan', NaN], ['-nan', NaN],
  ['inf', Infinity], ['+inf', Infinity], ['infinity', Infinity], ['+infinity', Infinity],
  ['-inf', -Infinity], ['-infinity', -Infinity],
  ['na', MISSING], ['n/a', MISSING], ['null', MISSING], ['none', MISSING], ['', MISSING],
]);

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

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

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
const TWO_53 = 9007199254740992;

/**
 * Parses the bytes `[start, end)` as a cell, without making a string in the common case.
 * Exact: the fast path is Clinger's (an integer mantissa below 2^53 divided or multiplied by an
 * exactly representable power of ten is correctly rounded); anything else goes through `Number`.
 */
export function parseCellBytes(bytes: Uint8Array, start: number, end: number, decode: (b: Uint8Array) => string): Cell {
  while (start < end && (bytes[start] === 32 || bytes[start] === 9)) start++;
  while (end > start && (bytes[end - 1] === 32 || bytes[end - 1] === 9 || bytes[end - 1] === 13)) end--;
  if (start === end) return MISSING;
  let i = start;
  let negative = false;
  const c0 = bytes[i]!;
  if (c0 === 45 /* - */ || c0 === 43 /* + */) { negative = c0 === 45; i++; }
  let mantissa = 0;
  let digits = 0;
  let fraction = 0;
  let sawPoint = false;
  for (; i < end; i++) {
    const c = bytes[i]!;
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (sawPoint) fraction++;
    } else if (c === 46 /* . */ && !sawPoint) {
      sawPoint = true;
    } else {
      break;
    }
  }
  if (i === end && digits > 0 && mantissa < TWO_53 && fraction <= 22) {
    const v = fraction === 0 ? mantissa : mantissa / POW10[fraction]!;
    return negative ? -v : v;
  }
  if (i < end && digits > 0 && mantissa < TWO_53 && (bytes[i] === 101 || bytes[i] === 69) /* e E */) {
    let j = i + 1;
    let expNegative = false;
    if (bytes[j] === 45 || bytes[j] === 43) { expNegative = bytes[j] === 45; j++; }
    let exp = 0;
    let expDigits = 0;
    for (; j < end && bytes[j]! >= 48 && bytes[j]! <= 57 && expDigits < 4; j++, expDigits++) exp = exp * 10 + (bytes[j]! - 48);
    if (j === end && expDigits > 0) {
      const scale = (expNegative ? -exp : exp) - fraction;
      if (scale >= -22 && scale <= 22) {
        const v = scale < 0 ? mantissa / POW10[-scale]! : mantissa * POW10[scale]!;
        return negative ? -v : v;
      }
    }
  }
  return parseCell(decode(bytes.subarray(start, end)));
}

/** Formats a number as the CLI and the webview show it: full precision, with Python's spellings of the specials. */
export function formatNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  return String(v);
}
