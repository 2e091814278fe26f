// npm run bench: Metric Lens against the tools a user would otherwise run (pandas, scikit-learn),
// side by side in one run, on inputs generated here from a fixed seed. Prints a table with the
// median of several runs of each, the ratio, and whether the numbers agree.
//
//   node scripts/bench.mjs [--quick] [--only <name>]
//
// --quick uses inputs 10× smaller (for a fast look; the targets are for the full sizes).
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, statSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dirname } from 'node:path';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const OUT = join(ROOT, 'out', 'src');
if (!existsSync(join(OUT, 'core', 'run.js'))) {
  console.error('out/ is missing: run "npm run compile-tests" first (npm run bench does).');
  process.exit(2);
}
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const SCALE = quick ? 0.1 : 1;
const DATA = join(ROOT, '.bench');
mkdirSync(DATA, { recursive: true });
const PYTHON = '/usr/bin/python3';

/** A seeded generator (mulberry32), so inputs are the same on every machine. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Writes a file line by line through a buffer (inputs are hundreds of MB). */
function writeLines(path, header, count, line) {
  if (existsSync(path)) return path;
  const fd = openSync(path + '.tmp', 'w');
  let buf = header ? header + '\n' : '';
  for (let i = 0; i < count; i++) {
    buf += line(i) + '\n';
    if (buf.length > 1 << 22) { writeSync(fd, buf); buf = ''; }
  }
  writeSync(fd, buf);
  closeSync(fd);
  execFileSync('mv', [path + '.tmp', path]);
  return path;
}

function median(xs) {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function timeIt(fn, runs = 3) {
  const times = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    result = await fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return { ms: median(times), result };
}

function hasPeer(modules) {
  if (!existsSync(PYTHON)) return false;
  const r = spawnSync(PYTHON, ['-c', `import ${modules.join(', ')}`]);
  return r.status === 0;
}

/** Runs a Python snippet that prints JSON `{ "ms": median ms, ...result }`. */
function peer(code) {
  const r = spawnSync(PYTHON, ['-c', code], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const PY_TIMER = `
import json, time, statistics
def bench(fn, runs=3):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter(); result = fn(); times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), result
`;

// ---- cases ---------------------------------------------------------------------------------

const { readRunFile } = require(join(OUT, 'node', 'readSource.js'));
const { LiveSource } = require(join(OUT, 'node', 'liveSource.js'));

function logRows(n) {
  const rnd = prng(1);
  return (i) => {
    const loss = 2 * Math.exp(-i / (n / 5)) + 0.05 * rnd();
    return `${i},${Math.floor(i / 1000)},${loss.toFixed(6)},${(loss * 1.1 + 0.02 * rnd()).toFixed(6)},${(1 - loss / 3).toFixed(6)},${(0.001 * Math.exp(-i / n)).toExponential(6)}`;
  };
}

const cases = [];

cases.push({
  name: 'inspect CSV log',
  target: 'ratio ≥ 1 (at least as fast as pandas)',
  goal: (ratio) => ratio >= 1,
  async run() {
    const n = Math.round(1_000_000 * SCALE);
    const path = writeLines(join(DATA, `log-${n}.csv`), 'step,epoch,loss,val_loss,accuracy,lr', n, logRows(n));
    const ours = await timeIt(async () => {
      const p = await readRunFile(path, path);
      const s = p.run.getSeries('val_loss');
      return { rows: s.length, last: s.last().value };
    });
    const size = `${n.toLocaleString('en')} rows, ${(statSync(path).size / 1e6).toFixed(0)} MB`;
    if (!hasPeer(['pandas'])) return { size, ours };
    const p = peer(`${PY_TIMER}
import pandas as pd
ms, df = bench(lambda: pd.read_csv(${JSON.stringify(path)}))
print(json.dumps({"ms": ms, "rows": int(df["val_loss"].count()), "last": float(df["val_loss"].iloc[-1])}))`);
    return { size, ours, peer: p, agree: p.rows === ours.result.rows && Math.abs(p.last - ours.result.last) < 1e-12 };
  },
});

cases.push({
  name: 'append 1 line, 1 K-line log',
  target: 'baseline for the next row',
  async run() {
    return appendCost(1000);
  },
});

cases.push({
  name: 'append 1 line, 1 M-line log',
  target: '≤ 2× the 1 K-line cost',
  relativeTo: 'append 1 line, 1 K-line log',
  goal: (ratio) => ratio <= 2,
  async run() {
    return appendCost(Math.round(1_000_000 * SCALE));
  },
});

/** Time from appending one line to a watched log to its updated series, median of 50 appends. */
async function appendCost(n) {
  const path = join(DATA, `append-${n}.csv`);
  writeFileSync(path, '');
  const row = logRows(n);
  writeLines(path + '.seed', 'step,epoch,loss,val_loss,accuracy,lr', n, row);
  execFileSync('cp', [path + '.seed', path]);
  const live = new LiveSource(path, path, { format: 'csv' });
  await live.refresh();
  const times = [];
  for (let k = 0; k < 50; k++) {
    appendFileSync(path, row(n + k) + '\n');
    const t0 = process.hrtime.bigint();
    const r = await live.refresh();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (r !== 'appended') throw new Error(`expected an append, got ${r}`);
  }
  const s = live.parser.run.getSeries('loss');
  return { size: `${n.toLocaleString('en')} lines`, ours: { ms: median(times), result: { rows: s.length } }, agree: s.length === n + 50 };
}

// ---- table ---------------------------------------------------------------------------------

const rows = [];
for (const c of cases) {
  if (only && !c.name.includes(only)) continue;
  process.stderr.write(`${c.name}…\n`);
  const r = await c.run();
  rows.push({ c, r });
}

const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`);
const lines = [
  '| case | input | Metric Lens | peer (pandas / scikit-learn) | ratio | numbers agree | target | met |',
  '|---|---|---:|---:|---:|---|---|---|',
];
let failed = 0;
for (const { c, r } of rows) {
  let ratio;
  if (r.peer) ratio = r.peer.ms / r.ours.ms;
  else if (c.relativeTo) {
    const base = rows.find((x) => x.c.name === c.relativeTo);
    if (base) ratio = r.ours.ms / base.r.ours.ms;
  }
  const met = c.goal && ratio !== undefined ? c.goal(ratio) : undefined;
  if (met === false || r.agree === false) failed++;
  lines.push(`| ${c.name} | ${r.size} | ${fmt(r.ours.ms)} | ${r.peer ? fmt(r.peer.ms) : c.relativeTo ? '—' : 'not installed'} | ${ratio !== undefined ? `${ratio.toFixed(1)}×` : '—'} | ${r.agree === undefined ? '—' : r.agree ? 'yes' : '**no**'} | ${c.target} | ${met === undefined ? '—' : met ? 'yes' : '**no**'} |`);
}
console.log(`\nMetric Lens benchmarks (${quick ? 'quick, inputs ÷10' : 'full size'}; node ${process.version}; ${require('node:os').cpus().length} cores)\n`);
console.log(lines.join('\n'));
process.exitCode = failed > 0 ? 1 : 0;
