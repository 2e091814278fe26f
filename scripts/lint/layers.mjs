// The layering of the code base as an ESLint rule (`layers/imports`): what each folder may import.
// Every import, export-from, dynamic import and require is resolved against the importing file and
// checked against the table below; a newcomer sees the rule broken at the line that breaks it.
//
//   src/core        pure: only src/core itself (and the pure `yaml` library). No vscode, no node
//                   builtins, no DOM host code. Inside it the arrows point down the layers:
//                   text ← model ← formats ← discovery ← classify, compare, curves, diagnose
//                   (a layer imports its own folder and the layers below it, never one beside it:
//                   the four features on top share what they need through the layers under them).
//   src/protocol    the host↔webview messages: core types and itself; no vscode, no node builtins.
//   src/node        Node I/O over the core: no vscode, nothing of the extension, the CLI or the protocol.
//   src/cli         the headless CLI: core, node; no vscode, nothing of the extension.
//   src/extension   the only code importing vscode; not the CLI.
//   webview         runs in the browser: core, protocol and its own libraries; no vscode, no node
//                   builtins, nothing of src/extension, src/node or src/cli.

import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The core's layers, lowest first; folders of one rank may not import each other. */
export const CORE_RANK = {
  text: 0,
  model: 1,
  formats: 2,
  discovery: 3,
  classify: 4,
  curves: 4,
  diagnose: 4,
  compare: 4,
};
/** Packages the core may use: pure JavaScript, no I/O, no host globals. */
const PURE_LIBRARIES = new Set(['yaml']);
const BUILTINS = new Set(builtinModules);

/** Which part of the repository a path is in: `core/<layer>`, `protocol`, `node`, `cli`, `extension`, `webview`, or undefined. */
function zoneOf(path) {
  const parts = relative(ROOT, path).split(sep);
  if (parts[0] === 'webview') return 'webview';
  if (parts[0] !== 'src') return undefined;
  if (parts[1] === 'core') return parts.length > 3 ? `core/${parts[2]}` : `core/${parts[2]?.replace(/\.ts$/, '')}`;
  return parts.length > 2 ? parts[1] : undefined;
}

function isBuiltin(spec) {
  return spec.startsWith('node:') || BUILTINS.has(spec.split('/')[0]);
}

/** Why `from` may not import `spec` (resolved to `target` when relative), or undefined when it may. */
function refusal(from, spec, target) {
  const isCore = from.startsWith('core/');
  if (!target) {
    if (spec === 'vscode' && from !== 'extension') return `only src/extension imports vscode`;
    if (isCore && !PURE_LIBRARIES.has(spec))
      return `src/core is pure: it imports no package but ${[...PURE_LIBRARIES].join(', ')}`;
    if ((from === 'protocol' || from === 'webview') && isBuiltin(spec))
      return `${from} runs in a webview too: no Node builtins`;
    return undefined;
  }
  const to = zoneOf(target);
  if (isCore) {
    if (!to?.startsWith('core/')) return 'src/core imports nothing outside src/core';
    const a = CORE_RANK[from.slice(5)];
    const b = CORE_RANK[to.slice(5)];
    if (a === undefined || b === undefined)
      return `src/core/${(a === undefined ? from : to).slice(5)} is not a known layer (scripts/lint/layers.mjs)`;
    if (from !== to && b >= a)
      return `${from} may not import ${to}: the core's arrows point down (text ← model ← formats ← discovery ← classify/compare/curves/diagnose)`;
    return undefined;
  }
  const allowed = {
    protocol: (z) => z === 'protocol' || z?.startsWith('core/'),
    node: (z) => z === 'node' || z?.startsWith('core/'),
    cli: (z) => z === 'cli' || z === 'node' || z?.startsWith('core/'),
    extension: (z) => z !== 'cli' && z !== 'webview',
    webview: (z) => z === 'webview' || z === 'protocol' || z?.startsWith('core/'),
  }[from];
  if (allowed && to !== undefined && !allowed(to)) return `${from} may not import ${to}`;
  return undefined;
}

/** The host's globals the core may not touch (they need no import): `no-restricted-globals` entries. */
export const CORE_RESTRICTED_GLOBALS = [
  ...['document', 'window', 'navigator', 'location', 'localStorage', 'fetch', 'XMLHttpRequest', 'WebSocket'].map(
    (name) => ({ name, message: 'src/core is pure: no DOM or network (the webview or the extension does that).' }),
  ),
  ...['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'queueMicrotask'].map((name) => ({
    name,
    message: 'src/core is pure: no timers (the caller decides when to run it).',
  })),
  ...['process', 'Buffer', 'require', '__dirname', '__filename', 'global', 'console'].map((name) => ({
    name,
    message: 'src/core is pure: no Node host (src/node or src/extension does the I/O and the logging).',
  })),
];

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'What each folder may import (the layering of src and webview)' },
    schema: [],
    messages: { layer: '{{ why }} ("{{ spec }}").' },
  },
  create(context) {
    const from = zoneOf(context.filename);
    if (!from) return {};
    const check = (node, spec) => {
      if (typeof spec !== 'string') return;
      const target = spec.startsWith('.') ? join(dirname(context.filename), spec) : undefined;
      const why = refusal(from, spec, target);
      if (why) context.report({ node, messageId: 'layer', data: { why, spec } });
    };
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      // `import x = require('…')` and a type written `import('…').Name`.
      TSImportEqualsDeclaration: (node) =>
        node.moduleReference.type === 'TSExternalModuleReference' &&
        check(node.moduleReference.expression, node.moduleReference.expression.value),
      TSImportType: (node) => check(node, node.argument?.literal?.value),
      CallExpression: (node) => {
        const [arg] = node.arguments;
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && arg?.type === 'Literal')
          check(arg, arg.value);
      },
    };
  },
};

export default { meta: { name: 'metric-lens-layers' }, rules: { imports: rule } };
