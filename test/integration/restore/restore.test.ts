import * as assert from 'node:assert/strict';
import { api, curvesOf, pointsOf, screenshot, waitFor, workspaceUri } from '../helpers';

describe('After a window reload', () => {
  it('brings back the curves panel with its data (panel serializer)', async function () {
    this.timeout(120_000);
    const file = workspaceUri('pytorch-digits', 'history.csv');
    const a = await api();
    const panels = await waitFor(
      () => a.curvesPanels(),
      (ps) => ps.some((p) => p.sources.includes(file.toString()) && p.ready),
      'the restored panel',
      // The page watchdog loads a page that never said ready again after 6, 18 and 42 s (pageWatchdog.ts).
      60_000,
    );
    const restored = panels.find((p) => p.sources.includes(file.toString()))!;
    await screenshot('restored-window', 'window');
    assert.equal(restored.restored, true);
    const shown = await curvesOf(file, (s) => pointsOf(s, 'loss', 'loss') === 50);
    assert.deepEqual(
      shown.charts.map((c) => c.title),
      ['loss', 'accuracy'],
    );
    // The UI state set before the reload came back with the panel.
    assert.equal(shown.state['smoothing'], 0.6);
    assert.equal(shown.charts[0]!.yScale, 'logarithmic');
    assert.ok(shown.charts[0]!.datasets.some((d) => d.role === 'smoothed'));
    await screenshot('curves-restored', 'window');
  });

  it('brings back the Compare Runs panel beside it with its sort, filter, columns, selection and baseline', async () => {
    const sweep = workspaceUri('compare', 'sweep');
    const a = await api();
    const index = await waitFor(
      () => a.comparePanels().findIndex((p) => p.scope === sweep.toString() && p.ready && p.rows === 8),
      (i) => i >= 0,
      'the restored compare panel',
      40_000,
    );
    assert.equal(a.comparePanels()[index]!.restored, true);
    const run = (v: string) => workspaceUri('compare', 'sweep', 'lightning_logs', v, 'metrics.csv').toString();
    const s = await waitFor(
      () => a.probeCompare(index),
      (x) => x.rows.length === 4,
      'the restored table',
    );
    assert.deepEqual(s.columns, ['name', 'optimizer.lr', 'val_loss.best']);
    // adam runs only, the worst val_loss.best first (reference.json: version_2, 1, 3, 0).
    assert.deepEqual(
      s.rows.map((r) => r['name']),
      ['version_2/metrics.csv', 'version_1/metrics.csv', 'version_3/metrics.csv', 'version_0/metrics.csv'],
    );
    assert.deepEqual(s.selected, [run('version_1'), run('version_2')]);
    assert.equal(s.baseline, run('version_0'));
    await screenshot('compare-restored', 'window');
  });
});
