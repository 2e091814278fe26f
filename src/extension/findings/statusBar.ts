/**
 * The status bar item: how many runs are being written right now and how many findings there are.
 * Clicking it lists the Metric Lens findings (the Problems panel has no filter an extension can set).
 */

import * as vscode from 'vscode';
import { Disposable } from '../dispose';
import { openAtLine } from '../openAtLine';
import type { FindingsService } from './findingsService';

export class FindingsStatusBar extends Disposable {
  private readonly item = this._register(
    vscode.window.createStatusBarItem('metricLens.status', vscode.StatusBarAlignment.Right, 100),
  );

  constructor(private readonly findings: FindingsService) {
    super();
    this.item.name = 'Metric Lens';
    this.item.command = 'metricLens.showFindings';
    this._register(findings.onDidChange(() => this.render()));
    // "Live" fades when a file stops changing: look again every few seconds.
    const timer = setInterval(() => this.render(), 5000);
    this._register({ dispose: () => clearInterval(timer) });
    this.render();
  }

  render(): void {
    const all = this.findings.all();
    const live = this.findings.liveRuns().filter((r) => r.isLive).length;
    let errors = 0,
      warnings = 0,
      infos = 0;
    for (const { findings } of all)
      for (const f of findings) {
        if (f.severity === 'error') errors++;
        else if (f.severity === 'warning') warnings++;
        else infos++;
      }
    if (all.length === 0) {
      this.item.hide();
      return;
    }
    const watched = all.length === 1 ? vscode.l10n.t('1 run') : vscode.l10n.t('{0} runs', all.length);
    const parts = [`$(graph-line) ${live > 0 ? vscode.l10n.t('{0} live', live) : watched}`];
    if (errors > 0) parts.push(`$(error) ${errors}`);
    if (warnings > 0) parts.push(`$(warning) ${warnings}`);
    if (infos > 0 && errors + warnings === 0) parts.push(`$(info) ${infos}`);
    this.item.text = parts.join('  ');
    this.item.tooltip = vscode.l10n.t(
      'Metric Lens: {0} runs watched, {1} being written; {2} errors, {3} warnings, {4} notes. Click to list them.',
      all.length,
      live,
      errors,
      warnings,
      infos,
    );
    this.item.accessibilityInformation = { label: this.item.tooltip, role: 'button' };
    this.item.show();
  }
}

/** The findings of every watched run, to pick one and go to its line. */
export async function showFindingsPick(findings: FindingsService): Promise<void> {
  type Item = vscode.QuickPickItem & { open?: () => Thenable<unknown> };
  const items: Item[] = [
    {
      label: vscode.l10n.t('$(list-flat) Open the Problems panel'),
      open: () => vscode.commands.executeCommand('workbench.actions.view.problems'),
    },
  ];
  for (const { uri, findings: list } of findings.all()) {
    for (const f of list) {
      const icon = f.severity === 'error' ? '$(error)' : f.severity === 'warning' ? '$(warning)' : '$(info)';
      items.push({
        label: `${icon} ${f.rule}`,
        description: `${vscode.workspace.asRelativePath(uri)}${f.line !== undefined ? `:${f.line}` : f.step !== undefined ? ` @ step ${f.step}` : ''}`,
        detail: f.message,
        open: async () => {
          // Binary logs (TensorBoard) have no line to go to: their curves, at the step, instead.
          if (f.line === undefined)
            return vscode.commands.executeCommand('metricLens.showInChart', uri.toString(), f.step ?? 0);
          return openAtLine(uri, f.line, vscode.ViewColumn.Active);
        },
      });
    }
  }
  const picked = await vscode.window.showQuickPick(items, {
    placeHolder: vscode.l10n.t('Metric Lens findings'),
    matchOnDescription: true,
    matchOnDetail: true,
  });
  await picked?.open?.();
}
