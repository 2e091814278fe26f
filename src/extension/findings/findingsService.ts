/**
 * Training-health findings as diagnostics. Every log that is open in an editor, shown in a curves
 * panel or listed in the Runs view is diagnosed by the core's rules as it grows (incrementally:
 * a `RunDiagnoser` per run, a fresh one when the file is read again from the start). The findings
 * become diagnostics on the exact line of the point (text formats) or on the file with the step in
 * the message (binary formats), marks on the charts, and the status bar's count.
 */

import * as vscode from 'vscode';
import { RunDiagnoser } from '../../core/diagnose';
import type { Finding } from '../../core/findings';
import { PointIndex } from '../../core/pointIndex';
import type { Run } from '../../core/run';
import type { FindingMark } from '../../protocol';
import type { CurvesAnnotations } from '../curves/curvesPanel';
import { Disposable } from '../dispose';
import type { LiveRun, LiveRunRegistry, RunLease } from '../liveRuns';
import { log } from '../log';
import { readRuleSettings, RULES_SECTION } from './ruleSettings';

export const DIAGNOSTIC_SOURCE = 'Metric Lens';

interface Tracked {
  readonly lease: RunLease;
  listener: vscode.Disposable | undefined;
  /** Why it is diagnosed: an open editor, a panel, the Runs view… released one by one. */
  readonly holders: Set<string>;
  diagnoser: RunDiagnoser | undefined;
  run: Run | undefined;
  index: PointIndex | undefined;
  findings: Finding[];
}

export class FindingsService extends Disposable implements CurvesAnnotations {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('metric-lens'));
  private readonly tracked = new Map<string, Tracked>();
  private readonly changed = this._register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly runs: LiveRunRegistry) {
    super();
    this._register(vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(RULES_SECTION)) return;
      for (const [key, t] of this.tracked) {
        t.diagnoser = undefined;
        this.update(key, t);
      }
    }));
  }

  /** Diagnoses `uri` until every holder released it. */
  hold(uri: vscode.Uri, holder: string): void {
    const key = uri.toString();
    let t = this.tracked.get(key);
    if (!t) {
      const lease = this.runs.acquire(uri);
      const created: Tracked = { lease, listener: undefined, holders: new Set(), diagnoser: undefined, run: undefined, index: undefined, findings: [] };
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
  }

  isHeld(uri: vscode.Uri, holder: string): boolean {
    return this.tracked.get(uri.toString())?.holders.has(holder) ?? false;
  }

  override dispose(): void {
    for (const t of this.tracked.values()) { t.listener?.dispose(); t.lease.dispose(); }
    this.tracked.clear();
    super.dispose();
  }

  findingsFor(uri: vscode.Uri): readonly Finding[] {
    return this.tracked.get(uri.toString())?.findings ?? [];
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
    return [...this.tracked.values()].map((t) => ({ uri: t.lease.run.uri, findings: t.findings }));
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
        t.diagnoser = new RunDiagnoser(run, readRuleSettings(t.lease.run.uri));
        for (const p of t.diagnoser.settingsProblems) log.warn(`metricLens.rules: ${p}`);
      }
      try {
        t.findings = t.diagnoser.diagnose();
      } catch (e) {
        log.error(`diagnosing ${run.source} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
        t.findings = [];
      }
    }
    const uri = t.lease.run.uri;
    this.collection.set(uri, t.findings.map(toDiagnostic));
    this.changed.fire(uri);
  }
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
  const where = f.line === undefined && f.step !== undefined ? ` (at step ${f.step}${f.offset !== undefined ? `, byte ${f.offset}` : ''})` : '';
  const d = new vscode.Diagnostic(range, `${f.message}${where} Try: ${f.hint.replace(/^try:\s*/i, '')}`, SEVERITY[f.severity]);
  d.source = DIAGNOSTIC_SOURCE;
  d.code = f.rule;
  return d;
}
