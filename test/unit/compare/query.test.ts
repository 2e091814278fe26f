import * as assert from 'node:assert/strict';
import {
  correlations,
  findColumn,
  FilterError,
  filterRows,
  groupRows,
  MAX_FILTER_CHARS,
  metricColumn,
  paramColumn,
  parseFilter,
  sortRows,
  spearman,
  stat,
  type CompareRow,
  type CompareTable,
} from '../../../src/core/compare';
import { reference, sweepTable, versionOf } from './sweep';

describe('compare: sort, filter, group, correlate', () => {
  let table: CompareTable;
  before(async () => {
    table = await sweepTable();
  });
  const names = (rows: readonly { path: string }[]) => rows.map((r) => versionOf(r.path));

  it('sorts by a metric as pandas sort_values does', () => {
    assert.deepEqual(
      names(sortRows(table.rows, findColumn(table, 'val_acc.best')!, true)),
      reference.sorted_by_val_acc_best_descending,
    );
    assert.deepEqual(
      names(sortRows(table.rows, findColumn(table, 'val_acc.best')!)),
      [...reference.sorted_by_val_acc_best_descending].reverse(),
    );
  });

  it('sorts numbers by value (0.0001 before 0.001 before 0.1), text naturally, missing cells last both ways', () => {
    const lr = sortRows(table.rows, findColumn(table, 'optimizer.lr')!).map((r) => r.params['optimizer.lr']);
    assert.deepEqual(
      lr.map(Number),
      [...lr.map(Number)].sort((a, b) => a - b),
    );
    const rows = [
      { ...table.rows[0]!, name: 'run10', params: {} },
      { ...table.rows[1]!, name: 'run9', params: { x: 'b' } },
      { ...table.rows[2]!, name: 'run1', params: { x: '2' } },
    ] as CompareRow[];
    assert.deepEqual(
      sortRows(rows, findColumn(table, 'name')!).map((r) => r.name),
      ['run1', 'run9', 'run10'],
    );
    assert.deepEqual(
      sortRows(rows, paramColumn('x')).map((r) => r.name),
      ['run1', 'run9', 'run10'],
    );
    assert.deepEqual(
      sortRows(rows, paramColumn('x'), true).map((r) => r.name),
      ['run9', 'run1', 'run10'],
    );
  });

  it('filters by expressions as pandas query does', () => {
    assert.deepEqual(
      names(filterRows(table.rows, table, 'optimizer.lr < 1e-2 and val_loss.best < 0.3')).sort(),
      reference['filter_lr_below_1e-2_and_val_loss_best_below_0.3'],
    );
    // A space is "and"; `or`, `not` and parentheses; text is matched case-insensitively.
    assert.deepEqual(
      names(filterRows(table.rows, table, 'optimizer.lr<1e-2 val_loss.best<0.3')).sort(),
      reference['filter_lr_below_1e-2_and_val_loss_best_below_0.3'],
    );
    assert.deepEqual(
      names(filterRows(table.rows, table, 'optimizer.name = ADAM and not (seed > 0 or optimizer.lr >= 0.01)')).sort(),
      ['version_1', 'version_2'],
    );
    assert.deepEqual(names(filterRows(table.rows, table, 'sgd model.hidden == 128')).sort(), [
      'version_6',
      'version_7',
    ]);
    assert.deepEqual(names(filterRows(table.rows, table, 'path ~ "VERSION_4"')), ['version_4']);
    assert.deepEqual(names(filterRows(table.rows, table, 'seed != 0')).sort(), ['version_3', 'version_6', 'version_7']);
    assert.equal(filterRows(table.rows, table, '  ').length, table.rows.length);
  });

  it('says what is wrong with a filter and where', () => {
    const err = (text: string) => {
      try {
        parseFilter(text, table);
      } catch (e) {
        assert.ok(e instanceof FilterError);
        return `${e.position}: ${e.message}`;
      }
      return 'no error';
    };
    assert.equal(
      err('val_loss < 0.3'),
      '0: "val_loss" is a metric: say val_loss.best, val_loss.last or val_loss.best_step',
    );
    assert.equal(err('lr < 1'), '0: no column "lr" (did you mean optimizer.lr?)');
    assert.equal(err('(seed > 0'), '9: the parenthesis at character 1 is not closed');
    assert.equal(err('seed > 0)'), '8: a ")" without its "("');
    assert.equal(err('name = "x'), '7: the quote opened at character 8 is not closed');
    assert.equal(err('< 3'), '0: "<" needs a column name before it');
    assert.equal(err('seed >'), '6: ">" needs a value after it');
    assert.match(err('('.repeat(40) + 'seed' + ')'.repeat(40)), /nested more than 32 deep/);
    assert.match(err('x'.repeat(MAX_FILTER_CHARS + 1)), /characters long; at most 1000/);
    assert.match(err('not '.repeat(200) + 'seed'), /nested more than 32 deep/);
  });

  it('groups by a parameter with the mean and sample standard deviation of pandas groupby', () => {
    const by = findColumn(table, 'optimizer.name')!;
    const best = metricColumn('val_loss', 'best');
    const groups = groupRows(table.rows, by, [best]);
    assert.deepEqual(
      groups.map((g) => g.value),
      ['adam', 'sgd'],
    );
    for (const g of groups) {
      const want = reference.group_by_optimizer_val_loss_best[g.value as string]!;
      const s = g.stats['val_loss.best']!;
      assert.equal(s.n, want.n);
      assert.ok(Math.abs(s.mean! - want.mean) < 1e-12, `${s.mean} vs ${want.mean}`);
      assert.ok(Math.abs(s.std! - want.std) < 1e-12, `${s.std} vs ${want.std}`);
    }
    assert.deepEqual(stat([3, undefined, 'x', NaN]), { n: 1, mean: 3, std: undefined });
  });

  it('gives Spearman rank correlations equal to scipy spearmanr (ties averaged), with n and a warning below 10 runs', () => {
    const metric = metricColumn('val_loss', 'best');
    const got = correlations(
      table.rows,
      ['optimizer.lr', 'model.hidden', 'seed', 'optimizer.name', 'model.dropout'].map(paramColumn),
      metric,
    );
    for (const [p, want] of Object.entries(reference.spearman_val_loss_best)) {
      const c = got.find((x) => x.param === p)!;
      assert.equal(c.n, want.n);
      assert.ok(Math.abs(c.rho! - want.rho) < 1e-12, `${p}: ${c.rho} vs ${want.rho}`);
      assert.equal(c.warning, 'only 8 runs: too few to be sure');
    }
    assert.equal(got[0]!.param, 'optimizer.lr'); // strongest first
    assert.deepEqual(
      got.find((x) => x.param === 'optimizer.name'),
      { param: 'optimizer.name', n: 0, rho: undefined, warning: 'not a number in these runs' },
    );
    assert.deepEqual(
      got.find((x) => x.param === 'model.dropout'),
      { param: 'model.dropout', n: 8, rho: undefined, warning: 'the same in all 8 runs' },
    );
    const two = correlations(table.rows.slice(0, 2), [paramColumn('optimizer.lr')], metric)[0]!;
    assert.deepEqual(two, {
      param: 'optimizer.lr',
      n: 2,
      rho: undefined,
      warning: '2 runs: too few to say (at least 3 are needed)',
    });
    assert.equal(spearman([1, 2, 3, 4], [10, 20, 30, 40]), 1);
    assert.equal(spearman([1, 2, 3, 4], [4, 3, 2, 1]), -1);
  });
});
