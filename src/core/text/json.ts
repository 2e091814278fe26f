/**
 * A tolerant JSON tokenizer for what Python writes: `json.dump` emits bare `NaN`, `Infinity` and
 * `-Infinity` (DVCLive's `roc.json`, a diverged Hugging Face run), which `JSON.parse` rejects;
 * here they are numbers. It is fed one line at a time (from `LineSplitter`), which gives every
 * token its line number and never needs the whole file as one string: in valid JSON no token
 * spans a line break. Events go to a handler, so readers keep only what they need.
 */

import { parseDecimalBytes, readDecimal } from './decimal';
import { NameCache, asciiString, sameAscii } from './intern';
import { decodeUtf8 } from './lines';
import { parseCell } from './numbers';
import { describeByte } from './messages';

export interface JsonHandler {
  openObject(line: number): void;
  openArray(line: number): void;
  /** Closes the innermost object or array. */
  close(line: number): void;
  key(name: string, line: number): void;
  number(value: number, line: number): void;
  /** A string value: `[start, end)` of `bytes`, between the quotes; decode with `jsonString` if needed. */
  string(bytes: Uint8Array, start: number, end: number, escaped: boolean, line: number): void;
  /** `true`, `false` or `null`. */
  literal(value: boolean | null, line: number): void;
}

// What the tokenizer expects next.
const VALUE = 0; // any value
const VALUE_OR_CLOSE = 1; // after `[`
const KEY_OR_CLOSE = 2; // after `{`
const KEY = 3; // after `,` in an object
const COLON = 4;
const COMMA_OR_CLOSE = 5;
const DONE = 6; // the top-level value is complete

const OBJECT = 1;
const ARRAY = 2;
const MAX_DEPTH = 512;

export class JsonTokenizer {
  private expect = VALUE;
  private readonly stack = new Uint8Array(MAX_DEPTH);
  private depth = 0;
  private error_: { line: number; message: string } | undefined;
  private readonly names = new NameCache();

  constructor(private readonly handler: JsonHandler) {}

  /** The first syntax error met, after which the rest is ignored until `reset`. */
  get error(): { readonly line: number; readonly message: string } | undefined {
    return this.error_;
  }
  /** Whether a whole top-level value has been read. */
  get complete(): boolean {
    return this.expect === DONE;
  }
  /** Whether nothing but whitespace has been read. */
  get empty(): boolean {
    return this.expect === VALUE && this.depth === 0 && this.error_ === undefined;
  }

  reset(): void {
    this.expect = VALUE;
    this.depth = 0;
    this.error_ = undefined;
  }

  /** Tokenizes the bytes `[start, end)`: one line of the source, numbered `line`. */
  feedLine(bytes: Uint8Array, start: number, end: number, line: number): void {
    if (this.error_) return;
    const h = this.handler;
    const stack = this.stack;
    // State in locals on the hot path (a 1 M-line log), written back on every exit.
    let expect = this.expect;
    let depth = this.depth;
    let i = start;
    while (i < end) {
      const c = bytes[i]!;
      if (c === 32 || c === 9 || c === 13 || c === 10) {
        i++;
        continue;
      }
      if (expect === COLON) {
        if (c !== 58 /* : */) return this.fail(line, bytes, i, "':'", expect, depth);
        expect = VALUE;
        i++;
      } else if (
        expect === COMMA_OR_CLOSE ||
        (c === 93 && expect === VALUE_OR_CLOSE) ||
        (c === 125 && expect === KEY_OR_CLOSE)
      ) {
        if (c === 44 /* , */ && expect === COMMA_OR_CLOSE) {
          expect = stack[depth - 1] === OBJECT ? KEY : VALUE;
        } else if (c === 125 /* } */ || c === 93 /* ] */) {
          if (stack[depth - 1] !== (c === 125 ? OBJECT : ARRAY))
            return this.fail(line, bytes, i, stack[depth - 1] === OBJECT ? "',' or '}'" : "',' or ']'", expect, depth);
          depth--;
          h.close(line);
          expect = depth === 0 ? DONE : COMMA_OR_CLOSE;
        } else {
          return this.fail(line, bytes, i, stack[depth - 1] === OBJECT ? "',' or '}'" : "',' or ']'", expect, depth);
        }
        i++;
      } else if (expect === DONE) {
        return this.fail(line, bytes, i, 'the end of the value', expect, depth);
      } else if (expect === KEY_OR_CLOSE || expect === KEY) {
        if (c !== 34 /* " */) return this.fail(line, bytes, i, 'a quoted key', expect, depth);
        const close = stringEnd(bytes, i + 1, end);
        if (close < 0) return this.failWith(line, `line ${line}: a string is not closed on its line`, expect, depth);
        h.key(
          hasBackslash(bytes, i + 1, close)
            ? jsonString(bytes, i + 1, close, true)
            : this.names.name(bytes, i + 1, close),
          line,
        );
        expect = COLON;
        i = close + 1;
      } else if (c === 123 /* { */ || c === 91 /* [ */) {
        if (depth === MAX_DEPTH)
          return this.failWith(line, `line ${line}: nesting deeper than ${MAX_DEPTH} levels`, expect, depth);
        stack[depth++] = c === 123 ? OBJECT : ARRAY;
        expect = c === 123 ? KEY_OR_CLOSE : VALUE_OR_CLOSE;
        if (c === 123) h.openObject(line);
        else h.openArray(line);
        i++;
      } else if (c === 34) {
        const close = stringEnd(bytes, i + 1, end);
        if (close < 0) return this.failWith(line, `line ${line}: a string is not closed on its line`, expect, depth);
        h.string(bytes, i + 1, close, hasBackslash(bytes, i + 1, close), line);
        i = close + 1;
        expect = depth === 0 ? DONE : COMMA_OR_CLOSE;
      } else {
        let j = i;
        while (j < end && isWordByte(bytes[j]!)) j++;
        if (j === i) return this.fail(line, bytes, i, 'a value', expect, depth);
        if (!this.word(bytes, i, j, line)) return this.failWith(line, this.error_!.message, expect, depth);
        i = j;
        expect = depth === 0 ? DONE : COMMA_OR_CLOSE;
      }
    }
    this.expect = expect;
    this.depth = depth;
  }

  /** A bare word: a number, Python's `NaN`/`Infinity`/`-Infinity`, or `true`/`false`/`null`. */
  private word(bytes: Uint8Array, start: number, end: number, line: number): boolean {
    const c = bytes[start]!;
    if (
      (c >= 48 && c <= 57) ||
      c === 45 /* - */ ||
      c === 43 /* + */ ||
      c === 46 /* . */ ||
      c === 78 /* N */ ||
      c === 73 /* I */ ||
      c === 110 /* n */ ||
      c === 105 /* i */
    ) {
      const n = end - start;
      if (c === 110 && n === 4 && bytes[start + 1] === 117) {
        // null
        if (bytes[start + 2] === 108 && bytes[start + 3] === 108) {
          this.handler.literal(null, line);
          return true;
        }
      }
      const v = jsonNumber(bytes, start, end);
      if (v !== undefined) {
        this.handler.number(v, line);
        return true;
      }
    } else if (
      end - start === 4 &&
      c === 116 &&
      bytes[start + 1] === 114 &&
      bytes[start + 2] === 117 &&
      bytes[start + 3] === 101
    ) {
      this.handler.literal(true, line);
      return true;
    } else if (
      end - start === 5 &&
      c === 102 &&
      bytes[start + 1] === 97 &&
      bytes[start + 2] === 108 &&
      bytes[start + 3] === 115 &&
      bytes[start + 4] === 101
    ) {
      this.handler.literal(false, line);
      return true;
    }
    this.error_ = {
      line,
      message: `line ${line}: "${decodeUtf8(bytes.subarray(start, Math.min(end, start + 20)))}" is not a JSON value`,
    };
    return false;
  }

  private fail(line: number, bytes: Uint8Array, i: number, expected: string, expect: number, depth: number): void {
    this.failWith(line, `line ${line}: expected ${expected}, found ${describeByte(bytes[i]!)}`, expect, depth);
  }

  private failWith(line: number, message: string, expect: number, depth: number): void {
    this.error_ = { line, message };
    this.expect = expect;
    this.depth = depth;
  }
}

/**
 * A number word: JSON's grammar (a leading `+` tolerated) or Python's `NaN`, `Infinity`,
 * `-Infinity` (`nan`, `inf` too); `undefined` for anything else. Exact (see `decimal.ts`).
 */
function jsonNumber(bytes: Uint8Array, start: number, end: number): number | undefined {
  const v = parseDecimalBytes(bytes, start, end);
  if (v !== undefined) return v;
  const special = parseCell(asciiString(bytes, start, end));
  return typeof special === 'number' && !Number.isFinite(special) ? special : undefined;
}

/**
 * Lines holding a flat JSON object — `{"key": value, …}` whose values are numbers, plain strings,
 * `true`, `false` or `null`, what a JSON Lines log writes — read in one pass over the bytes. A log
 * repeats its keys in the same order on every line, so each key is first compared with the key at
 * its place on the line before, which is cheaper than finding and interning it.
 */
export class FlatObjectReader {
  private readonly names = new NameCache();
  /** The (ASCII) keys of the last line, by place; `undefined` where there is none to expect. */
  private readonly keys: (string | undefined)[] = [];
  private readonly number = new Float64Array(1);

  /**
   * Feeds the line `bytes[start, end)` to `handler`, with the events `JsonTokenizer.feedLine` would
   * send. Returns false, perhaps after some events, when the line is anything else (nesting,
   * escapes, Python's `NaN`, an error): the caller then starts the line over with a tokenizer,
   * which reads or reports it.
   */
  feed(bytes: Uint8Array, start: number, end: number, line: number, handler: JsonHandler): boolean {
    return this.read(bytes, start, end, line, handler) === end;
  }

  /**
   * The same for the line that starts at `start` and ends at the next `\n` before `limit`, found
   * on the way (a reader of a chunk of lines need not find line ends first): returns the index of
   * that `\n`, or -1 when the line is anything else, or does not end before `limit`.
   */
  feedToNewline(bytes: Uint8Array, start: number, limit: number, line: number, handler: JsonHandler): number {
    const i = this.read(bytes, start, limit, line, handler);
    return i >= 0 && i < limit && bytes[i] === 10 ? i : -1;
  }

  /**
   * Reads a flat object from `start` (spaces before it), not past `end` nor a `\n`: returns where
   * the spaces after it end, or -1.
   */
  private read(bytes: Uint8Array, start: number, end: number, line: number, handler: JsonHandler): number {
    let i = start;
    let place = 0;
    let c = bytes[i];
    while (i < end && (c === 32 || c === 9 || c === 13)) c = bytes[++i];
    if (i >= end || c !== 123 /* { */) return -1;
    handler.openObject(line);
    c = bytes[++i];
    while (i < end && (c === 32 || c === 9 || c === 13)) c = bytes[++i];
    if (i >= end) return -1;
    if (c !== 125 /* } */) {
      for (;;) {
        if (i >= end || c !== 34) return -1;
        const keyStart = ++i;
        const expected = this.keys[place];
        let key: string;
        if (
          expected !== undefined &&
          i + expected.length < end &&
          bytes[i + expected.length] === 34 &&
          sameAscii(expected, bytes, i)
        ) {
          key = expected;
          i += expected.length;
        } else {
          c = bytes[i];
          while (i < end && c !== 34 && c !== 92 && c !== 10) c = bytes[++i];
          if (i >= end || c !== 34) return -1;
          key = this.names.name(bytes, keyStart, i);
          // Only an ASCII key (as many characters as bytes) can be compared with bytes.
          this.keys[place] = key.length === i - keyStart ? key : undefined;
        }
        place++;
        handler.key(key, line);
        c = bytes[++i];
        while (i < end && (c === 32 || c === 9 || c === 13)) c = bytes[++i];
        if (i >= end || c !== 58 /* : */) return -1;
        c = bytes[++i];
        while (i < end && (c === 32 || c === 9 || c === 13)) c = bytes[++i];
        if (i >= end) return -1;
        if ((c! >= 48 && c! <= 57) || c === 45 /* - */) {
          i = readDecimal(bytes, i, end, this.number, 0);
          if (i < 0 || (i < end && isWordByte(bytes[i]!))) return -1;
          handler.number(this.number[0]!, line);
        } else if (c === 34) {
          const valueStart = ++i;
          c = bytes[i];
          while (i < end && c !== 34 && c !== 92 && c !== 10) c = bytes[++i];
          if (i >= end || c !== 34) return -1;
          handler.string(bytes, valueStart, i, false, line);
          i++;
        } else {
          let j = i;
          while (j < end && isWordByte(bytes[j]!)) j++;
          const n = j - i;
          if (n === 4 && c === 116 && bytes[i + 1] === 114 && bytes[i + 2] === 117 && bytes[i + 3] === 101)
            handler.literal(true, line);
          else if (
            n === 5 &&
            c === 102 &&
            bytes[i + 1] === 97 &&
            bytes[i + 2] === 108 &&
            bytes[i + 3] === 115 &&
            bytes[i + 4] === 101
          )
            handler.literal(false, line);
          else if (n === 4 && c === 110 && bytes[i + 1] === 117 && bytes[i + 2] === 108 && bytes[i + 3] === 108)
            handler.literal(null, line);
          else return -1;
          i = j;
        }
        c = bytes[i];
        while (i < end && (c === 32 || c === 9 || c === 13)) c = bytes[++i];
        if (i >= end) return -1;
        if (c === 125) break;
        if (c !== 44 /* , */) return -1;
        c = bytes[++i];
        while (i < end && (c === 32 || c === 9 || c === 13)) c = bytes[++i];
      }
    }
    handler.close(line);
    c = bytes[++i];
    while (i < end && (c === 32 || c === 9 || c === 13)) c = bytes[++i];
    return i < end ? i : end;
  }
}

/** Letters, digits, `+ - .`: the characters of numbers and bare words. */
export function isWordByte(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 43 || c === 46;
}

/** Index of the closing quote of a string whose content starts at `from`, or -1 if not on this line. */
function stringEnd(bytes: Uint8Array, from: number, end: number): number {
  let i = from;
  while (i < end) {
    let q = i;
    while (q < end && bytes[q] !== 34) q++;
    if (q >= end) return -1;
    // A quote preceded by an odd number of backslashes is escaped.
    let b = q - 1;
    while (b >= from && bytes[b] === 92) b--;
    if ((q - 1 - b) % 2 === 0) return q;
    i = q + 1;
  }
  return -1;
}

function hasBackslash(bytes: Uint8Array, start: number, end: number): boolean {
  // A bounded loop: `indexOf` would search the rest of a 1 MB chunk for a backslash that is not there.
  for (let i = start; i < end; i++) if (bytes[i] === 92) return true;
  return false;
}

/** The text of a JSON string's content `[start, end)`, escapes resolved. */
export function jsonString(bytes: Uint8Array, start: number, end: number, escaped: boolean): string {
  const raw = decodeUtf8(bytes.subarray(start, end));
  if (!escaped) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

/**
 * A string that names a non-finite number (`"nan"`, `"inf"`, `"-Infinity"`): DVCLive and some
 * loops write NaN that way. `undefined` for any other string.
 */
export function nonFiniteString(bytes: Uint8Array, start: number, end: number, escaped: boolean): number | undefined {
  if (end - start > 9) return undefined;
  const t = jsonString(bytes, start, end, escaped).toLowerCase();
  if (t === 'nan') return NaN;
  if (t === 'inf' || t === 'infinity' || t === '+inf' || t === '+infinity') return Infinity;
  if (t === '-inf' || t === '-infinity') return -Infinity;
  return undefined;
}
