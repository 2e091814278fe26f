import * as assert from 'node:assert/strict';
import { api, explorerMenu, explorerViews, hasBridge, waitFor, workspaceUri } from '../helpers';

// The other side of the quiet folder (test/integration/quiet): where there are runs, everything shows.
describe('Shows itself where there are runs', () => {
  it('shows the Training Runs view, Show Curves on logs and their folders, Show Confusion Matrix on predictions', async function () {
    if (!hasBridge()) this.skip();
    this.timeout(60_000);
    const a = await api();
    await a.workspaceRuns();
    await waitFor(
      () => explorerViews(),
      (v) => v.some((t) => /training runs/i.test(t)),
      'the Training Runs view',
    );
    const menu = (name: string[]) => explorerMenu(workspaceUri(...name));
    assert.ok((await menu(['keras', 'training.log'])).includes('Show Curves'));
    assert.ok((await menu(['keras'])).includes('Show Curves'), 'a folder holding a run');
    const predictions = await menu(['classify', 'catdog.csv']);
    assert.ok(predictions.includes('Show Confusion Matrix'), predictions.join(', '));
    assert.ok(!predictions.includes('Show Curves'), predictions.join(', '));
    // A file that is neither.
    const script = await menu(['classify', 'make_reference.py']);
    assert.ok(
      script.some((l) => /copy path/i.test(l)),
      script.join(', '),
    );
    assert.deepEqual(
      script.filter((l) => /Show Curves|Show Confusion Matrix/.test(l)),
      [],
    );
  });
});
