import * as assert from 'node:assert/strict';
import {
  brushFilterText,
  brushRows,
  columnScale,
  filterRows,
  findColumn,
  spansDecades,
  type CompareTable,
} from '../../../src/core/compare';
import { brushFromSpan, colorKey, parallelScene, scatterScene } from '../../../webview/compare/plotScene';
import { sweepTable, versionOf } from './sweep';

describe('compare: the charts (scales, brushes, what is drawn)', () => {
  let table: CompareTable;
  before(async () => {
    table = await sweepTable();
  });

  it('makes an axis logarithmic by itself when positive values span more than two decades', () => {
    assert.ok(spansDecades([1e-4, 1e-3, 0.01]));
    assert.ok(!spansDecades([0.001, 0.01, 0.09]));
    assert.ok(!spansDecades([0, 1e-4, 1]));
    assert.equal(columnScale([1e-4, 1e-3, 0.01]).kind, 'log');
    assert.equal(columnScale([1e-4, 1e-3, 0.01], false).kind, 'linear');
    assert.equal(columnScale([0.2, 0.5], true).kind, 'log');
    // A log axis cannot hold zero: asked for, it stays linear.
    assert.equal(columnScale([0, 0.5], true).kind, 'linear');
    assert.equal(columnScale(['adam', 'sgd', 3]).kind, 'category');
  });

  it('places values on a log axis by their logarithm, with a tick per decade', () => {
    const s = columnScale([1e-4, 1e-2]);
    assert.deepEqual(
      s.ticks.map((t) => t.label),
      ['0.0001', '0.001', '0.01'],
    );
    assert.equal(s.place(1e-3), 0.5);
    assert.equal(s.place(0), undefined);
    assert.ok(Math.abs(s.valueAt(0.5) - 1e-3) < 1e-15);
  });

  it('gives a linear axis nice ticks around its values, and categories in their order', () => {
    const s = columnScale([0.13, 0.47]);
    assert.deepEqual(
      s.ticks.map((t) => t.label),
      ['0.1', '0.2', '0.3', '0.4', '0.5'],
    );
    const c = columnScale(['sgd', 'adam', 'adam']);
    assert.deepEqual(c.categories, ['adam', 'sgd']);
    assert.deepEqual([c.place('adam'), c.place('sgd'), c.place('rmsprop')], [0, 1, undefined]);
  });

  it('brushes filter as their filter text does (what metric-lens compare --filter keeps)', () => {
    const brushes = [
      { key: 'optimizer.lr', kind: 'range' as const, lo: 0.0005, hi: 0.02 },
      { key: 'optimizer.name', kind: 'values' as const, values: ['adam'] },
    ];
    const text = brushFilterText(brushes);
    assert.equal(text, '(optimizer.lr >= 0.0005 and optimizer.lr <= 0.02) and (optimizer.name = "adam")');
    const byBrush = brushRows(table.rows, table, brushes).map((r) => versionOf(r.path));
    assert.deepEqual(
      byBrush,
      filterRows(table.rows, table, text).map((r) => versionOf(r.path)),
    );
    assert.ok(byBrush.length > 0 && byBrush.length < table.rows.length, byBrush.join());
    // Quotes in a category survive the round trip through the filter language.
    assert.equal(brushFilterText([{ key: 'k', kind: 'values', values: ['a "b" \\ c'] }]), '(k = "a \\"b\\" \\\\ c")');
  });

  it('turns a drag along an axis into a brush: a value range, or the categories it covers', () => {
    const lr = columnScale(table.rows.map(findColumn(table, 'optimizer.lr')!.get));
    assert.equal(lr.kind, 'log');
    const b = brushFromSpan('optimizer.lr', lr, 0.5, 0.0);
    assert.equal(b.kind, 'range');
    if (b.kind === 'range') assert.ok(b.lo === lr.min && Math.abs(b.hi - lr.valueAt(0.5)) / b.hi < 1e-5);
    const names = columnScale(table.rows.map(findColumn(table, 'optimizer.name')!.get));
    assert.deepEqual(brushFromSpan('optimizer.name', names, 0.9, 1), {
      key: 'optimizer.name',
      kind: 'values',
      values: ['sgd'],
    });
  });

  it("draws the scatter's points where their values are, on a log x axis, coloured by a third column", () => {
    const x = findColumn(table, 'optimizer.lr')!,
      y = findColumn(table, 'val_loss.best')!;
    const color = colorKey(
      findColumn(table, 'optimizer.name'),
      table.rows,
      (i) => ['#111111', '#222222'][i]!,
      '#999999',
    );
    const s = scatterScene({
      x,
      y,
      rows: table.rows,
      faint: new Set(),
      logX: 'auto',
      logY: 'auto',
      color,
      width: 600,
      height: 320,
    });
    assert.equal(s.xScale.kind, 'log');
    assert.equal(s.points.length, table.rows.length);
    const circles = s.marks.filter((m) => m.kind === 'circle');
    assert.equal(circles.length, table.rows.length);
    // Ten times the learning rate is one decade further right, whatever the value.
    const byLr = new Map<number, number>();
    for (const p of s.points) byLr.set(p.x as number, p.cx);
    const lrs = [...byLr.keys()].sort((a, b) => a - b);
    const decade = (byLr.get(lrs[1]!)! - byLr.get(lrs[0]!)!) / Math.log10(lrs[1]! / lrs[0]!);
    for (const v of lrs)
      assert.ok(Math.abs(byLr.get(v)! - byLr.get(lrs[0]!)! - decade * Math.log10(v / lrs[0]!)) < 1e-6);
    // Lower loss is drawn lower down (a larger cy); colours follow optimizer.name.
    const sorted = [...s.points].sort((a, b) => (a.y as number) - (b.y as number));
    assert.ok(sorted[0]!.cy > sorted[sorted.length - 1]!.cy);
    for (const m of circles) {
      const row = table.rows.find((r) => r.id === (m as { id: string }).id)!;
      assert.equal((m as { color: string }).color, row.params['optimizer.name'] === 'adam' ? '#111111' : '#222222');
    }
  });

  it('draws a parallel-coordinates line per run through every axis, brushed-out runs faint', () => {
    const axes = ['model.hidden', 'optimizer.lr', 'optimizer.name', 'val_loss.best'].map((k) => findColumn(table, k)!);
    const faint = new Set(table.rows.slice(0, 3).map((r) => r.id));
    const brush = { key: 'optimizer.name', kind: 'values' as const, values: ['adam'] };
    const s = parallelScene({
      axes,
      rows: table.rows,
      faint,
      brushes: [brush],
      log: () => 'auto',
      color: colorKey(undefined, table.rows, () => '#000000', '#777777'),
      width: 800,
      height: 320,
    });
    assert.deepEqual(
      s.axes.map((a) => a.key),
      ['model.hidden', 'optimizer.lr', 'optimizer.name', 'val_loss.best'],
    );
    assert.equal(s.lines.length, table.rows.length);
    for (const l of s.lines) {
      assert.equal(l.points.length, 4);
      assert.deepEqual(
        l.points.map((p) => p[0]),
        s.axes.map((a) => a.x),
      );
      assert.equal(l.faint, faint.has(l.id));
    }
    assert.equal(s.marks.filter((m) => m.kind === 'rect').length, 1);
    // The learning rates (1e-4 to 0.1) sit on a log axis of three decades, the smallest at the bottom.
    const lrAxis = s.axes[1]!;
    for (const l of s.lines) {
      const lr = table.rows.find((r) => r.id === l.id)!.params['optimizer.lr'];
      const decades = Math.log10(Number(lr)) + 4;
      const want = lrAxis.bottom - (decades / 3) * (lrAxis.bottom - lrAxis.top);
      assert.ok(Math.abs(l.points[1]![1] - want) < 1e-9, `${lr}: ${l.points[1]![1]} vs ${want}`);
    }
  });
});
