import * as assert from 'node:assert/strict';
import { compileGlob, GlobError, matchesGlob, MAX_GLOB_ALTERNATIVES } from '../../../src/core/text/glob';
import { GLOB_CASES } from './globCases';

describe('globs (metricLens.formats keys, metricLens.runs.include)', () => {
  it('matches as VS Code matches, on the cases the in-editor test gives findFiles', () => {
    for (const [glob, path, want] of GLOB_CASES) assert.equal(matchesGlob(path, glob), want, `${glob} on ${path}`);
  });

  it('matches a glob without a `/` against the file name in any folder (as files.associations), and `\\` paths', () => {
    assert.ok(matchesGlob('a/b/train.log', '*.log'));
    assert.ok(!matchesGlob('train.log.1', '*.log'));
    assert.ok(matchesGlob('runs\\x.csv', '**/*.csv'));
    assert.ok(matchesGlob('d/run3.csv', 'run[0-9].csv'));
  });

  it('ignores case when asked (as VS Code on Windows and macOS), in characters and in sets', () => {
    assert.ok(matchesGlob('x/h.csv', '**/*.CSV', { ignoreCase: true }));
    assert.ok(matchesGlob('X/RUN.LOG', 'x/run.log', { ignoreCase: true }));
    assert.ok(matchesGlob('x/runA.csv', '**/run[a-c].csv', { ignoreCase: true }));
    assert.ok(!matchesGlob('x/runA.csv', '**/run[a-c].csv'));
  });

  it('matches a glob of 30 stars against a long path that almost matches, without backtracking', function () {
    // A backtracking matcher takes minutes here (10 stars on 40 characters: 76 s); the test's timeout fails it.
    this.timeout(2000);
    const glob = `${'*a'.repeat(30)}*b`;
    assert.equal(matchesGlob('a'.repeat(2000), glob), false);
    assert.equal(matchesGlob(`${'a'.repeat(2000)}b`, glob), true);
    assert.equal(matchesGlob(`${'a/'.repeat(500)}c`, `${'**/'.repeat(30)}b`), false);
  });

  it('refuses an unbalanced `{`, a glob too long and braces of too many alternatives, saying why', () => {
    assert.throws(
      () => compileGlob('**/*.{csv,tsv'),
      (e: unknown) => e instanceof GlobError && e.message === 'the "{" at character 6 is never closed by a "}"',
    );
    assert.throws(
      () => compileGlob('**/{a,b{c,d}}.csv'),
      /a "\{" inside braces at character 8: VS Code does not nest them/,
    );
    assert.throws(() => compileGlob('x'.repeat(3000)), /3000 characters long, over the 2000/);
    assert.throws(
      () => compileGlob('{a,b,c,d}'.repeat(6)),
      new RegExp(`more than ${MAX_GLOB_ALTERNATIVES} alternatives`),
    );
    assert.ok(matchesGlob('a}b', '**/a}b'));
    assert.ok(matchesGlob('a[b', '**/a[b'));
  });
});
