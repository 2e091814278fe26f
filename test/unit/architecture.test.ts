// ARCHITECTURE.md stays true to the tree: every file and folder it names exists, the core's layers
// it lists are the ones the lint enforces (scripts/lint/layers.mjs), and the README links it.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- an .mjs by path: `import` would be compiled to require anyway
const { CORE_RANK } = require(join(ROOT, 'scripts', 'lint', 'layers.mjs')) as {
  CORE_RANK: Readonly<Record<string, number>>;
};

const doc = readFileSync(join(ROOT, 'ARCHITECTURE.md'), 'utf8');

describe('ARCHITECTURE.md', () => {
  it('names only files and folders that exist', () => {
    // Backticked repository paths (`src/…`, `webview/…`, `scripts/…`, `test/…`); built ones (dist/) are not in the tree.
    const named = [...doc.matchAll(/`((?:src|webview|scripts|test)\/[\w./-]*)`/g)].map((m) => m[1]!);
    assert.ok(named.length > 80, `only ${named.length} paths named`);
    assert.deepEqual(
      named.filter((p) => !existsSync(join(ROOT, p))),
      [],
    );
  });

  it("lists the core's layers in the order the lint enforces them", () => {
    const ranks = [...new Set(Object.values(CORE_RANK))].sort((a, b) => a - b);
    const order = ranks
      .map((r) =>
        Object.keys(CORE_RANK)
          .filter((k) => CORE_RANK[k] === r)
          .sort()
          .join(', '),
      )
      .join(' ← ');
    assert.ok(doc.includes(`**${order}**`), `the layers as the lint has them: ${order}`);
    for (const layer of Object.keys(CORE_RANK)) assert.ok(existsSync(join(ROOT, 'src', 'core', layer)), layer);
  });

  it('is linked from the README', () => {
    assert.match(readFileSync(join(ROOT, 'README.md'), 'utf8'), /\]\(ARCHITECTURE\.md\)/);
  });
});
