import * as assert from 'node:assert/strict';
import {
  compareRuns,
  filterRows,
  findColumn,
  groupRows,
  metricColumn,
  paramValue,
  sameValue,
  sortRows,
  type CompareTable,
} from '../../../src/core/compare';
import { Run } from '../../../src/core/model/run';
import { groupRuns } from '../../../src/extension/curves/groups';

/** Runs whose parameters are the same numbers written in different ways, as YAML, argparse dumps and MLflow do. */
function table(params: readonly Record<string, string>[]): CompareTable {
  return compareRuns(
    params.map((p, i) => {
      const run = new Run(`r${i}.csv`, 'csv', `r${i}`);
      for (const [k, v] of Object.entries(p)) run.params.set(k, v);
      run.seriesFor('val_loss').append(0, 1 / (i + 1), 1);
      return { run, id: `r${i}`, path: `r${i}.csv`, findings: [] };
    }),
  );
}

const names = (rows: readonly { name: string }[]) => rows.map((r) => r.name);

describe('compare: parameters written as numbers compare as numbers', () => {
  const t = table([
    { lr: '1e-3', amp: 'True', opt: 'adam' },
    { lr: '0.001', amp: 'True', opt: 'adam' },
    { lr: '0.01', amp: 'False', opt: 'sgd' },
    { lr: '1E-4', amp: 'True', opt: 'adam' },
  ]);
  const lr = findColumn(t, 'lr')!;

  it('does not list a parameter as differing when the runs write the same number differently', () => {
    assert.deepEqual(
      table([
        { lr: '1e-3', wd: '0' },
        { lr: '0.001', wd: '0.0' },
        { lr: '1.0e-3', wd: '-0' },
      ]).differing,
      [],
    );
    assert.deepEqual(table([{ lr: '1e-3' }, { lr: '0.002' }]).differing, ['lr']);
    assert.deepEqual(table([{ x: 'nan' }, { x: 'NaN' }]).differing, []);
  });

  it('sorts by value: 1E-4 < 1e-3 = 0.001 < 0.01 (as text, "0.001" < "0.01" < "1E-4" < "1e-3")', () => {
    assert.deepEqual(names(sortRows(t.rows, lr)), ['r3', 'r0', 'r1', 'r2']);
    assert.deepEqual(names(sortRows(t.rows, lr, true)), ['r2', 'r0', 'r1', 'r3']);
  });

  it('groups 1e-3 and 0.001 together, with the mean of their metric', () => {
    const groups = groupRows(t.rows, lr, [metricColumn('val_loss', 'best')]);
    assert.deepEqual(
      groups.map((g) => [g.value, names(g.rows)]),
      [
        [0.0001, ['r3']],
        [0.001, ['r0', 'r1']],
        [0.01, ['r2']],
      ],
    );
    assert.equal(groups[1]!.stats['val_loss.best']!.mean, (1 + 1 / 2) / 2);
  });

  it('filters by value whichever way the run or the filter writes it', () => {
    assert.deepEqual(names(filterRows(t.rows, t, 'lr = 0.001')), ['r0', 'r1']);
    assert.deepEqual(names(filterRows(t.rows, t, 'lr = 1e-3')), ['r0', 'r1']);
    assert.deepEqual(names(filterRows(t.rows, t, 'lr < 1e-3')), ['r3']);
  });

  it('keeps flags and words as written: True is not the number 1', () => {
    assert.equal(findColumn(t, 'amp')!.get(t.rows[0]!), 'True');
    assert.equal(paramValue('True'), 'True');
    assert.equal(paramValue(' 3.0 '), 3);
    assert.equal(paramValue('adam'), 'adam');
    assert.deepEqual(table([{ amp: 'True' }, { amp: '1' }]).differing, ['amp']);
  });

  it('says two cells are the same by value, NaN included, text exactly', () => {
    assert.ok(sameValue(0.001, 1e-3) && sameValue(NaN, NaN) && sameValue(0, -0) && sameValue(undefined, undefined));
    assert.ok(!sameValue('0.001', 0.001) && !sameValue('Adam', 'adam') && !sameValue(undefined, 0));
  });

  it("the curves' groups of identical configurations but the seed take 1e-3 and 0.001 as one", () => {
    const run = (id: string, lr: string, seed: string) => ({
      id,
      name: id,
      folder: '',
      params: new Map([
        ['lr', lr],
        ['seed', seed],
      ]),
    });
    const groups = groupRuns([run('a', '1e-3', '1'), run('b', '0.001', '2'), run('c', '1e-2', '1')], 'config', '');
    assert.deepEqual(groups, new Map([['lr=0.001', ['a', 'b']]]));
  });
});
