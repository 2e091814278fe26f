import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import {
  EXTENSION_ID,
  api,
  curvesOf,
  editorTitleActions,
  evalInWebview,
  hasBridge,
  screenshot,
  sleep,
  waitFor,
  workspaceUri,
} from '../helpers';
import { colorCount, dominantColor, readPng } from '../png';

interface Walkthrough {
  id: string;
  steps: { id: string; description: string; completionEvents?: string[] }[];
}

describe('Feels native', () => {
  it('contributes a Getting Started walkthrough whose every button runs a registered command', async () => {
    await api();
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const walkthroughs = ext.packageJSON.contributes.walkthroughs as Walkthrough[];
    assert.equal(walkthroughs.length, 1);
    const steps = walkthroughs[0]!.steps;
    assert.deepEqual(
      steps.map((s) => s.id),
      ['openLog', 'showCurves', 'showMatrix', 'seeWarning'],
    );
    const commands = new Set(await vscode.commands.getCommands(true));
    for (const s of steps) {
      assert.ok((s.completionEvents ?? []).length > 0, s.id);
      for (const e of s.completionEvents ?? []) assert.ok(commands.has(e.replace('onCommand:', '')), e);
    }
  });

  it('opens the bundled samples from the walkthrough: curves, matrix, and the warning on its line', async () => {
    const a = await api();
    await vscode.commands.executeCommand('metricLens.walkthrough.showSampleCurves');
    const sample = vscode.Uri.joinPath(
      vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri,
      'media',
      'samples',
      'history.csv',
    );
    await curvesOf(sample, (s) => s.charts.length === 2);
    await vscode.commands.executeCommand('metricLens.walkthrough.showSampleMatrix');
    await waitFor(
      () => a.matrixPanels(),
      (ps) => ps.some((p) => p.sources[0]!.endsWith('media/samples/predictions.csv')),
      'the sample matrix',
    );
    await vscode.commands.executeCommand('metricLens.walkthrough.showSampleWarning');
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.uri.toString(), sample.toString());
    assert.equal(editor.selection.active.line, 26);
    await waitFor(
      () => vscode.languages.getDiagnostics(sample),
      (d) => d.some((x) => x.code === 'overfitting' && x.range.start.line === 26),
      'the warning',
    );
  });

  it('shows its editor-title buttons only where they apply', async function () {
    if (!hasBridge()) this.skip();
    await vscode.window.showTextDocument(workspaceUri('keras', 'training.log'));
    const onLog = await waitFor(
      () => editorTitleActions(),
      (l) => !!l?.some((x) => x.includes('Show Curves')),
      'the Show Curves button on a log',
    );
    assert.ok(!onLog!.some((x) => x.includes('Show Confusion Matrix')), onLog!.join(', '));
    await vscode.window.showTextDocument(workspaceUri('classify', 'catdog.csv'));
    const onPredictions = await waitFor(
      () => editorTitleActions(),
      (l) => !!l?.some((x) => x.includes('Show Confusion Matrix')),
      'the matrix button on predictions',
    );
    assert.ok(!onPredictions!.some((x) => x.includes('Show Curves')), onPredictions!.join(', '));
    await vscode.window.showTextDocument(workspaceUri('classify', 'make_reference.py'));
    // The title bar follows the context keys a moment later (longer on a busy machine).
    const elsewhere = await waitFor(
      () => editorTitleActions(),
      (l) => !!l && !l.some((x) => /Show Curves|Show Confusion Matrix/.test(x)),
      'no Metric Lens button on a Python file',
      5000,
    );
    assert.ok(!elsewhere!.some((x) => /Show Curves|Show Confusion Matrix/.test(x)), elsewhere!.join(', '));
  });

  it('names every control in its panels for screen readers and makes them keyboard-reachable', async function () {
    if (!hasBridge()) this.skip();
    // One panel titled "Curves: history.csv": the walkthrough's sample of the same name may be open too.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const file = workspaceUri('pytorch-digits', 'history.csv');
    await vscode.commands.executeCommand('metricLens.showCurves', file);
    await curvesOf(file, (s) => s.charts.length === 2);
    const unnamed = (await evalInWebview(
      `[...document.querySelectorAll('button, input, select, vscode-button, vscode-checkbox, vscode-single-select, vscode-textfield, [tabindex], canvas')]
      .filter((e) => !(e.getAttribute('aria-label') || e.getAttribute('title') || e.getAttribute('label') || (e.textContent || '').trim()))
      .map((e) => e.outerHTML.slice(0, 80))`,
      'Curves: history.csv',
    )) as string[];
    assert.deepEqual(unnamed, []);
    const unreachable = await evalInWebview(
      `[...document.querySelectorAll('button, input')].filter((e) => e.tabIndex < 0).length`,
      'Curves: history.csv',
    );
    assert.equal(unreachable, 0);
  });

  it("draws its panels in the light, dark and high-contrast themes: the theme's background, charts on it", async function () {
    this.timeout(120_000);
    // The pictures are the harness's: read back, their pixels checked.
    if (!hasBridge()) this.skip();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const config = vscode.workspace.getConfiguration('workbench');
    const file = workspaceUri('pytorch-digits', 'history.csv');
    const predictions = workspaceUri('classify', 'catdog.csv');
    const a = await api();
    const seen: Record<string, [number, number, number]> = {};
    /**
     * The panel's picture: its margin is the theme's editor background (as the page itself says), most of
     * it is the page's own backgrounds (page or cards), and much is drawn on them.
     */
    const rgb = (css: string) => (/rgba?\((\d+), (\d+), (\d+)/.exec(css) ?? []).slice(1, 4).map(Number);
    const close = (a: readonly number[], b: readonly number[]) =>
      a.length === 3 && a.every((v, i) => Math.abs(v - b[i]!) <= 2);
    const check = async (shot: string, title: string): Promise<[number, number, number]> => {
      const file = await screenshot(shot, 'panel', title);
      assert.ok(file, `no screenshot ${shot}`);
      const body = String(await evalInWebview('getComputedStyle(document.body).backgroundColor', title));
      const large = (await evalInWebview(
        `[...document.querySelectorAll('*')].filter((e) => { const r = e.getBoundingClientRect(); return r.width * r.height > 0.05 * innerWidth * innerHeight; })
          .map((e) => getComputedStyle(e).backgroundColor).filter((c) => !/^rgba\\(.*, 0\\)$/.test(c))`,
        title,
      )) as string[];
      const pixels = readPng(file);
      const at = 4 * pixels.width + 4;
      const corner = Array.from(pixels.data.subarray(at * pixels.channels, at * pixels.channels + 3));
      assert.ok(
        close(corner, rgb(body)),
        `${shot}: the margin is rgb(${corner.join(', ')}), the page's background ${body}`,
      );
      const { rgb: most, share } = dominantColor(pixels);
      assert.ok(
        [body, ...large].some((c) => close(most, rgb(c))),
        `${shot}: most pixels are rgb(${most.join(', ')}), none of the page's backgrounds (${[body, ...large].join('; ')})`,
      );
      assert.ok(share > 0.3, `${shot}: the most common colour is ${(share * 100).toFixed(0)} % of the picture`);
      assert.ok(colorCount(pixels) > 40, `${shot}: ${colorCount(pixels)} colours, a blank panel`);
      return corner as [number, number, number];
    };
    try {
      for (const [name, theme] of [
        ['light', 'Default Light Modern'],
        ['dark', 'Default Dark Modern'],
        ['high-contrast', 'Default High Contrast'],
      ] as const) {
        await config.update('colorTheme', theme, vscode.ConfigurationTarget.Global);
        await sleep(800);
        await vscode.commands.executeCommand('metricLens.showCurves', file);
        await curvesOf(file, (s) => s.charts.length === 2);
        await sleep(400);
        await screenshot(`theme-${name}-curves`, 'window');
        seen[name] = await check(`theme-${name}-curves-panel`, 'Curves: history.csv');
        await vscode.commands.executeCommand('metricLens.showConfusionMatrix', predictions);
        await waitFor(
          async () => {
            const i = a.matrixPanels().findIndex((p) => p.sources[0] === predictions.toString() && p.visible);
            return i < 0 ? undefined : a.probeMatrix(i);
          },
          (m) => !!m && m.cells.length === 2,
          'the matrix drawn',
        );
        await sleep(400);
        await screenshot(`theme-${name}-matrix`, 'window');
        const matrix = await check(`theme-${name}-matrix-panel`, 'Matrix: catdog.csv');
        assert.deepEqual(matrix, seen[name], 'both panels on the same background');
      }
    } finally {
      await config.update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
    }
    // Each theme its own background: light, dark, and the high-contrast black.
    const luminance = ([r, g, b]: [number, number, number]) => 0.2126 * r + 0.7152 * g + 0.0722 * b;
    assert.ok(luminance(seen['light']!) > 200, `light: rgb(${seen['light']!.join(', ')})`);
    assert.ok(luminance(seen['dark']!) < 60 && luminance(seen['dark']!) > 5, `dark: rgb(${seen['dark']!.join(', ')})`);
    assert.deepEqual(seen['high-contrast'], [0, 0, 0]);
  });

  it('re-evaluates an open matrix when the threshold setting changes', async () => {
    const a = await api();
    mkdirSync(workspaceUri('scratch', 'settings').fsPath, { recursive: true });
    const file = workspaceUri('scratch', 'settings', 'scores_predictions.csv');
    writeFileSync(
      file.fsPath,
      'y_true,score\n' + Array.from({ length: 40 }, (_, i) => `${i % 2},${(i / 40).toFixed(3)}`).join('\n') + '\n',
    );
    await vscode.commands.executeCommand('metricLens.showConfusionMatrix', file);
    const index = await waitFor(
      () => a.matrixPanels().findIndex((p) => p.sources[0] === file.toString() && p.visible),
      (i) => i >= 0,
      'the panel',
    );
    const before = await waitFor(
      () => a.probeMatrix(index),
      (s) => s.cells.length > 0,
      'the matrix',
    );
    const c = vscode.workspace.getConfiguration('metricLens.classify');
    try {
      await c.update('threshold', 0.95, vscode.ConfigurationTarget.Global);
      const after = await waitFor(
        () => a.probeMatrix(index),
        (s) => JSON.stringify(s.cells) !== JSON.stringify(before.cells),
        'a different matrix',
      );
      assert.notDeepEqual(after.cells, before.cells);
    } finally {
      await c.update('threshold', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
