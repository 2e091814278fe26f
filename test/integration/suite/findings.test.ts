import * as assert from 'node:assert/strict';
import { appendFileSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import * as vscode from 'vscode';
import { api, curvesOf, panelIndex, screenshot, sleep, waitFor, workspaceUri } from '../helpers';

function metricLensDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Metric Lens');
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
}

describe('Warnings where the problem is', () => {
  it('puts an overfitting diagnostic on the line where validation loss turned, with the numbers', async () => {
    const file = workspaceUri('pytorch-digits', 'history.csv');
    await vscode.window.showTextDocument(file);
    const diags = await waitFor(() => metricLensDiagnostics(file), (d) => d.some((x) => x.code === 'overfitting'), 'an overfitting diagnostic');
    const overfit = diags.find((d) => d.code === 'overfitting')!;
    // Epoch 25 (0-based) is line 27 of the file: the first evaluation after the best, epoch 24.
    assert.equal(overfit.range.start.line, 26);
    assert.equal(overfit.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(overfit.message, /val_loss rose to 0\.1765 .*best, 0\.1432 at epoch 24.*saved 25 epochs.*Try: early stopping/);
    assert.ok(diags.some((d) => d.code === 'earlyStopping' && d.severity === vscode.DiagnosticSeverity.Information));
    await screenshot('findings-diagnostic', 'window');
  });

  it('explains the finding in a hover on its line, and any value\'s rank on other lines', async () => {
    const file = workspaceUri('pytorch-digits', 'history.csv');
    const onFinding = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', file, new vscode.Position(26, 3));
    const text = hoverText(onFinding);
    assert.match(text, /overfitting/);
    assert.match(text, /0\\?\.1432/);
    assert.match(text, /Show in chart/);
    // Line 26 is epoch 24, the best validation loss (0.143226 is its last column).
    const line = (await vscode.workspace.openTextDocument(file)).lineAt(25).text;
    const at = line.lastIndexOf('0.143226');
    assert.ok(at > 0, line);
    const onValue = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', file, new vscode.Position(25, at + 2)));
    assert.match(onValue, /val\\?_loss/);
    assert.match(onValue, /rank 1 of 50/);
    assert.match(onValue, /this is the best value/);
    // As a user sees it: the hover over the squiggle.
    const editor = await vscode.window.showTextDocument(file);
    editor.selection = new vscode.Selection(26, 4, 26, 4);
    editor.revealRange(new vscode.Range(26, 0, 26, 0), vscode.TextEditorRevealType.InCenter);
    await vscode.commands.executeCommand('editor.action.showHover');
    await new Promise((r) => setTimeout(r, 1200));
    await screenshot('findings-hover', 'window');
    await vscode.commands.executeCommand('editor.action.hideHover').then(undefined, () => undefined);
  });

  it('offers "Show in chart", which opens the curves zoomed to the finding\'s step', async () => {
    const file = workspaceUri('pytorch-digits', 'history.csv');
    const diag = metricLensDiagnostics(file).find((d) => d.code === 'overfitting')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', file, diag.range);
    const show = actions.find((a) => /Show in chart/.test(a.title));
    assert.ok(show?.command, actions.map((a) => a.title).join(', '));
    await vscode.commands.executeCommand(show.command.command, ...(show.command.arguments ?? []));
    const s = await curvesOf(file, (x) => x.charts.length > 0 && x.state['xRange'] !== null);
    const [min, max] = s.state['xRange'] as [number, number];
    assert.ok(min < 25 && max > 25, `${min}..${max}`);
    // The chart shades what the finding covers.
    assert.ok(s.charts.find((c) => c.key === 'loss')!.note !== undefined);
    await screenshot('findings-show-in-chart', 'window');
    (await api()).applyCurvesState(await panelIndex(file), { xRange: null });
  });

  it('raises the diagnostic while the file grows, once validation loss has turned upward', async function () {
    this.timeout(120_000);
    const source = readFileSync(workspaceUri('runs', 'overfit-noisy-labels', 'history.csv').fsPath, 'utf8').trimEnd().split('\n');
    mkdirSync(workspaceUri('scratch', 'live-findings').fsPath, { recursive: true });
    const file = workspaceUri('scratch', 'live-findings', 'history.csv');
    // Up to the best epoch (20) and a little after: nothing to say yet.
    writeFileSync(file.fsPath, source.slice(0, 23).join('\n') + '\n');
    await vscode.window.showTextDocument(file);
    await sleep(1500);
    assert.deepEqual(metricLensDiagnostics(file).filter((d) => d.code === 'overfitting'), []);
    let appended = 23;
    let seen: vscode.Diagnostic | undefined;
    while (appended < source.length && !seen) {
      appendFileSync(file.fsPath, source[appended++] + '\n');
      await sleep(250);
      seen = metricLensDiagnostics(file).find((d) => d.code === 'overfitting');
    }
    assert.ok(seen, 'the overfitting diagnostic appeared');
    assert.ok(appended < source.length, `it appeared after ${appended - 1} of ${source.length - 1} epochs`);
    console.log(`      overfitting flagged after epoch ${appended - 2}, at line ${seen.range.start.line + 1}`);
    assert.equal(seen.range.start.line, 22);
  });

  it('lists the findings from the status bar command', async () => {
    const f = (await api()).findingsFor(workspaceUri('pytorch-digits', 'history.csv'));
    assert.ok(f.some((x) => x.rule === 'overfitting'));
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('metricLens.showFindings'));
  });
});
