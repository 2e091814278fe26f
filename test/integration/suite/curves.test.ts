import * as assert from 'node:assert/strict';
import { appendFileSync, writeFileSync, mkdirSync } from 'node:fs';
import * as vscode from 'vscode';
import { EXTENSION_ID, api, curvesOf, pointsOf, screenshot, workspaceUri } from '../helpers';

describe('Show Curves', () => {
  before(async () => {
    await api();
  });

  it('activates the extension and registers every command it contributes', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    assert.ok(ext.isActive);
    const contributed = (ext.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
    assert.ok(contributed.includes('metricLens.showCurves') && contributed.length >= 5, contributed.join(', '));
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(
      contributed.filter((c) => !registered.has(c)),
      [],
      'contributed (in the palette or a menu) but not registered',
    );
  });

  it('opens a panel beside a Keras CSVLogger log with loss and val_loss on one chart', async () => {
    const log = workspaceUri('keras', 'training.log');
    await vscode.window.showTextDocument(log);
    await vscode.commands.executeCommand('metricLens.showCurves', log);
    const shown = await curvesOf(log, (s) => s.charts.length >= 2);
    assert.deepEqual(
      shown.charts.map((c) => c.title),
      ['loss', 'accuracy'],
    );
    const loss = shown.charts[0]!;
    assert.deepEqual(
      loss.datasets.map((d) => [d.label, d.split, d.points, d.dashed]),
      [
        ['loss', 'train', 17, false],
        ['val_loss', 'val', 17, true],
      ],
    );
    assert.equal(pointsOf(shown, 'accuracy', 'val_accuracy'), 17);
    assert.deepEqual(shown.scriptErrors, []);
    assert.deepEqual(shown.securityViolations, []);
    await screenshot('curves-keras', 'window');
  });

  it('pairs the interleaved train and validation rows of a Lightning metrics.csv', async () => {
    const file = workspaceUri('lightning', 'metrics.csv');
    await vscode.commands.executeCommand('metricLens.showCurves', file);
    const shown = await curvesOf(file);
    const loss = shown.charts.find((c) => c.key === 'loss');
    assert.ok(loss, 'a loss chart');
    assert.deepEqual(
      loss.datasets.map((d) => [d.label, d.points]),
      [
        ['train_loss', 25],
        ['val_loss', 5],
      ],
    );
  });

  it('grows the charts as lines are appended to the log, without a reload', async () => {
    mkdirSync(workspaceUri('scratch').fsPath, { recursive: true });
    const file = workspaceUri('scratch', 'history.csv');
    writeFileSync(file.fsPath, 'epoch,accuracy,loss,val_accuracy,val_loss\n0,0.5,1.2,0.45,1.3\n1,0.6,0.9,0.55,1.0\n');
    await vscode.commands.executeCommand('metricLens.showCurves', file);
    const before = await curvesOf(file, (s) => pointsOf(s, 'loss', 'loss') === 2);
    assert.equal(pointsOf(before, 'loss', 'val_loss'), 2);

    const latencies: number[] = [];
    for (let epoch = 2; epoch < 7; epoch++) {
      const t0 = Date.now();
      appendFileSync(
        file.fsPath,
        `${epoch},0.${epoch + 5},${(1 / epoch).toFixed(3)},0.${epoch + 4},${(1.1 / epoch).toFixed(3)}\n`,
      );
      await curvesOf(
        file,
        (s) => pointsOf(s, 'loss', 'loss') === epoch + 1 && pointsOf(s, 'loss', 'val_loss') === epoch + 1,
      );
      latencies.push(Date.now() - t0);
    }
    console.log(`      append → webview latency (ms): ${latencies.join(', ')}`);

    // Half a line first: nothing new is drawn until the line is complete.
    appendFileSync(file.fsPath, '7,0.9');
    appendFileSync(file.fsPath, '1,0.1,0.88,0.15\n');
    const after = await curvesOf(file, (s) => pointsOf(s, 'loss', 'loss') === 8);
    assert.equal(pointsOf(after, 'accuracy', 'accuracy'), 8);
    await screenshot('curves-live', 'panel');
  });

  it('starts over when the file is rewritten with fewer lines', async () => {
    const file = workspaceUri('scratch', 'history.csv');
    writeFileSync(file.fsPath, 'epoch,loss,val_loss\n0,2.0,2.1\n');
    const shown = await curvesOf(file, (s) => pointsOf(s, 'loss', 'loss') === 1 && s.charts.length === 1);
    assert.equal(pointsOf(shown, 'loss', 'val_loss'), 1);
  });

  it('lists lines it could not read, with everything else still drawn', async () => {
    const file = workspaceUri('scratch', 'broken.csv');
    writeFileSync(file.fsPath, 'epoch,loss,val_loss\n0,1.0,1.1\n1,0.9\n2,0.8,0.95\n');
    await vscode.commands.executeCommand('metricLens.showCurves', file);
    const shown = await curvesOf(file, (s) => s.issues.length > 0);
    assert.equal(pointsOf(shown, 'loss', 'loss'), 2);
    assert.match(shown.issues[0]!, /line 3: 2 fields, header has 3/);
  });
});
