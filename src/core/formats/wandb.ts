/**
 * A W&B run folder, read offline: `wandb/run-<date>_<time>-<id>/` (or `offline-run-…`) with
 * `run-<id>.wandb`, the full history in W&B's LevelDB-style log (see `wandbLog`), and under
 * `files/`: `config.yaml` (the parameters: each key's `value:`, `_wandb` left out),
 * `wandb-summary.json` (the latest values) and `wandb-metadata.json` (start time, program, host).
 * Before wandb 0.10 there was no `.wandb` file: `wandb-history.jsonl` held one JSON object per
 * `wandb.log` call, beside `config.yaml` and the summary, in the run folder itself.
 *
 * Every numeric history key is a series: `train/loss` as it is, a nested key (`{"a": {"b": 1}}`,
 * or wandb-core's `nested_key`) as `a.b`. W&B's `_step` is the step, `_timestamp` the wall time,
 * `epoch` the epoch; other `_` keys (`_runtime`) are W&B's own. Media and tables (values with a
 * `_type`, which wandb-core splits into one item per field) are skipped and counted.
 */

import { decodeUtf8, LineSplitter } from '../text/lines';
import { KILLED_AFTER_MS, Run, type FolderRunParser, type RunStatus, type WriteMode } from '../model/run';
import { readYamlParams, type YamlParse } from '../text/yaml';
import { readJsonLeaves } from './dvclive';
import { RewriteBuffers } from './rewriteBuffers';
import { decodeRecord, type HistoryItem } from './wandbRecords';
import { WandbLogReader } from './wandbLog';
import { KiB } from '../text/sizes';

/** Depth to which a logged dict is flattened into `a.b.c` series. */
const MAX_VALUE_DEPTH = 16;
/** A history value's JSON longer than this is not a number (a table, a histogram): not parsed. */
const MAX_VALUE_JSON = 64 * KiB;

const SUMMARY = 'wandb-summary.json',
  CONFIG = 'config.yaml',
  METADATA = 'wandb-metadata.json',
  HISTORY_JSONL = 'wandb-history.jsonl';

/** Whether `file` (relative to the run folder) is the run's `.wandb` log. */
export function isWandbLogName(file: string): boolean {
  return !file.includes('/') && file.endsWith('.wandb');
}

export class WandbRunParser implements FolderRunParser {
  readonly run: Run;
  readonly outsideMembers: readonly string[] = [];
  private log: WandbLogReader | undefined;
  private logFile: string | undefined;
  private jsonl: LineSplitter | undefined;
  private readonly rewrites = new RewriteBuffers();
  private lastStep = -1;
  private exitCode: number | undefined;
  private media = 0;
  private readonly mediaKeys = new Set<string>();
  private meta: { startedAt?: string; command?: string; host?: string } = {};
  private nameFromRun: string | undefined;
  private nameFromMeta: string | undefined;
  /** How long the log had not been written when the caller last looked (it reads the clock; the core does not). */
  private quietMs = 0;

  constructor(
    source: string,
    private readonly folderName: string,
    private readonly parseYaml: YamlParse = readYamlParams,
  ) {
    this.run = new Run(source, 'wandb', folderName, 'offset');
    this.run.xLabel = 'step';
  }

  memberMode(file: string): WriteMode | undefined {
    if (isWandbLogName(file) || file === HISTORY_JSONL) return 'append';
    const base = file.startsWith('files/') ? file.slice(6) : file;
    if (base === SUMMARY || base === CONFIG || base === METADATA) return 'rewrite';
    return undefined;
  }

  exploresFolder(folder: string): boolean {
    return folder === '' || folder === 'files';
  }

  get pendingBytes(): number {
    return this.rewrites.pendingBytes + (this.log?.pendingBytes ?? 0);
  }

  push(file: string, chunk: Uint8Array): void {
    if (isWandbLogName(file)) {
      // One log per run; a second `.wandb` (a copy) is not mixed into the first.
      if (this.logFile !== undefined && this.logFile !== file) return;
      this.logFile = file;
      this.log ??= new WandbLogReader(
        (bytes, start, end, offset) => this.record(bytes, start, end, offset),
        (offset, message) => this.run.report({ file, offset, message }),
      );
      // Bytes just came: whatever the file's time said, the writer is alive.
      this.quietMs = 0;
      this.log.push(chunk);
      // A followed run may get no flush between appends: its status (an exit record arriving) is kept current here.
      this.updateStatus();
    } else if (file === HISTORY_JSONL) {
      this.jsonl ??= new LineSplitter((line, bytes) =>
        this.run.report({ file, line, message: `a line of ${bytes} bytes; not read` }),
      );
      this.jsonl.push(chunk, (b, s, e, line) => this.jsonLine(file, b, s, e, line));
    } else if (this.memberMode(file)) {
      this.rewrites.add(file, chunk);
    }
  }

  flush(file?: string): void {
    if (file === undefined || file === HISTORY_JSONL)
      this.jsonl?.flush((b, s, e, line) => this.jsonLine(HISTORY_JSONL, b, s, e, line));
    if (file === undefined) {
      for (const f of this.rewrites.files()) this.apply(f);
    } else if (!isWandbLogName(file) && file !== HISTORY_JSONL) {
      this.apply(file);
    }
    this.updateStatus();
  }

  /**
   * The caller looked at the clock: member `file` was last written `quietMs` ago. A run with no exit
   * record whose log has been quiet for `KILLED_AFTER_MS` is killed, not running. True when the run's
   * state changed.
   */
  noteQuiet(file: string, quietMs: number): boolean {
    if (file !== this.logFile) return false;
    const before = this.run.status?.state;
    this.quietMs = quietMs;
    this.updateStatus();
    return this.run.status?.state !== before;
  }

  private record(bytes: Uint8Array, start: number, end: number, offset: number): void {
    const r = decodeRecord(bytes, start, end);
    switch (r.kind) {
      case 'history':
        this.historyRow(r.items, r.step, offset);
        break;
      case 'metric':
        // `_step` and `epoch` are the step and the epoch axes already.
        if (r.stepMetric && r.stepMetric !== '_step' && r.stepMetric !== 'epoch' && this.run.stepMetrics.size < 16)
          this.run.stepMetrics.add(r.stepMetric);
        break;
      case 'exit':
        this.exitCode = r.exitCode;
        break;
      case 'run':
        if (r.displayName) {
          this.nameFromRun = r.displayName;
          this.rename();
        }
        break;
      case 'broken':
        this.run.report({
          file: this.logFile,
          offset,
          message: `the record at byte ${offset} is not a W&B record (damaged); skipped`,
        });
        break;
      default:
        break;
    }
  }

  /** One `HistoryRecord`: items by key path, values as JSON text. */
  private historyRow(items: readonly HistoryItem[], recordStep: number | undefined, offset: number): void {
    const values = new Map<string, unknown>();
    const media = new Set<string>();
    for (const item of items) {
      // wandb-core splits a media object into one item per field: `["Sample Images", "_type"]`.
      if (item.path.length > 1 && item.path[item.path.length - 1] === '_type')
        media.add(item.path.slice(0, -1).join('.'));
      if (item.json.length > MAX_VALUE_JSON) continue;
      values.set(item.path.join('.'), parseValue(item.json));
    }
    for (const m of media) {
      for (const k of [...values.keys()]) if (k === m || k.startsWith(`${m}.`)) values.delete(k);
      this.countMedia(m);
    }
    this.row(values, recordStep, offset);
  }

  private jsonLine(file: string, bytes: Uint8Array, start: number, end: number, line: number): void {
    if (end <= start) return;
    const value = parseValue(decodeUtf8(bytes.subarray(start, end)));
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.run.report({ file, line, message: 'not a JSON object (a W&B history row); skipped' });
      return;
    }
    this.row(new Map(Object.entries(value as Record<string, unknown>)), undefined, line);
  }

  /** A history row: W&B's own keys give the axes, numbers become points, media objects are counted. */
  private row(values: ReadonlyMap<string, unknown>, recordStep: number | undefined, location: number): void {
    const stepValue = values.get('_step');
    const step =
      typeof stepValue === 'number' && Number.isFinite(stepValue) ? stepValue : (recordStep ?? this.lastStep + 1);
    this.lastStep = step;
    const ts = values.get('_timestamp');
    const wall = typeof ts === 'number' && Number.isFinite(ts) ? ts : undefined;
    const ep = values.get('epoch');
    const epoch = typeof ep === 'number' && Number.isFinite(ep) ? ep : undefined;
    const points: [string, number][] = [];
    for (const [key, value] of values) {
      if (key.startsWith('_') || key === 'epoch') continue;
      collectNumbers(key, value, 0, points, (m) => this.countMedia(m));
    }
    for (const [name, v] of points) {
      // A trainer's own step beside W&B's (`trainer/global_step`, `train/global_step`) is an x axis too.
      if (name.endsWith('global_step') && this.run.stepMetrics.size < 16 && !this.run.getSeries(name))
        this.run.stepMetrics.add(name);
      this.run.seriesFor(name).append(step, v, location, epoch, wall);
    }
  }

  private countMedia(key: string): void {
    this.media++;
    this.mediaKeys.add(key);
  }

  private apply(file: string): void {
    const bytes = this.rewrites.takeText(file, this.run);
    if (!bytes) return;
    const base = file.startsWith('files/') ? file.slice(6) : file;
    if (base === CONFIG) {
      const { values, issue } = this.parseYaml(decodeUtf8(bytes), { wandbConfig: true });
      this.run.params.clear();
      for (const [k, v] of values) this.run.params.set(k, v);
      if (issue) this.run.report({ file, ...issue });
    } else if (base === SUMMARY) {
      this.run.summary.clear();
      const error = readJsonLeaves(bytes, (name, value) => {
        if (!name.startsWith('_wandb/')) this.run.summary.set(name, value);
      });
      if (error) this.run.report({ file, line: error.line, message: error.message });
    } else if (base === METADATA) {
      this.metadata(file, decodeUtf8(bytes));
    }
  }

  private metadata(file: string, text: string): void {
    let m: unknown;
    try {
      m = JSON.parse(text);
    } catch {
      // Not the engine's message: it quotes the file's bytes raw.
      this.run.report({ file, line: 1, message: "not JSON; the run's start, command and name are not read from it" });
      return;
    }
    if (m === null || typeof m !== 'object') return;
    const o = m as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
    const args = Array.isArray(o['args']) ? o['args'].filter((a): a is string => typeof a === 'string') : [];
    const program = str(o['program']) ?? str(o['codePath']);
    const startedAt = str(o['startedAt']);
    const host = str(o['host']);
    this.meta = {
      ...(startedAt ? { startedAt } : {}),
      ...(program ? { command: [program, ...args].join(' ').slice(0, 2000) } : {}),
      ...(host ? { host } : {}),
    };
    this.nameFromMeta = str(o['name']) ?? str(o['display_name']);
    this.rename();
  }

  private rename(): void {
    this.run.name = this.nameFromRun ?? this.nameFromMeta ?? this.folderName;
  }

  private state(killed: boolean): RunStatus['state'] {
    if (this.exitCode !== undefined) return this.exitCode === 0 ? 'finished' : 'crashed';
    if (!this.log) return 'unknown';
    return killed ? 'killed' : 'running';
  }

  /**
   * How the run ended: an exit record says finished (code 0) or crashed (its code); without one
   * the run is still being written, or its process was killed (only the file's age tells which).
   */
  private updateStatus(): void {
    const killed = this.exitCode === undefined && this.log !== undefined && this.quietMs >= KILLED_AFTER_MS;
    const status: RunStatus = {
      state: this.state(killed),
      ...(this.exitCode !== undefined ? { exitCode: this.exitCode } : {}),
      ...this.meta,
    };
    const notes: string[] = [];
    if (killed) {
      notes.push(
        `no exit record, and the log was last written ${Math.round(this.quietMs / 60_000)} minutes ago: the process was killed or lost`,
      );
    }
    if (this.log && this.log.pendingBytes > 0) {
      notes.push(
        `the file ends inside a record at byte ${this.log.pendingFrom} (${this.log.pendingBytes} bytes held): the writer was cut off, or is still writing; every whole record before it was read`,
      );
    }
    if (this.media > 0)
      notes.push(
        `${this.media} media or table values skipped (${[...this.mediaKeys].slice(0, 5).join(', ')}${this.mediaKeys.size > 5 ? ', …' : ''})`,
      );
    this.run.status = notes.length > 0 ? { ...status, notes } : status;
  }
}

/** A history value's JSON: a number, NaN or ±Infinity as Python's `json` writes them, or what `JSON.parse` gives. */
function parseValue(json: string): unknown {
  const t = json.trim();
  if (t === 'NaN') return NaN;
  if (t === 'Infinity') return Infinity;
  if (t === '-Infinity') return -Infinity;
  try {
    return JSON.parse(t);
  } catch {
    // Deeply nested (a stack overflow) or not JSON: not a number either way.
    return undefined;
  }
}

/** The numbers in a logged value: itself, or a dict's leaves as `key.sub`; a media object (`_type`) is counted instead. */
function collectNumbers(
  key: string,
  value: unknown,
  depth: number,
  out: [string, number][],
  onMedia: (key: string) => void,
): void {
  if (typeof value === 'number') {
    out.push([key, value]);
    return;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value) || depth >= MAX_VALUE_DEPTH) return;
  const o = value as Record<string, unknown>;
  if (typeof o['_type'] === 'string') {
    onMedia(key);
    return;
  }
  for (const [k, v] of Object.entries(o)) collectNumbers(`${key}.${k}`, v, depth + 1, out, onMedia);
}

export { KILLED_AFTER_MS };
