import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { curvesOf, screenshot, workspaceUri } from '../helpers';

/**
 * Values of a run (`best_…`, `hparam/…`, a score logged once beside curves) are numbers in the run
 * summary above the charts, not charts of one point; a W&B step metric is the x menu's, not a chart;
 * a series of unknown kind has no best mark.
 */
describe('Curves panel: the run summary', () => {
  it('shows "Best test accuracy" of a real CIFAR-10 log in the run summary, not as a chart', async function () {
    this.timeout(60_000);
    const file = workspaceUri('corpus', 'text', 'cifar10-network', 'training.log');
    await vscode.commands.executeCommand('metricLens.showCurves', file);
    const s = await curvesOf(file, (x) => x.charts.length > 0 && x.runValues.length > 0, 30_000);
    assert.deepEqual(s.runValues, ['Best test accuracy']);
    const labels = s.charts.flatMap((c) => c.datasets.map((d) => d.label));
    assert.ok(!labels.includes('Best test accuracy'), `charted: ${labels.join(', ')}`);
    assert.deepEqual(s.charts.map((c) => c.title).sort(), ['accuracy', 'loss']);
    // The curves stay in the best/last table; the value of the run is not repeated there.
    assert.deepEqual(s.summaryMetrics.slice().sort(), ['Test Acc', 'Train Loss']);
    await screenshot('curves-run-summary', 'panel');
  });

  it("a Hugging Face W&B run: train/global_step is no chart, the end-of-training values are the run's", async function () {
    this.timeout(60_000);
    const folder = workspaceUri('wandb', 'hf-0.15', 'run-20231104_013541-231sigsv');
    await vscode.commands.executeCommand('metricLens.showCurves', folder);
    const s = await curvesOf(folder, (x) => x.charts.length > 0 && x.runValues.length > 0, 30_000);
    assert.ok(s.xChoices.includes('train/global_step'), s.xChoices.join(', '));
    const labels = s.charts.flatMap((c) => c.datasets.map((d) => d.label));
    assert.ok(!labels.includes('train/global_step'), `charted: ${labels.join(', ')}`);
    assert.deepEqual(s.runValues.slice().sort(), [
      'train/total_flos',
      'train/train_loss',
      'train/train_runtime',
      'train/train_samples_per_second',
      'train/train_steps_per_second',
    ]);
    // A loss has its best mark; the learning rate (no better direction) has none.
    assert.ok(s.charts.find((c) => c.key === 'loss')!.bestMarks > 0);
    const lr = s.charts.find((c) => c.datasets.some((d) => d.label === 'train/learning_rate'));
    assert.equal(lr?.bestMarks, 0);
    await screenshot('wandb-run-summary', 'panel');
  });
});
