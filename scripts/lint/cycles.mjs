// Fails when modules of src/ or webview/ import each other in a circle (type-only imports count:
// a cycle of types is still two modules that cannot be read, moved or tested one without the
// other). Imports are listed with TypeScript's own pre-processor (no type check, fast), relative
// ones resolved as the compiler does (`x.ts`, `x/index.ts`); cycles are the strongly connected
// components of that graph (Tarjan), each printed as a path.
//   node scripts/lint/cycles.mjs

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function tsFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function resolveImport(from, spec) {
  const base = resolve(dirname(from), spec);
  for (const p of [base, `${base}.ts`, join(base, 'index.ts')]) if (p.endsWith('.ts') && existsSync(p)) return p;
  return undefined;
}

const files = ['src', 'webview'].flatMap((d) => tsFiles(join(ROOT, d)));
const graph = new Map(
  files.map((f) => {
    const { importedFiles } = ts.preProcessFile(readFileSync(f, 'utf8'), true, true);
    const targets = importedFiles.filter((i) => i.fileName.startsWith('.')).map((i) => resolveImport(f, i.fileName));
    return [f, [...new Set(targets.filter((t) => t !== undefined))]];
  }),
);

// Tarjan's strongly connected components, iterative (no recursion depth to worry about).
const index = new Map();
const low = new Map();
const onStack = new Set();
const stack = [];
const cycles = [];
let next = 0;
for (const start of graph.keys()) {
  if (index.has(start)) continue;
  const work = [[start, 0]];
  index.set(start, next);
  low.set(start, next++);
  stack.push(start);
  onStack.add(start);
  while (work.length > 0) {
    const frame = work[work.length - 1];
    const [v, i] = frame;
    const edges = graph.get(v) ?? [];
    if (i < edges.length) {
      frame[1]++;
      const w = edges[i];
      if (!index.has(w)) {
        index.set(w, next);
        low.set(w, next++);
        stack.push(w);
        onStack.add(w);
        work.push([w, 0]);
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
      continue;
    }
    work.pop();
    if (work.length > 0) {
      const u = work[work.length - 1][0];
      low.set(u, Math.min(low.get(u), low.get(v)));
    }
    if (low.get(v) === index.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component);
    }
  }
}

if (cycles.length > 0) {
  for (const c of cycles) console.error(`import cycle: ${c.map((f) => relative(ROOT, f)).join(' ↔ ')}`);
  console.error(`${cycles.length} import ${cycles.length === 1 ? 'cycle' : 'cycles'} in src/ and webview/`);
  process.exitCode = 1;
} else {
  console.log(`no import cycle among ${files.length} modules of src/ and webview/`);
}
