import * as assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { api, curvesOf, screenshot, sleep, waitFor, workspaceUri } from '../helpers';

function chart(s: Awaited<ReturnType<typeof curvesOf>>, key: string) {
  const c = s.charts.find((x) => x.key === key);
  assert.ok(c, `a "${key}" chart among ${s.charts.map((x) => x.key).join(', ')}`);
  return c;
}

describe('Every training log people have', () => {
  it('shows a TensorBoard event file (PyTorch SummaryWriter via Ultralytics): every value, many per step', async () => {
    const file = workspaceUri('tfevents', 'ultralytics', 'events.out.tfevents.1675348815.43529bab29be.37247.0');
    await vscode.commands.executeCommand('metricLens.showCurves', file);
    const s = await curvesOf(file, (x) => x.charts.length >= 4);
    const box = chart(s, 'box_loss');
    assert.deepEqual(
      box.datasets.map((d) => [d.label, d.split, d.total]),
      [
        ['train/box_loss', 'train', 1375],
        ['val/box_loss', 'val', 25],
      ],
    );
    await screenshot('formats-tfevents', 'panel');
  });

  it('shows a Keras TensorBoard log folder: train/ and validation/ are one run, NaN marked, not dropped', async () => {
    const folder = workspaceUri('tfevents', 'keras-nan', '20220213-124139');
    await vscode.commands.executeCommand('metricLens.showCurves', folder);
    const s = await curvesOf(folder, (x) => x.charts.length > 0 && x.charts.some((c) => c.markers > 0));
    const loss = chart(s, 'loss');
    assert.ok(loss.datasets.some((d) => d.split === 'val' && d.total === 20));
    assert.ok(loss.markers > 0, 'NaN values marked on the chart');
    assert.match(loss.note, /NaN\/Infinity/);
  });

  it('shows Hugging Face trainer_state.json: training loss rows and eval rows on the step axis', async () => {
    const file = workspaceUri('hf-trainer-state', 'results', 'checkpoint-10350', 'trainer_state.json');
    await vscode.commands.executeCommand('metricLens.showCurves', file);
    const s = await curvesOf(file, (x) => x.charts.length >= 3);
    assert.deepEqual(
      chart(s, 'loss').datasets.map((d) => [d.label, d.split, d.points]),
      [
        ['loss', 'train', 20],
        ['eval_loss', 'val', 10],
      ],
    );
    assert.equal(chart(s, 'accuracy').datasets[0]!.points, 10);
  });

  it('shows a text log of Keras progress lines (\\r updates, ANSI codes): one point per epoch', async () => {
    const file = workspaceUri('text', 'keras2-terminal.log');
    await vscode.commands.executeCommand('metricLens.showCurves', file);
    const s = await curvesOf(file, (x) => x.charts.length === 2);
    assert.deepEqual(
      chart(s, 'loss').datasets.map((d) => [d.label, d.points]),
      [
        ['loss', 4],
        ['val_loss', 4],
      ],
    );
  });

  it('shows an mmengine log whose first metric line is 67 KB in, after its config dump', async () => {
    const file = workspaceUri('text-real', 'mmengine-rtmpose.log');
    await vscode.commands.executeCommand('metricLens.showCurves', file);
    const s = await curvesOf(file, (x) => x.charts.length > 0);
    assert.deepEqual(
      chart(s, 'loss').datasets.map((d) => [d.label, d.points]),
      [['loss', 94]],
    );
  });

  it('shows an MLflow run folder from the Explorer: its metrics files as series', async () => {
    const folder = workspaceUri('mlflow', 'mnist', 'mlruns', '0', 'c89566f24f7b4bf0b526c7ac29c426be');
    await vscode.commands.executeCommand('metricLens.showCurves', folder);
    const s = await curvesOf(folder, (x) => x.charts.length > 0);
    const loss = chart(s, 'loss');
    assert.ok(
      loss.datasets.some((d) => d.label === 'train_loss' && d.points === 5),
      JSON.stringify(loss.datasets),
    );
  });

  it("lists the workspace's runs in the Training Runs view, one per run, and marks a run being written as live", async function () {
    this.timeout(60_000);
    const a = await api();
    const runs = await a.workspaceRuns();
    const paths = runs.map((r) => r.path);
    for (const expected of [
      'keras/training.log',
      'lightning/metrics.csv',
      'tfevents/keras-nan/20220213-124139',
      'mlflow/mnist/mlruns/0/c89566f24f7b4bf0b526c7ac29c426be',
      'hf-trainer-state/results/checkpoint-10350/trainer_state.json',
      'text/keras2-terminal.log',
      // Its first metric line is 67 KB in, after a config dump: found by reading on.
      'text-real/mmengine-rtmpose.log',
    ])
      assert.ok(paths.includes(expected), `${expected} among ${paths.join(', ')}`);
    assert.ok(!paths.some((p) => p.includes('predictions')), 'prediction files are not training runs');

    mkdirSync(workspaceUri('scratch', 'runs-view').fsPath, { recursive: true });
    const file = workspaceUri('scratch', 'runs-view', 'history.csv');
    writeFileSync(file.fsPath, 'epoch,loss,val_loss\n0,1,1.1\n');
    await waitFor(
      () => a.workspaceRuns(),
      (rs) => rs.some((r) => r.uri === file.toString() && r.points === 2),
      'the new run listed',
      30_000,
    );
    for (let e = 1; e < 4; e++) {
      appendFileSync(file.fsPath, `${e},${1 / (1 + e)},${1.1 / (1 + e)}\n`);
      await sleep(200);
    }
    const live = await waitFor(
      () => a.workspaceRuns(),
      (rs) => rs.some((r) => r.uri === file.toString() && r.live && r.points === 8),
      'the run marked live',
      30_000,
    );
    assert.ok(live.find((r) => r.uri === file.toString())!.live);
    await vscode.commands.executeCommand('workbench.view.explorer');
    await vscode.commands.executeCommand('metricLens.runs.focus');
    await screenshot('runs-view', 'window');
  });

  it('shows the runs selected in the Runs view overlaid in one panel', async () => {
    const a = await api();
    const one = workspaceUri('keras', 'training.log');
    const two = workspaceUri('pytorch-digits', 'history.csv');
    a.showRunsSelection([one, two]);
    const s = await curvesOf(
      one,
      (x) => x.charts.length > 0 && new Set(x.charts[0]!.datasets.map((d) => d.runId)).size === 2,
    );
    assert.equal(new Set(chart(s, 'loss').datasets.map((d) => d.color)).size, 2);
    // A new selection replaces the runs in the same panel.
    a.showRunsSelection([two]);
    await waitFor(
      () => a.curvesPanels(),
      (ps) => ps.some((p) => p.sources.length === 1 && p.sources[0] === two.toString()),
      'the selection panel to follow',
    );
  });
});
