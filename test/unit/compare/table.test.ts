import * as assert from 'node:assert/strict';
import { compareRuns, paramNumber, type CompareTable } from '../../../src/core/compare';
import { Run } from '../../../src/core/model/run';
import { reference, sweepTable, versionOf } from './sweep';

describe('compare: the table', () => {
  let table: CompareTable;
  before(async () => {
    table = await sweepTable();
  });

  it('has one row per run with every parameter flattened, equal to PyYAML + pandas json_normalize', () => {
    assert.deepEqual(table.rows.map((r) => versionOf(r.path)).sort(), Object.keys(reference.runs).sort());
    for (const row of table.rows) {
      const want = reference.runs[versionOf(row.path)]!;
      assert.deepEqual(Object.keys(row.params).sort(), Object.keys(want.params).sort(), row.path);
      for (const [k, v] of Object.entries(want.params)) {
        if (typeof v === 'number') assert.equal(paramNumber(row.params[k]), v, `${row.path} ${k}`);
        else assert.equal(row.params[k], v, `${row.path} ${k}`);
      }
    }
  });

  it('gives each metric its best (min for losses, max for accuracy), its step, and the last value, as pandas does', () => {
    for (const row of table.rows) {
      const want = reference.runs[versionOf(row.path)]!;
      for (const [m, cell] of Object.entries(want.metrics)) assert.deepEqual(row.metrics[m], cell, `${row.path} ${m}`);
      assert.equal(row.steps, want.steps);
    }
    assert.deepEqual(table.lowerIsBetter, { train_loss: true, val_loss: true, val_acc: false });
  });

  it('names the parameters that differ: not those equal in every run', () => {
    assert.deepEqual([...table.differing].sort(), ['model.hidden', 'optimizer.lr', 'optimizer.name', 'seed']);
    assert.ok(table.params.includes('model.dropout') && table.params.includes('max_epochs'));
  });

  it('counts findings by severity, and a parameter only one run has differs', () => {
    const a = new Run('a.csv', 'csv', 'a'),
      b = new Run('b.csv', 'csv', 'b');
    a.params.set('lr', '0.1');
    b.seriesFor('loss').append(0, 1, 1);
    const t = compareRuns([
      {
        run: a,
        id: 'a',
        path: 'a.csv',
        findings: [{ severity: 'warning' }, { severity: 'warning' }, { severity: 'error' }],
      },
      { run: b, id: 'b', path: 'b.csv', findings: [], status: 'live' },
    ]);
    assert.deepEqual(t.rows[0]!.findings, { error: 1, warning: 2, info: 0 });
    assert.deepEqual(t.differing, ['lr']);
    assert.equal(t.rows[1]!.status, 'live');
    assert.equal(t.rows[0]!.metrics['loss'], undefined);
  });

  it('takes start and duration from the wall times, in seconds even when written in milliseconds', () => {
    const r = new Run('r.jsonl', 'jsonl', 'r');
    r.seriesFor('loss').append(0, 1, 1, undefined, 1_700_000_000_000);
    r.seriesFor('loss').append(1, 0.5, 2, undefined, 1_700_000_090_500);
    const row = compareRuns([{ run: r, id: 'r', path: 'r', findings: [] }]).rows[0]!;
    assert.equal(row.start, 1_700_000_000);
    assert.equal(row.duration, 90.5);
  });
});
