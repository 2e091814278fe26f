import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, curvesOf, pointsOf, saveWorkbenchState, screenshot, waitFor, workspaceUri } from '../helpers';

// Runs last (see mochaRunner): leaves a panel with UI state for the suite that runs after the reload.
describe('Before the window reload', () => {
  it('keeps a panel open for the reload suite', async () => {
    const file = workspaceUri('pytorch-digits', 'history.csv');
    // One log and its panel: what a reload must bring back, without a dozen other panels racing it.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
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
    await saveWorkbenchState();
  });
});
