import * as assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, openSync, writeSync, closeSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { api, curvesOf, pointsOf, waitFor, workspaceUri } from '../helpers';

function percentile(xs: number[], p: number): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
}

describe('Fast at any size, in the editor', () => {
  it('shows an appended line in the webview quickly: p50 and p95 over 50 appends', async function () {
    this.timeout(120_000);
    mkdirSync(workspaceUri('scratch', 'latency').fsPath, { recursive: true });
    const file = workspaceUri('scratch', 'latency', 'history.csv');
    writeFileSync(file.fsPath, 'epoch,loss,val_loss\n0,1,1.1\n');
    await vscode.commands.executeCommand('metricLens.showCurves', file);
    await curvesOf(file, (s) => pointsOf(s, 'loss', 'loss') === 1);
    const latencies: number[] = [];
    for (let e = 1; e <= 50; e++) {
      const t0 = Date.now();
      appendFileSync(file.fsPath, `${e},${1 / (1 + e)},${1.1 / (1 + e)}\n`);
      const s = await curvesOf(file, (x) => pointsOf(x, 'loss', 'loss') === e + 1);
      // When the webview drew the new point (its clock is this machine's), not when the test noticed.
      latencies.push(s.drawnAt - t0);
    }
    const p50 = percentile(latencies, 0.5);
    const p95 = percentile(latencies, 0.95);
    console.log(`      append → point in the webview: p50 ${p50} ms, p95 ${p95} ms (target p95 ≤ 150 ms)`);
    // A generous bound: timed assertions flake on a loaded machine; the numbers above are the measurement.
    assert.ok(p95 < 1000, `p95 ${p95} ms`);
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
      if (chunk.length > 1 << 20) { writeSync(fd, chunk); chunk = ''; }
    }
    writeSync(fd, chunk);
    closeSync(fd);
    const a = await api();
    const t0 = Date.now();
    await vscode.commands.executeCommand('metricLens.showConfusionMatrix', file);
    // While it reads, the host's event loop stays free: a 10 ms timer's lateness shows any freeze.
    let slowest = 0;
    let last = Date.now();
    const lag = setInterval(() => { const now = Date.now(); slowest = Math.max(slowest, now - last - 10); last = now; }, 10);
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
    console.log(`      3 M-row predictions evaluated in ${Date.now() - t0} ms; the host's event loop was never blocked longer than ${slowest} ms`);
    assert.ok(panelDone, 'the matrix was drawn');
    assert.ok(slowest < 1000, `the host was blocked for ${slowest} ms`);
    await waitFor(() => a.matrixPanels(), (ps) => ps.some((p) => p.sources[0] === file.toString()), 'the panel');
  });
});
