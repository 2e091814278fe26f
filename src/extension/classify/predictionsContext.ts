/** The `metricLens.activeIsPredictions` context key: the editor-title button shows on predictions files only. */

import * as vscode from 'vscode';
import { looksLikePredictions } from '../../core/classify';
import { Disposable } from '../dispose';

export class PredictionsContext extends Disposable {
  constructor() {
    super();
    this._register(vscode.window.onDidChangeActiveTextEditor((e) => this.update(e?.document)));
    this.update(vscode.window.activeTextEditor?.document);
  }

  private update(doc: vscode.TextDocument | undefined): void {
    const is =
      !!doc &&
      doc.uri.scheme === 'file' &&
      looksLikePredictions(doc.uri.fsPath, doc.getText(new vscode.Range(0, 0, Math.min(doc.lineCount, 5), 0)));
    void vscode.commands.executeCommand('setContext', 'metricLens.activeIsPredictions', is);
  }
}

/** Prediction files of the workspace, for a quick pick (by name first, then by header). */
export async function findPredictionFiles(): Promise<vscode.Uri[]> {
  const candidates = await vscode.workspace.findFiles(
    '**/*.{csv,tsv,jsonl,json}',
    '**/{node_modules,.git,.venv,venv,__pycache__,site-packages}/**',
    2000,
  );
  const out: vscode.Uri[] = [];
  const { readHead } = await import('../../node/readSource');
  for (const uri of candidates) {
    if (/\.json$/i.test(uri.path) && !/confusion_matrix/i.test(uri.path)) continue;
    try {
      if (looksLikePredictions(uri.fsPath, await readHead(uri.fsPath, 4096))) out.push(uri);
    } catch {
      // Unreadable: not offered.
    }
  }
  return out;
}
