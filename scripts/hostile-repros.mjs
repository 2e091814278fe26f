#!/usr/bin/env node
/**
 * Issue #15's repros, each generated afresh and given to the CLI (`dist/cli.js`, as a user runs it), with the
 * CPU time, the peak memory and the message of each: `npm run hostile-repros`. It exits 1 when a repro takes
 * more than a second of CPU, hangs (30 s), crashes, or says nothing where the issue wants a message.
 *
 * CPU time, not the clock: a loaded machine stretches the clock whatever the code does. Each child runs with
 * a preload (`usage.cjs` below) that writes `process.resourceUsage()` at exit: user + system CPU of every
 * thread of the process (its worker threads too) and its peak resident memory. Node's own start-up, about
 * 40–80 ms of CPU, is counted in each figure.
 *
 * Globs come from the editor's settings, not the CLI: they are matched here by the core's matcher itself
 * (`out/src/core/text/glob.js`, the code the extension runs), in a child measured the same way. The first
 * view of a series of 10 M points, which only the editor downsamples, is measured last: its CPU in all, and
 * the most one turn of the host spends on it (the panel takes its steps `TURN_POINTS` points a turn,
 * `src/node/turns.ts`); past 100 ms in a turn it fails the run.
 *
 *   node scripts/hostile-repros.mjs [--only NAME,NAME] [--keep]
 */

import { spawn, execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { ftruncateSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const OUT = join(ROOT, 'out', 'src');
const CPU_LIMIT_MS = 1000;
const HANG_MS = 30_000;

const args = process.argv.slice(2);
const only = args.includes('--only') ? new Set(args[args.indexOf('--only') + 1].split(',')) : undefined;
const keep = args.includes('--keep');
for (const needed of [CLI, join(OUT, 'core', 'text', 'glob.js')]) {
  if (!existsSync(needed)) {
    console.error(
      `${needed} is missing: run npm run build && npm run compile-tests first (npm run hostile-repros does)`,
    );
    process.exit(2);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'metric-lens-hostile-'));
const at = (...p) => join(dir, ...p);
const write = (path, content) => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return path;
};
/** Rows written a block at a time (a million rows as one string is the script's cost, not the CLI's). */
const writeRows = (path, head, n, row) => {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'w');
  writeSync(fd, head);
  let block = [];
  for (let i = 0; i < n; i++) {
    block.push(row(i));
    if (block.length === 50_000) {
      writeSync(fd, block.join('\n') + '\n');
      block = [];
    }
  }
  if (block.length) writeSync(fd, block.join('\n') + '\n');
  closeSync(fd);
  return path;
};

const USAGE = write(
  at('usage.cjs'),
  `process.on('exit', () => require('fs').writeFileSync(process.env.ML_USAGE_FILE, JSON.stringify(process.resourceUsage())));\n`,
);

// The TensorBoard pieces: a real event file with a record header claiming 1 GiB (valid checksum) put in its middle.
const { maskedCrc32c } = await import(join(OUT, 'core', 'text', 'crc32c.js'));
const REAL_EVENTS = join(
  ROOT,
  'test',
  'fixtures',
  'tfevents',
  'ultralytics',
  'events.out.tfevents.1675348815.43529bab29be.37247.0',
);
const damagedEvents = () => {
  const real = readFileSync(REAL_EVENTS);
  const header = new Uint8Array(12);
  new DataView(header.buffer).setBigUint64(0, 1n << 30n, true);
  new DataView(header.buffer).setUint32(8, maskedCrc32c(header.subarray(0, 8)), true);
  return Buffer.concat([real.subarray(0, 8844), header, real.subarray(8844)]);
};

/**
 * Each repro: its item in the issue, the command's arguments (made when it runs), and what must be said
 * (`expect`, over stdout and stderr) or must not be (`refuse`). `exit` is the exit code wanted.
 */
const repros = [
  {
    name: 'yaml-spaces',
    item: '1. a parameters file holding one line of 20 000 spaces and `a` (cubic: an hour at 20 KB)',
    args: () => {
      write(at('yaml', 'version_0', 'hparams.yaml'), `lr: 0.1\n${' '.repeat(20_000)}a\n`);
      const csv = write(at('yaml', 'version_0', 'metrics.csv'), 'epoch,step,train_loss\n0,0,1\n0,1,0.5\n');
      return ['compare', '--csv', '--all', csv];
    },
    // The right result: the run with its parameter, `lr` as YAML reads the more-indented line (folded into the
    // value, as PyYAML does); the comparison's CSV has the parameters as columns.
    expect: /^name,.*,lr,[^\n]*\n[^\n]*,0\.1 a,/m,
    exit: 0,
  },
  {
    name: 'yaml-quotes',
    item: '1. a parameters file of 512 KB of `""` (the yaml library at its slowest: a YAML error a pair)',
    args: () => {
      write(at('yamlq', 'version_0', 'hparams.yaml'), `lr: 0.1\n${'""'.repeat(256 * 1024 - 8)}\n`);
      return ['inspect', write(at('yamlq', 'version_0', 'metrics.csv'), 'epoch,step,train_loss\n0,0,1\n0,1,0.5\n')];
    },
    expect: /hparams\.yaml.*(YAML error|over the 512 KB)/,
    exit: 0,
  },
  {
    name: 'bar-spaces',
    item: '1. a train.log bar line with 150 000 spaces (quadratic: 21–28 s)',
    args: () => [
      'inspect',
      write(
        at('bars', 'train.log'),
        `epoch 1 | loss 0.5\nepoch 2 | loss 1${' '.repeat(150_000)}2 3\nepoch 3 | loss 0.25\n`,
      ),
    ],
    expect: /loss/,
    exit: 0,
  },
  ...[
    ['', ['classify']],
    ['-json', ['classify', '--json']],
  ].map(([suffix, cmd]) => ({
    name: `classes-20000${suffix}`,
    item: `2. predictions of 20 000 classes (3.3 GB and 14 s; with --json a stack trace or an abort)`,
    args: () => [
      ...cmd,
      existsSync(at('classes', 'predictions.csv'))
        ? at('classes', 'predictions.csv')
        : writeRows(at('classes', 'predictions.csv'), 'y_true,y_pred\n', 20_000, (i) => `${i},${(i + 1) % 20_000}`),
    ],
    expect: /20000 distinct classes, over the 2000 for which a confusion matrix is computed/,
    exit: 0,
  })),
  ...[500_000, 1_000_000].map((n) => ({
    name: `countdown-${n}`,
    item: `3. a log counting its epochs down, ${n.toLocaleString('en-US')} rows (12 s and 2.4 GB at 500 000; 1 000 000 aborted)`,
    args: () => [
      'inspect',
      writeRows(at(`countdown${n}`, 'metrics.csv'), 'epoch,loss\n', n, (i) => `${n - i},${(1 / (1 + i)).toFixed(6)}`),
    ],
    expect: new RegExp(`loss\\b[^\\n]*\\b${n}\\b|${n.toLocaleString('en-US')}`),
    exit: 0,
  })),
  {
    name: 'glob-stars',
    item: '4. a glob of ten stars from settings (88 s with a backtracking pattern)',
    node: () => [
      '-e',
      `const { matchesGlob } = require(${JSON.stringify(join(OUT, 'core', 'text', 'glob.js'))});
       const path = 'a/'.repeat(40) + 'b'.repeat(60);
       console.log('ten stars against a 140-character path:', matchesGlob(path, '*a*a*a*a*a*a*a*a*a*c'));`,
    ],
    expect: /ten stars against a 140-character path: false/,
    exit: 0,
  },
  {
    name: 'glob-brace',
    item: '4. an unbalanced `{` in a glob (an unhandled rejection: every panel left on "loading")',
    node: () => [
      '-e',
      `const { compileGlob } = require(${JSON.stringify(join(OUT, 'core', 'text', 'glob.js'))});
       try { compileGlob('**/{a,b.csv'); console.log('accepted'); } catch (e) { console.log(e.name + ': ' + e.message); }`,
    ],
    expect: /Error: the "\{" at character 4 is never closed by a "\}"/,
    exit: 0,
  },
  {
    name: 'tfevents-1gib-header',
    item: '5. a TensorBoard file with a record header claiming 1 GiB in its middle (the rest dropped, exit 0, no word)',
    args: () => ['inspect', write(at('tb', 'events.out.tfevents.1675348815.hostile.1.0'), damagedEvents())],
    expect: /claims 1 GB, but whole records follow inside it/,
    exit: 0,
  },
  {
    name: 'empty-file',
    item: '5. an empty metrics.csv (exit 0, no message)',
    args: () => ['inspect', write(at('empty', 'metrics.csv'), '')],
    expect: /no values to read: the file is empty/,
  },
  {
    name: 'header-only',
    item: '5. a metrics.csv holding its header only (exit 0, no message)',
    args: () => ['inspect', write(at('header', 'metrics.csv'), 'epoch,loss,val_loss\n')],
    expect: /no values to read: the file is empty, or holds a header and no rows yet/,
  },
  {
    name: 'zeros-csv',
    item: '5. 1 MB of zero bytes named metrics.csv (a /dev/zero-like file)',
    args: () => ['inspect', write(at('zeros', 'metrics.csv'), new Uint8Array(1 << 20))],
    expect: /binary data \(a zero byte at byte 0\), not text/,
  },
  {
    name: 'dev-zero-link',
    item: '5. /dev/zero itself, linked as train.csv',
    args: () => {
      mkdirSync(at('devzero'), { recursive: true });
      symlinkSync('/dev/zero', at('devzero', 'train.csv'));
      return ['inspect', at('devzero', 'train.csv')];
    },
    expect: /is a device, not a regular file; not read/,
  },
  ...['inspect', 'classify'].map((cmd) => ({
    name: `fifo-${cmd}`,
    item: `6. a FIFO named train.log given to ${cmd} (hung forever)`,
    args: () => {
      const fifo = at(`fifo-${cmd}`, 'train.log');
      mkdirSync(dirname(fifo), { recursive: true });
      execFileSync('mkfifo', [fifo]);
      return [cmd, fifo];
    },
    expect: /is a named pipe \(FIFO\), not a regular file; not read/,
  })),
  {
    name: 'tb-member-over-limit',
    item: '7. a 1.2 GB event file inside a TensorBoard folder (read for 49 s; sparse here, nothing written)',
    args: () => {
      write(at('tbfolder', 'events.out.tfevents.1675348815.small.1.0'), readFileSync(REAL_EVENTS));
      const big = at('tbfolder', 'events.out.tfevents.1675348999.big.1.0');
      const fd = openSync(big, 'w');
      ftruncateSync(fd, 1.2e9);
      closeSync(fd);
      return ['inspect', at('tbfolder')];
    },
    expect: /big\.1\.0: the file is 1\.1 GB, over the 1 GB a training log may have/,
  },
  {
    name: 'escape-names',
    item: '8. terminal escape sequences in metric names (printed raw)',
    args: () => [
      'inspect',
      write(at('escape', 'metrics.csv'), 'epoch,loss\x1b[2J\x1b]0;pwned\x07,acc\x1b[31m\n0,1,0.1\n1,0.5,0.2\n'),
    ],
    expect: /loss/,
    // The raw escape and bell characters (what a terminal acts on), built so the pattern holds no control character.
    refuse: new RegExp(`[${String.fromCharCode(0x1b, 0x07)}]`),
    exit: 0,
  },
  {
    name: 'csv-formula',
    item: '8. the CSV export of a run whose parameters begin with =, +, -, @ (formula injection)',
    args: () => {
      write(
        at('formula', 'version_0', 'hparams.yaml'),
        `note: "=HYPERLINK(\\"http://x\\")"\nplus: "+1+1"\nat: "@SUM(A1)"\n`,
      );
      write(at('formula', 'version_0', 'metrics.csv'), 'epoch,step,train_loss\n0,0,1\n0,1,0.5\n');
      return ['compare', '--csv', '--all', at('formula', 'version_0', 'metrics.csv')];
    },
    expect: /'=HYPERLINK/,
    refuse: /(^|,)"?[=+@]/m,
    exit: 0,
  },
  {
    name: 'true-false-labels',
    item: '8. True/False labels beside 0/1 predictions (accuracy 0; scikit-learn through pandas: 1.0)',
    args: () => [
      'classify',
      write(
        at('bools', 'predictions.csv'),
        'y_true,y_pred\n' + Array.from({ length: 40 }, (_, i) => (i % 3 ? 'True,1' : 'False,0')).join('\n') + '\n',
      ),
    ],
    expect: /^\s*accuracy 1\s/m,
    exit: 0,
  },
  {
    name: 'leading-infinity',
    item: '8. Infinity before a metric’s first finite value (never flagged)',
    args: () => ['inspect', write(at('inf', 'metrics.csv'), 'step,loss\n0,inf\n1,2\n2,1\n3,0.5\n')],
    expect: /loss is Infinity at step 0, then finite again/,
    exit: 0,
  },
];

/** Runs one child with the usage preload; resolves with its output, exit code, CPU and memory. */
function measure(nodeArgs) {
  const usageFile = at(`usage-${Math.random().toString(36).slice(2)}.json`);
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, ['--require', USAGE, ...nodeArgs], {
      env: { ...process.env, ML_USAGE_FILE: usageFile, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), HANG_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const usage = existsSync(usageFile) ? JSON.parse(readFileSync(usageFile, 'utf8')) : undefined;
      resolve({
        out,
        code,
        signal,
        wallMs: Date.now() - t0,
        cpuMs: usage ? Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000) : undefined,
        rssMB: usage ? Math.round(usage.maxRSS / 1024) : undefined,
      });
    });
  });
}

/** The line of the output that holds the match, cut to a screen's width. */
function lineOf(out, re) {
  const m = re.exec(out);
  if (!m) return '';
  const start = out.lastIndexOf('\n', m.index) + 1;
  const end = out.indexOf('\n', m.index);
  return out
    .slice(start, end < 0 ? undefined : end)
    .trim()
    .slice(0, 160);
}

let failed = 0;
console.log(
  `Issue #15's repros, through the CLI (load average ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}); ` +
    `in parentheses, what the issue saw before its fixes:\n`,
);
try {
  for (const r of repros) {
    if (only && !only.has(r.name)) continue;
    const nodeArgs = r.node ? r.node() : [CLI, ...r.args()];
    const m = await measure(nodeArgs);
    const problems = [];
    if (m.signal) problems.push(`killed (${m.signal}) after ${m.wallMs} ms: it hung`);
    if (m.cpuMs === undefined) problems.push('no usage written: the process crashed');
    else if (m.cpuMs > CPU_LIMIT_MS) problems.push(`${m.cpuMs} ms of CPU, over ${CPU_LIMIT_MS}`);
    if (r.expect && !r.expect.test(m.out)) problems.push(`no message matching ${r.expect}`);
    if (r.refuse && r.refuse.test(m.out))
      problems.push(`printed what it must not: ${JSON.stringify(lineOf(m.out, r.refuse))}`);
    if (r.exit !== undefined && m.code !== r.exit && !m.signal) problems.push(`exit ${m.code}, wanted ${r.exit}`);
    if (/\n\s+at .+\(.+:\d+:\d+\)/.test(m.out)) problems.push('a stack trace');
    if (problems.length) failed++;
    console.log(`${problems.length ? 'FAIL' : 'ok  '} ${r.name}: ${r.item}`);
    console.log(
      `     ${m.cpuMs ?? '?'} ms CPU, ${m.wallMs} ms on the clock, peak ${m.rssMB ?? '?'} MB, exit ${m.code ?? m.signal}` +
        (r.expect ? `; says: ${JSON.stringify(lineOf(m.out, r.expect))}` : ''),
    );
    for (const p of problems) console.log(`     ${p}`);
  }

  if (!only || only.has('downsample')) {
    // Not the CLI's (it does not draw): what a curves panel's first view costs the host. In all, and in its
    // longest turn: the steps taken TURN_POINTS points a turn, as the panel takes them (stepsInTurns).
    const m = await measure([
      '-e',
      `const { Run } = require(${JSON.stringify(join(OUT, 'core', 'model', 'run.js'))});
       const { SeriesViewer } = require(${JSON.stringify(join(OUT, 'extension', 'curves', 'seriesView.js'))});
       const { TURN_POINTS } = require(${JSON.stringify(join(OUT, 'node', 'turns.js'))});
       const run = new Run('x', 'csv', 'x', 'line');
       const s = run.seriesFor('loss');
       for (let i = 0; i < 10_000_000; i++) s.append(i, 1 / (1 + i) + (i % 7) * 1e-3, i + 2);
       const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
       for (const smoothing of [0, 0.6]) {
         let all = Infinity, turn = Infinity, turns = 0;
         for (let k = 0; k < 3; k++) {
           const steps = new SeriesViewer('r', s, () => 0).fullSteps({ xMode: 'step', smoothing, buckets: 1000 });
           const c0 = cpu();
           let c = c0, looked = 0, longest = 0, n = 1;
           for (let r = steps.next(); !r.done; r = steps.next()) {
             looked += r.value;
             if (looked < TURN_POINTS) continue;
             looked = 0;
             n++;
             longest = Math.max(longest, cpu() - c);
             c = cpu();
           }
           longest = Math.max(longest, cpu() - c);
           all = Math.min(all, cpu() - c0);
           turn = Math.min(turn, longest);
           turns = n;
         }
         console.log('smoothing ' + smoothing + ': ' + Math.round(all) + ' ms in all, ' + turns + ' turns, ' +
           'the longest ' + turn.toFixed(1) + ' ms');
         if (turn > 100) process.exitCode = 3;
       }`,
    ]);
    const slow = m.code !== 0;
    if (slow) failed++;
    console.log(
      `\n${slow ? 'FAIL' : 'ok  '} downsample: the first view of one series of 10 M points, on the host's thread ` +
        `(at most 100 ms a turn): ${m.out.trim().split('\n').join(', ')}`,
    );
  }
} finally {
  if (keep) console.log(`\nthe files are in ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
console.log(failed ? `\n${failed} repro(s) failed` : '\nevery repro passed');
process.exit(failed ? 1 : 0);
