/**
 * Names read from bytes, made into strings once. A JSON Lines log repeats the same dozen keys on
 * every line and a TensorBoard file the same tags on every record; decoding each occurrence would
 * cost more than parsing the numbers, so short ASCII names are looked up by their bytes instead.
 */

import { decodeUtf8 } from './lines';

const MAX_CACHED_BYTES = 96;
const TABLE_SIZE = 4096;

export class NameCache {
  private readonly table: (string | undefined)[] = new Array<string | undefined>(TABLE_SIZE);

  /** The string of the UTF-8 bytes `[start, end)`; the same string object for the same bytes. */
  name(bytes: Uint8Array, start: number, end: number): string {
    const n = end - start;
    if (n > MAX_CACHED_BYTES) return decodeUtf8(bytes.subarray(start, end));
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) {
      const c = bytes[i]!;
      if (c >= 0x80) return decodeUtf8(bytes.subarray(start, end));
      h = Math.imul(h ^ c, 0x01000193);
    }
    const slot = (h >>> 0) & (TABLE_SIZE - 1);
    const hit = this.table[slot];
    if (hit !== undefined && hit.length === n && sameAscii(hit, bytes, start)) return hit;
    const s = asciiString(bytes, start, end);
    this.table[slot] = s;
    return s;
  }
}

/** Whether `bytes` from `start` on hold the characters of the ASCII string `s`. */
export function sameAscii(s: string, bytes: Uint8Array, start: number): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) !== bytes[start + i]) return false;
  return true;
}

const codes: number[] = [];

/** Bytes known to be ASCII, as a string, without a decoder call (short strings: names, numbers). */
export function asciiString(bytes: Uint8Array, start: number, end: number): string {
  const n = end - start;
  // In pieces: spreading a long array into one call overflows the stack (a 10 MB "number").
  if (n > 4096) {
    let s = '';
    for (let at = start; at < end; at += 4096) s += asciiString(bytes, at, Math.min(end, at + 4096));
    return s;
  }
  codes.length = n;
  for (let i = 0; i < n; i++) codes[i] = bytes[start + i]!;
  return String.fromCharCode.apply(null, codes);
}

/** A decoder for number cells: number text is ASCII, so this skips the UTF-8 decoder's per-call cost. */
export function decodeAscii(bytes: Uint8Array): string {
  return asciiString(bytes, 0, bytes.length);
}
