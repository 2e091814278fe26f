import * as assert from 'node:assert/strict';
import { runCli } from '../../../src/cli/cli';
import { compareJson, defaultColumns } from '../../../src/core/compare';
import { fixture } from '../helpers';
import { reference, sweepTable, versionOf } from './sweep';

describe('metric-lens compare', () => {
  const sweep = fixture('compare', 'sweep');

  it('prints the table as JSON: the core table, the default columns, rows filtered and sorted', async () => {
    const r = await runCli(['compare', sweep, '--json', '--sort', 'val_acc.best:desc']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { columns: string[]; rows: Record<string, unknown>[] };
    const table = await sweepTable();
    const want = compareJson(defaultColumns(table), table.rows);
    assert.deepEqual(out.columns, want.columns);
    assert.deepEqual(
      out.rows.map((row) => versionOf(row['path'] as string)),
      reference.sorted_by_val_acc_best_descending,
    );
    assert.deepEqual(
      [...out.rows].sort((a, b) => String(a['path']).localeCompare(String(b['path']))),
      [...want.rows].sort((a, b) => String(a['path']).localeCompare(String(b['path']))),
    );
    const f = await runCli(['compare', sweep, '--json', '--filter', 'optimizer.lr < 1e-2 and val_loss.best < 0.3']);
    assert.deepEqual(
      (JSON.parse(f.stdout) as { rows: { path: string }[] }).rows.map((row) => versionOf(row.path)).sort(),
      reference['filter_lr_below_1e-2_and_val_loss_best_below_0.3'],
    );
  });

  it('reads MLflow params, DVCLive and Lightning runs together; CSV and Markdown', async () => {
    const r = await runCli([
      'compare',
      fixture('mlflow', 'mnist'),
      fixture('lightning', 'regression'),
      '--csv',
      '--all',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 4);
    const header = lines[0]!.split(',');
    // MLflow's params and Lightning's hparams.yaml beside metrics.csv.
    for (const p of ['epochs', 'lr', 'optimizer_name', 'hidden_dim', 'num_layers']) assert.ok(header.includes(p), p);
    const md = await runCli(['compare', sweep, '--md']);
    assert.match(md.stdout, /^\| name \| path \| format \|/);
  });

  it('says what is wrong with a filter, a sort column or the flags (exit 2)', async () => {
    const f = await runCli(['compare', sweep, '--filter', 'val_loss < 0.3']);
    assert.equal(f.code, 2);
    assert.match(
      f.stderr,
      /--filter: "val_loss" is a metric: say val_loss.best, val_loss.last or val_loss.best_step \(at character 1\)/,
    );
    const s = await runCli(['compare', sweep, '--sort', 'nope']);
    assert.equal(s.code, 2);
    assert.match(s.stderr, /--sort: no column "nope"/);
    const both = await runCli(['compare', sweep, '--csv', '--md']);
    assert.match(both.stderr, /choose one of --json, --csv, --md/);
    const missing = await runCli(['compare', fixture('compare', 'nothing-here')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nothing-here: no such file/);
  });
});
