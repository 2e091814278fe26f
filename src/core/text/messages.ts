/**
 * How issue messages quote a file and state sizes. A message is one line of plain text in a list
 * the user reads, so what a broken or binary file holds is shortened and its control characters
 * are shown as escapes (`\u0000`), never pasted raw.
 */

import { GiB, KiB, MiB } from './sizes';

// C0 and C1 controls, line and paragraph separators, and the bidirectional overrides that could make a quote read backwards.
const UNSAFE_CHAR = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const SHORT: Readonly<Record<string, string>> = { '\t': '\\t', '\n': '\\n', '\r': '\\r', '\b': '\\b', '\f': '\\f' };

/** `text` with control characters escaped, cut to about `max` characters (with `…`). */
export function clipped(text: string, max = 40): string {
  let out = '';
  // By code point, so that a cut never splits a character; counted as shown (an escape is six characters).
  for (const c of text) {
    if (out.length >= max) return `${out}…`;
    out += UNSAFE_CHAR.test(c) ? (SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : c;
  }
  return out;
}

/**
 * `text` whole, with control characters escaped: what the CLI prints to a terminal. A name from a file holding
 * `\x1b]…` or `\x1b[2J` would otherwise be a terminal escape sequence (retitle, clear, or worse) when printed.
 */
export function printable(text: string): string {
  return clipped(text, Infinity);
}

/** `text` clipped, between double quotes. */
export function quoted(text: string, max = 40): string {
  return `"${clipped(text, max)}"`;
}

/**
 * Up to `max` items, each clipped to `width` (and quoted unless `quote` is false), joined with commas, with how
 * many more there are.
 */
export function listed(items: readonly string[], max = 10, quote = true, width = 30): string {
  const shown = items
    .slice(0, max)
    .map((s) => (quote ? quoted(s, width) : clipped(s, width)))
    .join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

/** How a message names one byte of a file that is not where it should be: `'x'`, or its code. */
export function describeByte(b: number): string {
  if (b >= 0x21 && b < 0x7f) return `'${String.fromCharCode(b)}'`;
  if (b === 0x20) return 'a space';
  if (b >= 0x80) return 'a non-ASCII character';
  return `a control character (byte 0x${b.toString(16).padStart(2, '0')})`;
}

/** A size as a person reads it: `812 bytes`, `40.5 KB`, `70.2 MB` (1 MB = 1024 × 1024 bytes). */
export function formatSize(bytes: number): string {
  if (bytes < KiB) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  const [value, unit] = bytes < MiB ? [bytes / KiB, 'KB'] : bytes < GiB ? [bytes / MiB, 'MB'] : [bytes / GiB, 'GB'];
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
}
