/** Logs open in an editor are diagnosed while they are open (recognised by name, then by content). */

import * as vscode from 'vscode';
import { detectFormat } from '../../core/formats';
import { looksLikePredictions } from '../../core/classify';
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
    const head = doc.getText(new vscode.Range(0, 0, Math.min(doc.lineCount, 40), 0));
    // A predictions file is not a training log, though it is a CSV too.
    if (detectFormat(doc.uri.fsPath, head) && !looksLikePredictions(doc.uri.fsPath, head)) this.findings.hold(doc.uri, HOLDER);
  }
}
