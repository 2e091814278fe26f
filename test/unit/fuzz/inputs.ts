// Inputs for the parser fuzzer: fast-check arbitraries that build hostile bytes from real
// samples (mutated, cut, re-chunked, re-encoded) and from scratch (random bytes, format-shaped
// noise, deep nesting, framed protobuf events with arbitrary content).
import fc from 'fast-check';
import { maskedCrc32c } from '../../../src/core/text/crc32c';

const encoder = new TextEncoder();

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Byte strings dropped into files: number spellings, structure, broken UTF-8, control bytes. */
export const TOKENS: readonly Uint8Array[] = [
  'nan',
  'NaN',
  '-nan',
  '+nan',
  'NAN',
  'inf',
  '-inf',
  '+inf',
  'Infinity',
  '-Infinity',
  '+Infinity',
  'infinity',
  'INF',
  '1e309',
  '-1e309',
  '1e-400',
  '4.9e-324',
  '1.7976931348623157e308',
  '9007199254740993',
  '-0',
  '0.0',
  '1e22',
  '1e23',
  '9'.repeat(400),
  `0.${'0'.repeat(300)}1`,
  `1${'0'.repeat(30)}`,
  '123456789012345678901234567890.5e-10',
  '0x10',
  '1_000',
  '1e',
  '.e1',
  '..',
  '--1',
  '+-1',
  '1.2.3',
  '1e99999',
  '1E+',
  'NA',
  'N/A',
  'null',
  'None',
  'True',
  'false',
  '"',
  '""',
  '"a""b"',
  '"\n"',
  '\\',
  '\\"',
  '\\u',
  '\\ud800',
  '\\u0000',
  '{',
  '}',
  '[',
  ']',
  ':',
  ',',
  '\t',
  ';',
  '|',
  '=',
  '%',
  '\r',
  '\r\n',
  '\n\r',
  '\n\n',
  ' ',
  '   ',
  '\x00',
  '\x1b[31m',
  '\x1b[0m',
  '\b\b\b',
  '\f',
  '\v',
  'epoch',
  'Epoch 1/10',
  'Epoch [2/5], Step [100/600], Loss: 0.5',
  'step',
  'loss: ',
  'val_loss=',
  'acc 93.5%',
  '100/100 [====]',
  'Epoch(train) [1][10/25]',
  '2025-04-24 21:17:53,828 - INFO - ',
  '{"loss": 1}',
  '{"a":{"b":[1,2]}}',
  '[{"actual": 1, "predicted": 0}]',
  'log_history',
  '"step": 5',
  '"epoch": 1.5',
]
  .map(utf8)
  .concat(
    [
      [0xff],
      [0xfe],
      [0xc3],
      [0xe2, 0x82],
      [0xf0, 0x9f, 0x98],
      [0xed, 0xa0, 0x80],
      [0xc0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xef, 0xbb, 0xbf],
      [0xff, 0xfe],
      [0xfe, 0xff],
      [0x80],
      [0xf8, 0x88, 0x80, 0x80, 0x80],
    ].map((b) => new Uint8Array(b)),
  );

/** Units repeated into long runs: where a quadratic scan or a backtracking regex would show. */
export const RUN_UNITS: readonly string[] = [
  ' ',
  '\t',
  '0',
  '9',
  '.',
  'e',
  'a',
  '"',
  '""',
  '\\',
  '[',
  '{',
  '{"a":',
  '[1,',
  '}',
  ']',
  ',',
  ';',
  '|',
  ':',
  '=',
  '\r',
  '\b',
  '\n',
  '\r\n',
  '-',
  '%',
  'x ',
  'epoch ',
  '| a 1 ',
  'loss: 1 ',
  'a=1 ',
  '1,',
  '"a",',
  '[=',
  'Step [',
  '\x1b[',
  '\x00',
  '\xff',
];

/** Line ends to write: all CRLF, all bare CR, a seeded mix of LF, CRLF and CR, all LF, or a mix of LF and CRLF. */
export type LineEnds = 'crlf' | 'cr' | 'mixed' | 'lf' | 'lf-crlf';

export type Mutation =
  | { readonly op: 'flip'; readonly at: number; readonly bit: number }
  | { readonly op: 'set'; readonly at: number; readonly value: number }
  | { readonly op: 'insert'; readonly at: number; readonly bytes: Uint8Array }
  | { readonly op: 'token'; readonly at: number; readonly token: number; readonly replace: boolean }
  | { readonly op: 'delete'; readonly at: number; readonly length: number }
  | { readonly op: 'cut'; readonly at: number }
  | { readonly op: 'dupLine' | 'deleteLine' | 'swapLines'; readonly a: number; readonly b: number }
  | { readonly op: 'lineEnds'; readonly style: LineEnds; readonly seed: number }
  | { readonly op: 'repeat'; readonly at: number; readonly unit: number; readonly count: number }
  | {
      readonly op: 'splice';
      readonly at: number;
      readonly other: number;
      readonly from: number;
      readonly length: number;
    };

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  {
    arbitrary: fc.record({ op: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
    weight: 3,
  },
  {
    arbitrary: fc.record({ op: fc.constant('set' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('insert' as const),
      at: fc.nat(),
      bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('token' as const),
      at: fc.nat(),
      token: fc.nat({ max: TOKENS.length - 1 }),
      replace: fc.boolean(),
    }),
    weight: 5,
  },
  {
    arbitrary: fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }),
    weight: 2,
  },
  { arbitrary: fc.record({ op: fc.constant('cut' as const), at: fc.nat() }), weight: 2 },
  {
    arbitrary: fc.record({
      op: fc.constantFrom('dupLine' as const, 'deleteLine' as const, 'swapLines' as const),
      a: fc.nat(),
      b: fc.nat(),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('lineEnds' as const),
      style: fc.constantFrom<LineEnds>('crlf', 'cr', 'mixed', 'lf', 'lf-crlf'),
      seed: fc.nat(),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('repeat' as const),
      at: fc.nat(),
      unit: fc.nat({ max: RUN_UNITS.length - 1 }),
      count: fc.integer({ min: 1, max: 3000 }),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('splice' as const),
      at: fc.nat(),
      other: fc.nat(),
      from: fc.nat(),
      length: fc.integer({ min: 1, max: 512 }),
    }),
    weight: 1,
  },
);

/** Applies one mutation; `others` are bytes of other samples (any format) to splice from. */
export function mutate(data: Uint8Array, m: Mutation, others: readonly Uint8Array[]): Uint8Array {
  const n = data.length;
  const at = n === 0 ? 0 : 'at' in m ? m.at % (n + 1) : 0;
  switch (m.op) {
    case 'flip': {
      if (n === 0) return data;
      const out = data.slice();
      out[at % n]! ^= 1 << m.bit;
      return out;
    }
    case 'set': {
      if (n === 0) return data;
      const out = data.slice();
      out[at % n] = m.value;
      return out;
    }
    case 'insert':
      return concatBytes([data.subarray(0, at), m.bytes, data.subarray(at)]);
    case 'token': {
      const token = TOKENS[m.token]!;
      if (!m.replace) return concatBytes([data.subarray(0, at), token, data.subarray(at)]);
      // Replace the number-like word at or after `at` (a value becomes NaN, a huge number, a quote…).
      let s = at;
      while (s < n && !isNumberByte(data[s]!)) s++;
      let e = s;
      while (e < n && isNumberByte(data[e]!)) e++;
      return concatBytes([data.subarray(0, s), token, data.subarray(e)]);
    }
    case 'delete':
      return concatBytes([data.subarray(0, at), data.subarray(Math.min(n, at + m.length))]);
    case 'cut':
      return data.subarray(0, at);
    case 'dupLine':
    case 'deleteLine':
    case 'swapLines': {
      const lines = splitKeepingEnds(data);
      if (lines.length === 0) return data;
      const a = m.a % lines.length,
        b = m.b % lines.length;
      if (m.op === 'dupLine') lines.splice(a, 0, lines[a]!);
      else if (m.op === 'deleteLine') lines.splice(a, 1);
      else [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      return concatBytes(lines);
    }
    case 'lineEnds':
      return convertLineEnds(data, m.style, m.seed);
    case 'repeat': {
      const unit = utf8(RUN_UNITS[m.unit]!);
      const run = new Uint8Array(unit.length * m.count);
      for (let i = 0; i < m.count; i++) run.set(unit, i * unit.length);
      return concatBytes([data.subarray(0, at), run, data.subarray(at)]);
    }
    case 'splice': {
      const other = others.length === 0 ? data : others[m.other % others.length]!;
      if (other.length === 0) return data;
      const from = m.from % other.length;
      return concatBytes([data.subarray(0, at), other.subarray(from, from + m.length), data.subarray(at)]);
    }
  }
}

function isNumberByte(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 46 || c === 45 || c === 43 || c === 101 || c === 69;
}

function splitKeepingEnds(data: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < data.length; i++) {
    if (data[i] === 10) {
      out.push(data.subarray(start, i + 1));
      start = i + 1;
    }
  }
  if (start < data.length) out.push(data.subarray(start));
  return out;
}

/** `\n` (and `\r\n`) line ends rewritten in another style (seeded for the mixes). */
export function convertLineEnds(data: Uint8Array, style: LineEnds, seed = 1): Uint8Array {
  const out: number[] = [];
  let s = seed >>> 0;
  for (let i = 0; i < data.length; i++) {
    const c = data[i]!;
    if (c === 13 && data[i + 1] === 10) continue;
    if (c !== 10) {
      out.push(c);
      continue;
    }
    let pick = style;
    if (style === 'mixed' || style === 'lf-crlf') {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      pick = (['lf', 'crlf', 'cr'] as const)[(s >>> 16) % (style === 'mixed' ? 3 : 2)]!;
    }
    if (pick === 'crlf') out.push(13, 10);
    else if (pick === 'cr') out.push(13);
    else out.push(10);
  }
  return Uint8Array.from(out);
}

export type TextEncoding = 'utf16le-bom' | 'utf16be-bom' | 'utf16le' | 'utf8-bom';

/** The text of UTF-8 `data` re-encoded (invalid UTF-8 comes out as U+FFFD). */
export function reencode(data: Uint8Array, encoding: TextEncoding): Uint8Array {
  const text = new TextDecoder().decode(data);
  if (encoding === 'utf8-bom') return concatBytes([new Uint8Array([0xef, 0xbb, 0xbf]), utf8(text)]);
  const bom = encoding.endsWith('-bom');
  const be = encoding.startsWith('utf16be');
  const out = new Uint8Array((bom ? 2 : 0) + text.length * 2);
  let at = 0;
  if (bom) {
    out[0] = be ? 0xfe : 0xff;
    out[1] = be ? 0xff : 0xfe;
    at = 2;
  }
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    out[at++] = be ? u >> 8 : u & 0xff;
    out[at++] = be ? u & 0xff : u >> 8;
  }
  return out;
}

/** JSON nested `depth` levels deep, closed or not, inside an otherwise sensible line. */
export function nested(kind: number, depth: number, closed: boolean): Uint8Array {
  const open = ['[', '{"a":', '{"loss":[', '[{"a":'][kind % 4]!;
  const close = [']', '}', ']}', '}]'][kind % 4]!;
  return utf8(`{"loss": ${open.repeat(depth)}1${closed ? close.repeat(depth) : ''}}\n`);
}

/** A value of at least `n` bytes cut into chunk sizes from `sizes` (cycled); 0 sizes give empty pushes. */
export function chunkSizesArb(): fc.Arbitrary<number[]> {
  return fc.oneof(
    { arbitrary: fc.constant([] as number[]), weight: 3 },
    { arbitrary: fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 8 }), weight: 2 },
    { arbitrary: fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 8 }), weight: 3 },
    { arbitrary: fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 4 }), weight: 2 },
  );
}

/** Splits `data` into chunks of the given sizes (cycled); [] means one chunk. */
export function chunksOf(data: Uint8Array, sizes: readonly number[]): Uint8Array[] {
  if (sizes.length === 0 || sizes.every((s) => s === 0)) return [data];
  const out: Uint8Array[] = [];
  let at = 0,
    k = 0;
  while (at < data.length) {
    const n = sizes[k++ % sizes.length]!;
    // A copy per chunk, as a reader reusing its buffer would hand over different memory each time.
    out.push(data.slice(at, at + n));
    at += n;
  }
  return out;
}

// ---- TFRecord / protobuf, to reach the event decoder past the CRC checks -------------------

export function varint(v: number): number[] {
  const out: number[] = [];
  let x = BigInt.asUintN(64, BigInt(Math.trunc(v)));
  do {
    let b = Number(x & 0x7fn);
    x >>= 7n;
    if (x > 0n) b |= 0x80;
    out.push(b);
  } while (x > 0n);
  return out;
}

export function field(num: number, wire: number, payload: number[] | Uint8Array): number[] {
  const key = varint(num * 8 + wire);
  if (wire === 2) return [...key, ...varint(payload.length), ...payload];
  return [...key, ...payload];
}

export function fixed32(v: number): number[] {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setFloat32(0, v, true);
  return [...b];
}

export function fixed64(v: number): number[] {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, v, true);
  return [...b];
}

/** One TFRecord frame around `data`, with correct CRCs; `claimedLength` overrides the stored length. */
export function frame(data: Uint8Array, claimedLength = data.length): Uint8Array {
  const out = new Uint8Array(16 + data.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, claimedLength >>> 0, true);
  dv.setUint32(4, Math.floor(claimedLength / 0x100000000), true);
  dv.setUint32(8, maskedCrc32c(out, 0, 8), true);
  out.set(data, 12);
  dv.setUint32(12 + data.length, maskedCrc32c(out, 12, 12 + data.length), true);
  return out;
}

/** Splits a well-formed TFRecord stream into its records' data (for re-framing mutated payloads). */
export function unframe(stream: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  const dv = new DataView(stream.buffer, stream.byteOffset, stream.byteLength);
  let at = 0;
  while (at + 16 <= stream.length) {
    const n = dv.getUint32(at, true);
    if (at + 16 + n > stream.length) break;
    out.push(stream.slice(at + 12, at + 12 + n));
    at += 16 + n;
  }
  return out;
}

const floatArb = fc.oneof(
  fc.double(),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, 1e38, 3.4e38, 1e-45),
  fc.integer({ min: -10, max: 10 }),
);
const int64Arb = fc.oneof(
  fc.integer({ min: -5, max: 1000 }),
  fc.constantFrom(-1, 2 ** 31, 2 ** 53, -(2 ** 53), 2 ** 63, -(2 ** 63)),
);
const tagArb = fc.oneof(
  fc.constantFrom('loss', 'epoch_loss', 'val/acc', 'train/box_loss', '', 'lr'),
  fc.string({ maxLength: 12 }),
);

/** A `TensorProto` holding one scalar (or a wrong shape, dtype or encoding). */
const tensorArb: fc.Arbitrary<number[]> = fc
  .record({
    dtype: fc.constantFrom(0, 1, 2, 3, 4, 5, 6, 9, 10, 14, 19, 7, 99),
    dims: fc.array(int64Arb, { maxLength: 3 }),
    content: fc.option(fc.uint8Array({ maxLength: 12 })),
    value: floatArb,
    valField: fc.constantFrom(5, 6, 7, 10, 13),
    packed: fc.boolean(),
  })
  .map(({ dtype, dims, content, value, valField, packed }) => {
    const shape = dims.flatMap((d) => field(2, 2, field(1, 0, varint(d))));
    const out = [...field(1, 0, varint(dtype)), ...field(2, 2, shape)];
    if (content) return [...out, ...field(4, 2, content)];
    const encoded =
      valField === 5 ? fixed32(value) : valField === 6 ? fixed64(value) : varint(Number.isFinite(value) ? value : 0);
    const wire = valField === 5 ? 5 : valField === 6 ? 1 : 0;
    return [...out, ...(packed ? field(valField, 2, encoded) : field(valField, wire, encoded))];
  });

const metadataArb: fc.Arbitrary<number[]> = fc
  .record({
    plugin: fc.constantFrom('scalars', 'histograms', 'images', ''),
    dataClass: fc.option(fc.integer({ min: 0, max: 3 })),
  })
  .map(({ plugin, dataClass }) => [
    ...field(1, 2, field(1, 2, utf8(plugin))),
    ...(dataClass === null ? [] : field(4, 0, varint(dataClass))),
  ]);

const valueArb: fc.Arbitrary<number[]> = fc
  .record({
    tag: tagArb,
    simple: fc.option(floatArb),
    tensor: fc.option(tensorArb),
    metadata: fc.option(metadataArb),
    junk: fc.option(fc.uint8Array({ maxLength: 8 })),
  })
  .map(({ tag, simple, tensor, metadata, junk }) => [
    ...field(1, 2, utf8(tag)),
    ...(simple === null ? [] : field(2, 5, fixed32(simple))),
    ...(metadata === null ? [] : field(9, 2, metadata)),
    ...(tensor === null ? [] : field(8, 2, tensor)),
    ...(junk === null ? [] : [...junk]),
  ]);

/** One `Event`: wall time, step, a summary of values (and sometimes unknown or broken fields). */
export const eventArb: fc.Arbitrary<Uint8Array> = fc
  .record({
    wall: fc.option(floatArb),
    step: fc.option(int64Arb),
    values: fc.array(valueArb, { maxLength: 4 }),
    fileVersion: fc.boolean(),
    junk: fc.option(fc.uint8Array({ maxLength: 8 })),
  })
  .map(({ wall, step, values, fileVersion, junk }) =>
    Uint8Array.from([
      ...(wall === null ? [] : field(1, 1, fixed64(wall))),
      ...(step === null ? [] : field(2, 0, varint(step))),
      ...(fileVersion ? field(3, 2, utf8('brain.Event:2')) : []),
      ...(values.length === 0
        ? []
        : field(
            5,
            2,
            values.flatMap((v) => field(1, 2, v)),
          )),
      ...(junk === null ? [] : [...junk]),
    ]),
  );

/** A stream of framed events; now and then a frame that claims more bytes than follow, or garbage between frames. */
export const eventStreamArb: fc.Arbitrary<Uint8Array> = fc
  .array(
    fc.oneof(
      { arbitrary: eventArb.map((e) => frame(e)), weight: 8 },
      { arbitrary: fc.uint8Array({ maxLength: 24 }), weight: 1 },
      {
        arbitrary: fc
          .record({ e: eventArb, claim: fc.constantFrom(2 ** 20, 2 ** 29, 2 ** 30, 2 ** 30 + 1, 2 ** 40) })
          .map(({ e, claim }) => frame(e, claim)),
        weight: 1,
      },
    ),
    { maxLength: 12 },
  )
  .map(concatBytes);
