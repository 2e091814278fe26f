import * as assert from 'node:assert/strict';
import {
  appendFileSync,
  copyFileSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { api, curvesOf, panelIndex, screenshot, sleep, waitFor, workspaceUri } from '../helpers';

describe('W&B runs, offline', () => {
  it('lists the W&B run folders in the Training Runs view (latest-run of a run not twice)', async function () {
    this.timeout(60_000);
    const a = await api();
    const runs = await waitFor(
      () => a.workspaceRuns(),
      (rs) => rs.some((r) => r.path.startsWith('wandb/')),
      'W&B runs listed',
      30_000,
    );
    const paths = runs.map((r) => r.path).filter((p) => p.startsWith('wandb/'));
    for (const expected of [
      'wandb/core-0.19/run-20250317_143420-w0raviok',
      'wandb/crashed-0.25/run-20260312_164954-gknsevpj',
      'wandb/killed-0.15/wandb/run-20230723_093735-mxaehod4',
      'wandb/legacy-0.8/wandb',
      'wandb/lightning-0.12/run-20250305_085822-r4uk18q2',
      'wandb/hf-0.15/run-20231104_013541-231sigsv',
      'wandb/yolo-0.11/wandb/latest-run',
      'wandb/unfinished-0.25/run-20260309_131359-cee4nz6i',
    ])
      assert.ok(paths.includes(expected), `${expected} among ${paths.join(', ')}`);
    assert.equal(paths.length, 8, paths.join(', '));
  });

  it('finds an offline-run-* folder as it appears, and a latest-run link to it not as a second run', async function () {
    this.timeout(60_000);
    const src = workspaceUri('wandb', 'lightning-0.12', 'run-20250305_085822-r4uk18q2').fsPath;
    // Made beside the workspace, then moved in at once: the view's scan sees the folder whole, link included.
    const staging = join(workspaceUri().fsPath, '..', 'wandb-offline-staging');
    rmSync(staging, { recursive: true, force: true }); // a run before this one stopped halfway
    const root = join(staging, 'wandb');
    const name = 'offline-run-20260101_000000-abc12345';
    mkdirSync(join(root, name, 'files'), { recursive: true });
    copyFileSync(join(src, 'files', 'config.yaml'), join(root, name, 'files', 'config.yaml'));
    copyFileSync(join(src, 'run-r4uk18q2.wandb'), join(root, name, 'run-abc12345.wandb'));
    // As `wandb offline` leaves it: latest-run is a symbolic link to the newest run folder.
    symlinkSync(name, join(root, 'latest-run'), 'dir');
    mkdirSync(workspaceUri('scratch').fsPath, { recursive: true });
    renameSync(staging, workspaceUri('scratch', 'wandb-offline').fsPath);
    const run = workspaceUri('scratch', 'wandb-offline', 'wandb', name).fsPath;
    const a = await api();
    const mine = (rs: Awaited<ReturnType<typeof a.workspaceRuns>>) =>
      rs.map((r) => r.path).filter((p) => p.startsWith('scratch/wandb-offline/'));
    const runs = await waitFor(
      () => a.workspaceRuns(),
      (rs) => mine(rs).length > 0,
      'the offline run listed',
      30_000,
    );
    assert.deepEqual(mine(runs), ['scratch/wandb-offline/wandb/offline-run-20260101_000000-abc12345']);
    const folder = vscode.Uri.file(run);
    await vscode.commands.executeCommand('metricLens.showCurves', folder);
    const s = await curvesOf(folder, (x) => x.charts.length > 0, 30_000);
    assert.deepEqual(
      s.charts.find((c) => c.key === 'loss')?.datasets.map((d) => [d.label, d.points]),
      [['val_loss', 20]],
    );
  });

  it('draws a finished W&B run (Lightning logger, wandb 0.12) with Show Curves', async function () {
    this.timeout(60_000);
    const folder = workspaceUri('wandb', 'lightning-0.12', 'run-20250305_085822-r4uk18q2');
    await vscode.commands.executeCommand('metricLens.showCurves', folder);
    const s = await curvesOf(folder, (x) => x.charts.length > 0, 30_000);
    const loss = s.charts.find((c) => c.key === 'loss');
    assert.deepEqual(
      loss?.datasets.map((d) => [d.label, d.split, d.points]),
      [['val_loss', 'val', 20]],
    );
    await screenshot('wandb-lightning', 'panel');
  });

  it("offers the trainer's step (define_metric's train/global_step) as the x axis of a Hugging Face run", async function () {
    this.timeout(60_000);
    const folder = workspaceUri('wandb', 'hf-0.15', 'run-20231104_013541-231sigsv');
    await vscode.commands.executeCommand('metricLens.showCurves', folder);
    let s = await curvesOf(folder, (x) => x.charts.length > 0, 30_000);
    assert.ok(s.xChoices.includes('train/global_step'), s.xChoices.join(', '));
    const a = await api();
    await a.applyCurvesState(await panelIndex(folder), { xMode: 'metric:train/global_step' });
    // The title changes at once; the points along the new axis come with the host's next message.
    const along = (c: (typeof s.charts)[number] | undefined) =>
      c?.xTitle === 'train/global_step' && c.xMax !== null && c.xMax > 12_000;
    s = await curvesOf(folder, (x) => along(x.charts.find((c) => c.key === 'loss')));
    const loss = s.charts.find((c) => c.key === 'loss')!;
    // train/loss on 128 rows and eval/loss on 12, drawn against the trainer's step (100 … 12 864), not W&B's (0 … 140).
    assert.deepEqual(
      loss.datasets.filter((d) => d.role === 'raw').map((d) => [d.label, d.points]),
      [
        ['train/loss', 128],
        ['eval/loss', 12],
      ],
    );
    await screenshot('wandb-global-step', 'panel');
    await a.applyCurvesState(await panelIndex(folder), { xMode: 'step' });
  });

  it("shows each run's status on its chip: finished, crashed with its exit code", async function () {
    this.timeout(60_000);
    const lightning = workspaceUri('wandb', 'lightning-0.12', 'run-20250305_085822-r4uk18q2');
    const crashed = workspaceUri('wandb', 'crashed-0.25', 'run-20260312_164954-gknsevpj');
    await vscode.commands.executeCommand('metricLens.showCurves', lightning);
    assert.deepEqual((await curvesOf(lightning, (x) => x.charts.length > 0, 30_000)).runStatuses, ['finished']);
    await vscode.commands.executeCommand('metricLens.showCurves', crashed);
    const s = await curvesOf(crashed, (x) => x.charts.length > 0, 30_000);
    assert.deepEqual(s.runStatuses, ['crashed · exit 255']);
    await screenshot('wandb-crashed-status', 'panel');
  });

  it('opens a live copy of the crashed 0.25 run (1 000 sparse keys), running, then crashed when its exit record comes', async function () {
    this.timeout(120_000);
    const src = workspaceUri('wandb', 'crashed-0.25', 'run-20260312_164954-gknsevpj').fsPath;
    const data = readFileSync(join(src, 'run-gknsevpj.wandb'));
    const dir = workspaceUri('scratch', 'wandb-crashed-live', 'run-20260312_164954-gknsevpj').fsPath;
    mkdirSync(join(dir, 'files'), { recursive: true });
    for (const f of ['config.yaml', 'wandb-metadata.json']) copyFileSync(join(src, 'files', f), join(dir, 'files', f));
    const log = join(dir, 'run-gknsevpj.wandb');
    // All but its last block: the evaluation row of 1 024 keys, and no exit record yet.
    const cut = data.length - (data.length % 32768);
    writeFileSync(log, data.subarray(0, cut));
    const folder = vscode.Uri.file(dir);
    const started = Date.now();
    await vscode.commands.executeCommand('metricLens.showCurves', folder);
    let s = await curvesOf(folder, (x) => x.charts.length > 0 && x.summaryRows + x.runValues.length > 1000, 60_000);
    console.log(`    live copy of the crashed 0.25 run: panel drawn in ${Date.now() - started} ms`);
    assert.deepEqual(s.runStatuses, ['running']);
    appendFileSync(log, data.subarray(cut));
    s = await curvesOf(folder, (x) => x.runStatuses[0] === 'crashed · exit 255', 30_000);
    // A run with no exit record whose log has been quiet for 10 minutes is killed (the file's time set back).
    writeFileSync(log, data.subarray(0, cut));
    const old = (Date.now() - 11 * 60 * 1000) / 1000;
    utimesSync(log, old, old);
    s = await curvesOf(folder, (x) => x.runStatuses[0] === 'killed', 30_000);
    await screenshot('wandb-killed-status', 'panel');
  });

  it('draws a W&B run being written, and moves as records are appended (whole blocks, and a record split over two writes)', async function () {
    this.timeout(120_000);
    const src = workspaceUri('wandb', 'killed-0.15', 'wandb', 'run-20230723_093735-mxaehod4').fsPath;
    const data = readFileSync(join(src, 'run-mxaehod4.wandb'));
    const dir = workspaceUri('scratch', 'wandb-live', 'run-20230723_093735-mxaehod4').fsPath;
    mkdirSync(join(dir, 'files'), { recursive: true });
    copyFileSync(join(src, 'files', 'config.yaml'), join(dir, 'files', 'config.yaml'));
    const log = join(dir, 'run-mxaehod4.wandb');
    writeFileSync(log, data.subarray(0, 32768));
    const folder = vscode.Uri.file(dir);
    await vscode.commands.executeCommand('metricLens.showCurves', folder);
    const points = (x: Awaited<ReturnType<typeof curvesOf>>) =>
      x.charts.flatMap((c) => c.datasets).find((d) => d.label === 'Loss/pi')?.points ?? 0;
    let s = await curvesOf(folder, (x) => points(x) === 14, 30_000);
    // The Python writer: one record at a time; the first half of a record changes nothing, its end draws it.
    let at = 32768;
    const before = points(s);
    while (points(s) === before && at < 2 * 32768) {
      const end = nextRecordEnd(data, at);
      const mid = at + Math.max(1, Math.floor((end - at) / 2));
      appendFileSync(log, data.subarray(at, mid));
      await sleep(1200);
      assert.equal(points(await curvesOf(folder)), points(s), 'half a record is not drawn');
      appendFileSync(log, data.subarray(mid, end));
      at = end;
      await sleep(1200);
      s = await curvesOf(folder);
    }
    assert.ok(points(s) > before, 'a record drawn once its end was written');
    // wandb-core writes whole 32 KiB blocks.
    appendFileSync(log, data.subarray(at, 2 * 32768));
    s = await curvesOf(folder, (x) => points(x) === 29, 30_000);
    appendFileSync(log, data.subarray(2 * 32768));
    s = await curvesOf(folder, (x) => points(x) === 43, 30_000);
    assert.equal(s.charts.length > 3, true);
    await screenshot('wandb-live', 'panel');
  });
});

/** Where the record that starts at `from` ends (its FULL or LAST chunk), in a well-formed file. */
function nextRecordEnd(data: Buffer, from: number): number {
  let pos = from;
  while (pos + 7 <= data.length) {
    const left = 32768 - (pos % 32768);
    if (left < 7) {
      pos += left;
      continue;
    }
    const type = data[pos + 6]!;
    pos += 7 + data.readUInt16LE(pos + 4);
    if (type === 1 || type === 4) return pos;
  }
  return data.length;
}
