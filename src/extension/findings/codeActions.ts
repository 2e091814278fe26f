/** "Show in chart" on a Metric Lens diagnostic: the curves panel of that log, zoomed to the finding's step. */

import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE, type FindingsService } from './findingsService';

export class ShowInChartActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly findings: FindingsService) {}

  provideCodeActions(
    doc: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const out: vscode.CodeAction[] = [];
    for (const d of context.diagnostics) {
      if (d.source !== DIAGNOSTIC_SOURCE) continue;
      const f = this.findings
        .findingsFor(doc.uri)
        .find((x) => x.rule === d.code && (x.line === undefined || x.line === d.range.start.line + 1));
      if (f?.step === undefined) continue;
      const action = new vscode.CodeAction(
        vscode.l10n.t('Show in chart (step {0})', f.step),
        vscode.CodeActionKind.QuickFix,
      );
      action.diagnostics = [d];
      action.command = {
        command: 'metricLens.showInChart',
        title: action.title,
        arguments: [doc.uri.toString(), f.step],
      };
      out.push(action);
    }
    return out;
  }
}
