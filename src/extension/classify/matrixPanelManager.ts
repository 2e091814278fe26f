/**
 * Confusion-matrix panels: one per predictions file (or pair, or series), beside the editor,
 * restored after a reload; and the findings about predictions (accuracy paradox, integrity) as
 * diagnostics on the predictions file.
 */

import * as vscode from 'vscode';
import type { Finding } from '../../core/model/findings';
import { Disposable } from '../dispose';
import { log } from '../log';
import { toDiagnostic } from '../findings/findingsService';
import { webviewOptions } from '../webviewHtml';
import { MATRIX_VIEW_TYPE, MatrixPanel } from './matrixPanel';

function keyOf(sources: readonly vscode.Uri[]): string {
  return sources.map((u) => u.toString()).join('\n');
}

function titleOf(sources: readonly vscode.Uri[]): string {
  const name = (u: vscode.Uri) => u.path.split('/').pop() ?? u.path;
  if (sources.length === 2) return vscode.l10n.t('Compare: {0} ↔ {1}', name(sources[0]!), name(sources[1]!));
  if (sources.length > 2) return vscode.l10n.t('Series: {0} files', sources.length);
  return vscode.l10n.t('Matrix: {0}', sources[0] ? name(sources[0]) : '');
}

export class MatrixPanelManager extends Disposable implements vscode.WebviewPanelSerializer {
  private readonly panels = new Map<string, MatrixPanel>();
  private readonly diagnostics = this._register(vscode.languages.createDiagnosticCollection('metric-lens-predictions'));

  constructor(private readonly extensionUri: vscode.Uri) {
    super();
    this._register(vscode.window.registerWebviewPanelSerializer(MATRIX_VIEW_TYPE, this));
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('metricLens.classify')) for (const p of this.panels.values()) void p.load();
      }),
    );
  }

  get all(): readonly MatrixPanel[] {
    return [...this.panels.values()];
  }

  show(sources: readonly vscode.Uri[]): MatrixPanel {
    const key = keyOf(sources);
    const existing = this.panels.get(key);
    if (existing) {
      existing.panel.reveal(undefined, true);
      return existing;
    }
    const column = this.all.find((p) => p.panel.viewColumn !== undefined)?.panel.viewColumn ?? vscode.ViewColumn.Beside;
    const panel = vscode.window.createWebviewPanel(
      MATRIX_VIEW_TYPE,
      titleOf(sources),
      { viewColumn: column, preserveFocus: true },
      webviewOptions(this.extensionUri),
    );
    return this.track(new MatrixPanel(panel, sources, this.extensionUri, false));
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const sources = (state as { sources?: unknown } | undefined)?.sources;
    if (!Array.isArray(sources) || sources.length === 0 || !sources.every((s) => typeof s === 'string')) {
      log.warn('a confusion-matrix panel could not be restored: it kept no list of files');
      panel.dispose();
      return;
    }
    const uris = (sources as string[]).map((s) => vscode.Uri.parse(s, true));
    panel.webview.options = webviewOptions(this.extensionUri);
    panel.title = titleOf(uris);
    this.track(new MatrixPanel(panel, uris, this.extensionUri, true));
  }

  private track(p: MatrixPanel): MatrixPanel {
    const key = keyOf(p.sources);
    this.panels.get(key)?.dispose();
    this.panels.set(key, p);
    p.panel.iconPath = {
      light: vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.png'),
      dark: vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.png'),
    };
    p.onDidEvaluate((loaded) => {
      for (const l of loaded)
        this.diagnostics.set(
          l.uri,
          (l.result?.evaluation?.findings ?? []).map((f: Finding) => toDiagnostic(f)),
        );
    });
    p.onDidDispose(() => {
      if (this.panels.get(key) === p) this.panels.delete(key);
      // Diagnostics about a predictions file stay while some panel shows it.
      for (const uri of p.sources)
        if (!this.all.some((o) => o.sources.some((s) => s.toString() === uri.toString()))) this.diagnostics.delete(uri);
    });
    return p;
  }

  override dispose(): void {
    for (const p of this.panels.values()) p.dispose();
    this.panels.clear();
    super.dispose();
  }
}
