import * as assert from 'node:assert/strict';
import {
  copyFileSync,
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
  type Dirent,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { compareRuns, rowStatus } from '../../../src/core/compare';
import { KILLED_AFTER_MS, Run } from '../../../src/core/model/run';
import { readFolderRun } from '../../../src/node/readFolder';
import { readRunFile } from '../../../src/node/readSource';
import { fixture } from '../helpers';

const MLFLOW_FINISHED = fixture('mlflow', 'mnist', 'mlruns', '0', 'c89566f24f7b4bf0b526c7ac29c426be');
const MLFLOW_FAILED = fixture('mlflow', 'mnist-failed', 'mlruns', '0', '24005fa4a9124421b61899b4a82e6510');
const mlflow = async (dir: string) => (await readFolderRun(dir, 'run', 'mlflow', 'run')).run;
const trainer = async (...p: string[]) => readRunFile(fixture(...p), 'trainer_state.json');
const wandb = async (...p: string[]) => (await readFolderRun(fixture('wandb', ...p), 'run', 'wandb', 'run')).run;

function setAge(dir: string, files: readonly string[], ms: number): void {
  const t = (Date.now() - ms) / 1000;
  for (const f of files) utimesSync(join(dir, f), t, t);
}

/** Every file under `dir`, relative to it. */
function allFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)));
}

describe('compare: the status of each run, from what its writer records', () => {
  it("MLflow: meta.yaml's status (3 FINISHED, 4 FAILED), and its start time", async () => {
    const done = await mlflow(MLFLOW_FINISHED);
    assert.deepEqual(done.status, { state: 'finished', startedAt: new Date(1708382492506).toISOString() });
    assert.equal((await mlflow(MLFLOW_FAILED)).status?.state, 'crashed');
  });

  it('MLflow: a run still RUNNING is running while written, killed once its files are 10 minutes quiet', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'metric-lens-mlflow-'));
    try {
      cpSync(MLFLOW_FINISHED, dir, { recursive: true });
      const meta = readFileSync(join(dir, 'meta.yaml'), 'utf8');
      // What MLflow leaves when the process dies before end_run: status 1 (RUNNING), no end time.
      writeFileSync(
        join(dir, 'meta.yaml'),
        meta.replace('status: 3', 'status: 1').replace(/^end_time: .*$/m, 'end_time: null'),
      );
      assert.equal((await mlflow(dir)).status?.state, 'running');
      setAge(dir, allFiles(dir), 11 * 60 * 1000);
      // One member written a minute ago is a sign of life.
      setAge(dir, ['metrics/acc'], 60 * 1000);
      assert.equal((await mlflow(dir)).status?.state, 'running');
      setAge(dir, ['metrics/acc'], 11 * 60 * 1000);
      const killed = await mlflow(dir);
      assert.equal(killed.status?.state, 'killed');
      assert.match(
        killed.status!.notes![0]!,
        /^MLflow still says RUNNING, and the run was last written 11 minutes ago/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('Hugging Face: finished at max_steps or when told to stop (early stopping), else incomplete with where it got', async () => {
    assert.deepEqual((await trainer('hf-trainer-state', 'results', 'checkpoint-10350', 'trainer_state.json')).status, {
      state: 'finished',
    });
    const early = await trainer('corpus', 'hf-trainer', 'byerenozer-whisper-tr', 'trainer_state.json');
    assert.deepEqual(early.status, { state: 'finished', notes: ['stopped early, at step 1500 of 10990'] });
    const checkpoint = await trainer('hf-trainer-state', 'wangchanberta', 'checkpoint-500', 'trainer_state.json');
    assert.equal(checkpoint.status?.state, 'incomplete');
    assert.match(checkpoint.status!.notes![0]!, /^step 500 of 1170: /);
    // should_training_stop written false: not stopped, half way.
    const half = await trainer('corpus', 'hf-trainer', 'aryan-hate-speech', 'trainer_state.json');
    assert.equal(half.status?.state, 'incomplete');
  });

  it("W&B: the exit record's finished or crashed; no exit record and a quiet log: killed", async () => {
    assert.equal((await wandb('lightning-0.12', 'run-20250305_085822-r4uk18q2')).status?.state, 'finished');
    assert.equal((await wandb('crashed-0.25', 'run-20260312_164954-gknsevpj')).status?.state, 'crashed');
    const dir = mkdtempSync(join(tmpdir(), 'metric-lens-wandb-'));
    try {
      const src = fixture('wandb', 'killed-0.15', 'wandb', 'run-20230723_093735-mxaehod4', 'run-mxaehod4.wandb');
      copyFileSync(src, join(dir, 'run-mxaehod4.wandb'));
      setAge(dir, ['run-mxaehod4.wandb'], 11 * 60 * 1000);
      assert.equal((await readFolderRun(dir, 'run', 'wandb', 'run')).run.status?.state, 'killed');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the table's status: live when the editor sees it written, else the writer's; a plain log has none", async () => {
    const finished = await mlflow(MLFLOW_FINISHED);
    const failed = await mlflow(MLFLOW_FAILED);
    const checkpoint = await trainer('hf-trainer-state', 'wangchanberta', 'checkpoint-500', 'trainer_state.json');
    const plain = new Run('history.csv', 'csv', 'history');
    const running = new Run('run', 'wandb', 'run');
    running.status = { state: 'running' };
    const now = 1_800_000_000_000;
    const t = compareRuns([
      { run: finished, id: 'a', path: 'a', findings: [] },
      { run: failed, id: 'b', path: 'b', findings: [] },
      { run: checkpoint, id: 'c', path: 'c', findings: [] },
      { run: plain, id: 'd', path: 'd', findings: [] },
      { run: plain, id: 'e', path: 'e', findings: [], status: 'live' },
      { run: running, id: 'f', path: 'f', findings: [], written: { last: now - 60_000, now } },
      { run: running, id: 'g', path: 'g', findings: [], written: { last: now - KILLED_AFTER_MS, now } },
      { run: failed, id: 'h', path: 'h', findings: [], status: 'live' },
    ]);
    assert.deepEqual(
      t.rows.map((r) => r.status),
      ['finished', 'crashed', 'incomplete', undefined, 'live', 'running', 'killed', 'live'],
    );
    const unknown = new Run('run', 'wandb', 'run');
    unknown.status = { state: 'unknown' };
    assert.equal(rowStatus(unknown), undefined);
  });
});
