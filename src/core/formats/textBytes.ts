/**
 * The bytes of a text file on their way to a text parser. The first bytes say what the file is:
 * UTF-8 (passed on as they are), UTF-16 with or without a BOM (PowerShell's `>` writes UTF-16LE):
 * transcoded to UTF-8 so that every parser reads it, or binary (an image, an event file, a saved
 * model), which no text parser can read: one issue says what it looks like and nothing is passed
 * on, instead of a flood of "not a number" for every line of noise.
 */

import { headerValid } from './tfrecord';

/**
 * How many first bytes decide. Few, so that even a tiny file is read as soon as it is pushed:
 * BOMs, the signatures below and zero bytes all show in the first four (an event file's first
 * bytes are a record length, whose high bytes are zero).
 */
export const SNIFF_BYTES = 4;
/** Bytes a refusal waits for (or the flush) to say better what the file is. */
const DESCRIBE_BYTES = 16;

export type TextKind =
  { readonly kind: 'utf8' } | { readonly kind: 'utf16'; readonly littleEndian: boolean } | { readonly kind: 'binary' };

const SIGNATURES: readonly (readonly [readonly number[], string])[] = [
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x1f, 0x8b], 'gzip-compressed'],
  [[0x50, 0x4b, 0x03, 0x04], 'a zip archive (a PyTorch checkpoint, an .npz)'],
  [[0x89, 0x48, 0x44, 0x46], 'an HDF5 file (a Keras .h5 model)'],
  [[0x93, 0x4e, 0x55, 0x4d], 'a NumPy array (.npy)'],
  [[0x7f, 0x45, 0x4c, 0x46], 'an executable'],
];

/** What the first `SNIFF_BYTES` (fewer at the end of a tiny file) say the file is. */
export function sniffText(b: Uint8Array): TextKind {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { kind: 'utf8' };
  if (isUtf32Bom(b)) return { kind: 'binary' };
  if (b[0] === 0xff && b[1] === 0xfe) return { kind: 'utf16', littleEndian: true };
  if (b[0] === 0xfe && b[1] === 0xff) return { kind: 'utf16', littleEndian: false };
  if (signatureOf(b) !== undefined || (b[0] === 0x80 && b[1]! >= 2 && b[1]! <= 5)) return { kind: 'binary' };
  const n = Math.min(b.length, SNIFF_BYTES);
  if (b.subarray(0, n).indexOf(0) < 0) return { kind: 'utf8' };
  // ASCII text in UTF-16 without a BOM: every other byte is zero.
  if (n === 4 && b[1] === 0 && b[3] === 0 && isTextByte(b[0]!) && isTextByte(b[2]!))
    return { kind: 'utf16', littleEndian: true };
  if (n === 4 && b[0] === 0 && b[2] === 0 && isTextByte(b[1]!) && isTextByte(b[3]!))
    return { kind: 'utf16', littleEndian: false };
  return { kind: 'binary' };
}

/** Why a file `sniffText` calls binary is not read, from its first bytes (up to 16). */
export function describeBinary(b: Uint8Array): string {
  if (isUtf32Bom(b)) return 'this file is UTF-32 text, which is not read; save it as UTF-8';
  const what = signatureOf(b) ?? (b[0] === 0x80 ? 'a Python pickle (a saved object or model)' : undefined);
  if (what !== undefined) return `this is ${what}, not text; nothing was read`;
  if (b.length >= 12 && headerValid(b, 0)) {
    return 'this is a TensorBoard event file, not text; open it as a TensorBoard run (its name starts with events.out.tfevents., or set its format to tfevents)';
  }
  return `this file holds binary data (a zero byte at byte ${b.indexOf(0)}), not text; nothing was read`;
}

function isUtf32Bom(b: Uint8Array): boolean {
  return (
    (b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) ||
    (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff)
  );
}

function signatureOf(b: Uint8Array): string | undefined {
  for (const [magic, what] of SIGNATURES)
    if (b.length >= magic.length && magic.every((m, i) => b[i] === m)) return what;
  return undefined;
}

function isTextByte(c: number): boolean {
  return c === 9 || c === 10 || c === 13 || (c >= 0x20 && c < 0x7f);
}

const encoder = new TextEncoder();

export class TextBytes {
  /** Bytes collected until `SNIFF_BYTES` have come; `undefined` once decided. */
  private head: Uint8Array[] | undefined = [];
  private headBytes = 0;
  private utf16: InstanceType<typeof TextDecoder> | undefined;
  /** UTF-16 bytes passed to the decoder; an odd count leaves one waiting for its pair. */
  private utf16Bytes = 0;
  /** Once refused: the first bytes, kept until there are enough to say what the file is. */
  private refused: Uint8Array | undefined;
  private described = false;

  /** `onRefused` is told, once, why a file is not read as text. */
  constructor(private readonly onRefused: (message: string) => void) {}

  get pendingBytes(): number {
    return this.headBytes + (this.utf16Bytes & 1);
  }

  /** Decided, and the bytes go on as they come (UTF-8 or ASCII text: neither transcoded nor refused). */
  get passesThrough(): boolean {
    return !this.head && !this.utf16 && !this.refused;
  }

  push(chunk: Uint8Array, sink: (bytes: Uint8Array) => void): void {
    if (this.head) {
      if (chunk.length === 0) return;
      if (this.headBytes === 0 && chunk.length >= SNIFF_BYTES) {
        // The usual case: the first push decides, and goes on without a copy.
        this.decide(chunk);
        this.pass(chunk, sink);
        return;
      }
      this.head.push(chunk.slice());
      this.headBytes += chunk.length;
      if (this.headBytes < SNIFF_BYTES) return;
      this.release(sink);
      return;
    }
    this.pass(chunk, sink);
  }

  /** The end of the bytes for now: a file shorter than `SNIFF_BYTES` is decided on what it has. */
  flush(sink: (bytes: Uint8Array) => void): void {
    if (this.head && this.headBytes > 0) this.release(sink);
    if (this.refused) this.describe();
    if (this.utf16) {
      const rest = this.utf16.decode();
      this.utf16Bytes = 0;
      if (rest !== '') sink(encoder.encode(rest));
    }
  }

  private release(sink: (bytes: Uint8Array) => void): void {
    const all = new Uint8Array(this.headBytes);
    let at = 0;
    for (const p of this.head!) {
      all.set(p, at);
      at += p.length;
    }
    this.decide(all);
    this.pass(all, sink);
  }

  private decide(first: Uint8Array): void {
    this.head = undefined;
    this.headBytes = 0;
    const kind = sniffText(first.subarray(0, SNIFF_BYTES));
    if (kind.kind === 'utf16') this.utf16 = new TextDecoder(kind.littleEndian ? 'utf-16le' : 'utf-16be');
    else if (kind.kind === 'binary') this.refused = new Uint8Array(0);
  }

  private pass(chunk: Uint8Array, sink: (bytes: Uint8Array) => void): void {
    if (this.refused) {
      if (this.described || chunk.length === 0) return;
      const more = new Uint8Array(Math.min(DESCRIBE_BYTES, this.refused.length + chunk.length));
      more.set(this.refused);
      more.set(chunk.subarray(0, more.length - this.refused.length), this.refused.length);
      this.refused = more;
      if (more.length >= DESCRIBE_BYTES) this.describe();
      return;
    }
    if (chunk.length === 0) return;
    if (!this.utf16) {
      sink(chunk);
      return;
    }
    this.utf16Bytes += chunk.length;
    const text = this.utf16.decode(chunk, { stream: true });
    if (text !== '') sink(encoder.encode(text));
  }

  private describe(): void {
    if (this.described) return;
    this.described = true;
    this.onRefused(describeBinary(this.refused!));
  }
}

/**
 * A whole file's bytes as UTF-8 text, checked as `TextBytes` checks a stream (a summary or a
 * params file read whole): UTF-16 transcoded, UTF-8 as it is; `undefined` for a binary file,
 * after `onRefused` has said what it is.
 */
export function wholeText(bytes: Uint8Array, onRefused: (message: string) => void): Uint8Array | undefined {
  let refused = false;
  const text = new TextBytes((message) => {
    refused = true;
    onRefused(message);
  });
  const parts: Uint8Array[] = [];
  const sink = (b: Uint8Array): void => {
    parts.push(b);
  };
  text.push(bytes, sink);
  text.flush(sink);
  if (refused) return undefined;
  if (parts.length === 1) return parts[0];
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return all;
}
