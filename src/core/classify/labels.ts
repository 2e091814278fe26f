/**
 * Class labels: interned from bytes as a file streams in (a row costs a hash lookup, not a
 * string), then ordered as scikit-learn's `unique_labels` orders them — numerically when every
 * label is a number, otherwise as Python sorts strings (by code point).
 */

import { copyBytes, decodeUtf8 } from '../text/lines';
import { DECIMAL } from '../text/numbers';

const encoder = new TextEncoder();

/** Interns label bytes to dense ids in first-seen order. */
export class LabelTable {
  private readonly texts: string[] = [];
  private readonly keys: Uint8Array[] = [];
  private readonly hashes: number[] = [];
  private slots = new Int32Array(64).fill(-1);
  private readonly oneByte = new Int32Array(256).fill(-1);

  /** `limit`: past this many distinct labels, `internBytes` returns -1 instead of growing. */
  constructor(private readonly limit = Infinity) {}

  get size(): number {
    return this.texts.length;
  }
  text(id: number): string {
    return this.texts[id]!;
  }
  allTexts(): readonly string[] {
    return this.texts;
  }
  /** The bytes each label was interned from, by id (a text may not give them back exactly). */
  allKeys(): readonly Uint8Array[] {
    return this.keys;
  }

  internBytes(bytes: Uint8Array, start: number, end: number): number {
    if (end - start === 1) {
      const id = this.oneByte[bytes[start]!]!;
      if (id >= 0) return id;
    }
    const h = hashBytes(bytes, start, end);
    const slot = this.slotOf(bytes, start, end, h);
    const found = this.slots[slot]!;
    if (found >= 0) return found;
    if (this.texts.length >= this.limit) return -1;
    const id = this.texts.length;
    const key = copyBytes(bytes, start, end);
    this.keys.push(key);
    this.hashes.push(h);
    this.texts.push(decodeUtf8(key));
    this.slots[slot] = id;
    if (key.length === 1) this.oneByte[key[0]!] = id;
    if (this.texts.length * 2 > this.slots.length) this.rehash();
    return id;
  }

  /** The id of label bytes already interned, or -1 (nothing is added). */
  find(bytes: Uint8Array, start: number, end: number): number {
    // One-byte labels are all in `oneByte`.
    if (end - start === 1) return this.oneByte[bytes[start]!]!;
    return this.slots[this.slotOf(bytes, start, end, hashBytes(bytes, start, end))]!;
  }

  /** The slot holding these bytes' id, or the empty slot where it would go. */
  private slotOf(bytes: Uint8Array, start: number, end: number, h: number): number {
    const mask = this.slots.length - 1;
    let slot = h & mask;
    for (;;) {
      const id = this.slots[slot]!;
      if (id < 0 || (this.hashes[id] === h && sameBytes(this.keys[id]!, bytes, start, end))) return slot;
      slot = (slot + 1) & mask;
    }
  }

  internText(text: string): number {
    const b = encoder.encode(text);
    return this.internBytes(b, 0, b.length);
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let id = 0; id < this.hashes.length; id++) {
      let slot = this.hashes[id]! & mask;
      while (slots[slot]! >= 0) slot = (slot + 1) & mask;
      slots[slot] = id;
    }
    this.slots = slots;
  }
}

function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h;
}

function sameBytes(key: Uint8Array, bytes: Uint8Array, start: number, end: number): boolean {
  if (key.length !== end - start) return false;
  for (let i = 0; i < key.length; i++) if (key[i] !== bytes[start + i]) return false;
  return true;
}

const INFINITE: ReadonlyMap<string, number> = new Map([
  ['inf', Infinity],
  ['+inf', Infinity],
  ['infinity', Infinity],
  ['-inf', -Infinity],
  ['-infinity', -Infinity],
]);

/**
 * A label's value when pandas would read its column as numbers, else NaN. `True`/`False` are not
 * numbers here: pandas reads such a column as booleans, which sort as their names do.
 */
export function labelNumber(text: string): number {
  const t = text.trim();
  if (DECIMAL.test(t)) return Number(t);
  return INFINITE.get(t.toLowerCase()) ?? NaN;
}

/** Python's string order: by code point (JavaScript's `<` compares UTF-16 units, which differs past U+FFFF). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if ((x >= 0xd800 && x <= 0xdfff) || (y >= 0xd800 && y <= 0xdfff)) {
      return (a.codePointAt(i) ?? x) - (b.codePointAt(i) ?? y);
    }
    return x - y;
  }
  return a.length - b.length;
}

export interface LabelOrder {
  /** The labels in scikit-learn's order (numeric labels equal in value are one label, shown as first seen). */
  readonly labels: string[];
  /** For each interned id, its index in `labels`. */
  readonly index: Int32Array;
  /** True when every label is a number (then ordered by value). */
  readonly numeric: boolean;
}

export function orderLabels(texts: readonly string[]): LabelOrder {
  const values = texts.map(labelNumber);
  const numeric = texts.length > 0 && values.every((v) => !Number.isNaN(v));
  const index = new Int32Array(texts.length);
  if (numeric) {
    const distinct = [...new Set(values)].sort((a, b) => a - b);
    const at = new Map(distinct.map((v, i) => [v, i]));
    const labels = new Array<string>(distinct.length);
    for (let id = 0; id < texts.length; id++) {
      const i = at.get(values[id]!)!;
      index[id] = i;
      if (labels[i] === undefined) labels[i] = texts[id]!.trim();
    }
    return { labels, index, numeric };
  }
  const ids = texts.map((_, i) => i).sort((a, b) => compareCodePoints(texts[a]!, texts[b]!));
  ids.forEach((id, i) => {
    index[id] = i;
  });
  return { labels: ids.map((id) => texts[id]!), index, numeric };
}

/** Finds a label given by a user (`--positive 1`, a `p_1` column): by its text, or by value when labels are numbers. */
export function findLabel(labels: readonly string[], numeric: boolean, text: string): number {
  const exact = labels.indexOf(text);
  if (exact >= 0) return exact;
  const trimmed = labels.indexOf(text.trim());
  if (trimmed >= 0) return trimmed;
  if (numeric) {
    const v = labelNumber(text);
    if (!Number.isNaN(v)) return labels.findIndex((l) => labelNumber(l) === v);
  }
  return -1;
}
