import * as assert from 'node:assert/strict';
import { api, curvesOf, pointsOf, screenshot, waitFor, workspaceUri } from '../helpers';

describe('After a window reload', () => {
  it('brings back the curves panel with its data (panel serializer)', async () => {
    const file = workspaceUri('pytorch-digits', 'history.csv');
    const a = await api();
    const panels = await waitFor(
      () => a.curvesPanels(),
      (ps) => ps.some((p) => p.sources.includes(file.toString()) && p.ready),
      'the restored panel',
      40_000,
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
});
