/**
 * An independent reading of W&B run files, for the tests only: written from the format notes
 * (test/fixtures/wandb/SOURCES.md, the SDK's `datastore.py` and `wandb_internal.proto`), whole
 * file in memory, no incremental state, Node's own zlib CRC-32, a generic protobuf walk. It shares
 * no code with `src/core/formats/wandb*.ts`; the core must agree with it.
 */

import { crc32 } from 'node:zlib';

export interface KeyStats {
  points: number;
  last: number;
  min: number;
  max: number;
}

export interface Reference {
  /** Every numeric history key (W&B's own `_step`, `_runtime`, `_timestamp` and `epoch` included). */
  keys: Record<string, KeyStats>;
  exitCode: number | null;
  /** Whole records read; a cut tail (a chunk or record not complete) is not counted. */
  records: number;
  cutTail: boolean;
  mediaValues: number;
}

type Field = { field: number; wire: number; num?: bigint; bytes?: Buffer };

function varint(b: Buffer, at: { i: number }): bigint {
  let v = 0n;
  let shift = 0n;
  for (;;) {
    if (at.i >= b.length) throw new Error('varint runs past the end');
    const x = b[at.i++]!;
    v |= BigInt(x & 0x7f) << shift;
    if (!(x & 0x80)) return v;
    shift += 7n;
  }
}

function fields(b: Buffer): Field[] {
  const out: Field[] = [];
  const at = { i: 0 };
  while (at.i < b.length) {
    const key = Number(varint(b, at));
    const field = key >> 3,
      wire = key & 7;
    if (wire === 0) out.push({ field, wire, num: varint(b, at) });
    else if (wire === 2) {
      const n = Number(varint(b, at));
      out.push({ field, wire, bytes: b.subarray(at.i, at.i + n) });
      at.i += n;
    } else if (wire === 1) at.i += 8;
    else if (wire === 5) at.i += 4;
    else throw new Error(`wire type ${wire}`);
  }
  return out;
}

/** The records of a `.wandb` file: header, 32 KiB blocks, chunks FULL/FIRST/MIDDLE/LAST, CRC-32 of type + payload. */
export function wandbRecords(file: Buffer): { records: Buffer[]; cutTail: boolean } {
  if (file.subarray(0, 4).toString('latin1') !== ':W&B' || file[4] !== 0xe1 || file[5] !== 0xbe || file[6] !== 0)
    throw new Error('no :W&B header');
  const records: Buffer[] = [];
  let parts: Buffer[] | undefined;
  let pos = 7;
  let cutTail = false;
  while (pos < file.length) {
    const left = 32768 - (pos % 32768);
    if (left < 7) {
      pos += left;
      continue;
    }
    if (pos + 7 > file.length) {
      cutTail = true;
      break;
    }
    const crc = file.readUInt32LE(pos);
    const len = file.readUInt16LE(pos + 4);
    const type = file[pos + 6]!;
    if (pos + 7 + len > file.length) {
      cutTail = true;
      break;
    }
    const payload = file.subarray(pos + 7, pos + 7 + len);
    if (crc32(payload, crc32(Buffer.from([type]))) !== crc) throw new Error(`checksum at ${pos}`);
    if (type === 1) records.push(payload);
    else if (type === 2) parts = [payload];
    else if (type === 3) parts!.push(payload);
    else if (type === 4) {
      records.push(Buffer.concat([...parts!, payload]));
      parts = undefined;
    } else throw new Error(`chunk type ${type} at ${pos}`);
    pos += 7 + len;
  }
  return { records, cutTail: cutTail || parts !== undefined };
}

function parseJson(text: string): unknown {
  if (text === 'NaN') return NaN;
  if (text === 'Infinity') return Infinity;
  if (text === '-Infinity') return -Infinity;
  return JSON.parse(text);
}

class Stats {
  keys: Record<string, KeyStats> = {};
  media = 0;

  add(row: Map<string, unknown>): void {
    const flat: [string, number][] = [];
    const walk = (k: string, v: unknown) => {
      if (typeof v === 'number') flat.push([k, v]);
      else if (v && typeof v === 'object' && !Array.isArray(v)) {
        if ('_type' in v) {
          this.media++;
          return;
        }
        for (const [kk, vv] of Object.entries(v)) walk(`${k}.${kk}`, vv);
      }
    };
    for (const [k, v] of row) walk(k, v);
    for (const [k, v] of flat) {
      const s = this.keys[k];
      if (!s) this.keys[k] = { points: 1, last: v, min: v, max: v };
      else {
        s.points++;
        s.last = v;
        s.min = Math.min(s.min, v);
        s.max = Math.max(s.max, v);
      }
    }
  }
}

export function referenceOfWandbFile(file: Buffer): Reference {
  const { records, cutTail } = wandbRecords(file);
  const stats = new Stats();
  let exitCode: number | null = null;
  for (const r of records) {
    for (const f of fields(r)) {
      if (f.field === 18 && f.bytes) {
        exitCode = 0;
        for (const e of fields(f.bytes)) if (e.field === 1) exitCode = Number(BigInt.asIntN(32, e.num!));
      }
      if (f.field !== 2 || !f.bytes) continue;
      // One history row: items as (path, value); a media object split into leaves is gathered back by its path.
      const row = new Map<string, unknown>();
      const media = new Set<string>();
      for (const it of fields(f.bytes)) {
        if (it.field !== 1) continue;
        let key = '';
        const nested: string[] = [];
        let json = '';
        for (const g of fields(it.bytes!)) {
          if (g.field === 1) key = g.bytes!.toString('utf8');
          if (g.field === 2) nested.push(g.bytes!.toString('utf8'));
          if (g.field === 16) json = g.bytes!.toString('utf8');
        }
        const path = nested.length > 0 ? nested : [key];
        if (path.length > 1 && path[path.length - 1] === '_type') media.add(path.slice(0, -1).join('.'));
        row.set(path.join('.'), parseJson(json));
      }
      for (const m of media) {
        for (const k of [...row.keys()]) if (k === m || k.startsWith(`${m}.`)) row.delete(k);
        stats.media++;
      }
      stats.add(row);
    }
  }
  return { keys: stats.keys, exitCode, records: records.length, cutTail, mediaValues: stats.media };
}

/** The same for the pre-0.10 `wandb-history.jsonl`: one JSON object per line. */
export function referenceOfHistoryJsonl(text: string): Reference {
  const stats = new Stats();
  let records = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    stats.add(new Map(Object.entries(JSON.parse(line) as Record<string, unknown>)));
    records++;
  }
  return { keys: stats.keys, exitCode: null, records, cutTail: false, mediaValues: stats.media };
}
