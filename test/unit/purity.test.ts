import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './helpers';

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function importsOf(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  return [
    ...src.matchAll(
      /(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|require\(['"]([^'"]+)['"]\)|import\(['"]([^'"]+)['"]\)/g,
    ),
  ].map((m) => m[1] ?? m[2] ?? m[3]!);
}

/** Libraries the core may use: pure JavaScript, no I/O, no host globals (checked by reading them, not here). */
const PURE_LIBRARIES = new Set(['yaml']);

describe('layering', () => {
  it('keeps src/core pure: it imports only other core modules and the pure libraries listed', () => {
    for (const f of tsFiles(join(ROOT, 'src', 'core'))) {
      for (const spec of importsOf(f)) {
        if (PURE_LIBRARIES.has(spec)) continue;
        assert.ok(spec.startsWith('.'), `${relative(ROOT, f)} imports "${spec}"`);
        const target = join(f, '..', spec);
        assert.ok(
          relative(join(ROOT, 'src', 'core'), target).split(/[\\/]/)[0] !== '..',
          `${relative(ROOT, f)} reaches outside core: ${spec}`,
        );
      }
      const src = readFileSync(f, 'utf8');
      assert.doesNotMatch(
        src,
        /\b(document|window|process|require)\s*[.(]/,
        `${relative(ROOT, f)} touches a host global`,
      );
    }
  });

  it('lets only src/extension import vscode', () => {
    const dirs = ['src/core', 'src/cli', 'src/node', 'webview'];
    for (const d of dirs) {
      for (const f of tsFiles(join(ROOT, d))) {
        assert.ok(!importsOf(f).includes('vscode'), `${relative(ROOT, f)} imports vscode`);
      }
    }
  });

  it('keeps the webview from setting HTML from strings', () => {
    for (const f of tsFiles(join(ROOT, 'webview'))) {
      assert.doesNotMatch(
        readFileSync(f, 'utf8'),
        /innerHTML|outerHTML|insertAdjacentHTML|document\.write/,
        relative(ROOT, f),
      );
    }
  });

  it('cannot load vscode from a unit test (a core module that imported it would fail here)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loading vscode the way a module would is the test
    assert.throws(() => require('vscode'));
  });
});
