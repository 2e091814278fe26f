import * as assert from 'node:assert/strict';
import {
  appendFileSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { crc32 } from 'node:zlib';
import { join } from 'node:path';
import { readFolderRun } from '../../../src/node/readFolder';
import { LiveFolderSource } from '../../../src/node/liveFolderSource';
import { readInputRuns } from '../../../src/node/readInputs';
import { listFiles } from '../../../src/node/listFiles';
import { summarizeRun, summarizeSeries } from '../../../src/core/model/summary';
import { discoverRuns } from '../../../src/core/discovery/discover';
import { WandbRunParser } from '../../../src/core/formats/wandb';
import { isXMode, metricXMode, xValues } from '../../../src/core/curves/xAxis';
import type { Run } from '../../../src/core/model/run';
import { runCli } from '../../../src/cli/cli';
import { fixture, prng } from '../helpers';
import { referenceOfHistoryJsonl, referenceOfWandbFile, type Reference } from './wandbReference';

/**
 * The fixture runs: folder (under test/fixtures/wandb), its history file, its status (a run cut off
 * is running or killed by its file's age), one parameter from its config.yaml (none without one).
 */
const RUNS = [
  {
    dir: 'lightning-0.12/run-20250305_085822-r4uk18q2',
    history: 'run-r4uk18q2.wandb',
    status: ['finished', 0],
    param: ['cfg.data.batch_size', '64'],
  },
  {
    dir: 'core-0.19/run-20250317_143420-w0raviok',
    history: 'run-w0raviok.wandb',
    status: ['finished', 0],
    param: ['hidden_size', '128'],
  },
  {
    dir: 'crashed-0.25/run-20260312_164954-gknsevpj',
    history: 'run-gknsevpj.wandb',
    status: ['crashed', 255],
    param: ['batch_size', '64'],
  },
  {
    dir: 'killed-0.15/wandb/run-20230723_093735-mxaehod4',
    history: 'run-mxaehod4.wandb',
    status: ['running|killed'],
    param: ['n_envs', '128'],
  },
  { dir: 'legacy-0.8/wandb', history: 'wandb-history.jsonl', status: ['unknown'], param: ['episodes', '100'] },
  {
    dir: 'hf-0.15/run-20231104_013541-231sigsv',
    history: 'run-231sigsv.wandb',
    status: ['finished', 0],
    param: ['d_model', '768'],
  },
  {
    dir: 'yolo-0.11/wandb/latest-run',
    history: 'run-21w4c7nb.wandb',
    status: ['finished', 0],
    param: ['artifact_alias', 'latest'],
  },
  {
    dir: 'unfinished-0.25/run-20260309_131359-cee4nz6i',
    history: 'run-cee4nz6i.wandb',
    status: ['running|killed'],
    param: undefined,
  },
];
const REFERENCE = fixture('wandb', 'reference.json');

function reference(dir: string, history: string): Reference {
  const bytes = readFileSync(fixture('wandb', dir, history));
  return history.endsWith('.wandb') ? referenceOfWandbFile(bytes) : referenceOfHistoryJsonl(bytes.toString('utf8'));
}

/** W&B's own keys and the epoch are axes, not series. */
const isAxisKey = (k: string) => k.startsWith('_') || k === 'epoch';

async function readRun(dir: string): Promise<Run> {
  const path = fixture('wandb', dir);
  const found = discoverRuns(await listFiles(path));
  const own = found.find((r) => r.path === '' && r.format === 'wandb');
  assert.ok(own, `${dir} is found as a W&B run`);
  return (await readFolderRun(path, dir, 'wandb', own.name, own.files)).run;
}

describe('W&B run folders', () => {
  it('the independent reading of every fixture equals the committed reference (UPDATE_WANDB_REFERENCE=1 rewrites it)', () => {
    const now = Object.fromEntries(RUNS.map((r) => [r.dir, reference(r.dir, r.history)]));
    if (process.env['UPDATE_WANDB_REFERENCE'] === '1') writeFileSync(REFERENCE, `${JSON.stringify(now, null, 1)}\n`);
    assert.deepEqual(now, JSON.parse(readFileSync(REFERENCE, 'utf8')));
  });

  it("the reference's last value of every key equals the run's wandb-summary.json, where the summary has the key", () => {
    let checked = 0;
    for (const r of RUNS) {
      const ref = reference(r.dir, r.history);
      const base = r.history.endsWith('.wandb') ? join(r.dir, 'files') : r.dir;
      let summary: Record<string, unknown>;
      try {
        summary = JSON.parse(readFileSync(fixture('wandb', base, 'wandb-summary.json'), 'utf8')) as Record<
          string,
          unknown
        >;
      } catch {
        continue;
      }
      for (const [k, s] of Object.entries(ref.keys)) {
        if (typeof summary[k] !== 'number') continue;
        assert.equal(s.last, summary[k], `${r.dir}: ${k}`);
        checked++;
      }
    }
    // Every run with a summary has its keys checked (the crashed 0.25 run alone has over 1 000).
    assert.ok(checked > 1_040, `only ${checked} keys checked`);
  });

  for (const r of RUNS) {
    it(`reads ${r.dir} as the reference does: every numeric key, its points, last, min and max`, async () => {
      const ref = reference(r.dir, r.history);
      const run = await readRun(r.dir);
      // Every series the reader made, curves and values of the run alike (runValues.ts sorts them after).
      const core = Object.fromEntries(
        run.series
          .map(summarizeSeries)
          .map((s) => [s.name, { points: s.points, last: s.last!.value, min: s.min!.value, max: s.max!.value }]),
      );
      const expected = Object.fromEntries(Object.entries(ref.keys).filter(([k]) => !isAxisKey(k)));
      assert.deepEqual(core, expected);
      assert.ok(Object.keys(core).length > 0);
    });
  }

  for (const r of RUNS) {
    it(`metric-lens inspect ${r.dir} --json: the reference's keys and stats, the run's parameters and status`, async () => {
      const out = await runCli(['inspect', fixture('wandb', r.dir), '--json']);
      assert.equal(out.code, 0, out.stderr);
      const json = JSON.parse(out.stdout) as {
        runs: {
          format: string;
          series: {
            name: string;
            points: number;
            last: { value: number };
            min: { value: number };
            max: { value: number };
          }[];
          summary: { name: string; points: number; value: number }[];
          params?: Record<string, string>;
          status: { state: string; exitCode?: number };
        }[];
      };
      assert.equal(json.runs.length, 1);
      const run = json.runs[0]!;
      assert.equal(run.format, 'wandb');
      // The curves with their stats, the values of the run (one point beside curves) with their last value.
      const cli = Object.fromEntries([
        ...run.series.map((s) => [
          s.name,
          { points: s.points, last: s.last.value, min: s.min.value, max: s.max.value },
        ]),
        ...run.summary.map((v) => [v.name, { points: v.points, last: v.value }]),
      ]);
      const ref = reference(r.dir, r.history);
      const values = new Set(run.summary.map((v) => v.name));
      const expected = Object.entries(ref.keys)
        .filter(([k]) => !isAxisKey(k))
        .map(([k, e]) => (values.has(k) ? [k, { points: e.points, last: e.last }] : [k, e]));
      assert.deepEqual(cli, Object.fromEntries(expected));
      const [state, exitCode] = r.status;
      assert.match(run.status.state, new RegExp(`^(${state as string})$`));
      assert.equal(run.status.exitCode, exitCode);
      if (r.param) assert.equal(run.params?.[r.param[0]!], r.param[1]);
      else assert.equal(run.params, undefined);
    });
  }

  it('takes _step as the step, _timestamp as the wall time and epoch as the epoch', async () => {
    const run = await readRun('lightning-0.12/run-20250305_085822-r4uk18q2');
    const val = run.getSeries('val_loss')!;
    assert.deepEqual([val.step(0), val.epoch(0), val.step(19), val.epoch(19)], [0, 0, 19, 19]);
    const ref = JSON.parse(readFileSync(REFERENCE, 'utf8'))['lightning-0.12/run-20250305_085822-r4uk18q2'] as Reference;
    assert.equal(val.wallTime(0), ref.keys['_timestamp']!.min); // whole seconds in this old SDK
    assert.equal(run.getSeries('epoch'), undefined);
  });

  it('reads status, parameters, name and start from the exit record, config.yaml and wandb-metadata.json', async () => {
    const lightning = await readRun('lightning-0.12/run-20250305_085822-r4uk18q2');
    assert.deepEqual([lightning.status?.state, lightning.status?.exitCode], ['finished', 0]);
    assert.equal(lightning.params.get('cfg.model.model_cfg.arch.n_layers'), '35');
    assert.equal(lightning.status?.startedAt, '2025-03-05T13:58:22.587019');
    const crashed = await readRun('crashed-0.25/run-20260312_164954-gknsevpj');
    assert.deepEqual([crashed.status?.state, crashed.status?.exitCode], ['crashed', 255]);
    const core = await readRun('core-0.19/run-20250317_143420-w0raviok');
    assert.equal(core.status?.state, 'finished');
    // The two image-file objects, split by wandb-core into one item per field, are counted, not charted.
    assert.match(core.status!.notes!.join(' '), /^2 media or table values skipped \(Sample Images, Confusion Matrix\)/);
    const legacy = await readRun('legacy-0.8/wandb');
    assert.equal(legacy.name, 'apricot-fire-21');
    assert.equal(legacy.status?.state, 'unknown');
    assert.match(legacy.status!.notes!.join(' '), /^\d+ media or table values skipped \(gameplays\)/);
  });

  it('reads the other three shared samples as their SOURCES.md describes them (HF 0.15, YOLO 0.11, unfinished 0.25)', async () => {
    // Hugging Face Trainer: train/* on 128 of 141 rows, eval/* on 12, a last row of train/train_*; _step 0..140.
    const hf = await readRun('hf-0.15/run-20231104_013541-231sigsv');
    assert.deepEqual([hf.getSeries('train/loss')!.length, hf.getSeries('eval/loss')!.length], [128, 12]);
    assert.deepEqual(
      [hf.getSeries('train/global_step')!.step(0), hf.getSeries('train/global_step')!.last()!.step],
      [0, 140],
    );
    assert.equal(hf.getSeries('train/train_runtime')!.last()!.step, 140);
    assert.deepEqual([hf.status?.state, hf.status?.exitCode], ['finished', 0]);
    // ultralytics/yolov3's logger: 7 rows, x/lr0..2, images/separated media counted, an exit record.
    const yolo = await readRun('yolo-0.11/wandb/latest-run');
    assert.deepEqual(
      ['x/lr0', 'x/lr1', 'x/lr2'].map((k) => yolo.getSeries(k)?.length),
      [6, 6, 6],
    );
    assert.deepEqual([yolo.status?.state, yolo.status?.exitCode], ['finished', 0]);
    assert.match(
      yolo.status!.notes!.join(' '),
      /media or table values skipped \(Labels, Mosaics, Bounding Box Debugger\/Images/,
    );
    // wandb-core, killed: exactly 5 × 32 KiB, cut inside a FIRST chunk; 93 rows of train/loss at steps 50..4650;
    // no config.yaml nor wandb-summary.json.
    const dir = 'unfinished-0.25/run-20260309_131359-cee4nz6i';
    const bytes = new Uint8Array(readFileSync(fixture('wandb', dir, 'run-cee4nz6i.wandb')));
    assert.equal(bytes.length, 5 * 32768);
    const p = new WandbRunParser(dir, 'x');
    p.push('run-cee4nz6i.wandb', bytes);
    p.flush();
    const loss = p.run.getSeries('train/loss')!;
    assert.deepEqual([loss.length, loss.step(0), loss.last()!.step], [93, 50, 4650]);
    assert.equal(p.run.status?.state, 'running');
    assert.match(p.run.status!.notes![0]!, /^the file ends inside a record at byte 163801/);
    assert.equal(p.run.params.size, 0);
  });

  it('offers the step metric define_metric declares (train/global_step, trainer/global_step) as an x axis', async () => {
    const hf = await readRun('hf-0.15/run-20231104_013541-231sigsv');
    assert.deepEqual([...hf.stepMetrics], ['train/global_step']);
    const mode = metricXMode('train/global_step');
    assert.ok(isXMode(mode));
    const axis = hf.getSeries('train/global_step')!;
    const at = new Map(Array.from(axis.stepArray(), (st, i) => [st, axis.value(i)]));
    // Every eval row carries the trainer's step: each point's x is its value at that _step.
    const evalLoss = hf.getSeries('eval/loss')!;
    const x = xValues(evalLoss, mode, 0, (n) => hf.getSeries(n))!;
    assert.deepEqual(
      Array.from(x),
      Array.from(evalLoss.stepArray(), (st) => at.get(st)),
    );
    assert.equal(x[0], 1000);
    assert.equal(x[x.length - 1], 12000);
    const lightning = await readRun('lightning-0.12/run-20250305_085822-r4uk18q2');
    assert.deepEqual([...lightning.stepMetrics], ['trainer/global_step']);
    const val = xValues(lightning.getSeries('val_loss')!, metricXMode('trainer/global_step'), 0, (n) =>
      lightning.getSeries(n),
    )!;
    const gs = lightning.getSeries('trainer/global_step')!;
    assert.deepEqual(Array.from(val), Array.from(gs.valueArray()));
    // A run without that series has no such axis; a name the run lacks is no axis either.
    assert.equal(
      xValues(gs, metricXMode('nope'), 0, (n) => lightning.getSeries(n)),
      undefined,
    );
  });

  it('a file cut inside a record (killed, 0.15 Python writer) gives every whole record before the cut and one note', async () => {
    const ref = reference('killed-0.15/wandb/run-20230723_093735-mxaehod4', 'run-mxaehod4.wandb');
    assert.ok(ref.cutTail);
    // Read by the core alone: on disk the state would depend on the file's age (see the next test).
    const p = new WandbRunParser('run', 'run');
    p.push(
      'run-mxaehod4.wandb',
      new Uint8Array(
        readFileSync(fixture('wandb', 'killed-0.15', 'wandb', 'run-20230723_093735-mxaehod4', 'run-mxaehod4.wandb')),
      ),
    );
    p.flush();
    const run = p.run;
    assert.equal(run.status?.state, 'running');
    assert.equal(run.status?.notes?.length, 1);
    assert.match(run.status!.notes![0]!, /^the file ends inside a record at byte \d+ \(\d+ bytes held\)/);
    assert.deepEqual(run.issues, []);
  });

  it('a run with no exit record is running while its log is fresh, killed once it has not been written for 10 minutes', async () => {
    const src = fixture('wandb', 'killed-0.15', 'wandb', 'run-20230723_093735-mxaehod4');
    const dir = mkdtempSync(join(tmpdir(), 'metric-lens-wandb-'));
    try {
      copyFileSync(join(src, 'run-mxaehod4.wandb'), join(dir, 'run-mxaehod4.wandb'));
      const fresh = (await readFolderRun(dir, 'run', 'wandb', 'run')).run;
      assert.equal(fresh.status?.state, 'running');
      const old = (Date.now() - 11 * 60 * 1000) / 1000;
      utimesSync(join(dir, 'run-mxaehod4.wandb'), old, old);
      const killed = (await readFolderRun(dir, 'run', 'wandb', 'run')).run;
      assert.equal(killed.status?.state, 'killed');
      assert.match(killed.status!.notes![0]!, /^no exit record, and the log was last written 11 minutes ago/);
      // A finished run stays finished, however old.
      const done = fixture('wandb', 'lightning-0.12', 'run-20250305_085822-r4uk18q2');
      assert.equal((await readFolderRun(done, 'run', 'wandb', 'run')).run.status?.state, 'finished');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a followed run turns killed when its log goes quiet for 10 minutes, and running again when it grows', async () => {
    const src = fixture('wandb', 'killed-0.15', 'wandb', 'run-20230723_093735-mxaehod4');
    const dir = mkdtempSync(join(tmpdir(), 'metric-lens-wandb-'));
    const log = join(dir, 'run-mxaehod4.wandb');
    const data = readFileSync(join(src, 'run-mxaehod4.wandb'));
    try {
      writeFileSync(log, data.subarray(0, 2 * 32768));
      const live = new LiveFolderSource(dir, 'run', 'wandb', 'run');
      assert.equal(await live.refresh(), 'reset');
      assert.equal(live.run?.status?.state, 'running');
      assert.equal(await live.refresh(), 'unchanged');
      // No new bytes, but the file's time is 11 minutes old: the state changes, and the change is said.
      const old = (Date.now() - 11 * 60 * 1000) / 1000;
      utimesSync(log, old, old);
      assert.equal(await live.refresh(), 'appended');
      assert.equal(live.run?.status?.state, 'killed');
      assert.match(live.run!.status!.notes![0]!, /^no exit record, and the log was last written 11 minutes ago/);
      // Settling a cut tail (the editor does after 300 ms of quiet) keeps it killed.
      await live.settle();
      assert.equal(live.run?.status?.state, 'killed');
      assert.equal(await live.refresh(), 'unchanged');
      appendFileSync(log, data.subarray(2 * 32768));
      assert.equal(await live.refresh(), 'appended');
      assert.equal(live.run?.status?.state, 'running');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a bad checksum skips to the next block and says where; the records after it are read', async () => {
    const dir = 'crashed-0.25/run-20260312_164954-gknsevpj';
    const bytes = new Uint8Array(readFileSync(fixture('wandb', dir, 'run-gknsevpj.wandb')));
    const whole = new WandbRunParser(dir, 'x');
    whole.push('run-gknsevpj.wandb', bytes);
    whole.flush();
    const damaged = bytes.slice();
    damaged[40_000] = damaged[40_000]! ^ 0xff; // inside block 1 (32 768–65 535)
    const p = new WandbRunParser(dir, 'x');
    p.push('run-gknsevpj.wandb', damaged);
    p.flush();
    assert.equal(p.run.issues.length, 1);
    assert.match(
      p.run.issues[0]!.message,
      /fails its checksum \(damaged data\); skipped to the next block, at byte 65536/,
    );
    const loss = p.run.getSeries('train/loss')!;
    const all = whole.run.getSeries('train/loss')!;
    assert.ok(loss.length < all.length && loss.length > all.length / 2, `${loss.length} of ${all.length}`); // one block's rows lost
    assert.deepEqual([loss.last()!.step, loss.last()!.value], [all.last()!.step, all.last()!.value]);
    assert.equal(p.run.status?.state, 'crashed');
  });

  it('a record over 64 MiB is skipped with one message naming its byte; the record after it is read', () => {
    // Built a block at a time (never 64 MiB in one buffer): FIRST, 2 100 MIDDLE blocks, LAST, then a history row.
    const BLOCK = 32768;
    const chunk = (type: number, payload: Buffer) => {
      const head = Buffer.alloc(7);
      head.writeUInt32LE(crc32(payload, crc32(Buffer.from([type]))), 0);
      head.writeUInt16LE(payload.length, 4);
      head[6] = type;
      return Buffer.concat([head, payload]);
    };
    // Tags and lengths under 128 only, or 16 (value_json) as its two varint bytes.
    const field = (n: number, body: Buffer) =>
      Buffer.concat([Buffer.from(n === 16 ? [0x82, 0x01] : [(n << 3) | 2]), Buffer.from([body.length]), body]);
    const item = (key: string, json: string) =>
      field(1, Buffer.concat([field(1, Buffer.from(key)), field(16, Buffer.from(json))]));
    const row = field(2, Buffer.concat([item('_step', '3'), item('loss', '0.25')]));
    const p = new WandbRunParser('big', 'big');
    const push = (b: Buffer) => p.push('run-big.wandb', new Uint8Array(b));
    push(
      Buffer.concat([Buffer.from([0x3a, 0x57, 0x26, 0x42, 0xe1, 0xbe, 0x00]), chunk(2, Buffer.alloc(BLOCK - 14, 7))]),
    );
    const middle = chunk(3, Buffer.alloc(BLOCK - 7, 7));
    for (let i = 0; i < 2100; i++) push(middle);
    push(Buffer.concat([chunk(4, Buffer.alloc(100, 7)), chunk(1, row)]));
    p.flush();
    assert.deepEqual(
      p.run.issues.map((i) => i.message),
      ['the record at byte 7 is over 64 MB; skipped'],
    );
    const loss = p.run.getSeries('loss')!;
    assert.deepEqual([loss.length, loss.step(0), loss.value(0)], [1, 3, 0.25]);
  });

  it('pushed in pieces of any size (a record split across two writes waits for its end), reads as pushed whole', () => {
    const dir = 'crashed-0.25/run-20260312_164954-gknsevpj';
    const bytes = new Uint8Array(readFileSync(fixture('wandb', dir, 'run-gknsevpj.wandb')));
    const whole = new WandbRunParser(dir, 'x');
    whole.push('run-gknsevpj.wandb', bytes);
    whole.flush();
    const rnd = prng(18);
    for (let trial = 0; trial < 4; trial++) {
      const p = new WandbRunParser(dir, 'x');
      for (let at = 0; at < bytes.length;) {
        const n = 1 + Math.floor(rnd() * (trial === 0 ? 50 : 9000));
        p.push('run-gknsevpj.wandb', bytes.subarray(at, at + n));
        at += n;
        p.flush('run-gknsevpj.wandb');
      }
      assert.deepEqual(summarizeRun(p.run), summarizeRun(whole.run));
      assert.equal(p.pendingBytes, 0);
    }
  });

  it('cut at every offset: the series read are those of the whole records before the cut (as the reference reads them)', () => {
    const dir = 'core-0.19/run-20250317_143420-w0raviok';
    const bytes = readFileSync(fixture('wandb', dir, 'run-w0raviok.wandb'));
    for (let n = 7; n <= bytes.length; n++) {
      const ref = referenceOfWandbFile(bytes.subarray(0, n));
      const p = new WandbRunParser(dir, 'x');
      p.push('run-w0raviok.wandb', new Uint8Array(bytes.subarray(0, n)));
      p.flush();
      const core = Object.fromEntries(p.run.series.map((s) => [s.name, s.length]));
      const want = Object.fromEntries(
        Object.entries(ref.keys)
          .filter(([k]) => !isAxisKey(k))
          .map(([k, s]) => [k, s.points]),
      );
      assert.deepEqual(core, want, `cut at ${n}`);
      assert.equal(p.run.issues.length, 0, `cut at ${n}`);
    }
  });

  it('the CLI reads a wandb/ folder: its runs, and latest-run (a link to one of them) not twice', async () => {
    const { runs } = await readInputRuns(fixture('wandb', 'crashed-0.25'));
    assert.deepEqual(
      runs.map((r) => r.format),
      ['wandb'],
    );
    const found = discoverRuns([
      'wandb/run-20260312_164954-gknsevpj/run-gknsevpj.wandb',
      'wandb/run-20260312_164954-gknsevpj/files/config.yaml',
      'wandb/run-20260312_164954-gknsevpj/files/output.log',
      'wandb/run-20260312_164954-gknsevpj/logs/debug.log',
      'wandb/latest-run/run-gknsevpj.wandb',
      'wandb/latest-run/files/config.yaml',
      'wandb/offline-run-20260101_000000-abc/run-abc.wandb',
      'wandb/debug.log',
    ]);
    assert.deepEqual(
      found.map((r) => `${r.format} ${r.path} [${r.files.join(', ')}]`),
      [
        'undefined wandb/debug.log []',
        'wandb wandb/offline-run-20260101_000000-abc [run-abc.wandb]',
        'wandb wandb/run-20260312_164954-gknsevpj [files/config.yaml, run-gknsevpj.wandb]',
      ],
    );
  });
});

describe('a W&B run being written (LiveFolderSource)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'metric-lens-wandb-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('follows the .wandb file in whole blocks (wandb-core) and record by record with a record split over two writes (Python writer)', async () => {
    const src = fixture('wandb', 'crashed-0.25', 'run-20260312_164954-gknsevpj');
    const data = readFileSync(join(src, 'run-gknsevpj.wandb'));
    mkdirSync(join(dir, 'files'));
    copyFileSync(join(src, 'files', 'config.yaml'), join(dir, 'files', 'config.yaml'));
    const log = join(dir, 'run-gknsevpj.wandb');
    writeFileSync(log, data.subarray(0, 32768));
    const live = new LiveFolderSource(dir, 'run', 'wandb', 'run');
    assert.equal(await live.refresh(), 'reset');
    const loss = () => live.parser!.run.getSeries('train/loss')?.length ?? 0;
    const counts = [loss()];
    // wandb-core: whole 32 KiB blocks.
    for (let at = 32768; at < 4 * 32768; at += 32768) {
      appendFileSync(log, data.subarray(at, at + 32768));
      assert.equal(await live.refresh(), 'appended');
      counts.push(loss());
    }
    // Block 3 holds the one evaluation row (46 KB, 1 024 keys), no train/loss row.
    assert.deepEqual(counts, [0, 44, 93, 93]);
    // The Python writer: the rest a record at a time, each split in two writes; the first half adds nothing.
    const records = wandbRecordEnds(data, 4 * 32768);
    let at = 4 * 32768;
    for (const end of records) {
      const mid = at + Math.max(1, Math.floor((end - at) / 2));
      const before = loss();
      appendFileSync(log, data.subarray(at, mid));
      await live.refresh();
      assert.equal(loss(), before, 'half a record is held back');
      appendFileSync(log, data.subarray(mid, end));
      await live.refresh();
      at = end;
    }
    assert.ok(loss() > counts[counts.length - 1]!);
    appendFileSync(log, data.subarray(at));
    await live.refresh();
    const whole = new WandbRunParser('run', 'run');
    whole.push('run-gknsevpj.wandb', new Uint8Array(data));
    whole.flush();
    assert.deepEqual(summarizeRun(live.parser!.run).series, summarizeRun(whole.run).series);
    assert.equal(live.parser!.run.status?.state, 'crashed');
    assert.equal(live.parser!.run.params.get('batch_size'), '64');
  });
});

/** Where each chunk after `from` ends in a well-formed file (a record's end, for FULL and LAST chunks). */
function wandbRecordEnds(data: Buffer, from: number): number[] {
  const ends: number[] = [];
  let pos = from;
  while (pos + 7 <= data.length) {
    const left = 32768 - (pos % 32768);
    if (left < 7) {
      pos += left;
      continue;
    }
    const len = data.readUInt16LE(pos + 4);
    const type = data[pos + 6]!;
    pos += 7 + len;
    if (type === 1 || type === 4) ends.push(pos);
  }
  return ends;
}
