import * as assert from 'node:assert/strict';
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { runCli } from '../../../src/cli/cli';
import { shortNumber } from '../../../src/core/text/csvCell';
import type { CompareSnapshot } from '../../../src/protocol/compare';
import { tmpdir } from 'node:os';
import {
  api,
  clickInWebview,
  evalInWebview,
  hasBridge,
  mouseInWebview,
  pressInWorkbench,
  screenshot,
  waitFor,
  waitForFile,
  workspaceUri,
} from '../helpers';
import { decodePng, hexRgb, pixelNear } from '../png';

interface Reference {
  runs: Record<
    string,
    {
      params: Record<string, number | string>;
      metrics: Record<string, { best: number; bestStep: number; last: number; lastStep: number }>;
    }
  >;
  spearman_val_loss_best: Record<string, { rho: number; n: number }>;
  group_by_optimizer_val_loss_best: Record<string, { mean: number; std: number; n: number }>;
  'filter_lr_below_1e-2_and_val_loss_best_below_0.3': string[];
  sorted_by_val_acc_best_descending: string[];
}

const versionOf = (path: unknown) => basename(dirname(String(path)));

describe('Compare Runs', () => {
  const sweep = workspaceUri('compare', 'sweep');
  const ref = JSON.parse(readFileSync(workspaceUri('compare', 'reference.json').fsPath, 'utf8')) as Reference;
  let index = -1;

  async function snapshot(accept: (s: CompareSnapshot) => boolean = () => true): Promise<CompareSnapshot> {
    const a = await api();
    return waitFor(() => a.probeCompare(index), accept, 'the compare panel to show what was asked', 30_000);
  }

  before(async () => {
    const a = await api();
    await vscode.commands.executeCommand('metricLens.compareRuns', sweep);
    index = await waitFor(
      () => a.comparePanels().findIndex((p) => p.scope === sweep.toString() && p.ready),
      (i) => i >= 0,
      'a compare panel on the sweep',
    );
    await snapshot((s) => s.rows.length === 8);
  });

  it("shows every run with its parameters and best values equal to pandas' (reference.json)", async () => {
    const s = await snapshot((x) => x.rows.length === 8);
    assert.deepEqual(s.rows.map((r) => versionOf(r['path'])).sort(), Object.keys(ref.runs).sort());
    // The parameters that differ are the default columns; those equal in every run are not.
    for (const p of ['model.hidden', 'optimizer.name', 'optimizer.lr', 'seed']) assert.ok(s.columns.includes(p), p);
    for (const p of ['model.dropout', 'max_epochs']) assert.ok(!s.columns.includes(p), p);
    for (const row of s.rows) {
      const want = ref.runs[versionOf(row['path'])]!;
      for (const p of ['model.hidden', 'optimizer.name', 'optimizer.lr', 'seed'])
        assert.equal(row[p], want.params[p], `${String(row['path'])} ${p}`);
      for (const m of ['train_loss', 'val_loss', 'val_acc']) {
        assert.equal(row[`${m}.best`], want.metrics[m]!.best, `${String(row['path'])} ${m}.best`);
        assert.equal(row[`${m}.last`], want.metrics[m]!.last, `${String(row['path'])} ${m}.last`);
      }
    }
    assert.deepEqual(s.scriptErrors, []);
    assert.deepEqual(s.securityViolations, []);
  });

  it('gives the same table as metric-lens compare on the same runs, sorted and filtered the same', async () => {
    const a = await api();
    await a.applyCompareState(index, { sort: { key: 'val_acc.best', descending: true }, filter: '' });
    const s = await snapshot(
      (x) => x.rows.length === 8 && versionOf(x.rows[0]!['path']) === ref.sorted_by_val_acc_best_descending[0],
    );
    const cli = await runCli(['compare', sweep.fsPath, '--json', '--sort', 'val_acc.best:desc']);
    assert.equal(cli.code, 0, cli.stderr);
    const out = JSON.parse(cli.stdout) as { columns: string[]; rows: Record<string, unknown>[] };
    assert.deepEqual(s.columns, out.columns);
    // Paths: the panel names them relative to the workspace, the CLI as given; everything else is equal.
    const strip = (rows: readonly Record<string, unknown>[]) => rows.map((r) => ({ ...r, path: versionOf(r['path']) }));
    assert.deepEqual(strip(s.rows), strip(out.rows));
    assert.deepEqual(
      s.rows.map((r) => versionOf(r['path'])),
      ref.sorted_by_val_acc_best_descending,
    );

    const expr = 'optimizer.lr < 1e-2 and val_loss.best < 0.3';
    await a.applyCompareState(index, { filter: expr });
    const f = await snapshot((x) => x.rows.length === ref['filter_lr_below_1e-2_and_val_loss_best_below_0.3'].length);
    assert.deepEqual(
      f.rows.map((r) => versionOf(r['path'])).sort(),
      ref['filter_lr_below_1e-2_and_val_loss_best_below_0.3'],
    );
    const cliF = JSON.parse(
      (await runCli(['compare', sweep.fsPath, '--json', '--sort', 'val_acc.best:desc', '--filter', expr])).stdout,
    ) as { rows: Record<string, unknown>[] };
    assert.deepEqual(strip(f.rows), strip(cliF.rows));
  });

  it("shows a filter's error inline and keeps the table", async () => {
    const a = await api();
    await a.applyCompareState(index, { filter: 'val_loss < 0.3' });
    const s = await snapshot((x) => x.filterError !== null);
    assert.equal(s.filterError, '"val_loss" is a metric: say val_loss.best, val_loss.last or val_loss.best_step');
    assert.equal(s.rows.length, 8);
    await a.applyCompareState(index, { filter: '' });
  });

  it('groups by a parameter with the mean ± std of pandas groupby', async () => {
    const a = await api();
    await a.applyCompareState(index, { groupBy: 'optimizer.name' });
    const s = await snapshot((x) => x.groups.length === 2);
    for (const g of s.groups) {
      const want = ref.group_by_optimizer_val_loss_best[g.value]!;
      assert.equal(g.runs, want.n);
      // Six significant digits as shown: within half a unit of the sixth digit (pandas sums in another order).
      const [mean, std] = g.cells['val_loss.best']!.split(' ± ').map(Number);
      assert.ok(
        Math.abs(mean! - want.mean) <= 5e-6 * want.mean && Math.abs(std! - want.std) <= 5e-6 * want.std,
        `${g.value}: ${g.cells['val_loss.best']} vs ${want.mean} ± ${want.std}`,
      );
    }
    await a.applyCompareState(index, { groupBy: null });
  });

  it("gives Spearman correlations with a chosen metric equal to scipy's, with n and a warning", async () => {
    const a = await api();
    await a.applyCompareState(index, { correlate: 'val_loss.best' });
    const s = await snapshot((x) => x.correlations.length > 0);
    for (const [p, want] of Object.entries(ref.spearman_val_loss_best)) {
      const c = s.correlations.find((x) => x.param === p)!;
      assert.equal(c.n, want.n);
      assert.ok(Math.abs(c.rho! - want.rho) < 1e-12, `${p}: ${c.rho} vs ${want.rho}`);
      assert.equal(c.warning, 'only 8 runs: too few to be sure');
    }
  });

  it("pins a baseline and shows each run's metric deltas to it", async () => {
    const a = await api();
    const s0 = await snapshot();
    const id = (v: string) => String(s0.rows.find((r) => versionOf(r['path']) === v)!['path']);
    const panelIds = (await snapshot()).rows.map((r) => r['path']);
    assert.ok(panelIds.length > 0);
    const base = workspaceUri('compare', 'sweep', 'lightning_logs', 'version_0', 'metrics.csv').toString();
    await a.applyCompareState(index, { baseline: base });
    const s = await snapshot((x) => x.baseline === base && Object.keys(x.deltas).length > 0);
    const v1 = workspaceUri('compare', 'sweep', 'lightning_logs', 'version_1', 'metrics.csv').toString();
    const d = ref.runs['version_1']!.metrics['val_loss']!.best - ref.runs['version_0']!.metrics['val_loss']!.best;
    assert.equal(s.deltas[v1]!['val_loss.best'], `${d > 0 ? '+' : ''}${shortNumber(d)}`);
    assert.equal(s.deltas[base], undefined);
    assert.ok(id('version_1').endsWith('metrics.csv'));
  });

  it('draws the chosen metric against the learning rate on a log axis, coloured by optimizer', async () => {
    const a = await api();
    await a.applyCompareState(index, {
      filter: '',
      brushes: [],
      baseline: null,
      plot: { x: 'optimizer.lr', y: 'val_loss.best', color: 'optimizer.name', logX: 'auto', logY: 'auto' },
    });
    const s = await snapshot((x) => x.plots.scatter.x === 'optimizer.lr' && x.plots.scatter.points.length === 8);
    const sc = s.plots.scatter;
    assert.equal(sc.xScale, 'log');
    assert.deepEqual(sc.xTicks, ['0.0001', '0.001', '0.01', '0.1']);
    const runOf = (id: string) => ref.runs[basename(dirname(vscode.Uri.parse(id).fsPath))]!;
    // Three decades from end to end: each point one decade further right per tenfold learning rate.
    const at = (lr: number) => sc.points.find((p) => runOf(p.id).params['optimizer.lr'] === lr)!.cx;
    const decade = (at(0.1) - at(0.0001)) / 3;
    assert.ok(decade > 20, String(decade));
    for (const p of sc.points) {
      const lr = Number(runOf(p.id).params['optimizer.lr']);
      assert.ok(Math.abs(p.cx - at(0.0001) - decade * Math.log10(lr / 0.0001)) < 0.15, `${p.id}: ${p.cx}`);
    }
    // Higher loss higher up (a smaller cy); one colour per optimizer.
    const byLoss = [...sc.points].sort(
      (p, q) => runOf(p.id).metrics['val_loss']!.best - runOf(q.id).metrics['val_loss']!.best,
    );
    for (let i = 1; i < byLoss.length; i++) assert.ok(byLoss[i]!.cy < byLoss[i - 1]!.cy, byLoss[i]!.id);
    const fills = new Map<string, Set<string>>();
    for (const p of sc.points) {
      const name = String(runOf(p.id).params['optimizer.name']);
      fills.set(name, (fills.get(name) ?? new Set()).add(p.fill));
    }
    assert.deepEqual(
      [...fills.values()].map((f) => f.size),
      [1, 1],
    );
    assert.notDeepEqual(...([...fills.values()].map((f) => [...f][0]) as [string, string]));
    // The parallel coordinates: the parameters that differ, then the metric; a line per run.
    assert.deepEqual(s.plots.parallel.axes, [
      'model.hidden',
      'optimizer.name',
      'optimizer.lr',
      'seed',
      'val_loss.best',
    ]);
    assert.equal(s.plots.parallel.lines.length, 8);
    assert.deepEqual(s.scriptErrors, []);
  });

  it('filters the table by a brush on a parallel axis, moved with the keyboard, as metric-lens compare --filter', async function () {
    if (!hasBridge()) this.skip(); // pressing keys in the page needs the harness
    const a = await api();
    await a.applyCompareState(index, { brushes: [], filter: '', selected: [] });
    await snapshot((x) => x.rows.length === 8 && x.plots.parallel.brushes.length === 0);
    const key = (k: string) =>
      evalInWebview(
        `(() => { const h = document.querySelector('rect[data-axis="optimizer.lr"]'); h.focus();` +
          ` h.dispatchEvent(new KeyboardEvent('keydown', { key: '${k}', bubbles: true })); return true; })()`,
        'Compare: compare/sweep',
      );
    // The first arrow brushes the middle fifth of the axis (no run there), the next moves it down a tenth: 1e-3.
    await key('ArrowDown');
    await snapshot((x) => x.plots.parallel.brushes.includes('optimizer.lr'));
    await key('ArrowDown');
    const withLr = Object.keys(ref.runs).filter((v) => ref.runs[v]!.params['optimizer.lr'] === 0.001);
    const s = await snapshot((x) => x.rows.length === withLr.length);
    assert.deepEqual(s.rows.map((r) => versionOf(r['path'])).sort(), withLr.sort());
    assert.equal(s.plots.scatter.points.filter((p) => p.faint).length, 8 - withLr.length);
    assert.equal(s.plots.parallel.lines.filter((l) => !l.faint).length, withLr.length);
    assert.match(s.plots.brushFilter, /^\(optimizer\.lr >= [\d.e-]+ and optimizer\.lr <= [\d.e-]+\)$/);
    const cli = JSON.parse(
      (await runCli(['compare', sweep.fsPath, '--json', '--filter', s.plots.brushFilter])).stdout,
    ) as { rows: Record<string, unknown>[] };
    assert.deepEqual(cli.rows.map((r) => versionOf(r['path'])).sort(), withLr.sort());
    await screenshot('compare-plots', 'window');
    await key('Escape');
    await snapshot((x) => x.rows.length === 8 && x.plots.parallel.brushes.length === 0);
  });

  it('brushes a parallel axis with a mouse drag, and names the run under the pointer on the scatter', async function () {
    if (!hasBridge()) this.skip(); // moving the mouse needs the harness
    const a = await api();
    const title = 'Compare: compare/sweep';
    await a.applyCompareState(index, {
      brushes: [],
      filter: '',
      selected: [],
      plot: { x: 'optimizer.lr', y: 'val_loss.best', color: 'optimizer.name', logX: 'auto', logY: 'auto' },
    });
    await snapshot((x) => x.rows.length === 8 && x.plots.parallel.brushes.length === 0);
    // optimizer.lr's axis is logarithmic from 1e-4 (bottom) to 1e-1 (top): 1e-3 sits a third of the way up, so
    // a drag from 60 % to 72 % of the axis from its top spans about 7e-4 to 1.6e-3 and holds only 1e-3.
    const axis = 'rect[data-axis="optimizer.lr"]';
    await mouseInWebview(
      axis,
      [
        [0.5, 0.6],
        [0.5, 0.66],
        [0.5, 0.72],
      ],
      { drag: true, title },
    );
    const withLr = Object.keys(ref.runs).filter((v) => ref.runs[v]!.params['optimizer.lr'] === 0.001);
    const s = await snapshot((x) => x.plots.parallel.brushes.includes('optimizer.lr'));
    assert.deepEqual(s.rows.map((r) => versionOf(r['path'])).sort(), withLr.sort());
    const cli = JSON.parse(
      (await runCli(['compare', sweep.fsPath, '--json', '--filter', s.plots.brushFilter])).stdout,
    ) as { rows: Record<string, unknown>[] };
    assert.deepEqual(cli.rows.map((r) => versionOf(r['path'])).sort(), withLr.sort());
    // A click on the axis (no drag) clears its brush.
    await mouseInWebview(axis, [[0.5, 0.3]], { drag: true, title });
    await snapshot((x) => x.rows.length === 8 && x.plots.parallel.brushes.length === 0);

    // The pointer over a scatter point: the tooltip names that run and its values.
    const versionOfId = (id: string) => basename(dirname(vscode.Uri.parse(id).fsPath));
    const point = s.plots.scatter.points.find((p) => ref.runs[versionOfId(p.id)]!.params['optimizer.lr'] === 0.01)!;
    const tip = () =>
      evalInWebview(
        `(() => { const t = document.querySelector('.plot-tooltip'); return t && !t.hidden ? t.textContent : ''; })()`,
        title,
      ) as Promise<string>;
    await mouseInWebview(`circle[data-run="${point.id}"]`, [[0.5, 0.5]], { title });
    const text = await waitFor(tip, (t) => t.length > 0, 'the tooltip under the pointer', 10_000);
    assert.ok(text.includes(`${versionOfId(point.id)}/`), `${text} names ${versionOfId(point.id)}`);
    assert.ok(text.includes('optimizer.lr 0.01 '), `${text} gives optimizer.lr 0.01`);
    // Away from every point it goes.
    await mouseInWebview('.plots svg.plot', [[0.99, 0.01]], { title });
    await waitFor(tip, (t) => t === '', 'the tooltip to go', 10_000);
  });

  it('saves the scatter as a PNG from its button, showing each point in its colour', async function () {
    if (!hasBridge()) this.skip();
    const a = await api();
    await a.applyCompareState(index, {
      brushes: [],
      filter: '',
      plot: { x: 'optimizer.lr', y: 'val_loss.best', color: 'optimizer.name', logX: 'auto', logY: 'auto' },
    });
    const s = await snapshot(
      (x) => x.plots.scatter.points.length === 8 && !x.plots.scatter.points.some((p) => p.faint),
    );
    const target = vscode.Uri.file(join(mkdtempSync(join(tmpdir(), 'metric-lens-png-')), 'scatter.png'));
    a.setNextSaveTarget(target);
    await clickInWebview('[data-action="exportScatter"]', 'Compare: compare/sweep');
    const png = await waitForFile(target.fsPath, 'the PNG file', 1000);
    const img = decodePng(png);
    // Drawn at twice the size, below a 40-pixel title.
    const width = Math.round(img.width / 2);
    assert.ok(width >= 360, String(img.width));
    for (const p of s.plots.scatter.points) {
      const rgb = hexRgb(p.fill);
      assert.ok(rgb, p.fill);
      assert.ok(
        pixelNear(img, Math.round(p.cx * 2), Math.round((p.cy + 40) * 2), rgb, 4),
        `${p.id} at ${p.cx},${p.cy} in ${p.fill}`,
      );
    }
  });

  it("shows the selected runs' curves, exactly those", async function () {
    if (!hasBridge()) this.skip(); // clicking needs the harness; the rest runs under test-electron too
    const a = await api();
    const picked = ['version_1', 'version_3'].map((v) =>
      workspaceUri('compare', 'sweep', 'lightning_logs', v, 'metrics.csv'),
    );
    await a.applyCompareState(index, {
      selected: picked.map((u) => u.toString()),
      filter: '',
      sort: { key: 'val_loss.best', descending: false },
    });
    // The column chooser's choice, as the README's screenshot shows it.
    const columns = [
      'name',
      'optimizer.name',
      'optimizer.lr',
      'model.hidden',
      'seed',
      'val_loss.best',
      'val_loss.best_step',
      'val_acc.best',
      'warnings',
    ];
    await a.applyCompareState(index, { columns });
    const s = await snapshot((x) => x.selected.length === 2 && x.columns.length === columns.length);
    assert.deepEqual(s.columns, columns);
    await screenshot('compare-runs', 'window');
    await clickInWebview('[data-action="showCurves"]', 'Compare: compare/sweep');
    const want = picked
      .map((u) => u.toString())
      .sort()
      .join('\n');
    await waitFor(
      () => a.curvesPanels().map((p) => p.sources.slice().sort().join('\n')),
      (all) => all.includes(want),
      'a curves panel of exactly the selected runs',
    );
  });

  it("updates a run's row as the run is written, with its parameters from hparams.yaml", async () => {
    const a = await api();
    const folder = workspaceUri('scratch', 'compare-live', 'lightning_logs', 'version_0');
    mkdirSync(folder.fsPath, { recursive: true });
    writeFileSync(vscode.Uri.joinPath(folder, 'hparams.yaml').fsPath, 'optimizer:\n  lr: 0.003\n');
    const csv = vscode.Uri.joinPath(folder, 'metrics.csv').fsPath;
    writeFileSync(csv, 'epoch,step,train_loss,val_loss\n0,0,1.5,\n0,0,,1.2\n');
    const scope = workspaceUri('scratch', 'compare-live');
    await vscode.commands.executeCommand('metricLens.compareRuns', scope);
    const i = await waitFor(
      () => a.comparePanels().findIndex((p) => p.scope === scope.toString() && p.ready),
      (x) => x >= 0,
      'a compare panel on the scratch folder',
    );
    await a.applyCompareState(i, {
      columns: ['name', 'status', 'optimizer.lr', 'val_loss.best', 'val_loss.best_step', 'steps'],
    });
    const first = await waitFor(
      () => a.probeCompare(i),
      // Its parameters may come a refresh after its first values (seen once on a loaded machine): wait for both.
      (x) => x.rows.length === 1 && x.rows[0]!['val_loss.best'] === 1.2 && x.rows[0]!['optimizer.lr'] !== undefined,
      "the run's first row with its parameters",
      30_000,
    );
    assert.equal(first.rows[0]!['optimizer.lr'], 0.003);
    appendFileSync(csv, '1,1,0.9,\n1,1,,0.7\n');
    const after = await waitFor(
      () => a.probeCompare(i),
      (x) => x.rows[0]?.['val_loss.best'] === 0.7,
      'the row updated after an append',
      30_000,
    );
    assert.equal(after.rows[0]!['val_loss.best_step'], 1);
    assert.equal(after.rows[0]!['steps'], 1);
    assert.equal(after.rows[0]!['status'], 'live');
  });

  it("shows each run's status as its writer recorded it: finished, crashed, killed, incomplete, live", async function () {
    this.timeout(180_000);
    const a = await api();
    const root = workspaceUri('scratch', 'compare-status');
    // Built beside the workspace and moved in whole: a file seen half copied would be a run seen written (live).
    const staging = join(dirname(workspaceUri().fsPath), 'staging-compare-status');
    const at = (...p: string[]) => join(staging, ...p);
    const copy = (from: string[], to: string[]) => cpSync(workspaceUri(...from).fsPath, at(...to), { recursive: true });
    rmSync(root.fsPath, { recursive: true, force: true });
    rmSync(staging, { recursive: true, force: true });
    copy(['wandb', 'crashed-0.25', 'run-20260312_164954-gknsevpj'], ['wandb', 'run-20260312_164954-gknsevpj']);
    const killed = ['wandb', 'run-20230723_093735-mxaehod4'];
    copy(['wandb', 'killed-0.15', ...killed], killed);
    // No exit record and nothing written for 11 minutes: killed (fresh, it would be running).
    const old = (Date.now() - 11 * 60 * 1000) / 1000;
    for (const f of ['run-mxaehod4.wandb', 'files/config.yaml', 'files/wandb-metadata.json'])
      utimesSync(at(...killed, f), old, old);
    const failed = '24005fa4a9124421b61899b4a82e6510';
    const finished = 'c89566f24f7b4bf0b526c7ac29c426be';
    copy(['mlflow', 'mnist-failed', 'mlruns', '0', failed], ['mlruns', '0', failed]);
    copy(['mlflow', 'mnist', 'mlruns', '0', finished], ['mlruns', '0', finished]);
    copy(['mlflow', 'mnist', 'mlruns', '0', 'meta.yaml'], ['mlruns', '0', 'meta.yaml']);
    copy(
      ['hf-trainer-state', 'wangchanberta', 'checkpoint-500', 'trainer_state.json'],
      ['checkpoint-500', 'trainer_state.json'],
    );
    copy(['hf-trainer-state', 'results', 'checkpoint-10350', 'trainer_state.json'], ['final', 'trainer_state.json']);
    writeFileSync(at('history.csv'), 'epoch,loss,val_loss\n0,1.0,1.1\n');
    mkdirSync(dirname(root.fsPath), { recursive: true });
    renameSync(staging, root.fsPath);
    await vscode.commands.executeCommand('metricLens.compareRuns', root);
    const i = await waitFor(
      () => a.comparePanels().findIndex((p) => p.scope === root.toString() && p.ready),
      (x) => x >= 0,
      'a compare panel on the status folder',
    );
    await a.applyCompareState(i, { columns: ['path', 'format', 'status'], sort: { key: 'path', descending: false } });
    const statusOf = (s: CompareSnapshot) =>
      Object.fromEntries(s.rows.map((r) => [String(r['path']).slice('scratch/compare-status/'.length), r['status']]));
    const want = {
      'checkpoint-500/trainer_state.json': 'incomplete',
      'final/trainer_state.json': 'finished',
      'history.csv': null,
      [`mlruns/0/${failed}`]: 'crashed',
      [`mlruns/0/${finished}`]: 'finished',
      'wandb/run-20230723_093735-mxaehod4': 'killed',
      'wandb/run-20260312_164954-gknsevpj': 'crashed',
    };
    const s = await waitFor(
      () => a.probeCompare(i),
      (x) => x.rows.length === 7 && x.columns.join() === 'path,format,status',
      'the seven runs',
      60_000,
    );
    assert.deepEqual(statusOf(s), want);
    await screenshot('compare-status', 'window');
    // A plain log has no status until it is seen written: then it is live.
    appendFileSync(join(root.fsPath, 'history.csv'), '1,0.8,0.9\n');
    const live = await waitFor(
      () => a.probeCompare(i),
      (x) => statusOf(x)['history.csv'] === 'live',
      'the written log to be live',
      30_000,
    );
    assert.deepEqual(statusOf(live), { ...want, 'history.csv': 'live' });
    // 30 s without a write: no longer live, though nothing else changed.
    await waitFor(
      () => a.probeCompare(i),
      (x) => statusOf(x)['history.csv'] === null,
      'the live status to lapse',
      60_000,
    );
  });

  it('shows 1 000 runs with only the rows in view in the page, sorted, the last reached by scrolling', async function () {
    this.timeout(300_000);
    const a = await api();
    const root = workspaceUri('scratch', 'compare-1000');
    // Built beside the workspace and moved in whole (a file seen half written would be a run seen written).
    const staging = join(dirname(workspaceUri().fsPath), 'staging-compare-1000');
    rmSync(staging, { recursive: true, force: true });
    const best = new Map<string, number>();
    for (let v = 0; v < 1000; v++) {
      const dir = join(staging, 'lightning_logs', `version_${v}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'hparams.yaml'), `optimizer:\n  lr: ${[1e-4, 1e-3, 1e-2][v % 3]}\nseed: ${v}\n`);
      // A best val_loss known here: a permutation of the runs (7 is prime to 1000), so the order is known too.
      const low = ((v * 7) % 1000) / 1000 + 0.01;
      best.set(`version_${v}`, low);
      writeFileSync(join(dir, 'metrics.csv'), `epoch,step,val_loss\n0,0,${low + 0.5}\n1,1,${low}\n2,2,${low + 0.1}\n`);
    }
    mkdirSync(dirname(root.fsPath), { recursive: true });
    renameSync(staging, root.fsPath);
    try {
      await vscode.commands.executeCommand('metricLens.compareRuns', root);
      const i = await waitFor(
        () => a.comparePanels().findIndex((p) => p.scope === root.toString() && p.ready),
        (x) => x >= 0,
        'a compare panel on the 1 000 runs',
      );
      await a.applyCompareState(i, {
        columns: ['name', 'optimizer.lr', 'seed', 'val_loss.best'],
        sort: { key: 'val_loss.best', descending: false },
      });
      const s = await waitFor(
        () => a.probeCompare(i, 20_000),
        (x) => x.rows.length === 1000 && x.columns.length === 4,
        'the 1 000 rows',
        240_000,
      );
      const want = [...best].sort((p, q) => p[1] - q[1]).map(([v]) => v);
      assert.deepEqual(
        s.rows.map((r) => String(r['name']).split('/')[0]),
        want,
      );
      assert.ok(s.plots.renderedRows > 0 && s.plots.renderedRows < 200, String(s.plots.renderedRows));
      if (hasBridge()) {
        const lastShown = async () =>
          String(
            await evalInWebview(
              `[...document.querySelectorAll('table.compare tbody tr[data-id]')].map((t) => t.dataset.id).pop()`,
              'Compare: scratch/compare-1000',
            ),
          );
        assert.notEqual(versionOf(vscode.Uri.parse(await lastShown()).fsPath), want[999]);
        await evalInWebview(
          `(() => { document.querySelector('table.compare').scrollIntoView(false); return true; })()`,
          'Compare: scratch/compare-1000',
        );
        await waitFor(
          async () => versionOf(vscode.Uri.parse(await lastShown()).fsPath),
          (v) => v === want[999],
          'the last row in the page after scrolling to the end',
        );
        await screenshot('compare-1000', 'window');
        const title = 'Compare: scratch/compare-1000';
        // The header stays in view over the rows scrolled to the end.
        const header = (await evalInWebview(
          `(() => { const box = document.querySelector('.compare-box'); const th = box.querySelector('thead th');` +
            ` return [box.scrollTop, th.getBoundingClientRect().top - box.getBoundingClientRect().top]; })()`,
          title,
        )) as [number, number];
        assert.ok(header[0] > 1000 && Math.abs(header[1]) < 2, `scrolled, header's offset: ${JSON.stringify(header)}`);
        // Tab and Shift+Tab reach rows beyond those drawn, as a user presses them.
        await evalInWebview(`(() => { document.querySelector('.compare-box').scrollTop = 0; return true; })()`, title);
        const version = (id: unknown) => (id ? versionOf(vscode.Uri.parse(String(id)).fsPath) : '');
        const drawn = await waitFor(
          async () =>
            (await evalInWebview(
              `[...document.querySelectorAll('table.compare tbody input[data-row]')].map((b) => b.dataset.row)`,
              title,
            )) as string[],
          (ids) => ids.length > 0 && ids.length < 1000 && version(ids[0]) === want[0],
          'the first rows drawn again',
        );
        await clickInWebview('table.compare caption', title);
        await evalInWebview(
          // Not scrolled to (no scroll event draws more rows first): Tab must still reach the next row.
          `(() => { [...document.querySelectorAll('table.compare tbody input[data-row]')].pop()` +
            `.focus({ preventScroll: true }); return true; })()`,
          title,
        );
        const focused = async () => version(await evalInWebview(`document.activeElement?.dataset?.row ?? ''`, title));
        assert.equal(await focused(), want[drawn.length - 1]);
        const pressed = async (key: string, at: number) => {
          await pressInWorkbench(key);
          await waitFor(focused, (v) => v === want[at], `${key} to row ${at + 1} of the sorted 1 000`);
        };
        for (let k = 0; k < 3; k++) await pressed('Tab', drawn.length + k);
        await pressed('Shift+Tab', drawn.length + 1);
        await screenshot('compare-1000-keyboard', 'window');
      }
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      rmSync(root.fsPath, { recursive: true, force: true });
    }
  });

  it('loads its page again when the page stays blank (as a window reload sometimes leaves it)', async () => {
    const a = await api();
    await vscode.commands.executeCommand('metricLens.compareRuns', sweep);
    // Revealed, a hidden panel's page loads again and says ready: wait for that first, or its late
    // `ready` would count for the blank page below and the test would pass without the watchdog.
    await waitFor(
      () => a.comparePanels()[index]!,
      (p) => p.ready,
      'the revealed page ready',
      40_000,
    );
    await snapshot((x) => x.rows.length > 0);
    a.showBlankPage('compare', index);
    assert.equal(a.comparePanels()[index]!.ready, false);
    // The watchdog's first wait is 6 s; the page then loads again and says ready with the table.
    await waitFor(
      () => a.comparePanels()[index]!,
      (p) => p.ready,
      'the page loaded again',
      40_000,
    );
    await snapshot((x) => x.rows.length > 0);
  });
});
