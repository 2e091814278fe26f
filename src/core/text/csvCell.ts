/**
 * Cells of exported tables (CSV, Markdown): numbers spelt so pandas reads them back, text quoted
 * as RFC 4180 says, and text a spreadsheet would take for a formula neutralised.
 */

import { formatNumber } from './numbers';

/** Numbers at full precision; NaN and ±Infinity spelt as pandas reads them. */
export function csvNumber(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return String(v);
}

/**
 * A text cell. One that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is what
 * Excel, LibreOffice and Google Sheets run as a formula (CSV injection, OWASP): a run name or a
 * parameter value comes from files anyone may have written, so it gets a leading `'`, which the
 * spreadsheets show as text. Then quoted when it holds a quote, comma or line break.
 */
export function csvText(s: string): string {
  const c = s.charCodeAt(0);
  const safe = c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13 ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Text for a GitHub-flavoured Markdown table cell: backslashes and pipes escaped, one line. */
export function markdownCell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A number as tables print it: six significant digits; empty when missing. */
export function shortNumber(v: number | undefined): string {
  return v === undefined ? '' : formatNumber(Number(v.toPrecision(6)));
}
