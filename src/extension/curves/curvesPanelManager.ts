/**
 * Opens curves panels beside the editor, one per set of files (showing the same files again
 * reveals the existing panel), and brings them back after a window reload.
 */

import * as vscode from 'vscode';
import { Disposable } from '../dispose';
import type { LiveRunRegistry } from '../liveRuns';
import { log } from '../log';
import { webviewOptions } from '../webviewHtml';
import { SECTION, readCurvesConfig } from './curvesSettings';
import type { FindingsService } from '../findings/findingsService';
import { CURVES_VIEW_TYPE, CurvesPanel, curvesTitle, isCurvesPanelState, panelKey } from './curvesPanel';

export class CurvesPanelManager extends Disposable implements vscode.WebviewPanelSerializer {
  private readonly panels = new Map<string, CurvesPanel>();
  private selection: CurvesPanel | undefined;
  /** Where the next export goes without asking (the in-editor tests set it). */
  nextSaveTarget: vscode.Uri | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly runs: LiveRunRegistry,
    private readonly findings?: FindingsService,
  ) {
    super();
    this._register(vscode.window.registerWebviewPanelSerializer(CURVES_VIEW_TYPE, this));
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration(SECTION)) return;
        for (const p of this.panels.values()) p.applySettings(readCurvesConfig(p.sources[0]));
      }),
    );
  }

  get all(): readonly CurvesPanel[] {
    return [...this.panels.values()];
  }

  /**
   * The panel that follows the Runs view's selection: one panel, its runs replaced as the
   * selection changes (a panel per click would bury the editor in tabs).
   */
  showSelection(sources: readonly vscode.Uri[]): CurvesPanel {
    const existing = this.panels.get(panelKey(sources));
    if (existing) {
      existing.panel.reveal(undefined, true);
      return existing;
    }
    if (this.selection) {
      const p = this.selection;
      for (const [k, v] of this.panels) if (v === p) this.panels.delete(k);
      p.setSources(sources);
      this.panels.set(p.key, p);
      p.panel.reveal(undefined, true);
      return p;
    }
    this.selection = this.show(sources);
    return this.selection;
  }

  show(sources: readonly vscode.Uri[]): CurvesPanel {
    const key = panelKey(sources);
    const existing = this.panels.get(key);
    if (existing) {
      existing.panel.reveal(undefined, true);
      return existing;
    }
    // Curves panels gather in one editor group beside the logs, instead of a new group each.
    const column = this.all.find((p) => p.panel.viewColumn !== undefined)?.panel.viewColumn ?? vscode.ViewColumn.Beside;
    const panel = vscode.window.createWebviewPanel(
      CURVES_VIEW_TYPE,
      curvesTitle(sources),
      { viewColumn: column, preserveFocus: true },
      webviewOptions(this.extensionUri),
    );
    return this.track(
      new CurvesPanel(panel, sources, this.extensionUri, this.runs, false, this.findings, () => this.takeSaveTarget()),
    );
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    if (!isCurvesPanelState(state) || state.sources.length === 0) {
      log.warn('a curves panel could not be restored: it kept no list of files');
      panel.dispose();
      return;
    }
    const sources = state.sources.map((s) => vscode.Uri.parse(s, true));
    panel.webview.options = webviewOptions(this.extensionUri);
    panel.title = curvesTitle(sources);
    this.track(
      new CurvesPanel(panel, sources, this.extensionUri, this.runs, true, this.findings, () => this.takeSaveTarget()),
    );
  }

  private takeSaveTarget(): vscode.Uri | undefined {
    const t = this.nextSaveTarget;
    this.nextSaveTarget = undefined;
    return t;
  }

  private track(p: CurvesPanel): CurvesPanel {
    const key = p.key;
    this.panels.get(key)?.dispose();
    this.panels.set(key, p);
    p.onDidDispose(() => {
      for (const [k, v] of this.panels) if (v === p) this.panels.delete(k);
      if (this.selection === p) this.selection = undefined;
    });
    return p;
  }

  override dispose(): void {
    for (const p of this.panels.values()) p.dispose();
    this.panels.clear();
    super.dispose();
  }
}
