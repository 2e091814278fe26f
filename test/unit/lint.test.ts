// The layering as lint rules (scripts/lint/layers.mjs, run by `npm run lint`): imports that break it
// are reported at the line that breaks it, the ones it allows are not, and the repository keeps it.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Linter } from 'eslint';
import { parser } from 'typescript-eslint';
import { ROOT } from './helpers';

interface LayersModule {
  readonly default: NonNullable<Linter.Config['plugins']>[string];
  readonly CORE_RESTRICTED_GLOBALS: readonly unknown[];
}
// The rule is the ES module ESLint loads; Node (≥ 20.19, as ESLint itself needs) requires it as is.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- an .mjs by path: `import` would be compiled to require anyway
const layers = require(join(ROOT, 'scripts', 'lint', 'layers.mjs')) as LayersModule;

const linter = new Linter({ cwd: ROOT });
const config: Linter.Config[] = [
  {
    files: ['**/*.ts'],
    languageOptions: { parser },
    plugins: { layers: layers.default },
    rules: { 'layers/imports': 'error' },
  },
  { files: ['src/core/**/*.ts'], rules: { 'no-restricted-globals': ['error', ...layers.CORE_RESTRICTED_GLOBALS] } },
];

/** The problems the layering rules report for `code` written in the file `file` (relative to the root). */
function problems(file: string, code: string): string[] {
  return linter.verify(code, config, { filename: join(ROOT, file) }).map((m) => `${m.line}: ${m.message}`);
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('lint: the layering rules', () => {
  const refused: [file: string, code: string, why: RegExp][] = [
    ['src/core/text/a.ts', "import { Run } from '../model/run';", /arrows point down/],
    ['src/core/model/a.ts', "import { sniffFormat } from '../formats/index';", /arrows point down/],
    ['src/core/formats/a.ts', "export * from '../discovery/discover';", /arrows point down/],
    [
      'src/core/classify/a.ts',
      "import type { Finding } from '../diagnose/finding';",
      /core\/classify may not import core\/diagnose/,
    ],
    ['src/core/diagnose/a.ts', "import { seriesTable } from '../curves/table';", /may not import core\/curves/],
    ['src/core/curves/a.ts', "import { sortRows } from '../compare/sort';", /may not import core\/compare/],
    ['src/core/model/a.ts', "import { readFileSync } from 'node:fs';", /src\/core is pure/],
    ['src/core/model/a.ts', "import * as fs from 'fs';", /src\/core is pure/],
    ['src/core/text/a.ts', "import * as vscode from 'vscode';", /only src\/extension imports vscode/],
    ['src/core/text/a.ts', "import { readRun } from '../../node/readRun';", /imports nothing outside src\/core/],
    ['src/core/text/a.ts', "const t = await import('../../extension/log');", /imports nothing outside src\/core/],
    ['src/core/text/a.ts', 'setTimeout(() => undefined, 1);', /no timers/],
    ['src/core/text/a.ts', 'document.title = "x";', /no DOM/],
    ['src/core/text/a.ts', 'process.exitCode = 1;', /no Node host/],
    ['webview/curves/a.ts', "import * as vscode from 'vscode';", /only src\/extension imports vscode/],
    ['webview/curves/a.ts', "type U = import('vscode').Uri;", /only src\/extension imports vscode/],
    ['webview/curves/a.ts', "import { log } from '../../src/extension/log';", /webview may not import extension/],
    ['webview/curves/a.ts', "import { join } from 'node:path';", /no Node builtins/],
    ['src/cli/a.ts', "import vscode = require('vscode');", /only src\/extension imports vscode/],
    ['src/cli/a.ts', "import { log } from '../extension/log';", /cli may not import extension/],
    ['src/node/a.ts', "const vscode = require('vscode');", /only src\/extension imports vscode/],
    ['src/protocol/a.ts', "import type { Uri } from 'vscode';", /only src\/extension imports vscode/],
    ['src/protocol/a.ts', "import { log } from '../extension/log';", /protocol may not import extension/],
  ];
  for (const [file, code, why] of refused) {
    it(`refuses in ${file}: ${code}`, () => {
      const found = problems(file, code);
      assert.equal(found.length, 1, found.join('\n'));
      assert.match(found[0]!, why);
      assert.match(found[0]!, /^1: /);
    });
  }

  const allowed: [file: string, code: string][] = [
    ['src/core/model/a.ts', "import { decodeUtf8 } from '../text/lines';"],
    ['src/core/classify/a.ts', "import { discover } from '../discovery/discover';\nimport { x } from './labels';"],
    ['src/core/compare/a.ts', "import { parse } from 'yaml';\nimport type { Series } from '../model/series';"],
    ['src/extension/a.ts', "import * as vscode from 'vscode';\nimport { readFile } from 'node:fs/promises';"],
    [
      'src/extension/curves/a.ts',
      "import { readRun } from '../../node/readRun';\nimport { Run } from '../../core/model/run';",
    ],
    ['webview/curves/a.ts', "import type { X } from '../../src/protocol/curves';\nimport '@vscode-elements/elements';"],
    ['src/cli/a.ts', "import { readRun } from '../node/readRun';\nimport { readFileSync } from 'node:fs';"],
    ['src/core/text/a.ts', 'const location = 3;\nexport const document = location + 1;'],
  ];
  for (const [file, code] of allowed) {
    it(`allows in ${file}: ${code.replace(/\n/g, ' ')}`, () => {
      assert.deepEqual(problems(file, code), []);
    });
  }

  it('finds the repository in order: no module of src/ or webview/ breaks the layering', function () {
    // Parses every module of src/ and webview/ (about 250): seconds on a quiet machine, more on a loaded one.
    this.timeout(180_000);
    const files = ['src', 'webview'].flatMap((d) => tsFiles(join(ROOT, d)));
    assert.ok(files.length > 150, `only ${files.length} modules found`);
    const broken = files.flatMap((f) =>
      problems(relative(ROOT, f), readFileSync(f, 'utf8')).map((p) => `${relative(ROOT, f)}:${p}`),
    );
    assert.deepEqual(broken, []);
  });
});
