/**
 * The parts of W&B's `wandb_internal.Record` protobuf (`wandb/proto/wandb_internal.proto`) that a
 * chart needs, decoded without generated code: a history row (its items as key paths and JSON
 * text), how the run ended (`ExitRecord`), its display name (`RunRecord`), and the step metrics
 * `define_metric` declares (`MetricRecord`). Everything else in
 * the file (stats, output, files, telemetry, summaries, environment) is skipped by its length.
 */

import { decodeUtf8 } from '../text/lines';
import { LENGTH_DELIMITED, ProtoCursor, VARINT } from './protobuf';

// Record's fields (oneof record_type).
const HISTORY = 2,
  METRIC = 12,
  RUN = 17,
  EXIT = 18;
// HistoryRecord: repeated HistoryItem item = 1; HistoryStep step = 2 (HistoryStep: int64 num = 1).
// HistoryItem: string key = 1; repeated string nested_key = 2; string value_json = 16.
// ExitRecord: int32 exit_code = 1; int32 runtime = 2. RunRecord: string display_name = 8.
// MetricRecord: string name = 1; string glob_name = 2; string step_metric = 4 (`define_metric("*",
// step_metric="train/global_step")`, as Hugging Face's and Lightning's W&B callbacks write it).

export interface HistoryItem {
  /** The key's path: `[key]` from the Python writer, `nested_key` from wandb-core (≥ 0.17). */
  readonly path: readonly string[];
  readonly json: string;
}

export type WandbRecord =
  | { readonly kind: 'history'; readonly items: readonly HistoryItem[]; readonly step: number | undefined }
  | { readonly kind: 'exit'; readonly exitCode: number }
  | { readonly kind: 'run'; readonly displayName: string | undefined }
  | { readonly kind: 'metric'; readonly stepMetric: string | undefined }
  | { readonly kind: 'other' }
  | { readonly kind: 'broken' };

const OTHER: WandbRecord = { kind: 'other' };
const BROKEN: WandbRecord = { kind: 'broken' };

const outer = new ProtoCursor();
const inner = new ProtoCursor();
const leaf = new ProtoCursor();

export function decodeRecord(bytes: Uint8Array, start: number, end: number): WandbRecord {
  const c = outer.reset(bytes, start, end);
  while (c.more) {
    const key = c.varint();
    const field = key >>> 3,
      wire = key & 7;
    if (wire === LENGTH_DELIMITED && (field === HISTORY || field === EXIT || field === RUN || field === METRIC)) {
      const e = c.lengthDelimited();
      if (c.broken) return BROKEN;
      const from = c.pos;
      c.pos = e;
      if (field === HISTORY) return history(bytes, from, e);
      if (field === EXIT) return exit(bytes, from, e);
      if (field === METRIC) return metric(bytes, from, e);
      return run(bytes, from, e);
    }
    c.skip(wire);
  }
  return c.broken ? BROKEN : OTHER;
}

function history(bytes: Uint8Array, start: number, end: number): WandbRecord {
  const c = inner.reset(bytes, start, end);
  const items: HistoryItem[] = [];
  let step: number | undefined;
  while (c.more) {
    const key = c.varint();
    const field = key >>> 3,
      wire = key & 7;
    if (wire === LENGTH_DELIMITED && field === 1) {
      const e = c.lengthDelimited();
      if (c.broken) break;
      const item = historyItem(bytes, c.pos, e);
      if (!item) return BROKEN;
      items.push(item);
      c.pos = e;
    } else if (wire === LENGTH_DELIMITED && field === 2) {
      const e = c.lengthDelimited();
      if (c.broken) break;
      // An empty HistoryStep is step 0: proto3 leaves default values out.
      step = 0;
      const s = leaf.reset(bytes, c.pos, e);
      while (s.more) {
        const k = s.varint();
        if (k === ((1 << 3) | VARINT)) step = s.int64();
        else s.skip(k & 7);
      }
      c.pos = e;
    } else {
      c.skip(wire);
    }
  }
  return c.broken ? BROKEN : { kind: 'history', items, step };
}

function historyItem(bytes: Uint8Array, start: number, end: number): HistoryItem | undefined {
  const c = leaf.reset(bytes, start, end);
  let key: string | undefined;
  const nested: string[] = [];
  let json = '';
  while (c.more) {
    const k = c.varint();
    const field = k >>> 3,
      wire = k & 7;
    if (wire === LENGTH_DELIMITED && (field === 1 || field === 2 || field === 16)) {
      const e = c.lengthDelimited();
      if (c.broken) return undefined;
      const text = decodeUtf8(bytes.subarray(c.pos, e));
      if (field === 1) key = text;
      else if (field === 2) nested.push(text);
      else json = text;
      c.pos = e;
    } else {
      c.skip(wire);
    }
  }
  if (c.broken) return undefined;
  return { path: nested.length > 0 ? nested : [key ?? ''], json };
}

function exit(bytes: Uint8Array, start: number, end: number): WandbRecord {
  const c = inner.reset(bytes, start, end);
  let exitCode = 0;
  while (c.more) {
    const k = c.varint();
    if (k === ((1 << 3) | VARINT)) exitCode = c.int64();
    else c.skip(k & 7);
  }
  return c.broken ? BROKEN : { kind: 'exit', exitCode };
}

function run(bytes: Uint8Array, start: number, end: number): WandbRecord {
  const c = inner.reset(bytes, start, end);
  let displayName: string | undefined;
  while (c.more) {
    const k = c.varint();
    const field = k >>> 3,
      wire = k & 7;
    if (field === 8 && wire === LENGTH_DELIMITED) {
      const e = c.lengthDelimited();
      if (c.broken) break;
      displayName = decodeUtf8(bytes.subarray(c.pos, Math.min(e, c.pos + 1024))) || undefined;
      c.pos = e;
    } else {
      c.skip(wire);
    }
  }
  return c.broken ? BROKEN : { kind: 'run', displayName };
}

function metric(bytes: Uint8Array, start: number, end: number): WandbRecord {
  const c = inner.reset(bytes, start, end);
  let stepMetric: string | undefined;
  while (c.more) {
    const k = c.varint();
    const field = k >>> 3,
      wire = k & 7;
    if (field === 4 && wire === LENGTH_DELIMITED) {
      const e = c.lengthDelimited();
      if (c.broken) break;
      stepMetric = decodeUtf8(bytes.subarray(c.pos, Math.min(e, c.pos + 1024))) || undefined;
      c.pos = e;
    } else {
      c.skip(wire);
    }
  }
  return c.broken ? BROKEN : { kind: 'metric', stepMetric };
}
