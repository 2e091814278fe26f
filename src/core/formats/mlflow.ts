/**
 * An MLflow file-store run folder (`mlruns/<experiment>/<run>/`): `metrics/<name>` files of
 * `<timestamp ms> <value> <step>` lines (a name with `/` is a sub-folder), `params/<name>` holding
 * one value each, the run's name in `tags/mlflow.runName` or `meta.yaml`'s `run_name`, and the
 * experiment's name in the experiment folder's `meta.yaml`.
 */

import { decodeAscii } from '../text/intern';
import { LineSplitter, decodeUtf8, longLineMessage } from '../text/lines';
import { quoted } from '../text/messages';
import { parseCellBytes } from '../text/numbers';
import { KILLED_AFTER_MS, Run, type FolderRunParser, type RunStatus, type WriteMode } from '../model/run';
import type { Series } from '../model/series';
import { readYamlParams, type YamlParse } from '../text/yaml';
import { TextBytes } from './textBytes';
import { RewriteBuffers } from './rewriteBuffers';

const EXPERIMENT_META = '../meta.yaml';
const RUN_NAME_TAG = 'tags/mlflow.runName';

/** One `metrics/<name>` file, behind the check of its first bytes (UTF-16, binary: see `TextBytes`). */
class MetricFile {
  private readonly text: TextBytes;
  private readonly lines: LineSplitter;
  private series: Series | undefined;

  constructor(
    private readonly run: Run,
    private readonly file: string,
    private readonly name: string,
  ) {
    this.text = new TextBytes((message) => run.report({ file, offset: 0, message }));
    this.lines = new LineSplitter((line, bytes) => run.report({ file, line, message: longLineMessage(line, bytes) }));
  }

  get pendingBytes(): number {
    return this.text.pendingBytes + this.lines.pendingBytes;
  }

  push(chunk: Uint8Array): void {
    this.text.push(chunk, this.pass);
  }

  flush(): void {
    this.text.flush(this.pass);
    this.lines.flush(this.onLine);
  }

  private readonly pass = (bytes: Uint8Array): void => this.lines.push(bytes, this.onLine);

  readonly onLine = (bytes: Uint8Array, start: number, end: number, line: number): void => {
    if (start === end) return;
    const s1 = bytes.indexOf(32, start);
    const s2 = s1 < 0 || s1 >= end ? -1 : bytes.indexOf(32, s1 + 1);
    const valueEnd = s2 < 0 || s2 >= end ? end : s2;
    const timestamp = s1 < 0 || s1 >= end ? NaN : parseCellBytes(bytes, start, s1, decodeAscii);
    const value = s1 < 0 || s1 >= end ? NaN : parseCellBytes(bytes, s1 + 1, valueEnd, decodeAscii);
    // Very old files have no step; MLflow reads those as step 0.
    const step = valueEnd === end ? 0 : parseCellBytes(bytes, valueEnd + 1, end, decodeAscii);
    if (typeof timestamp !== 'number' || typeof value !== 'number' || typeof step !== 'number') {
      this.run.report({
        file: this.file,
        line,
        message: `line ${line}: expected "<timestamp> <value> <step>", found ${quoted(decodeUtf8(bytes.subarray(start, Math.min(end, start + 240))), 60)}; line skipped`,
      });
      return;
    }
    if (!this.series) {
      this.series = this.run.seriesFor(this.name);
      this.series.noteFile(this.file);
    }
    this.series.append(step, value, line, undefined, timestamp / 1000);
  };
}

export class MlflowRunParser implements FolderRunParser {
  readonly run: Run;
  readonly outsideMembers: readonly string[] = [EXPERIMENT_META];
  private readonly metrics = new Map<string, MetricFile>();
  private readonly rewrites = new RewriteBuffers();
  private nameFromTag: string | undefined;
  private nameFromMeta: string | undefined;
  /** Status as meta.yaml says it, before the members' quiet is taken into account. */
  private recorded: RunStatus | undefined;
  /** How long ago each member was last written (see `noteQuiet`). */
  private readonly quiet = new Map<string, number>();

  constructor(
    source: string,
    name: string,
    private readonly parseYaml: YamlParse = readYamlParams,
  ) {
    this.run = new Run(source, 'mlflow', name);
    this.run.xLabel = 'step';
  }

  memberMode(file: string): WriteMode | undefined {
    if (file.startsWith('metrics/') && file.length > 8) return 'append';
    if (file === 'meta.yaml' || file === EXPERIMENT_META || file === RUN_NAME_TAG) return 'rewrite';
    if (file.startsWith('params/') && file.length > 7) return 'rewrite';
    return undefined;
  }

  exploresFolder(folder: string): boolean {
    return folder === '' || /^(metrics|params|tags)(\/|$)/.test(folder);
  }

  get pendingBytes(): number {
    let n = this.rewrites.pendingBytes;
    for (const m of this.metrics.values()) n += m.pendingBytes;
    return n;
  }

  push(file: string, chunk: Uint8Array): void {
    if (file.startsWith('metrics/')) {
      let m = this.metrics.get(file);
      if (!m) {
        m = new MetricFile(this.run, file, file.slice(8));
        this.metrics.set(file, m);
      }
      m.push(chunk);
    } else if (this.memberMode(file)) {
      this.rewrites.add(file, chunk);
    }
  }

  flush(file?: string): void {
    if (file === undefined) {
      for (const m of this.metrics.values()) m.flush();
      for (const f of this.rewrites.files()) this.apply(f);
      return;
    }
    const m = this.metrics.get(file);
    if (m) m.flush();
    else this.apply(file);
  }

  private apply(file: string): void {
    const bytes = this.rewrites.takeText(file, this.run);
    if (!bytes) return;
    const text = decodeUtf8(bytes);
    if (file === 'meta.yaml') {
      const meta = this.yaml(file, text);
      const runName = meta.get('run_name');
      this.nameFromMeta = runName === undefined || runName === '' ? undefined : runName;
      this.recorded = mlflowStatus(meta);
      this.updateStatus();
    } else if (file === RUN_NAME_TAG) {
      const tag = text.trim();
      this.nameFromTag = tag === '' ? undefined : tag;
    } else if (file === EXPERIMENT_META) {
      const name = this.yaml(file, text).get('name');
      this.run.group = name === undefined || name === '' ? undefined : name;
    } else if (file.startsWith('params/')) {
      this.run.params.set(file.slice(7), text.replace(/\r?\n$/, ''));
    }
    const name = this.nameFromTag ?? this.nameFromMeta;
    if (name !== undefined) this.run.name = name;
  }

  /**
   * Member `file` was last written `quietMs` ago. MLflow leaves a run whose process died RUNNING:
   * with every member quiet for `KILLED_AFTER_MS`, it is killed. True when the state changed.
   */
  noteQuiet(file: string, quietMs: number): boolean {
    const before = this.run.status?.state;
    this.quiet.set(file, quietMs);
    this.updateStatus();
    return this.run.status?.state !== before;
  }

  private updateStatus(): void {
    const s = this.recorded;
    const quiet = this.quiet.size > 0 ? Math.min(...this.quiet.values()) : 0;
    if (s?.state === 'running' && quiet >= KILLED_AFTER_MS) {
      const minutes = Math.round(quiet / 60_000);
      this.run.status = {
        ...s,
        state: 'killed',
        notes: [
          `MLflow still says RUNNING, and the run was last written ${minutes} minutes ago: the process was killed or lost`,
        ],
      };
    } else {
      this.run.status = s;
    }
  }

  private yaml(file: string, text: string): Map<string, string> {
    const { values, issue } = this.parseYaml(text);
    if (issue) this.run.report({ file, ...issue });
    return values;
  }
}

/** MLflow's `RunStatus`, as its file store writes it in `meta.yaml` (a number; older and REST forms spell it). */
const MLFLOW_STATES: ReadonlyMap<string, RunStatus['state']> = new Map([
  ['1', 'running'],
  ['RUNNING', 'running'],
  ['2', 'running'],
  ['SCHEDULED', 'running'],
  ['3', 'finished'],
  ['FINISHED', 'finished'],
  ['4', 'crashed'],
  ['FAILED', 'crashed'],
  ['5', 'killed'],
  ['KILLED', 'killed'],
]);

/** How the run ended, from `meta.yaml`'s `status` and `start_time` (ms); undefined when it says nothing we know. */
function mlflowStatus(meta: ReadonlyMap<string, string>): RunStatus | undefined {
  const state = MLFLOW_STATES.get((meta.get('status') ?? '').trim());
  if (state === undefined) return undefined;
  const start = Number(meta.get('start_time'));
  // Past 8.64e15 ms a Date is invalid (and toISOString throws): a broken time is no start.
  const startedAt = start > 0 && start < 8.64e15 ? new Date(start).toISOString() : undefined;
  return { state, ...(startedAt ? { startedAt } : {}) };
}
