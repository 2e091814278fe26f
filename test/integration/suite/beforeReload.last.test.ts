import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import * as vscode from 'vscode';
import { api, curvesOf, pointsOf, saveWorkbenchState, screenshot, waitFor, workspaceUri } from '../helpers';

// Runs last (see mochaRunner): leaves a panel with UI state for the suite that runs after the reload.
describe('Before the window reload', () => {
  it('keeps a panel open for the reload suite', async () => {
    const file = workspaceUri('pytorch-digits', 'history.csv');
    // One log and its panel: what a reload must bring back, without a dozen other panels racing it, nor the
    // suites' generated runs (scratch/: hostile files, a 4 M-point log, live W&B copies) read again at start-up.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(workspaceUri('scratch').fsPath, { recursive: true, force: true });
    await vscode.window.showTextDocument(file);
    await vscode.commands.executeCommand('metricLens.showCurves', file);
    const shown = await curvesOf(file, (s) => pointsOf(s, 'loss', 'loss') === 50);
    assert.equal(pointsOf(shown, 'accuracy', 'val_accuracy'), 50);
    const a = await api();
    await waitFor(
      () => a.curvesPanels(),
      (ps) => ps.some((p) => p.sources.includes(file.toString()) && p.visible),
      'the panel to be visible',
    );
    await screenshot('curves-digits', 'panel');
    // UI state must survive the reload too.
    const index = a.curvesPanels().findIndex((p) => p.sources.includes(file.toString()));
    await a.applyCurvesState(index, { smoothing: 0.6, yLog: true });
    await curvesOf(file, (s) => s.charts[0]?.yScale === 'logarithmic' && s.state['smoothing'] === 0.6);
    await saveWorkbenchState((panels) =>
      panels.some((p) => p.id === 'metricLens.curves' && p.state?.['smoothing'] === 0.6 && p.state['yLog'] === true),
    );
  });

  it('keeps a Compare Runs panel with its sort, filter, columns, selection and baseline for the reload suite', async () => {
    const sweep = workspaceUri('compare', 'sweep');
    const a = await api();
    await vscode.commands.executeCommand('metricLens.compareRuns', sweep);
    const index = await waitFor(
      () => a.comparePanels().findIndex((p) => p.scope === sweep.toString() && p.ready),
      (i) => i >= 0,
      'the compare panel',
    );
    const run = (v: string) => workspaceUri('compare', 'sweep', 'lightning_logs', v, 'metrics.csv').toString();
    await a.applyCompareState(index, {
      sort: { key: 'val_loss.best', descending: true },
      filter: 'adam',
      columns: ['name', 'optimizer.lr', 'val_loss.best'],
      selected: [run('version_1'), run('version_2')],
      baseline: run('version_0'),
      groupBy: null,
      correlate: null,
    });
    await waitFor(
      () => a.probeCompare(index),
      (s) => s.rows.length === 4 && s.columns.length === 3,
      'the state applied',
    );
    await saveWorkbenchState((panels) =>
      panels.some(
        (p) => p.id === 'metricLens.compare' && p.state?.['filter'] === 'adam' && p.state['baseline'] !== undefined,
      ),
    );
  });
});
