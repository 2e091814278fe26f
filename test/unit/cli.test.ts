import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/cli';
import { fixture } from './helpers';

describe('metric-lens inspect', () => {
  it('prints the schema of the foundation issue for a Keras log', async () => {
    const file = fixture('pytorch-digits', 'history.csv');
    const r = await runCli(['inspect', file, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as {
      runs: { source: string; format: string; series: Record<string, unknown>[] }[];
      findings: unknown[];
      errors: unknown[];
    };
    assert.deepEqual(Object.keys(out), ['runs', 'findings', 'errors', 'skipped']);
    assert.equal(out.runs[0]!.source, file);
    assert.equal(out.runs[0]!.format, 'csv');
    const valLoss = out.runs[0]!.series.find((s) => s['name'] === 'val_loss');
    assert.deepEqual(valLoss, {
      name: 'val_loss',
      split: 'val',
      quantity: 'loss',
      points: 50,
      first: { step: 0, value: 1.932994 },
      last: { step: 49, value: 0.176514 },
      min: { step: 24, value: 0.143226 },
      max: { step: 0, value: 1.932994 },
      nonFinite: 0,
    });
    assert.deepEqual(out.errors, []);
  });

  it('writes NaN and Infinity as strings so the output stays valid JSON', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ml-cli-')), 'nan.csv');
    writeFileSync(file, 'epoch,loss\n0,nan\n1,inf\n');
    const r = await runCli(['inspect', file, '--json']);
    const s = (
      JSON.parse(r.stdout) as {
        runs: { series: { first: unknown; last: unknown; min: unknown; nonFinite: number }[] }[];
      }
    ).runs[0]!.series[0]!;
    assert.deepEqual(
      [s.first, s.last, s.min, s.nonFinite],
      [{ step: 0, value: 'NaN' }, { step: 1, value: 'Infinity' }, null, 2],
    );
  });

  it('exits 2 with a message naming the file when an input cannot be read', async () => {
    const r = await runCli(['inspect', 'no/such/file.csv', '--json']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no\/such\/file\.csv: no such file/);
    assert.deepEqual(JSON.parse(r.stdout).errors, [{ source: 'no/such/file.csv', message: 'no such file' }]);
  });

  it('exits 2 on wrong usage', async () => {
    assert.equal((await runCli([])).code, 2);
    assert.equal((await runCli(['inspect'])).code, 2);
    assert.equal((await runCli(['inspect', 'x.csv', '--bogus'])).code, 2);
    assert.equal((await runCli(['frobnicate'])).code, 2);
  });

  it('prints a readable table without --json', async () => {
    const r = await runCli(['inspect', fixture('keras', 'training.log')]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /val_loss\s+val\s+17\s+1\.07451 @ 16/);
  });
});
