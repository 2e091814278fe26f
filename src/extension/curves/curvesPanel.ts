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
import { CurvesFeed } from './curvesFeed';
import { exportCurves, type ExportRequest } from './exportCurves';
import { readCurvesConfig } from './curvesSettings';
import { assertNever } from '../../protocol/common';
import {
  CURVES_PROTOCOL_VERSION,
  isFromCurvesWebview,
  type CurvesSnapshot,
  type FindingMark,
  type ToCurvesWebview,
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

export class CurvesPanel extends Disposable {
  private leases: RunLease[] = [];
  /** Leases and listeners of the current sources; replaced by `setSources`. */
  private bindings: vscode.Disposable[] = [];
  private sources_: readonly vscode.Uri[] = [];
  private static nextId = 1;
  /** Names this panel as a holder of the logs it shows (for diagnostics). */
  private readonly holder = `panel:${CurvesPanel.nextId++}`;
  private ready = false;
  private readonly watchdog: PageWatchdog;
  /** What is sent to the page, and when. */
  private readonly feed: CurvesFeed;
  /** Messages posted to the webview, by type (tests check there is one per change). */
  readonly posted: Record<string, number> = {};
  /** When (Date.now()) the last message of each type was posted (tests split the latency into its legs). */
  readonly postedAt: Record<string, number> = {};
  private pendingFocus: number | undefined;
  private readonly disposed = this._register(new vscode.EventEmitter<void>());
  readonly onDidDispose = this.disposed.event;
  private readonly channel: WebviewChannel<ToCurvesWebview, CurvesSnapshot>;
  private config: CurvesBootstrap;

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
    this.feed = new CurvesFeed({
      leases: () => this.leases,
      sources: () => this.sources_,
      ready: () => this.ready,
      visible: () => this.panel.visible,
      disposed: () => this.isDisposed,
      maxPointsPerSeries: () => this.config.settings.maxPointsPerSeries,
      marks: () => (annotations ? this.sources.flatMap((u) => annotations.marksFor(u)) : []),
      takeFocus: () => {
        const focus = this.pendingFocus;
        this.pendingFocus = undefined;
        return focus;
      },
      post: (m) => this.post(m),
    });
    this.bind(sources);
    this._register({ dispose: () => this.unbind() });
    if (annotations) {
      this._register(
        annotations.onDidChange((uri) => {
          if (this.sources.some((s) => s.toString() === uri.toString())) this.feed.schedule('update');
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
    this.feed.forget();
    this.feed.schedule('all');
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
    else if (next.settings.maxPointsPerSeries !== before.settings.maxPointsPerSeries) this.feed.schedule('all');
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
    return exportCurves(request, this.feed.currentRuns(), this.feed.view, this.saveTarget());
  }

  private onMessage(raw: unknown): void {
    const m = this.channel.receive(raw, isFromCurvesWebview);
    if (!m) return;
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.feed.view = m.view;
        this.feed.schedule('all');
        break;
      case 'view':
        this.feed.view = m.view;
        this.feed.schedule('all');
        break;
      case 'group':
        this.feed.grouping = { by: m.by, pattern: m.pattern, band: m.band };
        this.feed.view = { ...this.feed.view, xMode: m.xMode };
        void this.feed.sendGroups();
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

  /** Most points sent for one series in one message, over the panel's life (tests check the budget). */
  get maxPointsSent(): number {
    return this.feed.maxPointsSent;
  }

  private onRunChanged(_lease: RunLease, result: string): void {
    if (!this.ready || !this.panel.visible) return;
    this.feed.schedule(result === 'appended' ? 'update' : 'all');
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
