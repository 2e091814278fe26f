/**
 * One curves panel: a webview showing the runs of one or more files, kept in step with the files
 * as they grow. The webview says `ready` (with its view: x mode, zoom, smoothing, width) before
 * anything is sent; after the first full load only new points travel. A hidden webview is
 * destroyed (no `retainContextWhenHidden`) and says `ready` again when shown.
 */

import * as vscode from 'vscode';
import { Disposable } from '../dispose';
import { openAtLine } from '../openAtLine';
import { PageWatchdog } from '../pageWatchdog';
import type { LiveRunRegistry, RunLease } from '../liveRuns';
import { webviewHtml } from '../webviewHtml';
import { WebviewChannel } from '../webviewChannel';
import { runPayload, runValueEntries, summaryEntries } from './payload';
import { SeriesViewer, seriesKey } from './seriesView';
import { groupRuns, groupViews, type GroupBy } from './groups';
import { exportCurves, type ExportRequest } from './exportCurves';
import { readCurvesConfig } from './curvesSettings';
import { runStartTime } from '../../core/curves/xAxis';
import type { Run } from '../../core/model/run';
import { seriesRoles, type SeriesRole } from '../../core/model/runValues';
import type { Series } from '../../core/model/series';
import { assertNever } from '../../protocol/common';
import {
  CURVES_PROTOCOL_VERSION,
  isFromCurvesWebview,
  type CurvesSnapshot,
  type FindingMark,
  type GroupView,
  type RunPayload,
  type RunValueEntry,
  type SeriesView,
  type SummaryEntry,
  type ToCurvesWebview,
  type ViewRequest,
  type CurvesBootstrap,
} from '../../protocol/curves';

export const CURVES_VIEW_TYPE = 'metricLens.curves';

/** What the panel serializer stores, so a reload can reopen the same files. */
export interface CurvesPanelState {
  readonly sources: readonly string[];
}

export function isCurvesPanelState(v: unknown): v is CurvesPanelState {
  return (
    typeof v === 'object' &&
    v !== null &&
    Array.isArray((v as { sources?: unknown }).sources) &&
    (v as { sources: unknown[] }).sources.every((s) => typeof s === 'string')
  );
}

/** Findings to draw on the charts; the findings service (training-health diagnostics) provides them. */
export interface CurvesAnnotations {
  marksFor(uri: vscode.Uri): readonly FindingMark[];
  readonly onDidChange: vscode.Event<vscode.Uri>;
  /** Diagnose `uri` while `holder` (this panel) shows it. */
  hold(uri: vscode.Uri, holder: string): void;
  release(uri: vscode.Uri, holder: string): void;
}

const DEFAULT_VIEW: ViewRequest = { smoothing: 0, xMode: 'step', xRange: null, buckets: 1000 };

export class CurvesPanel extends Disposable {
  private leases: RunLease[] = [];
  /** Leases and listeners of the current sources; replaced by `setSources`. */
  private bindings: vscode.Disposable[] = [];
  private sources_: readonly vscode.Uri[] = [];
  private static nextId = 1;
  /** Names this panel as a holder of the logs it shows (for diagnostics). */
  private readonly holder = `panel:${CurvesPanel.nextId++}`;
  private readonly viewers = new Map<string, SeriesViewer>();
  private view: ViewRequest = DEFAULT_VIEW;
  private grouping: { by: GroupBy; pattern: string; band: 'std' | 'minmax' } = { by: 'none', pattern: '', band: 'std' };
  private ready = false;
  private readonly watchdog: PageWatchdog;
  /** A message due at the end of this turn (see `schedule`). */
  private pending: 'update' | 'all' | undefined;
  /** Messages posted to the webview, by type (tests check there is one per change). */
  readonly posted: Record<string, number> = {};
  /** When (Date.now()) the last message of each type was posted (tests split the latency into its legs). */
  readonly postedAt: Record<string, number> = {};
  private pendingFocus: number | undefined;
  private readonly disposed = this._register(new vscode.EventEmitter<void>());
  readonly onDidDispose = this.disposed.event;
  private readonly channel: WebviewChannel<ToCurvesWebview, CurvesSnapshot>;
  private config: CurvesBootstrap;
  /** Most points sent for one series in one message, over the panel's life (tests check the budget). */
  maxPointsSent = 0;
  /** The keys of the series sent as curves: when one becomes a value of its run or back, all is sent again. */
  private curveKeys = '';

  constructor(
    readonly panel: vscode.WebviewPanel,
    sources: readonly vscode.Uri[],
    extensionUri: vscode.Uri,
    private readonly runs: LiveRunRegistry,
    readonly restored: boolean,
    private readonly annotations: CurvesAnnotations | undefined,
    private readonly saveTarget: () => vscode.Uri | undefined,
  ) {
    super();
    this._register(panel);
    this.channel = new WebviewChannel(panel.webview, 'curves', CURVES_PROTOCOL_VERSION);
    this.bind(sources);
    this._register({ dispose: () => this.unbind() });
    if (annotations) {
      this._register(
        annotations.onDidChange((uri) => {
          if (this.sources.some((s) => s.toString() === uri.toString())) this.schedule('update');
        }),
      );
    }
    this._register(panel.onDidDispose(() => this.dispose()));
    // A hidden webview is destroyed; it says `ready` again when shown, and gets everything then.
    this._register(
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
    );
    this._register(panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)));
    this.config = readCurvesConfig(sources[0]);
    const html = () => webviewHtml(panel.webview, extensionUri, 'curves.js', panel.title, this.config);
    panel.webview.html = html();
    this.watchdog = this._register(new PageWatchdog(panel, `curves panel ${panel.title}`, () => this.ready, html));
  }

  get key(): string {
    return panelKey(this.sources);
  }
  get sources(): readonly vscode.Uri[] {
    return this.sources_;
  }

  /** Shows other runs in this panel (the Runs view's selection), keeping its UI state. */
  setSources(sources: readonly vscode.Uri[]): void {
    if (panelKey(sources) === this.key) return;
    this.unbind();
    this.bind(sources);
    this.panel.title = curvesTitle(sources);
    this.viewers.clear();
    void this.sendAll();
  }

  private bind(sources: readonly vscode.Uri[]): void {
    this.sources_ = sources.slice();
    this.leases = sources.map((uri) => this.runs.acquire(uri));
    this.bindings = this.leases.flatMap((lease) => [
      lease,
      lease.run.onDidChange((result) => this.onRunChanged(lease, result)),
    ]);
    for (const uri of sources) this.annotations?.hold(uri, this.holder);
    for (const lease of this.leases) void lease.run.ready.then(() => this.offerTextReading(lease));
  }

  /**
   * A file asked for as curves whose format could not be told: say why, and offer to read it as a
   * text log (metrics that start after more than the detection reads, or a log it does not know).
   */
  private async offerTextReading(lease: RunLease): Promise<void> {
    const reason = lease.run.unrecognisedReason;
    if (!reason || this.isDisposed) return;
    const action = vscode.l10n.t('Read as Text Log');
    const picked = await vscode.window.showWarningMessage(
      vscode.l10n.t('Metric Lens: {0} is {1}.', lease.run.displayPath, reason),
      action,
    );
    if (picked === action && !this.isDisposed) await lease.run.readAs('text');
  }

  private unbind(): void {
    for (const uri of this.sources_) this.annotations?.release(uri, this.holder);
    for (const b of this.bindings) b.dispose();
    this.bindings = [];
    this.leases = [];
  }
  /** Replaces the page with one that never says `ready`, as a reload sometimes leaves it (tests the watchdog). */
  showBlankPage(): void {
    this.ready = false;
    this.panel.webview.html = '<!DOCTYPE html><html lang="en"><body></body></html>';
    this.watchdog.rearm();
  }

  get isReady(): boolean {
    return this.ready;
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.disposed.fire();
    super.dispose();
  }

  /** Zooms the charts to a step (a finding's "Show in chart"). */
  focusStep(step: number): void {
    const wasVisible = this.panel.visible;
    this.panel.reveal(undefined, true);
    if (this.ready && wasVisible) void this.post({ type: 'focusStep', step });
    else this.pendingFocus = step;
  }

  /** The user changed `metricLens.curves.*`: redraw with the new settings, and move to new defaults. */
  applySettings(next: CurvesBootstrap): void {
    const before = this.config;
    this.config = next;
    void this.post({ type: 'settings', settings: next.settings });
    const patch: Record<string, unknown> = {};
    if (next.defaults.smoothing !== before.defaults.smoothing) patch['smoothing'] = next.defaults.smoothing;
    if (next.defaults.xMode !== before.defaults.xMode) {
      patch['xMode'] = next.defaults.xMode;
      patch['xRange'] = null;
    }
    if (Object.keys(patch).length > 0) void this.applyState(patch);
    else if (next.settings.maxPointsPerSeries !== before.settings.maxPointsPerSeries) void this.sendAll();
  }

  /** Applies UI settings in the webview (setting defaults; tests driving the panel). */
  applyState(patch: Readonly<Record<string, unknown>>): Promise<void> {
    return this.post({ type: 'applyState', patch });
  }

  /** Asks the webview what it shows (for tests). */
  probe(timeoutMs = 5000): Promise<CurvesSnapshot> {
    return this.channel.probe(timeoutMs);
  }

  get problems(): readonly string[] {
    return this.channel.problems;
  }

  /** Exports the given series (all when empty) as the webview's Export menu does. */
  export(request: ExportRequest): Promise<vscode.Uri | string | undefined> {
    return exportCurves(request, this.currentRuns(), this.view, this.saveTarget());
  }

  private onMessage(raw: unknown): void {
    const m = this.channel.receive(raw, isFromCurvesWebview);
    if (!m) return;
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.view = m.view;
        void this.sendAll();
        break;
      case 'view':
        this.view = m.view;
        void this.sendAll();
        break;
      case 'group':
        this.grouping = { by: m.by, pattern: m.pattern, band: m.band };
        this.view = { ...this.view, xMode: m.xMode };
        void this.sendGroups();
        break;
      case 'openLocation':
        void this.openLocation(m.runId, m.line);
        break;
      case 'export':
        void this.export({
          format: m.format,
          seriesKeys: m.seriesKeys,
          name: m.name,
          ...(m.dataUrl ? { dataUrl: m.dataUrl } : {}),
        }).catch((e: unknown) =>
          vscode.window.showErrorMessage(
            vscode.l10n.t('Export failed: {0}', e instanceof Error ? e.message : String(e)),
          ),
        );
        break;
      default:
        assertNever(m);
    }
  }

  /** The runs currently read, by id (a run whose file is missing or unreadable is absent). */
  private currentRuns(): Map<string, Run> {
    const out = new Map<string, Run>();
    for (const lease of this.leases) {
      const run = lease.run.run;
      if (run) out.set(lease.run.uri.toString(), run);
    }
    return out;
  }

  private viewerFor(runId: string, run: Run, name: string): SeriesViewer {
    const key = seriesKey(runId, name);
    let v = this.viewers.get(key);
    if (!v || v.series !== run.getSeries(name)) {
      v = new SeriesViewer(
        runId,
        run.getSeries(name)!,
        () => runStartTime(run.series),
        (n) => run.getSeries(n),
      );
      this.viewers.set(key, v);
    }
    return v;
  }

  private runPayloads(): RunPayload[] {
    return this.leases.flatMap((l) => {
      const run = l.run.run;
      return run ? [runPayload(l.run.uri.toString(), run, folderOf(l.run.uri), l.run.isLive)] : [];
    });
  }

  private marks(): FindingMark[] {
    return this.annotations ? this.sources.flatMap((u) => this.annotations!.marksFor(u)) : [];
  }

  /** Each run's series with their roles (curve, value of the run, step metric): see `runValues.ts`. */
  private roles(): { id: string; run: Run; roles: Map<Series, SeriesRole> }[] {
    return [...this.currentRuns()].map(([id, run]) => ({ id, run, roles: seriesRoles(run) }));
  }

  private summary(runs: ReturnType<CurvesPanel['roles']>): SummaryEntry[] {
    return runs.flatMap(({ id, run, roles }) => summaryEntries(id, run, roles));
  }

  private values(runs: ReturnType<CurvesPanel['roles']>): RunValueEntry[] {
    return runs.flatMap(({ id, run, roles }) => runValueEntries(id, run, roles));
  }

  /** The series drawn as charts: neither values of their run nor step metrics (those are the x menu's). */
  private static curves(runs: ReturnType<CurvesPanel['roles']>): { id: string; run: Run; s: Series }[] {
    return runs.flatMap(({ id, run, roles }) =>
      [...roles].filter(([, role]) => role === 'curve').map(([s]) => ({ id, run, s })),
    );
  }

  /** The webview's view with the points budget of the settings applied. */
  private effectiveView(): ViewRequest {
    return {
      ...this.view,
      buckets: Math.max(10, Math.min(this.view.buckets, Math.floor(this.config.settings.maxPointsPerSeries / 4))),
    };
  }

  private async sendAll(): Promise<void> {
    await Promise.all(this.leases.map((l) => l.run.ready));
    if (this.isDisposed || !this.ready) return;
    this.viewers.clear();
    const view = this.effectiveView();
    const series: SeriesView[] = [];
    const runs = this.roles();
    const curves = CurvesPanel.curves(runs);
    this.curveKeys = curves.map((c) => seriesKey(c.id, c.s.name)).join('\n');
    for (const { id, run, s } of curves) series.push(this.track(this.viewerFor(id, run, s.name).full(view)));
    const focus = this.pendingFocus;
    this.pendingFocus = undefined;
    await this.post({
      type: 'init',
      version: CURVES_PROTOCOL_VERSION,
      sources: this.sources.map((u) => u.toString()),
      runs: this.runPayloads(),
      series,
      summary: this.summary(runs),
      values: this.values(runs),
      findings: this.marks(),
      ...this.groupsIfGrouped(),
      ...(focus !== undefined ? { focusStep: focus } : {}),
    });
  }

  private async sendUpdate(): Promise<void> {
    if (!this.ready || !this.panel.visible) return;
    const series: SeriesView[] = [];
    const view = this.effectiveView();
    const runs = this.roles();
    const curves = CurvesPanel.curves(runs);
    // A single value that became a curve (its second point came), or the reverse: the charts change.
    if (curves.map((c) => seriesKey(c.id, c.s.name)).join('\n') !== this.curveKeys) return this.sendAll();
    for (const { id, run, s } of curves) {
      const update = this.viewerFor(id, run, s.name).update(view);
      if (update) series.push(this.track(update));
    }
    await this.post({
      type: 'update',
      runs: this.runPayloads(),
      series,
      summary: this.summary(runs),
      values: this.values(runs),
      findings: this.marks(),
      ...this.groupsIfGrouped(),
    });
  }

  private async sendGroups(): Promise<void> {
    await this.post({ type: 'groups', groups: this.groupLines() });
  }

  /** The group lines travel with the points they are made of, in the same message. */
  private groupsIfGrouped(): { groups?: GroupView[] } {
    return this.grouping.by === 'none' ? {} : { groups: this.groupLines() };
  }

  private groupLines(): GroupView[] {
    const runs = this.currentRuns();
    const groupable = [...runs].map(([id, run]) => ({
      id,
      name: run.name,
      folder: folderOf(vscode.Uri.parse(id)),
      params: run.params,
    }));
    const groups = groupRuns(groupable, this.grouping.by, this.grouping.pattern);
    return groupViews(runs, groups, this.view.xMode, this.grouping.band);
  }

  private track(v: SeriesView): SeriesView {
    if (v.x.length > this.maxPointsSent) this.maxPointsSent = v.x.length;
    return v;
  }

  private onRunChanged(_lease: RunLease, result: string): void {
    if (!this.ready || !this.panel.visible) return;
    this.schedule(result === 'appended' ? 'update' : 'all');
  }

  /**
   * One message per change. A run's change reaches this panel and the findings service in the same
   * turn (both listen to the run), and the findings service fires in turn when the findings moved:
   * waiting for the end of the turn lets the one message carry the new points and the new marks.
   */
  private schedule(kind: 'update' | 'all'): void {
    const first = this.pending === undefined;
    if (kind === 'all' || first) this.pending = kind;
    if (!first) return;
    queueMicrotask(() => {
      const what = this.pending;
      this.pending = undefined;
      if (this.isDisposed) return;
      void (what === 'all' ? this.sendAll() : this.sendUpdate());
    });
  }

  private post(message: ToCurvesWebview): Promise<void> {
    this.posted[message.type] = (this.posted[message.type] ?? 0) + 1;
    this.postedAt[message.type] = Date.now();
    return this.channel.post(message);
  }

  private async openLocation(runId: string, line: number): Promise<void> {
    const lease = this.leases.find((l) => l.run.uri.toString() === runId);
    if (!lease) return;
    await openAtLine(lease.run.uri, line);
  }
}

export function curvesTitle(sources: readonly vscode.Uri[]): string {
  const first = sources[0];
  if (!first) return 'Curves';
  const name = first.path.split('/').pop() ?? first.path;
  return sources.length === 1 ? `Curves: ${name}` : `Curves: ${name} +${sources.length - 1}`;
}

export function panelKey(sources: readonly vscode.Uri[]): string {
  return sources
    .map((u) => u.toString())
    .sort()
    .join('\n');
}

function folderOf(uri: vscode.Uri): string {
  const rel = vscode.workspace.asRelativePath(uri, false);
  const i = rel.lastIndexOf('/');
  return i >= 0 ? rel.slice(0, i) : '.';
}
