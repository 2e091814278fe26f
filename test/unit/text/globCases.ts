// Globs and the paths they match or not, as VS Code's own matcher (workspace.findFiles, files.exclude) answers:
// the unit tests run them through src/core/text/glob.ts, and the in-editor test (security.test.ts) through findFiles
// in a real VS Code on the same paths, so both kinds of glob setting mean one thing.
/** [glob, path, matches] — globs with a `/` (a glob without one also matches the file name in any folder). */
export const GLOB_CASES: readonly (readonly [string, string, boolean])[] = [
  ['**/out.txt', 'logs/run1/out.txt', true],
  ['**/out.txt', 'out.txt', true],
  ['exp/metrics_v?.csv', 'exp/metrics_v2.csv', true],
  ['exp/metrics_v?.csv', 'exp/metrics_v12.csv', false],
  ['exp/*.{jsonl,json}', 'exp/a.jsonl', true],
  ['exp/*.{jsonl,json}', 'exp/a.json', true],
  ['exp/*.{jsonl,json}', 'exp/a.csv', false],
  ['exp/*.jsonl', 'exp/sub/a.jsonl', false],
  ['**/*.log', 'a/b/train.log', true],
  ['**/*.log', 'train.log.1', false],
  ['**/run[0-9].csv', 'x/run7.csv', true],
  ['**/run[0-9].csv', 'x/runa.csv', false],
  ['**/run[!0-9].csv', 'x/runa.csv', true],
  ['**/run[!0-9].csv', 'x/run7.csv', false],
  ['logs/**', 'logs/a/b.log', true],
  ['logs/**/*.log', 'logs/b.log', true],
  ['logs/**/*.log', 'logs/x/y/b.log', true],
  ['logs/**/*.log', 'other/b.log', false],
  ['**/.hidden/*.csv', 'a/.hidden/h.csv', true],
  ['**/*.csv', '.dot.csv', true],
  ['**/{a,bc}.csv', 'x/bc.csv', true],
  ['**/{a,bc}.csv', 'x/b.csv', false],
  ['**/*.CSV', 'x/h.csv', false],
  ['**/H.csv', 'x/h.csv', false],
];
