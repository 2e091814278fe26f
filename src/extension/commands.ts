import * as vscode from 'vscode';
import type { CurvesPanelManager } from './curves/curvesPanelManager';
import type { FindingsService } from './findings/findingsService';
import { showFindingsPick } from './findings/statusBar';

/** Globs of files Show Curves offers when no log is open. */
const LOG_GLOB = '**/*.{csv,tsv,log}';
const EXCLUDE_GLOB = '**/{node_modules,.git,.venv,venv,__pycache__,site-packages}/**';

export function registerCommands(curves: CurvesPanelManager, findings: FindingsService): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('metricLens.showInChart', (uri: unknown, step: unknown) => {
      // Arguments come from command links in hovers: check them.
      if (typeof uri !== 'string' || typeof step !== 'number' || !Number.isFinite(step)) return;
      curves.show([vscode.Uri.parse(uri, true)]).focusStep(step);
    }),
    vscode.commands.registerCommand('metricLens.showFindings', () => showFindingsPick(findings)),
    vscode.commands.registerCommand('metricLens.showCurves', async (uri?: vscode.Uri, selected?: vscode.Uri[]) => {
      const targets = selected && selected.length > 0 ? selected : uri instanceof vscode.Uri ? [uri] : await pickLogFiles();
      if (targets && targets.length > 0) curves.show(targets);
    }),
  ];
}

/** The active editor's file, or else a pick among the workspace's log-like files. */
async function pickLogFiles(): Promise<vscode.Uri[] | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && active.scheme === 'file') return [active];
  const files = await vscode.workspace.findFiles(LOG_GLOB, EXCLUDE_GLOB, 500);
  if (files.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Metric Lens found no training logs (CSV, TSV or .log files) in this workspace.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    files.map((f) => ({ label: vscode.workspace.asRelativePath(f), uri: f })),
    { placeHolder: vscode.l10n.t('Training log to show as curves'), canPickMany: true },
  );
  return picked?.map((p) => p.uri);
}
