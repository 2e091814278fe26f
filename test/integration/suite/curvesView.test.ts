import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import {
  api,
  clickInWebview,
  curvesOf,
  evalInWebview,
  hasBridge,
  panelIndex,
  pointsOf,
  pressInWorkbench,
  screenshot,
  waitFor,
  waitForFile,
  workspaceUri,
} from '../helpers';

describe('Curves panel: views, many runs, export', () => {
  it('changes what it draws when log scale, smoothing and the x axis change', async () => {
    const file = workspaceUri('pytorch-digits', 'history.csv');
    await vscode.commands.executeCommand('metricLens.showCurves', file);
    await curvesOf(file, (s) => pointsOf(s, 'loss', 'loss') === 50);
    const a = await api();
    const index = await panelIndex(file);

    // A Keras history counts epochs: the x-axis menu says so, and does not offer epochs twice.
    let s = await curvesOf(file, (x) => x.charts.length > 0);
    assert.deepEqual(s.xChoices, ['epoch', 'relative time', 'wall time']);
    assert.deepEqual(s.summaryColumns, ['Run', 'Metric', 'Best', 'Best at epoch', 'Last', 'Last epoch']);
    assert.equal(s.charts[0]!.xTitle, 'epoch');

    await a.applyCurvesState(index, { yLog: true });
    s = await curvesOf(file, (x) => x.charts[0]?.yScale === 'logarithmic');
    assert.equal(s.charts.find((c) => c.key === 'accuracy')!.yScale, 'logarithmic');

    await a.applyCurvesState(index, { yLog: false, smoothing: 0.8 });
    s = await curvesOf(file, (x) => x.charts[0]!.datasets.some((d) => d.role === 'smoothed'));
    const loss = s.charts.find((c) => c.key === 'loss')!;
    assert.deepEqual(
      loss.datasets.map((d) => d.role),
      ['raw', 'smoothed', 'raw', 'smoothed'],
    );
    assert.equal(loss.yScale, 'linear');
    await screenshot('curves-smoothed', 'panel');

    await a.applyCurvesState(index, { smoothing: 0, xMode: 'epoch' });
    s = await curvesOf(
      file,
      (x) => x.charts[0]!.xTitle === 'epoch' && !x.charts[0]!.datasets.some((d) => d.role === 'smoothed'),
    );
    assert.equal(s.state['xMode'], 'epoch');
    await a.applyCurvesState(index, { xMode: 'step' });
  });

  it('toggles the log scale from its checkbox, as a user clicks it', async function () {
    if (!hasBridge()) this.skip();
    const file = workspaceUri('pytorch-digits', 'history.csv');
    await vscode.commands.executeCommand('metricLens.showCurves', file);
    await curvesOf(file, (s) => s.charts[0]?.yScale === 'linear');
    await clickInWebview('vscode-checkbox[data-control="yLog"]', 'Curves: history.csv');
    const s = await curvesOf(file, (x) => x.charts[0]?.yScale === 'logarithmic');
    assert.equal(s.state['yLog'], true);
    await clickInWebview('vscode-checkbox[data-control="yLog"]', 'Curves: history.csv');
    await curvesOf(file, (x) => x.charts[0]?.yScale === 'linear');
  });

  it('overlays three runs in three distinct colours, the same colour for a run on every chart', async () => {
    mkdirSync(workspaceUri('scratch', 'sweep').fsPath, { recursive: true });
    const files = [1, 2, 3].map((k) => {
      const uri = workspaceUri('scratch', 'sweep', `run${k}.csv`);
      const rows = Array.from(
        { length: 20 },
        (_, e) =>
          `${e},${(0.5 + 0.1 * k + 0.02 * e).toFixed(4)},${(2 / (1 + e * k * 0.3)).toFixed(4)},${(2.2 / (1 + e * k * 0.25)).toFixed(4)}`,
      );
      writeFileSync(uri.fsPath, `epoch,accuracy,loss,val_loss\n${rows.join('\n')}\n`);
      return uri;
    });
    await vscode.commands.executeCommand('metricLens.showCurves', files[0], files);
    const s = await curvesOf(files[0]!, (x) => x.charts.length === 2 && x.charts[0]!.datasets.length === 6);
    const loss = s.charts.find((c) => c.key === 'loss')!;
    const colorOfRun = new Map(loss.datasets.map((d) => [d.runId, d.color]));
    assert.equal(new Set(colorOfRun.values()).size, 3);
    for (const d of s.charts.find((c) => c.key === 'accuracy')!.datasets)
      assert.equal(d.color, colorOfRun.get(d.runId));
    assert.equal(s.summaryRows, 9);
    await screenshot('curves-three-runs', 'panel');
  });

  it('groups runs by a name pattern and draws each group as a mean with a band', async () => {
    const files = [1, 2, 3].map((k) => workspaceUri('scratch', 'sweep', `run${k}.csv`));
    const a = await api();
    const index = await panelIndex(...files);
    await a.applyCurvesState(index, { groupBy: 'regex', groupPattern: '(run)[12]', band: 'minmax' });
    const s = await curvesOf(files[0]!, (x) => x.charts[0]!.datasets.some((d) => d.role === 'mean'));
    const loss = s.charts.find((c) => c.key === 'loss')!;
    assert.deepEqual(
      loss.datasets.filter((d) => d.role !== 'raw').map((d) => d.role),
      ['band-low', 'band-high', 'mean', 'band-low', 'band-high', 'mean'],
    );
    await screenshot('curves-grouped', 'panel');
    await a.applyCurvesState(index, { groupBy: 'none' });
    await curvesOf(files[0]!, (x) => !x.charts[0]!.datasets.some((d) => d.role === 'mean'));
  });

  it('saves a chart as a PNG from its camera button', async function () {
    if (!hasBridge()) this.skip();
    const files = [1, 2, 3].map((k) => workspaceUri('scratch', 'sweep', `run${k}.csv`));
    await vscode.commands.executeCommand('metricLens.showCurves', files[0], files);
    await curvesOf(files[0]!, (x) => x.charts.length === 2);
    const target = vscode.Uri.file(join(mkdtempSync(join(tmpdir(), 'metric-lens-png-')), 'loss.png'));
    (await api()).setNextSaveTarget(target);
    await clickInWebview('article[data-chart-key="loss"] button[data-action="export-png"]', 'Curves: run1.csv +2');
    const png = await waitForFile(target.fsPath, 'the PNG file', 1000);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });

  it('opens a 1 M-point log and never sends the webview more than ~8 k points per series', async function () {
    this.timeout(180_000);
    const file = workspaceUri('scratch', 'million.csv');
    mkdirSync(workspaceUri('scratch').fsPath, { recursive: true });
    const lines = ['step,loss,val_loss'];
    for (let i = 0; i < 1_000_000; i++)
      lines.push(
        `${i},${(2 * Math.exp(-i / 200_000) + 0.05 * Math.sin(i / 50)).toFixed(7)},${i % 1000 === 0 ? (2.1 * Math.exp(-i / 250_000)).toFixed(5) : ''}`,
      );
    writeFileSync(file.fsPath, lines.join('\n') + '\n');
    const a = await api();
    const joinedBefore = a.logPartsJoined();
    await vscode.commands.executeCommand('metricLens.showCurves', file);
    const s = await curvesOf(file, (x) => (pointsOf(x, 'loss', 'loss') ?? 0) > 0, 120_000);
    // Over 16 MB: read in two parts at once, the second by a helper thread, and joined.
    assert.equal(a.logPartsJoined(), joinedBefore + 1);
    const index = await panelIndex(file);
    assert.ok(s.receivedMax <= 8000, `webview received ${s.receivedMax} points for one series`);
    assert.ok(a.maxPointsSent(index) <= 8000, `host sent ${a.maxPointsSent(index)}`);
    assert.ok(pointsOf(s, 'loss', 'loss')! > 1000);
    assert.equal(pointsOf(s, 'loss', 'val_loss'), 1000);
    assert.match(s.charts[0]!.note, /sample that keeps every peak/);

    // Zoomed in, the range comes at full resolution.
    await a.applyCurvesState(index, { xRange: [500_000, 500_999] });
    const zoomed = await curvesOf(file, (x) => pointsOf(x, 'loss', 'loss') === 1002);
    assert.equal(zoomed.charts[0]!.xMin, 500_000);
    await screenshot('curves-million-zoomed', 'panel');
    await a.applyCurvesState(index, { xRange: null });
  });

  it('exports the visible series as CSV with one row per epoch', async () => {
    const file = workspaceUri('keras', 'training.log');
    await vscode.commands.executeCommand('metricLens.showCurves', file);
    await curvesOf(file, (s) => pointsOf(s, 'loss', 'loss') === 17);
    const a = await api();
    const target = vscode.Uri.file(join(mkdtempSync(join(tmpdir(), 'metric-lens-export-')), 'curves.csv'));
    const written = await a.exportCurves(await panelIndex(file), 'csv', target);
    assert.equal((written as vscode.Uri).fsPath, target.fsPath);
    const rows = readFileSync(target.fsPath, 'utf8').trimEnd().split('\n');
    assert.equal(rows[0], 'epoch,accuracy,loss,val_accuracy,val_loss');
    assert.equal(rows.length, 18);
    const source = readFileSync(workspaceUri('keras', 'training.log').fsPath, 'utf8').trimEnd().split('\n');
    assert.deepEqual(
      rows.slice(1).map((r) => r.split(',').map(Number)),
      source.slice(1).map((r) => r.split(',').map(Number)),
    );
    const md = await a.exportCurves(await panelIndex(file), 'markdown');
    assert.match(String(md), /\| keras\/training\.log \| val_loss \| 1\.02398 \| 10 \| 1\.07451 \| 16 \|/);
  });

  it('zooms to a step on request and keeps the zoom while the file grows', async () => {
    const file = workspaceUri('scratch', 'zoom.csv');
    const rows = Array.from({ length: 100 }, (_, e) => `${e},${(1 / (1 + e)).toFixed(5)}`);
    writeFileSync(file.fsPath, `epoch,loss\n${rows.join('\n')}\n`);
    await vscode.commands.executeCommand('metricLens.showCurves', file);
    await curvesOf(file, (s) => pointsOf(s, 'loss', 'loss') === 100);
    const a = await api();
    const index = await panelIndex(file);
    a.focusCurves(index, 50);
    const zoomed = await curvesOf(file, (s) => s.charts[0]!.xMin !== null && s.charts[0]!.xMin > 0);
    const [min, max] = [zoomed.charts[0]!.xMin!, zoomed.charts[0]!.xMax!];
    assert.ok(min < 50 && max > 50 && max - min < 60, `${min}..${max}`);
    const { appendFileSync } = await import('node:fs');
    appendFileSync(file.fsPath, '100,0.0099\n101,0.0098\n');
    const after = await curvesOf(file, (s) => s.charts[0]!.datasets[0]!.total === 102);
    assert.deepEqual([after.charts[0]!.xMin, after.charts[0]!.xMax], [min, max]);
    await a.applyCurvesState(index, { xRange: null });
    await waitFor(
      () => a.probeCurves(index),
      (s) => pointsOf(s, 'loss', 'loss') === 102,
      'the full range after reset',
    );
  });

  it('zooms and pans the x axis from the keyboard on a focused chart, and says so to screen readers', async function () {
    // Keys pressed as a user presses them, in the panel (the harness can).
    if (!hasBridge()) this.skip();
    mkdirSync(workspaceUri('scratch').fsPath, { recursive: true });
    const file = workspaceUri('scratch', 'zoom_keys.csv');
    const rows = Array.from({ length: 101 }, (_, e) => `${e},${(1 / (1 + e)).toFixed(5)}`);
    writeFileSync(file.fsPath, `epoch,loss\n${rows.join('\n')}\n`);
    await vscode.commands.executeCommand('metricLens.showCurves', file);
    await curvesOf(
      file,
      (s) => pointsOf(s, 'loss', 'loss') === 101 && s.charts[0]!.xMin === 0 && s.charts[0]!.xMax === 100,
    );
    const title = 'Curves: zoom_keys.csv';
    // A click gives the chart the focus (no drag: no zoom).
    await clickInWebview('article[data-chart-key="loss"] canvas', title);
    assert.equal(await evalInWebview('document.activeElement?.tagName', title), 'CANVAS');
    const spoken = async () =>
      String(await evalInWebview(`document.querySelector('[role="status"]').textContent`, title));
    const near = (a: unknown, b: readonly [number, number]) =>
      Array.isArray(a) && Math.abs(Number(a[0]) - b[0]) < 1e-9 && Math.abs(Number(a[1]) - b[1]) < 1e-9;
    const expectRange = async (key: string, range: readonly [number, number] | null, said: RegExp) => {
      await pressInWorkbench(key);
      const s = await curvesOf(file, (x) =>
        range === null ? x.state['xRange'] === null : near(x.state['xRange'], range),
      );
      if (range) {
        // The chart shows it (every chart: the x axis is shared).
        await curvesOf(file, (x) => x.charts.every((c) => near([c.xMin, c.xMax], range)));
      }
      assert.match(await spoken(), said, `after ${key}: ${JSON.stringify(s.state['xRange'])}`);
    };
    await expectRange('+', [25, 75], /^x axis: 25 to 75, 50 % of 0 to 100$/);
    await expectRange('+', [37.5, 62.5], /^x axis: 37\.5 to 62\.5, 25 % of 0 to 100$/);
    await expectRange('ArrowRight', [43.75, 68.75], /^x axis: 43\.75 to 68\.75, 25 %/);
    await expectRange('ArrowLeft', [37.5, 62.5], /^x axis: 37\.5 to 62\.5/);
    await expectRange('-', [25, 75], /50 % of 0 to 100/);
    await expectRange('End', [50, 100], /^x axis: 50 to 100/);
    await expectRange('Home', [0, 50], /^x axis: 0 to 50/);
    await screenshot('curves-keyboard-zoom', 'panel');
    await expectRange('0', null, /^x axis: everything, 0 to 100$/);
    await curvesOf(file, (x) => x.charts[0]!.xMin === 0 && x.charts[0]!.xMax === 100);
  });
});

describe('Curves settings', () => {
  afterEach(async () => {
    const c = vscode.workspace.getConfiguration('metricLens.curves');
    await c.update('smoothing', undefined, vscode.ConfigurationTarget.Global);
    await c.update('palette', undefined, vscode.ConfigurationTarget.Global);
    await c.update('maxPointsPerSeries', undefined, vscode.ConfigurationTarget.Global);
  });

  it('applies a changed smoothing, palette and point budget to an open panel without a reload', async () => {
    const file = workspaceUri('pytorch-digits', 'history.csv');
    await vscode.commands.executeCommand('metricLens.showCurves', file);
    await curvesOf(file, (s) => pointsOf(s, 'loss', 'loss') === 50);
    const c = vscode.workspace.getConfiguration('metricLens.curves');
    await c.update('smoothing', 0.7, vscode.ConfigurationTarget.Global);
    await c.update('palette', ['#ff00ff'], vscode.ConfigurationTarget.Global);
    const s = await curvesOf(
      file,
      (x) =>
        x.state['smoothing'] === 0.7 &&
        x.charts[0]!.datasets.some((d) => d.role === 'smoothed' && d.color === '#ff00ff'),
    );
    assert.ok(s.charts[0]!.datasets.length >= 4);
    await (await api()).applyCurvesState(await panelIndex(file), { smoothing: 0 });
    // The point budget, on a series longer than it: more than 400 of the 5 000 points drawn, then at most 400
    // once the setting says so.
    mkdirSync(workspaceUri('scratch', 'budget').fsPath, { recursive: true });
    const long = workspaceUri('scratch', 'budget', 'history.csv');
    writeFileSync(
      long.fsPath,
      'step,loss\n' + Array.from({ length: 5000 }, (_, i) => `${i},${1 + Math.sin(i / 7)}`).join('\n') + '\n',
    );
    await vscode.commands.executeCommand('metricLens.showCurves', long);
    await curvesOf(long, (x) => (pointsOf(x, 'loss', 'loss') ?? 0) > 400);
    await c.update('maxPointsPerSeries', 400, vscode.ConfigurationTarget.Global);
    const small = await curvesOf(long, (x) => pointsOf(x, 'loss', 'loss')! <= 400);
    assert.ok(
      pointsOf(small, 'loss', 'loss')! >= 200,
      `${pointsOf(small, 'loss', 'loss')} points: a downsample, not an empty chart`,
    );
  });
});
