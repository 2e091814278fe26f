import * as assert from 'node:assert/strict';
import { api, curvesOf, pointsOf, screenshot, waitFor, workspaceUri } from '../helpers';

describe('After a window reload', () => {
  it('brings back the curves panel with its data (panel serializer)', async () => {
    const file = workspaceUri('pytorch-digits', 'history.csv');
    const a = await api();
    await screenshot('restore-start', 'window');
    const panels = await waitFor(() => a.curvesPanels(), (ps) => ps.some((p) => p.sources.includes(file.toString())), 'the restored panel', 30_000);
    const restored = panels.find((p) => p.sources.includes(file.toString()))!;
    assert.equal(restored.restored, true);
    const shown = await curvesOf(file, (s) => pointsOf(s, 'loss', 'loss') === 50);
    assert.deepEqual(shown.charts.map((c) => c.title), ['loss', 'accuracy']);
    await screenshot('curves-restored', 'window');
  });
});
