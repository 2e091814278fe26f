// A quick measurement of `metric-lens classify` end to end (a fresh `node dist/cli.js` process:
// start, read, parse, every metric, JSON) on generated prediction files, beside pandas +
// scikit-learn doing the same reading and the metrics, when /usr/bin/python3 has them.
//
//   node scripts/build.mjs && node scripts/measure-classify.mjs [--quick] [--no-peer] [--runs N]
//
// Inputs (seeded, written once to .bench/): 10 M binary rows `id,y_true,y_score` with six-decimal
// scores (189 MB), 2 M binary rows with full-precision scores, 1 M rows × 10 class probabilities.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const DATA = join(ROOT, '.bench');
const PYTHON = '/usr/bin/python3';
const args = process.argv.slice(2);
const SCALE = args.includes('--quick') ? 0.1 : 1;
const RUNS = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 3;
if (!existsSync(CLI)) { console.error('dist/cli.js is missing: run "node scripts/build.mjs" first'); process.exit(2); }
mkdirSync(DATA, { recursive: true });

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

function writeLines(name, header, count, line) {
  const path = join(DATA, name);
  if (existsSync(path)) return path;
  const fd = openSync(path + '.tmp', 'w');
  let buf = header + '\n';
  for (let i = 0; i < count; i++) {
    buf += line(i) + '\n';
    if (buf.length > 1 << 22) { writeSync(fd, buf); buf = ''; }
  }
  writeSync(fd, buf);
  closeSync(fd);
  renameSync(path + '.tmp', path);
  return path;
}

function binary(name, n, seed, format) {
  const rnd = prng(seed);
  return writeLines(name, format === 'full' ? 'y_true,y_score' : 'id,y_true,y_score', n, (i) => {
    const y = rnd() < 0.3 ? 1 : 0;
    const s = Math.min(1, 0.35 * y + rnd() * 0.65);
    return format === 'full' ? `${y},${s}` : `${i},${y},${s.toFixed(6)}`;
  });
}

function multiclass(name, n, seed) {
  const rnd = prng(seed);
  return writeLines(name, 'id,y_true,y_pred,' + Array.from({ length: 10 }, (_, k) => `p_${k}`).join(','), n, (i) => {
    const y = Math.floor(rnd() * 10);
    const p = Array.from({ length: 10 }, (_, k) => rnd() + (k === y ? 2 : 0));
    const sum = p.reduce((a, b) => a + b, 0);
    const best = p.indexOf(Math.max(...p));
    return `${i},${y},${best},${p.map((v) => (v / sum).toFixed(6)).join(',')}`;
  });
}

function median(xs) {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function ours(file) {
  const times = [];
  let out;
  for (let r = 0; r < RUNS; r++) {
    const t0 = process.hrtime.bigint();
    const p = spawnSync(process.execPath, [CLI, 'classify', file, '--json'], { encoding: 'utf8', maxBuffer: 256 << 20 });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (p.status !== 0) throw new Error(p.stderr);
    out = JSON.parse(p.stdout);
  }
  return { ms: median(times), out };
}

const PEER = {
  binary: `
import sys, time, json
t0 = time.perf_counter()
import pandas as pd
from sklearn.metrics import roc_auc_score, average_precision_score, roc_curve, precision_recall_curve, confusion_matrix
df = pd.read_csv(sys.argv[1], float_precision='round_trip')
y = df['y_true'].values; s = df['y_score'].values
auc = roc_auc_score(y, s); ap = average_precision_score(y, s); roc_curve(y, s); precision_recall_curve(y, s)
confusion_matrix(y, (s >= 0.5).astype(int))
print(json.dumps({'ms': (time.perf_counter() - t0) * 1000, 'rocAuc': auc, 'ap': ap}))`,
  multiclass: `
import sys, time, json
t0 = time.perf_counter()
import pandas as pd
from sklearn.metrics import roc_auc_score, confusion_matrix, classification_report
df = pd.read_csv(sys.argv[1], float_precision='round_trip')
y = df['y_true'].values; pred = df['y_pred'].values; P = df[[f'p_{k}' for k in range(10)]].values
auc = roc_auc_score(y, P, multi_class='ovr'); confusion_matrix(y, pred); classification_report(y, pred, output_dict=True)
print(json.dumps({'ms': (time.perf_counter() - t0) * 1000, 'rocAuc': auc}))`,
};

function peer(kind, file) {
  if (args.includes('--no-peer') || !existsSync(PYTHON)) return undefined;
  const p = spawnSync(PYTHON, ['-c', PEER[kind], file], { encoding: 'utf8' });
  if (p.status !== 0) return undefined;
  return JSON.parse(p.stdout.trim().split('\n').pop());
}

const cases = [
  { name: `binary ${10 * SCALE} M rows, 6-decimal scores`, kind: 'binary', file: binary(`classify-binary-${10 * SCALE}m.csv`, 10e6 * SCALE, 21, 'fixed'), target: 6 },
  { name: `binary ${2 * SCALE} M rows, full-precision scores`, kind: 'binary', file: binary(`classify-binary-full-${2 * SCALE}m.csv`, 2e6 * SCALE, 22, 'full') },
  { name: `${1 * SCALE} M rows × 10 classes`, kind: 'multiclass', file: multiclass(`classify-multiclass-${1 * SCALE}m.csv`, 1e6 * SCALE, 23), target: 4 },
];

console.log(`metric-lens classify, median of ${RUNS} runs (a fresh node process each), against pandas.read_csv + scikit-learn (one run)`);
console.log('| input | size | metric-lens | pandas + sklearn | ratio | target | numbers agree |');
console.log('|---|---|---|---|---|---|---|');
for (const c of cases) {
  const mb = (statSync(c.file).size / 1e6).toFixed(0);
  const mine = ours(c.file);
  const theirs = peer(c.kind, c.file);
  let agree = '-';
  if (theirs) {
    const auc = c.kind === 'binary' ? mine.out.binary.rocAuc : mine.out.ovr.rocAucMacro;
    const ap = c.kind === 'binary' ? mine.out.binary.averagePrecision : undefined;
    const exact = auc === theirs.rocAuc && ap === theirs.ap;
    const close = Math.abs(auc - theirs.rocAuc) <= 1e-12 && (ap === undefined || Math.abs(ap - theirs.ap) <= 1e-12);
    agree = exact ? `to the bit (AUC ${auc})` : close ? `to 1e-12 (AUC ${auc} vs ${theirs.rocAuc})` : `NO: ${auc} vs ${theirs.rocAuc}`;
  }
  const ratio = theirs ? theirs.ms / mine.ms : undefined;
  console.log(`| ${c.name} | ${mb} MB | ${(mine.ms / 1000).toFixed(2)} s | ${theirs ? (theirs.ms / 1000).toFixed(2) + ' s' : '-'} | ${ratio ? ratio.toFixed(1) + '×' : '-'} | ${c.target ? '≥ ' + c.target + '×' : ''} | ${agree} |`);
}
