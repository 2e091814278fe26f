/**
 * "Open the file at a line", as the panels do when a row, a point or a finding is clicked: the
 * file opens in an editor with that line selected (a line past the end selects the last one).
 */

import * as vscode from 'vscode';

/** Opens `uri` with its line `line` (1-based) selected, in `viewColumn` (the first, beside a panel, by default). */
export async function openAtLine(
  uri: vscode.Uri,
  line: number,
  viewColumn: vscode.ViewColumn = vscode.ViewColumn.One,
): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const at = new vscode.Position(Math.min(Math.max(0, line - 1), Math.max(0, doc.lineCount - 1)), 0);
  await vscode.window.showTextDocument(doc, {
    viewColumn,
    selection: new vscode.Range(at, at.translate(0, doc.lineAt(at.line).text.length)),
    preserveFocus: false,
  });
}
