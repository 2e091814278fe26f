/**
 * The Compare Runs panel: one row per run of the workspace (or of one folder), its parameters,
 * best and last values and findings. Runs come from the Runs view's list and are read through the
 * shared run registry, so a run the Runs view or a curves panel already read is not read again;
 * a run that is written updates its row. The webview sorts, filters and groups with the core.
 */

import * as vscode from 'vscode';
import { compareRuns, type CompareInput, type CompareTable } from '../../core/compare';
import { KILLED_AFTER_MS } from '../../core/model/run';
import { assertNever } from '../../protocol/common';
import {
  COMPARE_PROTOCOL_VERSION,
  isFromCompareWebview,
  type CompareSnapshot,
  type ToCompareWebview,
} from '../../protocol/compare';
import { Disposable } from '../dispose';
import { PageWatchdog } from '../pageWatchdog';
import { pngBytes, saveExport } from '../saveExport';
import type { FindingsService } from '../findings/findingsService';
import { LIVE_MS, type LiveRunRegistry, type RunLease } from '../liveRuns';
import { log } from '../log';
import type { WorkspaceRuns } from '../runs/workspaceRuns';
import { webviewHtml, webviewOptions } from '../webviewHtml';
import { WebviewChannel } from '../webviewChannel';

export const COMPARE_VIEW_TYPE = 'metricLens.compare';
/** A burst of appends to many runs is one new table. */
const UPDATE_DELAY_MS = 250;

/** What the panel serializer keeps: the folder compared (null: the whole workspace). */
export interface ComparePanelState {
  readonly scope: string | null;
}

export function isComparePanelState(v: unknown): v is ComparePanelState {
  if (typeof v !== 'object' || v === null) return false;
  const s = (v as { scope?: unknown }).scope;
  return s === null || typeof s === 'string';
}

export interface CompareDeps {
  readonly runs: WorkspaceRuns;
  readonly registry: LiveRunRegistry;
  readonly findings: FindingsService;
  readonly showCurves: (uris: readonly vscode.Uri[]) => void;
  /** Where the next export goes instead of a save dialog (the in-editor tests), taken once. */
  readonly takeSaveTarget: () => vscode.Uri | undefined;
}

export class ComparePanel extends Disposable {
  private static nextId = 1;
  private readonly holder = `compare:${ComparePanel.nextId++}`;
  private readonly leases = new Map<string, { lease: RunLease; listener: vscode.Disposable }>();
  private readonly channel: WebviewChannel<ToCompareWebview, CompareSnapshot>;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private statusTimer: ReturnType<typeof setTimeout> | undefined;
  private ready = false;
  private readonly watchdog: PageWatchdog;
  private table: CompareTable | undefined;
  private readonly disposed = this._register(new vscode.EventEmitter<void>());
  readonly onDidDispose = this.disposed.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly scope: vscode.Uri | undefined,
    extensionUri: vscode.Uri,
    private readonly deps: CompareDeps,
    readonly restored: boolean,
  ) {
    super();
    this._register(panel);
    this.channel = new WebviewChannel(panel.webview, 'compare', COMPARE_PROTOCOL_VERSION);
    this._register({
      dispose: () => {
        if (this.timer) clearTimeout(this.timer);
        if (this.statusTimer) clearTimeout(this.statusTimer);
        this.releaseAll();
      },
    });
    this._register(panel.onDidDispose(() => this.dispose()));
    this._register(
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
    );
    this._register(panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)));
    this._register(deps.runs.onDidChange(() => this.updateSoon()));
    this._register(
      deps.findings.onDidChange((uri) => {
        if (this.leases.has(uri.toString())) this.updateSoon();
      }),
    );
    const html = () =>
      webviewHtml(panel.webview, extensionUri, 'compare.js', panel.title, { scope: scope?.toString() ?? null });
    panel.webview.html = html();
    this.watchdog = this._register(new PageWatchdog(panel, 'Compare Runs panel', () => this.ready, html));
    void deps.runs.ready().then(() => this.update());
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
  get problems(): readonly string[] {
    return this.channel.problems;
  }
  probe(timeoutMs = 5000): Promise<CompareSnapshot> {
    return this.channel.probe(timeoutMs);
  }
  applyState(patch: Readonly<Record<string, unknown>>): Promise<void> {
    return this.channel.post({ type: 'applyState', patch });
  }

  /** The table as last sent (for tests). */
  get currentTable(): CompareTable | undefined {
    return this.table;
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.disposed.fire();
    super.dispose();
  }

  private inScope(uri: vscode.Uri): boolean {
    if (!this.scope) return true;
    const base = this.scope.path.endsWith('/') ? this.scope.path : `${this.scope.path}/`;
    return uri.toString() === this.scope.toString() || (uri.scheme === this.scope.scheme && uri.path.startsWith(base));
  }

  private updateSoon(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.update();
    }, UPDATE_DELAY_MS);
  }

  /** Follows the runs in scope (shared leases: nothing already read is read again), then sends the table. */
  private async update(): Promise<void> {
    if (this.isDisposed) return;
    const listed = this.deps.runs.runs.filter((r) => this.inScope(r.uri));
    const wanted = new Set(listed.map((r) => r.uri.toString()));
    for (const [key, held] of this.leases) {
      if (wanted.has(key)) continue;
      held.listener.dispose();
      held.lease.dispose();
      this.deps.findings.release(vscode.Uri.parse(key, true), this.holder);
      this.leases.delete(key);
    }
    for (const r of listed) {
      const key = r.uri.toString();
      if (this.leases.has(key)) continue;
      const lease = this.deps.registry.acquire(r.uri);
      this.deps.findings.hold(r.uri, this.holder);
      this.leases.set(key, { lease, listener: lease.run.onDidChange(() => this.updateSoon()) });
    }
    await Promise.all([...this.leases.values()].map((h) => h.lease.run.ready));
    const inputs: CompareInput[] = [];
    const now = Date.now();
    // When a row's status changes with time alone: a live run's badge lapses, a quiet `running` run turns `killed`.
    let next = Infinity;
    for (const r of listed) {
      const live = this.leases.get(r.uri.toString())?.lease.run;
      const run = live?.run;
      if (!live || !run) continue;
      if (live.isLive) next = Math.min(next, live.lastChangeTime + LIVE_MS);
      else if (run.status?.state === 'running' && live.lastModified !== undefined) {
        next = Math.min(next, live.lastModified + KILLED_AFTER_MS);
      }
      inputs.push({
        run,
        id: r.uri.toString(),
        path: live.displayPath,
        ...(live.isLive ? { status: 'live' as const } : {}),
        ...(live.lastModified !== undefined ? { written: { last: live.lastModified, now } } : {}),
        findings: this.deps.findings.findingsFor(r.uri),
      });
    }
    if (this.isDisposed) return;
    this.table = compareRuns(inputs);
    if (this.ready) void this.channel.post({ type: 'table', table: this.table });
    if (this.statusTimer) clearTimeout(this.statusTimer);
    this.statusTimer = Number.isFinite(next)
      ? setTimeout(() => this.updateSoon(), Math.max(1000, next - Date.now() + 100))
      : undefined;
  }

  /** Saves a chart the page drew where the user chooses (nothing is written when the dialog is cancelled). */
  private async exportPng(name: string, dataUrl: string): Promise<void> {
    try {
      const uri = await saveExport(
        pngBytes(dataUrl),
        name,
        'png',
        vscode.l10n.t('Export chart'),
        this.deps.takeSaveTarget(),
      );
      if (uri) vscode.window.setStatusBarMessage(vscode.l10n.t('Metric Lens: chart saved to {0}', uri.fsPath), 5000);
    } catch (e) {
      log.error(`Could not save the chart: ${String(e)}`);
      void vscode.window.showErrorMessage(vscode.l10n.t('Metric Lens: could not save the chart: {0}', String(e)));
    }
  }

  private releaseAll(): void {
    for (const [key, held] of this.leases) {
      held.listener.dispose();
      held.lease.dispose();
      this.deps.findings.release(vscode.Uri.parse(key, true), this.holder);
    }
    this.leases.clear();
  }

  private onMessage(raw: unknown): void {
    const m = this.channel.receive(raw, isFromCompareWebview);
    if (!m) return;
    switch (m.type) {
      case 'ready':
        this.ready = true;
        if (this.table) void this.channel.post({ type: 'table', table: this.table });
        break;
      case 'showCurves': {
        // Only runs this panel lists: the ids come from an untrusted webview.
        const uris = m.ids.filter((id) => this.leases.has(id)).map((id) => vscode.Uri.parse(id, true));
        if (uris.length > 0) this.deps.showCurves(uris);
        break;
      }
      case 'copy':
        void vscode.env.clipboard
          .writeText(m.text)
          .then(() =>
            vscode.window.setStatusBarMessage(
              m.format === 'csv'
                ? vscode.l10n.t('Metric Lens: the table was copied as CSV')
                : vscode.l10n.t('Metric Lens: the table was copied as Markdown'),
              3000,
            ),
          );
        break;
      case 'exportPng':
        void this.exportPng(m.name, m.dataUrl);
        break;
      default:
        assertNever(m);
    }
  }
}

/** One Compare Runs panel per scope (the workspace, or a folder); brought back after a reload. */
export class ComparePanelManager extends Disposable implements vscode.WebviewPanelSerializer {
  private readonly panels = new Map<string, ComparePanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly deps: CompareDeps,
  ) {
    super();
    this._register(vscode.window.registerWebviewPanelSerializer(COMPARE_VIEW_TYPE, this));
  }

  get all(): readonly ComparePanel[] {
    return [...this.panels.values()];
  }

  show(scope: vscode.Uri | undefined): ComparePanel {
    const existing = this.panels.get(scope?.toString() ?? '');
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      COMPARE_VIEW_TYPE,
      compareTitle(scope),
      vscode.ViewColumn.Active,
      webviewOptions(this.extensionUri),
    );
    return this.track(new ComparePanel(panel, scope, this.extensionUri, this.deps, false));
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const scope = isComparePanelState(state) && state.scope !== null ? vscode.Uri.parse(state.scope, true) : undefined;
    panel.webview.options = webviewOptions(this.extensionUri);
    panel.title = compareTitle(scope);
    this.track(new ComparePanel(panel, scope, this.extensionUri, this.deps, true));
  }

  private track(p: ComparePanel): ComparePanel {
    const key = p.scope?.toString() ?? '';
    this.panels.get(key)?.dispose();
    this.panels.set(key, p);
    p.onDidDispose(() => {
      if (this.panels.get(key) === p) this.panels.delete(key);
    });
    return p;
  }

  override dispose(): void {
    for (const p of this.panels.values()) p.dispose();
    this.panels.clear();
    super.dispose();
  }
}

function compareTitle(scope: vscode.Uri | undefined): string {
  return scope ? vscode.l10n.t('Compare: {0}', vscode.workspace.asRelativePath(scope)) : vscode.l10n.t('Compare Runs');
}
