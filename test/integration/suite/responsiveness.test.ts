import * as assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, openSync, writeSync, closeSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { CurvesSnapshot } from '../../../src/protocol';
import { api, curvesOf, panelIndex, pointsOf, sleep, waitFor, workspaceUri } from '../helpers';

function percentile(xs: number[], p: number): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
}

function drawsByChart(s: CurvesSnapshot): Map<string, number> {
  return new Map(s.charts.map((c) => [c.key, c.draws]));
}

/** Which charts were drawn again since `before`, and how many times. */
function changedCharts(before: Map<string, number>, after: CurvesSnapshot): Record<string, number> {
  return Object.fromEntries(
    after.charts.filter((c) => c.draws !== before.get(c.key)).map((c) => [c.key, c.draws - (before.get(c.key) ?? 0)]),
  );
}

describe('Fast at any size, in the editor', () => {
  // Twenty quantities a run logs (train loss per step, the rest at evaluations): twenty charts.
  const EVAL_METRICS = [
    'val_loss',
    'accuracy',
    'val_accuracy',
    'lr',
    'grad_norm',
    'precision',
    'recall',
    'f1',
    'auc',
    'bleu',
    'perplexity',
    'dice',
    'iou',
    'map50',
    'kl',
    'entropy',
    'reward',
    'throughput',
    'rmse',
    'wer',
    'psnr',
  ];

  it('draws an appended line with 20 charts open quickly: p50 and p95 over 50 appends', async function () {
    this.timeout(180_000);
    mkdirSync(workspaceUri('scratch', 'latency').fsPath, { recursive: true });
    const file = workspaceUri('scratch', 'latency', 'metrics.jsonl');
    const evalLine = (step: number) =>
      JSON.stringify(
        Object.fromEntries([
          ['step', step],
          ['loss', 1 / (1 + step)],
          ...EVAL_METRICS.map((m, i) => [m, (i + 1) / (2 + step)]),
        ]),
      ) + '\n';
    writeFileSync(file.fsPath, evalLine(0) + evalLine(1));
    await vscode.commands.executeCommand('metricLens.showCurves', file);
    let shown = await curvesOf(file, (s) => s.charts.length === 20 && pointsOf(s, 'loss', 'loss') === 2);
    assert.equal(shown.charts.length, 20);
    const a = await api();
    const panel = await panelIndex(file);
    const findingsBefore = JSON.stringify(a.findingsFor(file));
    // The findings service says nothing (no diagnostics set, no event) for a line that changes no finding.
    let diagnosticEvents = 0;
    const counting = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === file.toString())) diagnosticEvents++;
    });
    const latencies: number[] = [];
    for (let step = 2; step < 52; step++) {
      // A writer at a few lines a second: each line lands after the panel settled, so the figure is
      // the path from one append to its pixel, not the coalescing of bursts (at most one read per 100 ms).
      await sleep(150);
      const updates = a.messagesPosted(panel)['update'] ?? 0;
      const draws = drawsByChart(shown);
      const t0 = Date.now();
      appendFileSync(file.fsPath, `{"step": ${step}, "loss": ${1 / (1 + step)}}\n`);
      shown = await curvesOf(file, (x) => pointsOf(x, 'loss', 'loss') === step + 1);
      // When the webview drew the new point (its clock is this machine's), not when the test noticed.
      latencies.push(shown.drawnAt - t0);
      // One message for the line, and only the chart it adds a point to drawn again.
      assert.equal((a.messagesPosted(panel)['update'] ?? 0) - updates, 1, `messages for the line of step ${step}`);
      assert.deepEqual(changedCharts(draws, shown), { loss: 1 }, `charts drawn again for the line of step ${step}`);
    }
    counting.dispose();
    assert.equal(JSON.stringify(a.findingsFor(file)), findingsBefore, 'no finding came or went while the loss fell');
    assert.equal(diagnosticEvents, 0, 'diagnostics set again for lines that changed no finding');
    const p50 = percentile(latencies, 0.5);
    const p95 = percentile(latencies, 0.95);
    console.log(
      `      append → point drawn, 20 charts open: p50 ${p50} ms, p95 ${p95} ms (target p95 ≤ 50 ms); all: ${latencies.join(' ')}`,
    );
    // A generous bound: timed assertions flake on a loaded machine; the numbers above are the measurement.
    assert.ok(p95 < 1000, `p95 ${p95} ms`);

    // A line that brings a finding (a NaN loss): the run and the findings change in one turn, and
    // the one message carries both the point and the mark.
    const updates = a.messagesPosted(panel)['update'] ?? 0;
    const draws = drawsByChart(shown);
    appendFileSync(file.fsPath, '{"step": 52, "loss": NaN}\n');
    shown = await curvesOf(file, (x) => (x.charts.find((c) => c.key === 'loss')?.markers ?? 0) > 0);
    assert.ok(
      a.findingsFor(file).some((f) => f.rule === 'nonFinite'),
      `findings: ${JSON.stringify(a.findingsFor(file))}`,
    );
    await sleep(300);
    shown = await curvesOf(file);
    assert.equal((a.messagesPosted(panel)['update'] ?? 0) - updates, 1, 'one message for the line and its finding');
    assert.deepEqual(changedCharts(draws, shown), { loss: 1 });
  });

  it('keeps the extension host responsive while a large predictions file is evaluated', async function () {
    this.timeout(300_000);
    mkdirSync(workspaceUri('scratch', 'latency').fsPath, { recursive: true });
    const file = workspaceUri('scratch', 'latency', 'big_predictions.csv');
    const fd = openSync(file.fsPath, 'w');
    writeSync(fd, 'y_true,score\n');
    let chunk = '';
    let seed = 7;
    for (let r = 0; r < 3_000_000; r++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const y = r % 3 === 0 ? 1 : 0;
      chunk += `${y},${((seed / 2147483648) * 0.6 + y * 0.4).toFixed(6)}\n`;
      if (chunk.length > 1 << 20) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    writeSync(fd, chunk);
    closeSync(fd);
    const a = await api();
    const t0 = Date.now();
    await vscode.commands.executeCommand('metricLens.showConfusionMatrix', file);
    // While it reads, the host's event loop stays free: a 10 ms timer's lateness shows any freeze.
    let slowest = 0;
    let last = Date.now();
    const lag = setInterval(() => {
      const now = Date.now();
      slowest = Math.max(slowest, now - last - 10);
      last = now;
    }, 10);
    let panelDone = false;
    try {
      while (!panelDone && Date.now() - t0 < 240_000) {
        await new Promise((r) => setTimeout(r, 100));
        const i = a.matrixPanels().findIndex((p) => p.sources[0] === file.toString());
        if (i >= 0) {
          const s = await a.probeMatrix(i).catch(() => undefined);
          panelDone = !!s && s.cells.length === 2;
        }
      }
    } finally {
      clearInterval(lag);
    }
    console.log(
      `      3 M-row predictions evaluated in ${Date.now() - t0} ms; the host's event loop was never blocked longer than ${slowest} ms`,
    );
    assert.ok(panelDone, 'the matrix was drawn');
    assert.ok(slowest < 1000, `the host was blocked for ${slowest} ms`);
    await waitFor(
      () => a.matrixPanels(),
      (ps) => ps.some((p) => p.sources[0] === file.toString()),
      'the panel',
    );
  });
});
