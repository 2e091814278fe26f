import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './helpers';

describe('the .vsix', () => {
  it('holds only what the extension needs at run time (the allow-list .vscodeignore)', function () {
    this.timeout(60_000);
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const files = r.stdout.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('npm warn')).sort();
    assert.deepEqual(files, [
      'CHANGELOG.md', 'LICENSE', 'README.md',
      'dist/classifyWorker.js', 'dist/cli.js', 'dist/extension.js',
      'l10n/bundle.l10n.json',
      'media/dist/codicon.css', 'media/dist/codicon.ttf', 'media/dist/curves.js', 'media/dist/elements.js', 'media/dist/matrix.js',
      'media/icon.png', 'media/samples/history.csv', 'media/samples/predictions.csv',
      'media/walkthrough/curves.jpg', 'media/walkthrough/curves.md', 'media/walkthrough/matrix.jpg', 'media/walkthrough/matrix.md',
      'media/walkthrough/warnings.jpg', 'media/walkthrough/warnings.md',
      'media/webview.css', 'package.json', 'package.nls.json',
    ]);
  });
});
