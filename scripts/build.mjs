// One esbuild context per bundle: the extension host, the CLI (the npm package's `bin`, not in the
// .vsix), the classify worker, and the webviews with the components they use. Types are checked
// separately (`npm run typecheck`); production bundles are minified and have no source maps.
import * as esbuild from 'esbuild';
import { cp, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  absWorkingDir: root,
};

const bundles = [
  {
    ...common,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: ['src/cli/cli.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
  },
  {
    ...common,
    entryPoints: ['src/node/classifyWorker.ts'],
    outfile: 'dist/classifyWorker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
  },
  {
    ...common,
    entryPoints: ['webview/curves/main.ts'],
    outfile: 'media/dist/curves.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  {
    ...common,
    entryPoints: ['webview/matrix/main.ts'],
    outfile: 'media/dist/matrix.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  // Only the components the panels use (webview/elements.ts), not the package's bundle of all of them.
  {
    ...common,
    entryPoints: ['webview/elements.ts'],
    outfile: 'media/dist/elements.js',
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
  },
  {
    ...common,
    entryPoints: ['webview/compare/main.ts'],
    outfile: 'media/dist/compare.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];

/** Static assets the webview loads from the extension's own folder (no CDN). */
async function copyAssets() {
  const out = join(root, 'media/dist');
  await mkdir(out, { recursive: true });
  await cp(join(root, 'node_modules/@vscode/codicons/dist/codicon.css'), join(out, 'codicon.css'));
  await cp(join(root, 'node_modules/@vscode/codicons/dist/codicon.ttf'), join(out, 'codicon.ttf'));
}

await copyAssets();
if (watch) {
  for (const b of bundles) await (await esbuild.context(b)).watch();
  console.log('watching…');
} else {
  await Promise.all(bundles.map((b) => esbuild.build(b)));
}
