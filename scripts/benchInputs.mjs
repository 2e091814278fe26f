// The benchmark's inputs (see scripts/bench.mjs), generated from a fixed seed, each written once
// into the data folder: training logs as CSV and JSON Lines, predictions files, and TensorBoard
// event files written here from the specs, independently of the reader.
import { closeSync, existsSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';

let DATA = '';
/** The seeded generator (the tests' mulberry32), set with the folder by `useInputs`. */
let prng = () => () => {
  throw new Error('useInputs first');
};

/** Where the inputs are written, and the seeded generator that makes them. */
export function useInputs(dataDir, seeded) {
  DATA = dataDir;
  prng = seeded;
}

/** Writes a file once, through a buffer (inputs are hundreds of MB); `chunks` yields strings or bytes. */
export function writeOnce(name, chunks) {
  const path = join(DATA, name);
  if (existsSync(path)) return path;
  process.stderr.write(`  generating ${name}…\n`);
  const fd = openSync(path + '.tmp', 'w');
  for (const c of chunks()) writeSync(fd, c);
  closeSync(fd);
  renameSync(path + '.tmp', path);
  return path;
}

export function* textLines(header, count, line) {
  let buf = header === undefined ? '' : header + '\n';
  for (let i = 0; i < count; i++) {
    buf += line(i) + '\n';
    if (buf.length > 1 << 22) {
      yield buf;
      buf = '';
    }
  }
  yield buf;
}

export const mb = (path) => `${(statSync(path).size / 1e6).toFixed(0)} MB`;
export const count = (n) => (n >= 1e6 ? `${n / 1e6} M` : n >= 1e3 ? `${n / 1e3} K` : String(n));

/**
 * A training log as Lightning's `metrics.csv` or a hand-written loop writes it: Python's `repr` of
 * each float (up to 17 significant digits, as `csv` and `json.dumps` write them), a float32
 * learning rate widened to double, one row per step.
 */
export function logRow(n) {
  const rnd = prng(1);
  return (i) => {
    const loss = 2 * Math.exp(-i / (n / 5)) + 0.05 * rnd();
    const val = loss * 1.1 + 0.02 * rnd();
    return {
      step: i,
      epoch: Math.floor(i / 1000),
      loss,
      val_loss: val,
      accuracy: 1 - loss / 3,
      lr: Math.fround(0.001 * Math.exp(-i / n)),
    };
  };
}
export const LOG_COLUMNS = ['step', 'epoch', 'loss', 'val_loss', 'accuracy', 'lr'];
export const METRICS = ['loss', 'val_loss', 'accuracy', 'lr'];
export const csvRow = (r) => LOG_COLUMNS.map((c) => r[c]).join(',');

export function csvLog(n) {
  const row = logRow(n);
  return writeOnce(`log-v2-${n}.csv`, () => textLines(LOG_COLUMNS.join(','), n, (i) => csvRow(row(i))));
}

export function jsonlLog(n) {
  const row = logRow(n);
  return writeOnce(`log-v2-${n}.jsonl`, () => textLines(undefined, n, (i) => JSON.stringify(row(i))));
}

/** Binary predictions `id,y_true,y_score` with full-precision scores (what `to_csv` writes for float64). */
export function binaryPredictions(n) {
  const rnd = prng(21);
  return writeOnce(`classify-binary-v2-${n}.csv`, () =>
    textLines('id,y_true,y_score', n, (i) => {
      const y = rnd() < 0.3 ? 1 : 0;
      return `${i},${y},${Math.min(1, 0.35 * y + rnd() * 0.65)}`;
    }),
  );
}

/** Ten-class predictions: true label, predicted label, and the ten probabilities at full precision. */
export function multiclassPredictions(n) {
  const rnd = prng(23);
  const header = 'id,y_true,y_pred,' + Array.from({ length: 10 }, (_, k) => `p_${k}`).join(',');
  return writeOnce(`classify-multiclass-v2-${n}.csv`, () =>
    textLines(header, n, (i) => {
      const y = Math.floor(rnd() * 10);
      const p = Array.from({ length: 10 }, (_, k) => rnd() + (k === y ? 1.5 * rnd() : 0));
      const sum = p.reduce((a, b) => a + b, 0);
      const q = p.map((v) => v / sum);
      return `${i},${y},${q.indexOf(Math.max(...q))},${q.join(',')}`;
    }),
  );
}

// TensorBoard event files: TFRecord frames (length, masked CRC-32C of it, data, masked CRC-32C of
// the data) around `Event` protobufs, written here from the specs, independently of the reader.
const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();
function maskedCrc(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  c = (c ^ 0xffffffff) >>> 0;
  return ((((c >>> 15) | (c << 17)) >>> 0) + 0xa282ead8) >>> 0;
}
function varint(v) {
  const out = [];
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}
const field = (number, wire) => varint(number * 8 + wire);
const delimited = (number, bytes) => [...field(number, 2), ...varint(bytes.length), ...bytes];
const utf8 = (s) => [...Buffer.from(s, 'utf8')];
function float32(v) {
  const b = Buffer.alloc(4);
  b.writeFloatLE(v);
  return [...b];
}
function float64(v) {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(v);
  return [...b];
}
function frame(data) {
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(data.length));
  const head = Buffer.alloc(4);
  head.writeUInt32LE(maskedCrc(len));
  const foot = Buffer.alloc(4);
  foot.writeUInt32LE(maskedCrc(data));
  return Buffer.concat([len, head, Buffer.from(data), foot]);
}
/** `Event { wall_time = 1, step = 2, summary = 5 { value = 1 { tag = 1, simple_value = 2 | tensor = 8, metadata = 9 } } }`. */
function scalarEvent(wall, step, tag, value, kind, first) {
  let v;
  if (kind === 'simple') {
    v = [...delimited(1, utf8(tag)), ...field(2, 5), ...float32(value)];
  } else {
    // TF2 / Keras: a rank-0 DT_FLOAT tensor; the `scalars` plugin metadata on the tag's first value only.
    const tensor = [...field(1, 0), 1, ...delimited(2, []), ...delimited(5, float32(value))];
    const metadata = [...delimited(1, delimited(1, utf8('scalars'))), ...field(4, 0), 1];
    v = [...delimited(1, utf8(tag)), ...delimited(8, tensor), ...(first ? delimited(9, metadata) : [])];
  }
  return frame([...field(1, 1), ...float64(wall), ...field(2, 0), ...varint(step), ...delimited(5, delimited(1, v))]);
}
export const EVENT_TAGS = [
  ['train/loss', 'simple'],
  ['train/accuracy', 'simple'],
  ['val/loss', 'tensor'],
  ['lr', 'tensor'],
];
export function eventValue(i, k) {
  return k === 3
    ? 0.001 * Math.exp(-i / 1e5)
    : (k === 1 ? 1 : 0) + (k === 1 ? -1 : 1) * 2 * Math.exp(-i / 5e4) * (1 + 0.1 * Math.sin(i + k));
}
export function eventFile(steps) {
  return writeOnce(`events.out.tfevents.v2-${steps}.bench`, function* () {
    const version = [...field(1, 1), ...float64(1.7e9), ...delimited(3, utf8('brain.Event:2'))];
    const parts = [frame(version)];
    let bytes = 0;
    for (let i = 0; i < steps; i++) {
      for (let k = 0; k < EVENT_TAGS.length; k++) {
        const f = scalarEvent(
          1.7e9 + i * 0.01 + k * 0.001,
          i,
          EVENT_TAGS[k][0],
          eventValue(i, k),
          EVENT_TAGS[k][1],
          i === 0,
        );
        parts.push(f);
        bytes += f.length;
      }
      if (bytes > 1 << 22) {
        yield Buffer.concat(parts);
        parts.length = 0;
        bytes = 0;
      }
    }
    yield Buffer.concat(parts);
  });
}
