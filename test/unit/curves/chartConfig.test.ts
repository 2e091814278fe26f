import * as assert from 'node:assert/strict';
import {
  buildChart,
  robustRange,
  type ChartContext,
  type LineDataset,
  type RunInfo,
  type Theme,
} from '../../../webview/curves/chartConfig';
import { formatX, spreadEndTicks } from '../../../webview/curves/axisLabels';
import { CurvesModel } from '../../../webview/curves/model';
import { runColor, withAlpha } from '../../../webview/curves/palette';
import { DEFAULT_STATE, sanitizeState, type UiState } from '../../../webview/curves/state';
import { nearestIndex } from '../../../webview/curves/hover';
import { SeriesViewer } from '../../../src/extension/curves/seriesView';
import { runPayload, summaryEntries } from '../../../src/extension/curves/payload';
import { DelimitedLogParser } from '../../../src/core/formats/delimited';
import type { ViewRequest } from '../../../src/protocol/curves';
import { bytes, fixtureBytes } from '../helpers';

const THEME: Theme = {
  foreground: '#ffffff',
  mutedForeground: '#aaaaaa',
  grid: '#333333',
  background: '#000000',
  fontFamily: 'x',
  fontSize: 12,
  palette: ['#111111', '#222222', '#333333'],
  error: '#ff0000',
  warning: '#ffaa00',
  dark: true,
};
const VIEW: ViewRequest = { smoothing: 0, xMode: 'step', xRange: null, buckets: 1000 };

function modelOf(files: { id: string; text: Uint8Array }[], view = VIEW): CurvesModel {
  const model = new CurvesModel();
  const runs = files.map((f) => {
    const p = new DelimitedLogParser(f.id, f.id);
    p.push(f.text);
    p.flush();
    return { id: f.id, run: p.run };
  });
  model.init(
    runs.map((r) => runPayload(r.id, r.run, '.', false)),
    runs.flatMap((r) => r.run.series.map((s) => new SeriesViewer(r.id, s, () => 0).full(view))),
    runs.flatMap((r) => summaryEntries(r.id, r.run)),
    [],
  );
  return model;
}

function context(model: CurvesModel, state: Partial<UiState> = {}): ChartContext {
  const runs = new Map<string, RunInfo>(
    model.runs.map((r, i) => [
      r.id,
      { name: r.name, color: runColor(THEME.palette, i, true), xLabel: r.xLabel, hidden: false },
    ]),
  );
  return {
    runs,
    palette: THEME.palette,
    state: { ...DEFAULT_STATE, ...state },
    theme: THEME,
    visible: () => true,
    findings: [],
  };
}

function datasets(model: CurvesModel, chart: string, state: Partial<UiState> = {}) {
  const g = model.charts().find((c) => c.key === chart)!;
  const built = buildChart(g, context(model, state));
  return { built, ds: built.config.data.datasets as LineDataset[] };
}

describe('chart configuration', () => {
  it('draws a Keras log as a loss chart and an accuracy chart, train solid and validation dashed in one colour', () => {
    const model = modelOf([{ id: 'k', text: fixtureBytes('keras', 'training.log') }]);
    assert.deepEqual(
      model.charts().map((c) => c.title),
      ['loss', 'accuracy'],
    );
    const { ds, built } = datasets(model, 'loss');
    assert.deepEqual(
      ds.map((d) => [d.label, d.data.length, (d.borderDash as number[]).length > 0]),
      [
        ['loss', 17, false],
        ['val_loss', 17, true],
      ],
    );
    assert.equal(ds[0]!.borderColor, ds[1]!.borderColor);
    assert.equal((built.config.options!.scales!['x'] as { title: { text: string } }).title.text, 'epoch');
  });

  it("tells apart one run's series of one split (Lightning's loss, loss per step, loss per epoch), keeping train and validation paired", () => {
    const model = modelOf([
      {
        id: 'pl',
        text: bytes(
          'epoch,step,train_loss_step,train_loss_epoch,val_loss,test_loss\n0,9,0.9,,,\n0,9,,0.8,0.85,\n1,19,0.5,,,\n1,19,,0.45,0.6,0.61\n',
        ),
      },
    ]);
    const ds = datasets(model, 'loss').ds;
    const colour = (name: string) => ds.find((d) => d.label === name)!.borderColor;
    assert.deepEqual(ds.map((d) => d.label).sort(), ['test_loss', 'train_loss_epoch', 'train_loss_step', 'val_loss']);
    assert.notEqual(colour('train_loss_step'), colour('train_loss_epoch'));
    assert.equal(colour('val_loss'), colour(ds.find((d) => d.metricLens.split === 'train')!.label!));
    assert.equal(colour('test_loss'), colour('val_loss'));
    // With several runs colour says run, whatever the series.
    const two = modelOf([
      { id: 'a', text: bytes('epoch,loss_step,loss_epoch\n0,1,2\n1,0.5,1\n') },
      { id: 'b', text: bytes('epoch,loss_step,loss_epoch\n0,1,2\n1,0.5,1\n') },
    ]);
    const runs = datasets(two, 'loss').ds;
    assert.equal(new Set(runs.filter((d) => d.metricLens.runId === 'a').map((d) => d.borderColor)).size, 1);
  });

  it('labels x ticks without trailing zeros (a one-point chart spans -1 to 1)', () => {
    assert.deepEqual(
      [-0.5, 0.25, 3, 1234.5678].map((v) => formatX(v, 'step')),
      ['-0.5', '0.25', '3', '1235'],
    );
  });

  it('gives three runs three distinct colours, the same on every chart', () => {
    const text = (k: number) => bytes(`epoch,loss,val_loss,acc\n0,${k},${k + 0.1},0.5\n1,${k / 2},${k},0.6\n`);
    const model = modelOf([
      { id: 'a', text: text(1) },
      { id: 'b', text: text(2) },
      { id: 'c', text: text(3) },
    ]);
    const loss = datasets(model, 'loss').ds;
    const acc = datasets(model, 'accuracy').ds;
    const colors = new Set(loss.map((d) => d.borderColor));
    assert.equal(colors.size, 3);
    for (const d of acc)
      assert.equal(d.borderColor, loss.find((l) => l.metricLens.runId === d.metricLens.runId)!.borderColor);
    assert.match(String(loss[0]!.label), /^a · /);
  });

  it('switches to a log scale and says how many values ≤ 0 it cannot show, instead of breaking', () => {
    const model = modelOf([{ id: 'r', text: bytes('epoch,loss\n0,1\n1,0\n2,-0.5\n3,0.1\n') }]);
    const { built, ds } = datasets(model, 'loss', { yLog: true });
    assert.equal((built.config.options!.scales!['y'] as { type: string }).type, 'logarithmic');
    assert.equal(ds[0]!.data.filter((p) => Number.isFinite(p.y)).length, 2);
    assert.match(built.notes.join(' '), /Log scale: 2 values ≤ 0 not shown/);
  });

  it('draws smoothed lines over faint raw ones when smoothing is on', () => {
    const model = modelOf([{ id: 'r', text: fixtureBytes('pytorch-digits', 'history.csv') }], {
      ...VIEW,
      smoothing: 0.6,
    });
    const { ds } = datasets(model, 'loss', { smoothing: 0.6 });
    assert.deepEqual(
      ds.map((d) => d.metricLens.role),
      ['raw', 'smoothed', 'raw', 'smoothed'],
    );
    assert.match(String(ds[0]!.borderColor), /^rgba\(.*0\.3\)$/);
    assert.equal(ds[1]!.metricLens.legend, true);
    assert.equal(ds[0]!.metricLens.legend, false);
  });

  it('marks the best epoch of a validation metric and NaN values', () => {
    const model = modelOf([{ id: 'r', text: bytes('epoch,loss,val_loss\n0,1,1.2\n1,0.8,0.9\n2,nan,1.1\n') }]);
    const { built } = datasets(model, 'loss');
    const marks = (
      built.config.options!.plugins as unknown as { metricLens: { best: { label: string }[]; markers: unknown[] } }
    ).metricLens;
    assert.deepEqual(
      marks.best.map((b) => b.label),
      ['best 0.9 @ epoch 1'],
    );
    assert.equal(marks.markers.length, 1);
  });

  it('names a best point at a fractional epoch (a Trainer) by its step, the epoch to two decimals beside it', () => {
    const model = modelOf([
      { id: 'r', text: bytes('step,epoch,val_loss\n250,0.22747952684258416,1.2\n500,0.45,0.9\n750,0.68,1.1\n') },
    ]);
    const { built } = datasets(model, 'loss');
    const marks = (built.config.options!.plugins as unknown as { metricLens: { best: { label: string }[] } })
      .metricLens;
    assert.deepEqual(
      marks.best.map((b) => b.label),
      ['best 0.9 @ step 500 (epoch 0.45)'],
    );
  });

  it('names the best point by what the x counts: the row, for a log with neither step nor epoch', () => {
    // Seen in the editor on a one-column log of 10 M rows: "best 2.500e-4 @ step 9995000" under an axis titled "row".
    const model = modelOf([{ id: 'r', text: bytes('loss,val_loss\n1,1.2\n0.8,0.9\n0.7,1.1\n') }]);
    const { built } = datasets(model, 'loss');
    const marks = (built.config.options!.plugins as unknown as { metricLens: { best: { label: string }[] } })
      .metricLens;
    assert.deepEqual(
      marks.best.map((b) => b.label),
      ['best 0.9 @ row 1'],
    );
  });

  it("names the best point on the step metric's axis when one is the x (train/global_step), not by the file's step", () => {
    const p = new DelimitedLogParser('r', 'r');
    p.push(bytes('step,trainer/global_step,val_loss\n0,100,1.2\n1,200,0.9\n2,300,1.1\n'));
    p.flush();
    const view: ViewRequest = { ...VIEW, xMode: 'metric:trainer/global_step' };
    const model = new CurvesModel();
    model.init(
      [runPayload('r', p.run, '.', false)],
      p.run.series.map((s) =>
        new SeriesViewer(
          'r',
          s,
          () => 0,
          (n) => p.run.getSeries(n),
        ).full(view),
      ),
      summaryEntries('r', p.run),
      [],
    );
    const label = (state: Partial<UiState>) =>
      (
        buildChart(
          model.charts().find((c) => c.key === 'loss')!,
          context(model, state),
        ).config.options!.plugins as unknown as { metricLens: { best: { label: string }[] } }
      ).metricLens.best.map((b) => b.label);
    assert.deepEqual(label({ xMode: 'metric:trainer/global_step' }), ['best 0.9 @ trainer/global_step 200']);
    assert.deepEqual(label({ xMode: 'step' }), ['best 0.9 @ step 1']);
  });

  it('applies the zoom, the y limits and include-zero to the scales', () => {
    const model = modelOf([{ id: 'r', text: fixtureBytes('keras', 'training.log') }]);
    const { built } = datasets(model, 'loss', { xRange: [2, 8], limits: { loss: { max: 3 } }, includeZero: true });
    const scales = built.config.options!.scales as Record<
      string,
      { min?: number; max?: number; beginAtZero?: boolean }
    >;
    assert.deepEqual([scales['x']!.min, scales['x']!.max], [2, 8]);
    assert.equal(scales['y']!.max, 3);
    assert.equal(scales['y']!.beginAtZero, true);
  });

  it('ignores outliers in y scaling when asked (the Keras val_loss spike of 7.4)', () => {
    const r = robustRange(Array.from({ length: 100 }, (_, i) => (i === 50 ? 1000 : 1 + i / 100)));
    assert.ok(r && r.max < 10 && r.min > 0.9);
  });
});

describe('palette', () => {
  it('keeps 30 run colours distinct, theme colours first', () => {
    const colors = Array.from({ length: 30 }, (_, i) => runColor(['#111111', '#222222'], i, true));
    assert.equal(colors[0], '#111111');
    assert.equal(new Set(colors).size, 30);
    assert.equal(withAlpha('#3794ff', 0.5), 'rgba(55, 148, 255, 0.5)');
    assert.equal(withAlpha('hsl(10, 50%, 60%)', 0.2), 'hsla(10, 50%, 60%, 0.2)');
  });
});

describe('UI state', () => {
  it('falls back to defaults for damaged or foreign stored state, field by field', () => {
    assert.deepEqual(sanitizeState(undefined), DEFAULT_STATE);
    const s = sanitizeState({
      smoothing: 5,
      xMode: 'bogus',
      xRange: [3, 1],
      yLog: 'yes',
      hidden: ['a', 3],
      limits: { loss: { min: 'x', max: 2 } },
    });
    assert.equal(s.smoothing, 0);
    assert.equal(s.xMode, 'step');
    assert.equal(s.xRange, null);
    assert.equal(s.yLog, false);
    assert.deepEqual(s.hidden, ['a']);
    assert.deepEqual(s.limits, { loss: { max: 2 } });
  });
});

describe('hover lookup', () => {
  it('finds the nearest point by x', () => {
    assert.equal(nearestIndex([0, 10, 20, 30], 14), 1);
    assert.equal(nearestIndex([0, 10, 20, 30], 16), 2);
    assert.equal(nearestIndex([0, 10, 20, 30], 99), 3);
    assert.equal(nearestIndex([], 1), -1);
  });
});

describe('x axis ticks at the ends of the data', () => {
  const values = (ts: { value: number }[]) => ts.map((t) => t.value);
  const ticks = (...vs: number[]) => vs.map((value) => ({ value }));

  it('drops a round tick that would sit on top of the last step (a W&B run evaluated at 10 … 131)', () => {
    assert.deepEqual(values(spreadEndTicks(ticks(10, 30, 50, 70, 90, 110, 130, 131))), [10, 30, 50, 70, 90, 110, 131]);
    // And at the start: a run logged from step 1 with round ticks from 0.
    assert.deepEqual(values(spreadEndTicks(ticks(1, 2, 20, 40, 60, 80, 100))), [1, 20, 40, 60, 80, 100]);
  });

  it('keeps ticks that are far enough apart, and short axes as they are', () => {
    assert.deepEqual(
      values(spreadEndTicks(ticks(0, 20, 40, 60, 80, 100, 120, 139))),
      [0, 20, 40, 60, 80, 100, 120, 139],
    );
    assert.deepEqual(values(spreadEndTicks(ticks(0, 0.5, 1))), [0, 0.5, 1]);
  });
});
