// W&B-shaped fuzz input: records framed as a `.wandb` file (32 KiB blocks, FULL/FIRST/MIDDLE/LAST
// chunks, zlib CRC-32), from scratch or from a sample's records after mutation, so the record
// decoder is reached past the checksums. Test code: it shares nothing with src/core/formats/wandb*.
import { crc32 } from 'node:zlib';
import fc from 'fast-check';
import { wandbRecords } from '../formats/wandbReference';
import { concatBytes, utf8 } from './inputs';

const BLOCK = 32768;

/** A `.wandb` stream holding `records`, split into chunks at block ends as the SDK writes them. */
export function wandbFrame(records: readonly Uint8Array[]): Uint8Array {
  const out: number[] = [0x3a, 0x57, 0x26, 0x42, 0xe1, 0xbe, 0x00];
  for (const r of records) {
    let at = 0;
    let first = true;
    do {
      let left = BLOCK - (out.length % BLOCK);
      if (left < 7) {
        for (let k = 0; k < left; k++) out.push(0);
        left = BLOCK;
      }
      const n = Math.min(r.length - at, left - 7);
      const last = at + n === r.length;
      const type = first && last ? 1 : first ? 2 : last ? 4 : 3;
      const payload = Buffer.from(r.subarray(at, at + n));
      const crc = crc32(payload, crc32(Buffer.from([type])));
      out.push(crc & 0xff, (crc >>> 8) & 0xff, (crc >>> 16) & 0xff, crc >>> 24, n & 0xff, n >> 8, type, ...payload);
      at += n;
      first = false;
    } while (at < r.length);
  }
  return new Uint8Array(out);
}

/** The records of a well-formed `.wandb` stream. */
export function wandbUnframe(file: Uint8Array): Uint8Array[] {
  try {
    return wandbRecords(Buffer.from(file)).records.map((b) => new Uint8Array(b));
  } catch {
    return [];
  }
}

function varint(n: number): number[] {
  const out: number[] = [];
  let v = BigInt.asUintN(64, BigInt(Math.trunc(n)));
  do {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? b | 0x80 : b);
  } while (v > 0n);
  return out;
}

function field(n: number, bytes: Uint8Array | number[]): number[] {
  return [...varint((n << 3) | 2), ...varint(bytes.length), ...bytes];
}

const keyArb = fc.oneof(
  fc.constantFrom('loss', 'train/loss', 'val_acc', '_step', '_timestamp', '_runtime', 'epoch', 'img', ''),
  fc.string({ maxLength: 8 }),
);
const jsonArb = fc.oneof(
  fc.double().map((d) => (Number.isFinite(d) ? JSON.stringify(d) : String(d))),
  fc.integer({ min: -5, max: 100_000 }).map(String),
  fc.constantFrom(
    'NaN',
    'Infinity',
    '-Infinity',
    'null',
    'true',
    '"text"',
    '{"_type": "image-file", "path": "x.png"}',
    '{"a": {"b": 2}}',
    '[1, 2]',
    '{',
    '',
  ),
);
const itemArb = fc
  .record({ path: fc.array(keyArb, { minLength: 1, maxLength: 3 }), nested: fc.boolean(), json: jsonArb })
  .map(({ path, nested, json }) =>
    field(1, [
      ...(nested ? path.flatMap((p) => field(2, utf8(p))) : field(1, utf8(path.join('.')))),
      ...field(16, utf8(json)),
    ]),
  );
const recordArb = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .record({ items: fc.array(itemArb, { maxLength: 6 }), step: fc.option(fc.integer({ min: -3, max: 1 << 30 })) })
      .map(
        ({ items, step }) =>
          new Uint8Array(field(2, [...items.flat(), ...(step === null ? [] : field(2, [0x08, ...varint(step)]))])),
      ),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: -300, max: 300 }).map((code) => new Uint8Array(field(18, [0x08, ...varint(code)]))),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map((name) => new Uint8Array(field(17, field(8, utf8(name))))) },
  // A length that claims far more than the record holds.
  { weight: 1, arbitrary: fc.constant(new Uint8Array([0x12, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x0a])) },
  // A record large enough to be split over blocks.
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 1, max: 40_000 })
      .map((n) => new Uint8Array(field(2, field(1, [...field(1, utf8('big')), ...field(16, utf8('1'.repeat(n)))])))),
  },
);

export const wandbStreamArb: fc.Arbitrary<Uint8Array> = fc
  .array(recordArb, { maxLength: 40 })
  .map((rs) => wandbFrame(rs));

export { concatBytes };
