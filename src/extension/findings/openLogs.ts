/** Logs open in an editor are diagnosed while they are open (recognised by name, then by content). */

import * as vscode from 'vscode';
import { looksLikePredictions } from '../../core/classify';
import { detectFileFormat, readHead } from '../../node/readSource';
import { Disposable } from '../dispose';
import type { FindingsService } from './findingsService';

const HOLDER = 'editor';

export class OpenLogsTracker extends Disposable {
  constructor(private readonly findings: FindingsService) {
    super();
    this._register(vscode.workspace.onDidOpenTextDocument((d) => this.opened(d)));
    this._register(vscode.workspace.onDidCloseTextDocument((d) => this.findings.release(d.uri, HOLDER)));
    for (const d of vscode.workspace.textDocuments) this.opened(d);
    // A context key for menus: the editor-title button shows on recognised logs only.
    this._register(vscode.window.onDidChangeActiveTextEditor((e) => this.setActive(e?.document)));
    this.setActive(vscode.window.activeTextEditor?.document);
  }

  private setActive(doc: vscode.TextDocument | undefined): void {
    const isLog = !!doc && this.findings.isHeld(doc.uri, HOLDER);
    void vscode.commands.executeCommand('setContext', 'metricLens.activeIsLog', isLog);
  }

  private opened(doc: vscode.TextDocument): void {
    if (doc.uri.scheme !== 'file' || this.findings.isHeld(doc.uri, HOLDER)) return;
    void this.recognise(doc.uri);
  }

  /**
   * A log is recognised from the file on disk as the CLI recognises it (same bytes, same
   * detection): the editor offers Show Curves on exactly the files `inspect` reads. A predictions
   * file is not a training log, though it is a CSV too.
   */
  private async recognise(uri: vscode.Uri): Promise<void> {
    let isLog: boolean;
    try {
      isLog =
        (await detectFileFormat(uri.fsPath)) !== undefined &&
        !looksLikePredictions(uri.fsPath, await readHead(uri.fsPath, 4096));
    } catch {
      return; // Unreadable (gone, a folder): not a log.
    }
    const key = uri.toString();
    // Closed while it was being read, or held meanwhile.
    if (
      !isLog ||
      this.findings.isHeld(uri, HOLDER) ||
      !vscode.workspace.textDocuments.some((d) => d.uri.toString() === key)
    )
      return;
    this.findings.hold(uri, HOLDER);
    const active = vscode.window.activeTextEditor?.document;
    if (active?.uri.toString() === key) this.setActive(active);
  }
}
