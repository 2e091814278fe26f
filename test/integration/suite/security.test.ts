import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { matchesGlob } from '../../../src/core/text/glob';
import { GLOB_CASES } from '../../unit/text/globCases';
import { api, curvesOf, evalInWebview, hasBridge, pointsOf, workspaceUri } from '../helpers';

const HOSTILE = ['<img src=x onerror=alert(1)>', '</script><script>alert(2)</script>', '"><svg onload=alert(3)>'];

describe('Security', () => {
  it('runs in Restricted Mode: the folder is not trusted and everything works', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const file = workspaceUri('keras', 'training.log');
    await vscode.commands.executeCommand('metricLens.showCurves', file);
    await curvesOf(file, (s) => pointsOf(s, 'loss', 'loss') === 17);
  });

  it('shows hostile metric names, run names and error messages as text, and no script of theirs runs', async () => {
    mkdirSync(workspaceUri('scratch', 'hostile').fsPath, { recursive: true });
    const file = workspaceUri('scratch', 'hostile', '<img src=x onerror=alert(9)>.csv');
    const header = ['epoch', ...HOSTILE.map((h) => `"${h.replace(/"/g, '""')}"`)].join(',');
    writeFileSync(file.fsPath, `${header}\n0,1,2,3\n1,0.5,1.5\n2,0.4,1.2,2.5\n`);
    await vscode.commands.executeCommand('metricLens.showCurves', file);
    const s = await curvesOf(file, (x) => x.charts.length === 3 && x.issues.length === 1);
    assert.deepEqual(s.charts.map((c) => c.title).sort(), HOSTILE.slice().sort());
    assert.match(s.issues[0]!, /line 3: 3 fields, header has 4/);
    assert.deepEqual(s.scriptErrors, []);
    assert.deepEqual(s.securityViolations, []);
    const panel = (await api()).curvesPanels().find((p) => p.sources.includes(file.toString()))!;
    assert.deepEqual(panel.problems, []);
    if (hasBridge()) {
      // What the DOM really holds: the names as text nodes, no element made from them.
      const found = (await evalInWebview(
        `({
        imgs: document.querySelectorAll('img, svg, iframe, object, embed').length,
        handlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).length,
        titles: [...document.querySelectorAll('article.chart-card h3')].map((h) => h.textContent),
        chip: document.querySelector('.run-chip')?.textContent ?? '',
      })`,
        'Curves: <img src=x onerror=alert(9)>.csv',
      )) as { imgs: number; handlers: number; titles: string[]; chip: string };
      assert.equal(found.imgs, 0);
      assert.equal(found.handlers, 0);
      assert.deepEqual(found.titles.sort(), HOSTILE.slice().sort());
      assert.match(found.chip, /<img src=x onerror=alert\(9\)>\.csv/);
    }
  });

  it('keeps a strict Content-Security-Policy in every webview', async function () {
    if (!hasBridge()) this.skip();
    const file = workspaceUri('keras', 'training.log');
    await vscode.commands.executeCommand('metricLens.showCurves', file);
    await curvesOf(file);
    const title = 'Curves: training.log';
    const csp = String(
      await evalInWebview(`document.querySelector('meta[http-equiv="Content-Security-Policy"]').content`, title),
    );
    const directives = new Map(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([k, ...v]) => [k!, v]),
    );
    assert.deepEqual(directives.get('default-src'), ["'none'"]);
    assert.match((directives.get('script-src') ?? []).join(' '), /^'nonce-[A-Za-z0-9+/=]{16,}'$/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*:|data:.*script/);
    // Only the extension's own resource origin besides 'none' and the nonce.
    for (const [name, sources] of directives) {
      for (const src of sources)
        assert.match(
          src,
          /^('none'|'self'|'nonce-[^']+'|data:|https:\/\/[^ ]*vscode-cdn\.net|vscode-resource:)$/,
          `${name} ${src}`,
        );
    }
    // Every script element is one of ours, loaded from the extension's files with the nonce, except
    // the one VS Code itself puts first in every webview page (it defines acquireVsCodeApi).
    const scripts = (await evalInWebview(
      `[...document.scripts].map((s) => ({ src: s.src, nonce: !!s.nonce, inline: (s.textContent || '').slice(0, 60) }))`,
      title,
    )) as { src: string; nonce: boolean; inline: string }[];
    for (const sc of scripts.filter((x) => !/^\s*globalThis\.acquireVsCodeApi/.test(x.inline))) {
      assert.ok(sc.nonce, `script without nonce: ${JSON.stringify(sc)}`);
      assert.match(sc.src, /\/media\/dist\/(curves|elements|matrix)\.js$/, JSON.stringify(sc));
    }
  });

  it("gives globs one meaning: VS Code's findFiles and the matcher of metricLens.formats agree on every case", async () => {
    const root = workspaceUri('scratch', 'globs');
    for (const [, path] of GLOB_CASES) {
      mkdirSync(vscode.Uri.joinPath(root, path, '..').fsPath, { recursive: true });
      writeFileSync(vscode.Uri.joinPath(root, path).fsPath, 'epoch,loss\n0,1\n');
    }
    for (const [glob, path, want] of GLOB_CASES) {
      const found = (await vscode.workspace.findFiles(new vscode.RelativePattern(root, glob))).map((u) =>
        u.path.slice(root.path.length + 1),
      );
      assert.equal(found.includes(path), want, `findFiles(${glob}) on ${path}: ${found.join(', ')}`);
      assert.equal(matchesGlob(path, glob), want, `matchesGlob(${glob}) on ${path}`);
    }
  });

  it('ignores a metricLens.formats glob with an unbalanced "{" with a warning, and reads with the others ([0-9] matches)', async () => {
    const config = vscode.workspace.getConfiguration('metricLens');
    mkdirSync(workspaceUri('scratch', 'globs').fsPath, { recursive: true });
    const file = workspaceUri('scratch', 'globs', 'odd7.dat');
    writeFileSync(file.fsPath, 'epoch,loss\n0,1\n1,0.5\n2,0.25\n');
    await config.update(
      'formats',
      { '**/*.{csv': 'text', 'scratch/globs/odd[0-9].dat': 'csv' },
      vscode.ConfigurationTarget.Global,
    );
    try {
      await vscode.commands.executeCommand('metricLens.showCurves', file);
      await curvesOf(file, (s) => pointsOf(s, 'loss', 'loss') === 3);
      // The broken key is not half-applied: a CSV is still read as CSV, not as text.
      const csv = workspaceUri('scratch', 'globs', 'plain.csv');
      writeFileSync(csv.fsPath, 'epoch,loss\n0,1\n1,0.5\n');
      await vscode.commands.executeCommand('metricLens.showCurves', csv);
      const s = await curvesOf(csv, (x) => pointsOf(x, 'loss', 'loss') === 2);
      assert.deepEqual(s.issues, []);
    } finally {
      await config.update('formats', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
