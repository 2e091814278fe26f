/**
 * The Getting Started walkthrough's buttons: each opens a sample bundled with the extension (read
 * only, inside the extension's folder) and shows what Metric Lens does with it.
 */

import * as vscode from 'vscode';
import type { CurvesPanelManager } from './curves/curvesPanelManager';
import type { MatrixPanelManager } from './classify/matrixPanelManager';

export function registerWalkthroughCommands(
  extensionUri: vscode.Uri,
  curves: CurvesPanelManager,
  matrices: MatrixPanelManager,
): vscode.Disposable[] {
  const sample = (name: string) => vscode.Uri.joinPath(extensionUri, 'media', 'samples', name);
  return [
    vscode.commands.registerCommand('metricLens.walkthrough.openSampleLog', async () => {
      await vscode.window.showTextDocument(sample('history.csv'), { preview: false });
    }),
    vscode.commands.registerCommand('metricLens.walkthrough.showSampleCurves', async () => {
      await vscode.window.showTextDocument(sample('history.csv'), { preview: false });
      curves.show([sample('history.csv')]);
    }),
    vscode.commands.registerCommand('metricLens.walkthrough.showSampleMatrix', async () => {
      await vscode.window.showTextDocument(sample('predictions.csv'), { preview: false });
      matrices.show([sample('predictions.csv')]);
    }),
    vscode.commands.registerCommand('metricLens.walkthrough.showSampleWarning', async () => {
      // Epoch 25 of the sample, line 27: where validation loss turned upward.
      const editor = await vscode.window.showTextDocument(sample('history.csv'), { preview: false });
      const at = new vscode.Position(26, 0);
      editor.selection = new vscode.Selection(at, at);
      editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenter);
      await vscode.commands.executeCommand('editor.action.showHover');
    }),
  ];
}
