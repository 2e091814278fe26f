/**
 * Numbers as the panels print them. Messages from the host travel as JSON: a NaN or ±Infinity in a
 * plain field arrives as `null` (typed arrays keep them), and an optional field may be missing. So
 * a value is printed only when it is a finite number; anything else shows as "–".
 */

export const MISSING = '–';

export function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** `digits` decimals, or "–". */
export function fixed(v: unknown, digits = 4): string {
  return isFiniteNumber(v) ? v.toFixed(digits) : MISSING;
}

/** A count with thousands separators, or "–". */
export function count(v: unknown): string {
  return isFiniteNumber(v) ? v.toLocaleString('en') : MISSING;
}
