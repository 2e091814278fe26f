import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  EXTENSION_ID,
  editorTitleActions,
  explorerMenu,
  explorerViews,
  hasBridge,
  screenshot,
  sleep,
  workspaceUri,
} from '../helpers';

const OURS = /Show Curves|Show Confusion Matrix|Compare Runs|Metric Lens/;

// Nothing here may call the extension's API: that would wake it.
describe('A folder with no training logs', () => {
  it('does not wake the extension: no activation, so no search and no watcher', async () => {
    // Give `workspaceContains` its start-up search, and the workbench its restore.
    await sleep(4000);
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'the extension is installed (in development)');
    assert.equal(ext.isActive, false);
  });

  it('shows no Training Runs view in the Explorer', async function () {
    if (!hasBridge()) this.skip();
    const views = await explorerViews();
    // The Explorer's own views are there (the bridge reads the right thing), ours is not.
    assert.ok(
      views.some((v) => /outline|timeline/i.test(v)),
      `views: ${views.join(', ')}`,
    );
    assert.ok(!views.some((v) => /training runs/i.test(v)), `views: ${views.join(', ')}`);
    await screenshot('quiet-explorer', 'window');
  });

  it('offers no Metric Lens item in the Explorer menu of a CSV, a JSON, a text file or a folder', async function () {
    if (!hasBridge()) this.skip();
    for (const name of ['cities.csv', 'settings.json', 'notes.txt', 'src']) {
      const labels = await explorerMenu(workspaceUri(name));
      assert.ok(
        labels.some((l) => /copy path/i.test(l)),
        `${name}: the menu was read: ${labels.join(', ')}`,
      );
      assert.deepEqual(
        labels.filter((l) => OURS.test(l)),
        [],
        name,
      );
    }
  });

  it('puts no Metric Lens button on the title of an open CSV', async function () {
    if (!hasBridge()) this.skip();
    await vscode.window.showTextDocument(workspaceUri('cities.csv'));
    await sleep(500);
    const actions = (await editorTitleActions()) ?? [];
    assert.deepEqual(
      actions.filter((l) => OURS.test(l)),
      [],
      actions.join(', '),
    );
    // Still asleep after all that.
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)!.isActive, false);
  });
});
