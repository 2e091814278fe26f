import * as vscode from 'vscode';
import type { CurvesPanelManager } from './curves/curvesPanelManager';
import type { FindingsService } from './findings/findingsService';
import { showFindingsPick } from './findings/statusBar';
import type { WorkspaceRuns } from './runs/workspaceRuns';
import type { MatrixPanelManager } from './classify/matrixPanelManager';
import type { ComparePanelManager } from './compare/comparePanel';
import { findPredictionFiles } from './classify/predictionsContext';
import { looksLikePredictions } from '../core/classify';
import { runsInFolder } from '../node/runSource';

/** Globs of files Show Curves offers when no log is open. */
const LOG_GLOB = '**/*.{csv,tsv,log}';
const EXCLUDE_GLOB = '**/{node_modules,.git,.venv,venv,__pycache__,site-packages}/**';

export function registerCommands(
  curves: CurvesPanelManager,
  findings: FindingsService,
  runs: WorkspaceRuns,
  matrices: MatrixPanelManager,
  compare: ComparePanelManager,
): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('metricLens.showConfusionMatrix', async (uri?: unknown, selected?: unknown) => {
      const targets =
        Array.isArray(selected) && selected.length > 0
          ? selected.filter((u): u is vscode.Uri => u instanceof vscode.Uri)
          : uri instanceof vscode.Uri
            ? [uri]
            : await pickPredictionFiles();
      if (targets && targets.length > 0) matrices.show(targets.slice().sort(byNaturalName));
    }),
    vscode.commands.registerCommand('metricLens.showInChart', (uri: unknown, step: unknown) => {
      // Arguments come from command links in hovers: check them.
      if (typeof uri !== 'string' || typeof step !== 'number' || !Number.isFinite(step)) return;
      curves.show([vscode.Uri.parse(uri, true)]).focusStep(step);
    }),
    vscode.commands.registerCommand('metricLens.showFindings', () => showFindingsPick(findings)),
    vscode.commands.registerCommand('metricLens.showCurves', async (uri?: unknown, selected?: unknown) => {
      const picked =
        Array.isArray(selected) && selected.length > 0
          ? selected.filter((u): u is vscode.Uri => u instanceof vscode.Uri)
          : uri instanceof vscode.Uri
            ? [uri]
            : isRunNode(uri)
              ? [uri.run.uri]
              : await pickLogFiles();
      if (!picked || picked.length === 0) return;
      const targets = (await Promise.all(picked.map(expandToRuns))).flat();
      if (targets.length === 0) {
        void vscode.window.showInformationMessage(
          vscode.l10n.t(
            'Metric Lens found no training runs in {0}.',
            picked.map((u) => vscode.workspace.asRelativePath(u)).join(', '),
          ),
        );
        return;
      }
      curves.show(targets);
    }),
    vscode.commands.registerCommand('metricLens.refreshRuns', () => runs.scan()),
    // From the Explorer: the runs under a folder; from the Runs view's title or the palette: every run.
    vscode.commands.registerCommand('metricLens.compareRuns', (uri?: unknown) => {
      compare.show(uri instanceof vscode.Uri ? uri : undefined);
    }),
  ];
}

/** A Runs view item passed to a command from its context menu. */
function isRunNode(v: unknown): v is { kind: 'run'; run: { uri: vscode.Uri } } {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'run';
}

/**
 * A folder stands for every run it holds, itself included when it is one (an MLflow run, a DVCLive
 * or TensorBoard folder — which can also hold a detectron2 `metrics.json`): the runs `inspect
 * <folder>` reads. A file is itself.
 */
async function expandToRuns(uri: vscode.Uri): Promise<vscode.Uri[]> {
  let isFolder: boolean;
  try {
    isFolder = (await vscode.workspace.fs.stat(uri)).type === vscode.FileType.Directory;
  } catch {
    return [uri];
  }
  if (!isFolder) return [uri];
  return (await runsInFolder(uri.fsPath)).map((r) => (r.path === '' ? uri : vscode.Uri.joinPath(uri, r.path)));
}

/** The active editor's file, or else a pick among the workspace's log-like files. */
async function pickLogFiles(): Promise<vscode.Uri[] | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && active.scheme === 'file') return [active];
  const files = await vscode.workspace.findFiles(LOG_GLOB, EXCLUDE_GLOB, 500);
  if (files.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Metric Lens found no training logs (CSV, TSV or .log files) in this workspace.'),
    );
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    files.map((f) => ({ label: vscode.workspace.asRelativePath(f), uri: f })),
    { placeHolder: vscode.l10n.t('Training log to show as curves'), canPickMany: true },
  );
  return picked?.map((p) => p.uri);
}

/** The active predictions file, or a pick among the workspace's prediction files (several: compare or a series). */
async function pickPredictionFiles(): Promise<vscode.Uri[] | undefined> {
  const doc = vscode.window.activeTextEditor?.document;
  if (
    doc &&
    doc.uri.scheme === 'file' &&
    looksLikePredictions(doc.uri.fsPath, doc.getText(new vscode.Range(0, 0, Math.min(doc.lineCount, 5), 0)))
  )
    return [doc.uri];
  const files = await findPredictionFiles();
  if (files.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'Metric Lens found no predictions files (a CSV, TSV or JSON Lines file with a true-label column and a prediction or score column).',
      ),
    );
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    files.map((f) => ({ label: vscode.workspace.asRelativePath(f), uri: f })),
    { placeHolder: vscode.l10n.t('Predictions file (pick two to compare, more for a series)'), canPickMany: true },
  );
  return picked?.map((p) => p.uri);
}

/** `predictions_epoch_2` before `predictions_epoch_10`. */
function byNaturalName(a: vscode.Uri, b: vscode.Uri): number {
  return a.path.localeCompare(b.path, undefined, { numeric: true });
}
