// npm run fuzz: property-based fuzzing of every parser (see test/unit/fuzz/). For each parser,
// --cases generated inputs (random bytes, mutated real samples, format-shaped noise, re-encodings,
// binary files, deep nesting, framed events, and issue #15's: runs of one character, steps going back,
// many classes), each read whole and in random chunks, plus a fixed set of large hostile inputs (10 MB
// lines, a line over the limit, 100 000 levels of nesting…). Properties: nothing throws, time per byte
// and retained memory stay bounded, every issue has a line or offset and a readable message, issue lists
// are capped, chunking changes nothing. Then --cases hostile globs, and issue #15's repros timed at n
// and 8n (the growth must be linear: see fuzz/growth.ts).
//
// The default, 25 000 cases a parser, is the gate: about 800 s of CPU in all, some 7 minutes on a quiet 2-core
// machine with 2 workers (the run prints its CPU time, which load does not change); --cases 100000 is the long soak.
//
//   node --expose-gc scripts/fuzz.mjs [--seed N] [--cases N] [--only a,b] [--jobs N] [--no-hostile]
//                                     [--replay <parser>:<case>] [--out <compiled dir>] [--hang-seconds N]
//
// Runs parsers in worker threads. A case's time per byte is bounded by the CPU time its worker thread
// used (fuzz/cpuClock.ts), so a run beside other work fails only a slow parser; a case that makes no
// progress for --hang-seconds on the clock (generous: a loaded machine stretches the clock) is reported
// as a hang (with its replay command) and its worker is stopped. Exits 1 when anything failed.
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function parseArgs(argv) {
  const opts = {
    seed: 1,
    cases: 25_000,
    only: undefined,
    jobs: Math.max(1, cpus().length),
    hostile: true,
    replay: undefined,
    out: join(ROOT, 'out'),
    hangSeconds: 120,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--seed') opts.seed = Number(next());
    else if (a === '--cases') opts.cases = Number(next());
    else if (a === '--only') opts.only = next().split(',');
    else if (a === '--jobs') opts.jobs = Number(next());
    else if (a === '--no-hostile') opts.hostile = false;
    else if (a === '--replay') opts.replay = next();
    else if (a === '--out') opts.out = resolve(next());
    else if (a === '--hang-seconds') opts.hangSeconds = Number(next());
    else throw new Error(`unknown option ${a}`);
  }
  if (!Number.isInteger(opts.seed) || !Number.isInteger(opts.cases) || opts.cases < 0)
    throw new Error('--seed and --cases take whole numbers');
  return opts;
}

function loadHarness(out) {
  const runner = join(out, 'test', 'unit', 'fuzz', 'runner.js');
  if (!existsSync(runner)) {
    console.error(`${runner} is missing: run "npm run compile-tests" first (npm run fuzz does), or pass --out <dir>.`);
    process.exit(2);
  }
  return { runner: require(runner), lines: require(join(out, 'src', 'core', 'text', 'lines.js')) };
}

if (!isMainThread) {
  // A worker: one parser's cases, or its hostile set.
  if (typeof globalThis.gc !== 'function') {
    setFlagsFromString('--expose-gc');
    globalThis.gc = runInNewContext('gc');
  }
  const { runner, lines } = loadHarness(workerData.out);
  const progress = new Int32Array(workerData.progress);
  const cpuStart = runner.threadCpuMs();
  const report = workerData.hostile
    ? runner.fuzzHostile(workerData.target, lines.MAX_LINE_BYTES, progress)
    : runner.fuzzTarget(workerData.target, { seed: workerData.seed, cases: workerData.cases, progress, timed: true });
  parentPort.postMessage({ ...report, cpuSeconds: (runner.threadCpuMs() - cpuStart) / 1000 });
} else {
  await main();
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  process.chdir(ROOT);
  const { runner } = loadHarness(opts.out);
  if (opts.replay) return replay(runner, opts);

  const names = runner
    .targets()
    .map((t) => t.name)
    .filter((n) => !opts.only || opts.only.includes(n));
  const jobs = names.flatMap((target) => [
    ...(opts.cases > 0 ? [{ target, hostile: false }] : []),
    ...(opts.hostile ? [{ target, hostile: true }] : []),
  ]);
  console.log(
    `fuzzing ${names.length} parsers: ${opts.cases} generated cases each${opts.hostile ? ' + the hostile set' : ''}, seed ${opts.seed}, ${opts.jobs} workers`,
  );
  console.log(
    `time per byte bounded by ${runner.cpuClockKind === 'wall clock' ? 'the wall clock (no per-thread CPU counters here: load can fail it)' : `each worker thread's CPU time (${runner.cpuClockKind})`}; a hang is ${opts.hangSeconds} s without progress on the clock`,
  );
  const started = Date.now();
  const results = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(opts.jobs, jobs.length) }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++];
        const report = await runJob(job, opts);
        results.push({ ...job, report });
        const r = report;
        console.log(
          `  ${job.target}${job.hostile ? ' (hostile)' : ''}: ${r.cases} cases, ${r.failures} failures, ${(r.cpuSeconds ?? 0).toFixed(0)} s of CPU, ${((Date.now() - started) / 1000).toFixed(0)} s since the start`,
        );
      }
    }),
  );

  const rows = names.map((target) => {
    const mine = results.filter((r) => r.target === target).map((r) => r.report);
    return {
      target,
      cases: mine.reduce((n, r) => n + r.cases, 0),
      failures: mine.reduce((n, r) => n + r.failures, 0),
      msPerMB: Math.max(0, ...mine.map((r) => r.maxMsPerMB)),
      retained: Math.max(0, ...mine.map((r) => r.maxRetainedMB)),
    };
  });
  console.log('');
  console.log(
    `${'parser'.padEnd(20)}${'cases'.padStart(9)}${'failures'.padStart(10)}${'max ms/MB'.padStart(11)}${'max MB kept'.padStart(13)}`,
  );
  for (const r of rows) {
    console.log(
      `${r.target.padEnd(20)}${String(r.cases).padStart(9)}${String(r.failures).padStart(10)}${r.msPerMB.toFixed(1).padStart(11)}${r.retained.toFixed(1).padStart(13)}`,
    );
  }
  // Hostile globs, and the growth of issue #15's repros from n to 8n (linear time without a wall-clock bound).
  const extra = [];
  if (!opts.only || opts.only.includes('globs')) {
    const g = runner.fuzzGlobs(opts.seed, opts.cases);
    console.log(`${'globs'.padEnd(20)}${String(g.cases).padStart(9)}${String(g.failures.length).padStart(10)}`);
    for (const f of g.failures) extra.push(`globs: ${f}`);
  }
  if (!opts.only || opts.only.includes('growth')) {
    console.log(`\ngrowth from n to ${runner.GROWTH.factor}n (bound ${runner.GROWTH.factor * runner.GROWTH.slack}):`);
    for (const s of runner.SCALINGS) {
      const g = runner.measureGrowth(s);
      console.log(
        `  ${g.ratio.toFixed(1).padStart(5)}×  ${g.smallMs.toFixed(1)} → ${g.largeMs.toFixed(1)} ms  ${s.name}`,
      );
      if (g.ratio > g.bound) extra.push(`growth: ${s.name}: ${g.ratio.toFixed(1)} times from n to 8n, over ${g.bound}`);
    }
  }
  for (const e of extra) console.log(`\n${e}`);
  const failed = results.filter((r) => r.report.failures > 0);
  for (const { target, hostile, report } of failed) {
    console.log(`\n${target}${hostile ? ' (hostile)' : ''}: ${report.failures} failing cases; first:`);
    for (const f of report.firstFailures) {
      console.log(`  #${f.index} [${f.kind}] ${f.label}\n    ${f.problem}`);
      if (!hostile && !f.hang)
        console.log(`    replay: node --expose-gc scripts/fuzz.mjs --seed ${opts.seed} --replay ${target}:${f.index}`);
    }
  }
  // process.cpuUsage() counts every thread of the process: the workers, V8's helpers and this one. A quiet
  // machine runs the workers side by side, so this over --jobs is about the run's length there.
  const cpu = process.cpuUsage();
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  console.log(
    `\n${rows.reduce((n, r) => n + r.cases, 0)} cases in ${((Date.now() - started) / 1000).toFixed(0)} s (${cpuSeconds.toFixed(0)} s of CPU in all, about ${(cpuSeconds / 60 / Math.min(opts.jobs, jobs.length)).toFixed(0)} min with ${Math.min(opts.jobs, jobs.length)} workers on a quiet machine); ${failed.length === 0 && extra.length === 0 ? 'no failures' : `${rows.reduce((n, r) => n + r.failures, 0) + extra.length} failures`}`,
  );
  process.exitCode = failed.length === 0 && extra.length === 0 ? 0 : 1;
}

function runJob(job, opts) {
  return new Promise((resolvePromise) => {
    const progress = new SharedArrayBuffer(8);
    const beat = new Int32Array(progress);
    const worker = new Worker(fileURLToPath(import.meta.url), {
      workerData: { ...job, seed: opts.seed, cases: opts.cases, out: opts.out, progress },
      execArgv: [...process.execArgv.filter((a) => a !== '--expose-gc')],
      resourceLimits: { maxOldGenerationSizeMb: 8192 },
    });
    let lastBeat = -1;
    let quietSince = Date.now();
    let done = false;
    const finish = (report) => {
      if (done) return;
      done = true;
      clearInterval(watch);
      resolvePromise(report);
    };
    const watch = setInterval(() => {
      const b = Atomics.load(beat, 1);
      if (b !== lastBeat) {
        lastBeat = b;
        quietSince = Date.now();
        return;
      }
      if (Date.now() - quietSince < opts.hangSeconds * 1000) return;
      const index = Atomics.load(beat, 0);
      void worker.terminate();
      finish({
        target: job.target,
        cases: index + 1,
        failures: 1,
        maxMsPerMB: 0,
        maxRetainedMB: 0,
        firstFailures: [
          {
            index,
            kind: job.hostile ? 'hostile' : 'generated',
            label: 'no progress',
            hang: job.hostile,
            problem: `case ${index} made no progress for ${opts.hangSeconds} s (a hang)`,
          },
        ],
      });
    }, 1000);
    worker.on('message', finish);
    worker.on('error', (e) =>
      finish({
        target: job.target,
        cases: Atomics.load(beat, 0),
        failures: 1,
        maxMsPerMB: 0,
        maxRetainedMB: 0,
        firstFailures: [
          {
            index: Atomics.load(beat, 0),
            kind: 'worker',
            label: 'the worker died',
            problem: String(e?.stack ?? e).slice(0, 600),
          },
        ],
      }),
    );
  });
}

function replay(runner, opts) {
  const [target, index] = opts.replay.split(':');
  console.log(`replaying ${target} case ${index} of seed ${opts.seed} (and shrinking it while it fails)…`);
  const { failing, problems } = runner.replayCase(target, opts.seed, Number(index));
  if (!failing) {
    console.log('the case passes now.');
    return;
  }
  const dir = join(tmpdir(), 'metric-lens-fuzz', `${target}-${opts.seed}-${index}`);
  mkdirSync(dir, { recursive: true });
  failing.files.forEach((f, k) => {
    const path = join(dir, `${k}-${f.name.replace(/[\\/]/g, '_').replace(/^\.+/, '')}`);
    writeFileSync(path, f.bytes);
  });
  writeFileSync(
    join(dir, 'case.json'),
    JSON.stringify(
      {
        kind: failing.kind,
        label: failing.label,
        chunks: failing.chunks,
        variant: failing.variant,
        files: failing.files.map((f) => f.name),
      },
      null,
      2,
    ),
  );
  console.log(`kind ${failing.kind}: ${failing.label}`);
  console.log(`variant ${failing.variant}, chunks [${failing.chunks.join(', ')}]`);
  for (const f of failing.files)
    console.log(
      `  ${f.name} (${f.bytes.length} bytes): ${JSON.stringify(new TextDecoder().decode(f.bytes.subarray(0, 300)))}`,
    );
  for (const p of problems) console.log(`  ✗ ${p}`);
  console.log(`files written to ${pathToFileURL(dir).href}`);
  process.exitCode = 1;
}
