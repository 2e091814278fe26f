/**
 * One curves panel: a webview showing the runs of one or more files, kept in step with the files
 * as they grow. The webview says `ready` before anything is sent; after the first full load only
 * new points travel. A hidden webview is destroyed (no `retainContextWhenHidden`) and says `ready`
 * again when shown, which gets it a full load.
 */

import * as vscode from 'vscode';
import { Disposable } from '../dispose';
import type { LiveRunRegistry, RunLease } from '../liveRuns';
import { log } from '../log';
import { webviewHtml } from '../webviewHtml';
import { runPayload, SentPoints } from './payload';
import {
  PROTOCOL_VERSION, assertNever, isFromCurvesWebview,
  type CurvesSnapshot, type FromCurvesWebview, type RunPayload, type SeriesPayload, type ToCurvesWebview,
} from '../../protocol';

export const CURVES_VIEW_TYPE = 'metricLens.curves';

/** What the panel serializer stores, so a reload can reopen the same files. */
export interface CurvesPanelState {
  readonly sources: readonly string[];
}

export function isCurvesPanelState(v: unknown): v is CurvesPanelState {
  return typeof v === 'object' && v !== null && Array.isArray((v as { sources?: unknown }).sources)
    && (v as { sources: unknown[] }).sources.every((s) => typeof s === 'string');
}

export class CurvesPanel extends Disposable {
  private readonly leases: RunLease[] = [];
  private readonly sent = new SentPoints();
  private ready = false;
  private readonly disposed = this._register(new vscode.EventEmitter<void>());
  readonly onDidDispose = this.disposed.event;
  private nextProbe = 1;
  private readonly probes = new Map<number, (s: CurvesSnapshot) => void>();
  readonly problems: string[] = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly sources: readonly vscode.Uri[],
    extensionUri: vscode.Uri,
    runs: LiveRunRegistry,
    readonly restored: boolean,
  ) {
    super();
    this._register(panel);
    for (const uri of sources) {
      const lease = runs.acquire(uri);
      this.leases.push(lease);
      this._register(lease);
      this._register(lease.run.onDidChange((result) => this.onRunChanged(lease, result)));
    }
    this._register(panel.onDidDispose(() => this.dispose()));
    this._register(panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)));
    panel.webview.html = webviewHtml(panel.webview, extensionUri, 'curves.js', panel.title);
  }

  get key(): string { return panelKey(this.sources); }
  get isReady(): boolean { return this.ready; }

  override dispose(): void {
    if (this.isDisposed) return;
    this.disposed.fire();
    super.dispose();
  }

  /** Asks the webview what it shows (for tests and diagnostics of the panel itself). */
  probe(timeoutMs = 5000): Promise<CurvesSnapshot> {
    const id = this.nextProbe++;
    return new Promise<CurvesSnapshot>((resolve, reject) => {
      const timer = setTimeout(() => { this.probes.delete(id); reject(new Error('the curves webview did not answer')); }, timeoutMs);
      this.probes.set(id, (s) => { clearTimeout(timer); resolve(s); });
      void this.post({ type: 'probe', id });
    });
  }

  private onMessage(raw: unknown): void {
    if (!isFromCurvesWebview(raw)) {
      log.warn(`curves webview sent a message of unknown shape; ignored: ${safeJson(raw)}`);
      return;
    }
    const m: FromCurvesWebview = raw;
    switch (m.type) {
      case 'ready':
        if (m.version !== PROTOCOL_VERSION) log.warn(`curves webview speaks protocol ${m.version}, host ${PROTOCOL_VERSION}`);
        this.ready = true;
        void this.sendAll();
        break;
      case 'openLocation':
        void this.openLocation(m.runId, m.line);
        break;
      case 'probeResult': {
        const resolve = this.probes.get(m.id);
        this.probes.delete(m.id);
        resolve?.(m.snapshot);
        break;
      }
      case 'problem':
        this.problems.push(`${m.kind}: ${m.message}`);
        log.error(`curves webview ${m.kind}: ${m.message}`);
        break;
      default:
        assertNever(m);
    }
  }

  private async sendAll(): Promise<void> {
    await Promise.all(this.leases.map((l) => l.run.ready));
    if (this.isDisposed || !this.ready) return;
    this.sent.reset();
    const runs: RunPayload[] = [];
    const series: SeriesPayload[] = [];
    for (const lease of this.leases) {
      const run = lease.run.source.parser?.run;
      if (!run) continue;
      const id = lease.run.uri.toString();
      runs.push(runPayload(id, run));
      series.push(...this.sent.take(id, run));
    }
    await this.post({ type: 'init', version: PROTOCOL_VERSION, runs, series, sources: this.sources.map((u) => u.toString()) });
  }

  private onRunChanged(lease: RunLease, result: string): void {
    if (!this.ready || !this.panel.visible) return;
    if (result !== 'appended') {
      void this.sendAll();
      return;
    }
    const run = lease.run.source.parser?.run;
    if (!run) return;
    const id = lease.run.uri.toString();
    const series = this.sent.take(id, run);
    void this.post({ type: 'append', runs: [runPayload(id, run)], series });
  }

  private async post(message: ToCurvesWebview): Promise<void> {
    try {
      await this.panel.webview.postMessage(message);
    } catch (e) {
      // The panel was closed while the message was on its way.
      log.debug(`posting to the curves webview failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private async openLocation(runId: string, line: number): Promise<void> {
    const lease = this.leases.find((l) => l.run.uri.toString() === runId);
    if (!lease) return;
    const doc = await vscode.workspace.openTextDocument(lease.run.uri);
    const at = new vscode.Position(Math.min(line - 1, Math.max(0, doc.lineCount - 1)), 0);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(at, at), preserveFocus: false });
  }
}

export function panelKey(sources: readonly vscode.Uri[]): string {
  return sources.map((u) => u.toString()).sort().join('\n');
}

function safeJson(v: unknown): string {
  try { return JSON.stringify(v).slice(0, 200); } catch { return String(v); }
}
