/**
 * The typed arrays of a message to a webview, packed into one buffer. VS Code transfers the buffer
 * of every typed array in a message separately, and past a few dozen of them the later ones reach
 * the webview empty (code-server's VS Code 1.100: a log of 130 series drew its first seven, the
 * rest had no points). One buffer per message avoids that, and NaN and ±Infinity still travel as
 * numbers. Pure (no `vscode`, no DOM): the host packs (`WebviewChannel.post`), each webview unpacks
 * what it receives.
 *
 * A long array of records of one shape that the sender marks (`sendAsColumns`: a report's row per class,
 * label, precision, recall, f1, support) travels as columns: its numbers in Float64Arrays of that buffer, its strings as one array
 * each. As objects, 100 000 classes made the host copy and write 13 MB of JSON in one turn (about
 * 200 ms); as columns it is a loop over the numbers. The webview gets the records back, equal
 * (NaN and ±Infinity kept as numbers, where JSON would have made them `null`).
 */

const BUFFER = '$metricLensArrays';
const MARK = '$metricLensArray';
const TABLE = '$metricLensTable';
/** Arrays of records shorter than this travel as they are (columns would save nothing worth the step). */
export const TABLE_MIN_ROWS = 256;
/** Messages are a few levels deep; anything deeper is left as it is. */
const MAX_DEPTH = 32;

type TypedArray =
  | Float64Array
  | Float32Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray;
type TypedArrayConstructor = {
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): TypedArray;
  new (length: number): TypedArray;
  readonly BYTES_PER_ELEMENT: number;
};

const TYPES: Readonly<Record<string, TypedArrayConstructor>> = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
};

interface Marker {
  readonly [MARK]: string;
  readonly offset: number;
  readonly length: number;
}

function typeOf(v: unknown): string | undefined {
  if (!ArrayBuffer.isView(v) || v instanceof DataView) return undefined;
  const name = (v as TypedArray).constructor.name;
  return TYPES[name] ? name : undefined;
}

function isPlain(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A long array of records as columns: a Float64Array for a key whose values are all numbers, else its strings. */
interface Table {
  readonly [TABLE]: readonly string[];
  readonly columns: readonly (Float64Array | readonly string[])[];
}

/**
 * `rows` as columns when every row is a plain record with the keys of the first, each key's values all
 * numbers or all strings; undefined otherwise (then it travels as it is). One pass over the rows.
 */
function asTable(rows: readonly unknown[]): Table | undefined {
  if (rows.length < TABLE_MIN_ROWS || !isPlain(rows[0])) return undefined;
  const keys = Object.keys(rows[0]);
  if (keys.length === 0) return undefined;
  const numeric = keys.map((k) => typeof (rows[0] as Record<string, unknown>)[k] === 'number');
  if (keys.some((k, c) => !numeric[c] && typeof (rows[0] as Record<string, unknown>)[k] !== 'string')) return undefined;
  const columns = keys.map((_, c) => (numeric[c] ? new Float64Array(rows.length) : new Array<string>(rows.length)));
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (!isPlain(row) || Object.keys(row).length !== keys.length) return undefined;
    for (let c = 0; c < keys.length; c++) {
      const x = row[keys[c]!];
      if (typeof x !== (numeric[c] ? 'number' : 'string')) return undefined;
      (columns[c] as unknown as Record<number, unknown>)[i] = x;
    }
  }
  return { [TABLE]: keys, columns };
}

/** The arrays marked to travel as columns. Only marked ones: another panel's rows keep their way of travelling. */
const COLUMNAR = new WeakSet<readonly unknown[]>();

/** Marks `rows` (records of one shape, numbers and strings) to travel as columns; returns them. */
export function sendAsColumns<T extends readonly unknown[]>(rows: T): T {
  COLUMNAR.add(rows);
  return rows;
}

function isTable(v: Record<string, unknown>): boolean {
  return Array.isArray(v[TABLE]) && Array.isArray(v['columns']);
}

/** `message` with its typed arrays replaced by places in one buffer (the same message when it has none). */
export function packArrays<T>(message: T): T {
  const found: TypedArray[] = [];
  const tables = new Map<readonly unknown[], Table>();
  const collect = (v: unknown, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    if (typeOf(v)) found.push(v as TypedArray);
    else if (Array.isArray(v)) {
      const table = COLUMNAR.has(v) ? asTable(v) : undefined;
      if (table) {
        tables.set(v, table);
        for (const c of table.columns) if (c instanceof Float64Array) found.push(c);
      } else for (const x of v) collect(x, depth + 1);
    } else if (isPlain(v)) for (const k of Object.keys(v)) collect(v[k], depth + 1);
  };
  collect(message, 0);
  if (found.length === 0) return message;
  // Each array at a multiple of 8 bytes, so the webview can view it in place.
  const offsets = new Map<TypedArray, number>();
  let size = 0;
  for (const a of found) {
    if (offsets.has(a)) continue;
    offsets.set(a, size);
    size += Math.ceil(a.byteLength / 8) * 8;
  }
  const bytes = new Uint8Array(size);
  for (const [a, at] of offsets) bytes.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
  const replace = (v: unknown, depth: number): unknown => {
    if (depth > MAX_DEPTH) return v;
    const type = typeOf(v);
    if (type)
      return { [MARK]: type, offset: offsets.get(v as TypedArray)!, length: (v as TypedArray).length } satisfies Marker;
    const table = Array.isArray(v) ? tables.get(v) : undefined;
    if (table) return { [TABLE]: table[TABLE], columns: table.columns.map((c) => replace(c, depth + 1)) };
    if (Array.isArray(v)) return v.map((x) => replace(x, depth + 1));
    if (isPlain(v)) return Object.fromEntries(Object.keys(v).map((k) => [k, replace(v[k], depth + 1)]));
    return v;
  };
  return { ...(replace(message, 0) as Record<string, unknown>), [BUFFER]: bytes } as T;
}

/** The message as it was before `packArrays` (a message that was not packed is returned as it is). */
export function unpackArrays<T>(message: T): T {
  if (!isPlain(message) || !(message[BUFFER] instanceof Uint8Array)) return message;
  const bytes = message[BUFFER];
  const restore = (v: unknown, depth: number): unknown => {
    if (depth > MAX_DEPTH) return v;
    if (Array.isArray(v)) return v.map((x) => restore(x, depth + 1));
    if (!isPlain(v)) return v;
    const ctor = typeof v[MARK] === 'string' ? TYPES[v[MARK]] : undefined;
    if (ctor) {
      const { offset, length } = v as unknown as Marker;
      const start = bytes.byteOffset + offset;
      // In place when aligned (the host aligns to 8 bytes), else copied.
      if (start % ctor.BYTES_PER_ELEMENT === 0) return new ctor(bytes.buffer, start, length);
      const copy = new ctor(length);
      new Uint8Array(copy.buffer).set(bytes.subarray(offset, offset + length * ctor.BYTES_PER_ELEMENT));
      return copy;
    }
    if (isTable(v)) {
      const keys = v[TABLE] as string[];
      const columns = (v['columns'] as unknown[]).map((c) => restore(c, depth + 1) as ArrayLike<unknown>);
      const n = columns[0]?.length ?? 0;
      return Array.from({ length: n }, (_, i) => Object.fromEntries(keys.map((k, c) => [k, columns[c]![i]])));
    }
    return Object.fromEntries(
      Object.keys(v)
        .filter((k) => k !== BUFFER || depth > 0)
        .map((k) => [k, restore(v[k], depth + 1)]),
    );
  };
  return restore(message, 0) as T;
}
