import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers';

describe('the .vsix', () => {
  it('holds only what the extension needs at run time (the allow-list .vscodeignore)', function () {
    this.timeout(60_000);
    const r = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'ls', '--no-dependencies'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    assert.equal(r.status, 0, r.stderr);
    const files = r.stdout
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('npm warn'))
      .sort();
    assert.deepEqual(files, [
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'dist/classifyWorker.js',
      'dist/extension.js',
      'l10n/bundle.l10n.json',
      'media/dist/codicon.css',
      'media/dist/codicon.ttf',
      'media/dist/compare.js',
      'media/dist/curves.js',
      'media/dist/elements.js',
      'media/dist/matrix.js',
      'media/icon.png',
      'media/samples/history.csv',
      'media/samples/predictions.csv',
      'media/walkthrough/curves.jpg',
      'media/walkthrough/curves.md',
      'media/walkthrough/matrix.jpg',
      'media/walkthrough/matrix.md',
      'media/walkthrough/warnings.jpg',
      'media/walkthrough/warnings.md',
      'media/webview.css',
      'package.json',
      'package.nls.json',
    ]);
  });

  it("ships the web components the panels use, built one by one, not the package's bundle of all of them", () => {
    // Every custom element the webviews create is defined by the shipped bundle, and nothing more.
    const used = new Set<string>();
    const panels = readdirSync(join(ROOT, 'webview'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => `webview/${d.name}`);
    assert.ok(panels.length >= 2, panels.join(', '));
    for (const dir of panels) {
      for (const f of readdirSync(join(ROOT, dir)).filter((n) => n.endsWith('.ts'))) {
        for (const m of readFileSync(join(ROOT, dir, f), 'utf8').matchAll(/['"`<](vscode-[a-z-]+)/g)) {
          if (existsSync(join(ROOT, 'node_modules', '@vscode-elements', 'elements', 'dist', m[1]!))) used.add(m[1]!);
        }
      }
    }
    const entry = readFileSync(join(ROOT, 'webview', 'elements.ts'), 'utf8');
    const imported = new Set([...entry.matchAll(/elements\/dist\/(vscode-[a-z-]+)\//g)].map((m) => m[1]!));
    assert.deepEqual([...imported].sort(), [...used].sort());
    assert.ok(
      !readFileSync(join(ROOT, 'scripts', 'build.mjs'), 'utf8').includes('bundled.js'),
      'the whole bundle is not copied',
    );
  });

  it('says it is not an npm package to publish, and has a gallery banner', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      private?: boolean;
      galleryBanner?: { color?: string };
      bin?: Record<string, string>;
    };
    assert.equal(pkg.private, true);
    assert.match(pkg.galleryBanner?.color ?? '', /^#[0-9a-f]{6}$/i);
    // The CLI is the package's command, built beside the extension but not shipped in the .vsix.
    assert.deepEqual(pkg.bin, { 'metric-lens': './dist/cli.js' });
  });
});
