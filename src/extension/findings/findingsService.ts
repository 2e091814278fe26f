/**
 * Training-health findings as diagnostics. Every log that is open in an editor, shown in a curves
 * panel or listed in the Runs view is diagnosed by the core's rules as it grows (incrementally:
 * a `RunDiagnoser` per run, a fresh one when the file is read again from the start). The findings
 * become diagnostics on the exact line of the point (text formats) or on the file with the step in
 * the message (binary formats), marks on the charts, and the status bar's count.
 */

import * as vscode from 'vscode';
import { near, RunDiagnoser, sameRun, withoutTwins } from '../../core/diagnose';
import type { Finding } from '../../core/model/findings';
import { PointIndex } from '../../core/model/pointIndex';
import type { Run } from '../../core/model/run';
import type { FindingMark } from '../../protocol/curves';
import type { CurvesAnnotations } from '../curves/curvesPanel';
import { Disposable } from '../dispose';
import type { LiveRun, LiveRunRegistry, RunLease } from '../liveRuns';
import { log } from '../log';
import { nextTurn } from '../../node/turns';
import { readMaxShown, readRuleSettings, RULES_SECTION } from './ruleSettings';

export const DIAGNOSTIC_SOURCE = 'Metric Lens';

interface Tracked {
  readonly lease: RunLease;
  listener: vscode.Disposable | undefined;
  /** Why it is diagnosed: an open editor, a panel, the Runs view… released one by one. */
  readonly holders: Set<string>;
  diagnoser: RunDiagnoser | undefined;
  run: Run | undefined;
  index: PointIndex | undefined;
  /** The run's own findings. */
  findings: Finding[];
  /** What is shown: its findings less those a second reading of the same run already shows (see sameRun.ts). */
  shown: Finding[];
  /** A slice of a diagnosis catching up with a long run waits for its turn (see `update`). */
  waiting: boolean;
}

/**
 * A diagnosis catching up with a long run (a log of millions of points read at once) works in slices of
 * this many points, and waits for its next turn once a slice took more than SLICE_MS: the extension
 * host every extension shares is never held for long, whatever the file. A line appended to a live
 * run is one slice.
 */
const SLICE_POINTS = 20_000;
const SLICE_MS = 20;

/** Whether two tracked runs are one run read twice, as last checked, and their sizes then. */
interface TwinCheck {
  readonly same: boolean;
  readonly sizes: readonly [number, number];
}

export class FindingsService extends Disposable implements CurvesAnnotations {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('metric-lens'));
  private readonly tracked = new Map<string, Tracked>();
  private readonly twins = new Map<string, TwinCheck>();
  private readonly changed = this._register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly runs: LiveRunRegistry) {
    super();
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration(RULES_SECTION)) return;
        for (const [key, t] of this.tracked) {
          t.diagnoser = undefined;
          this.update(key, t);
        }
      }),
    );
  }

  /** Diagnoses `uri` until every holder released it. */
  hold(uri: vscode.Uri, holder: string): void {
    const key = uri.toString();
    let t = this.tracked.get(key);
    if (!t) {
      const lease = this.runs.acquire(uri);
      const created: Tracked = {
        lease,
        listener: undefined,
        holders: new Set(),
        diagnoser: undefined,
        run: undefined,
        index: undefined,
        findings: [],
        shown: [],
        waiting: false,
      };
      t = created;
      this.tracked.set(key, created);
      created.listener = lease.run.onDidChange(() => this.update(key, created));
      void lease.run.ready.then(() => this.update(key, created));
    }
    t.holders.add(holder);
  }

  release(uri: vscode.Uri, holder: string): void {
    const key = uri.toString();
    const t = this.tracked.get(key);
    if (!t) return;
    t.holders.delete(holder);
    if (t.holders.size > 0) return;
    this.tracked.delete(key);
    t.listener?.dispose();
    t.lease.dispose();
    this.collection.delete(uri);
    this.changed.fire(uri);
    for (const pair of [...this.twins.keys()]) if (pair.split('\u0000').includes(key)) this.twins.delete(pair);
    // Its twin, if it had one, shows what it no longer does.
    this.settle(key);
  }

  isHeld(uri: vscode.Uri, holder: string): boolean {
    return this.tracked.get(uri.toString())?.holders.has(holder) ?? false;
  }

  override dispose(): void {
    for (const t of this.tracked.values()) {
      t.listener?.dispose();
      t.lease.dispose();
    }
    this.tracked.clear();
    super.dispose();
  }

  findingsFor(uri: vscode.Uri): readonly Finding[] {
    return this.tracked.get(uri.toString())?.shown ?? [];
  }

  /** The parsed run and its line index, for hovers. */
  runFor(uri: vscode.Uri): { run: Run; index: PointIndex } | undefined {
    const t = this.tracked.get(uri.toString());
    if (!t?.run) return undefined;
    t.index ??= new PointIndex(t.run);
    return { run: t.run, index: t.index };
  }

  liveRuns(): LiveRun[] {
    return [...this.tracked.values()].map((t) => t.lease.run);
  }

  all(): { uri: vscode.Uri; findings: readonly Finding[] }[] {
    return [...this.tracked.values()].map((t) => ({ uri: t.lease.run.uri, findings: t.shown }));
  }

  marksFor(uri: vscode.Uri): readonly FindingMark[] {
    return this.findingsFor(uri).map((f) => ({
      runId: uri.toString(),
      metric: f.metric ?? '',
      rule: f.rule,
      severity: f.severity,
      message: f.message,
      ...(f.step !== undefined ? { step: f.step } : {}),
      ...(f.range ? { fromStep: f.range.fromStep, toStep: f.range.toStep } : {}),
    }));
  }

  private update(key: string, t: Tracked): void {
    if (this.tracked.get(key) !== t) return;
    const run = t.lease.run.run;
    if (!run) {
      t.run = undefined;
      t.findings = [];
    } else {
      if (run !== t.run || !t.diagnoser) {
        // A new Run (the file was read again from the start) or new settings: a new diagnoser.
        t.run = run;
        t.index = undefined;
        t.diagnoser = new RunDiagnoser(run, readRuleSettings(t.lease.run.uri), readMaxShown(t.lease.run.uri));
        for (const p of t.diagnoser.settingsProblems) log.warn(`metricLens.rules: ${p}`);
      }
      try {
        const diagnoser = t.diagnoser;
        const started = Date.now();
        let caughtUp = diagnoser.catchUp(SLICE_POINTS);
        while (!caughtUp && Date.now() - started < SLICE_MS) caughtUp = diagnoser.catchUp(SLICE_POINTS);
        if (!caughtUp) {
          // What was shown stays until the diagnosis has caught up with the run; the next slice waits
          // for its turn, after the slices of other reads and diagnoses (see turns.ts).
          if (!t.waiting) {
            t.waiting = true;
            void nextTurn().then(() => {
              t.waiting = false;
              this.update(key, t);
            });
          }
          return;
        }
        t.findings = diagnoser.diagnose();
      } catch (e) {
        log.error(`diagnosing ${run.source} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        t.findings = [];
      }
    }
    this.settle(key);
  }

  /**
   * What `key` and the tracked runs beside it (same folder, or a folder run and a file in it) show:
   * a run read from two sources shows each problem once, where it has a line (see sameRun.ts).
   */
  private settle(key: string): void {
    const self = this.tracked.get(key);
    const path = self?.lease.run.uri.fsPath ?? vscode.Uri.parse(key).fsPath;
    const group = [...this.tracked.entries()].filter(([, t]) => near(t.lease.run.uri.fsPath, path));
    // Text sources first: their findings point at a line.
    group.sort(([, a], [, b]) => rankOf(a) - rankOf(b));
    for (let x = 0; x < group.length; x++) {
      const [k, t] = group[x]!;
      let shown = t.findings;
      for (let y = 0; y < x; y++) {
        const [k2, t2] = group[y]!;
        if (this.isTwin(k2, t2, k, t)) shown = withoutTwins(shown, t2.shown);
      }
      // Most appended lines change no finding: then nothing is said (no diagnostics set, no event), so
      // a panel showing the run sends one message for the line, not a second one for the same findings.
      if (sameFindings(shown, t.shown)) continue;
      t.shown = shown;
      this.collection.set(t.lease.run.uri, shown.map(toDiagnostic));
      this.changed.fire(t.lease.run.uri);
    }
  }

  /** Cached per pair, checked again once either run has doubled (so a growing log costs linear time in all). */
  private isTwin(k1: string, a: Tracked, k2: string, b: Tracked): boolean {
    if (!a.run || !b.run) return false;
    const pair = `${k1}\u0000${k2}`;
    const sizes: [number, number] = [a.run.pointCount, b.run.pointCount];
    const last = this.twins.get(pair);
    if (last && (last.same || (sizes[0] < 2 * last.sizes[0] + 16 && sizes[1] < 2 * last.sizes[1] + 16)))
      return last.same;
    const same = sameRun(a.run, b.run);
    this.twins.set(pair, { same, sizes });
    return same;
  }
}

function rankOf(t: Tracked): number {
  return t.run?.series[0]?.locationKind === 'line' ? 0 : 1;
}

/** Equal in every field (a new diagnosis makes new objects for the same findings). */
function sameFindings(a: readonly Finding[], b: readonly Finding[]): boolean {
  return a.length === b.length && (a.every((f, i) => f === b[i]) || JSON.stringify(a) === JSON.stringify(b));
}

const SEVERITY: Record<Finding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export function toDiagnostic(f: Finding): vscode.Diagnostic {
  // Text formats: the whole line of the point. Binary formats: the file's start, the step in the message.
  const line = f.line !== undefined ? f.line - 1 : 0;
  const range = new vscode.Range(line, 0, line, f.line !== undefined ? 10_000 : 0);
  const where =
    f.line === undefined && f.step !== undefined
      ? ` (at step ${f.step}${f.offset !== undefined ? `, byte ${f.offset}` : ''})`
      : '';
  const d = new vscode.Diagnostic(
    range,
    `${f.message}${where} Try: ${f.hint.replace(/^try:\s*/i, '')}`,
    SEVERITY[f.severity],
  );
  d.source = DIAGNOSTIC_SOURCE;
  d.code = f.rule;
  return d;
}
