/**
 * Chart.js configuration for one chart: train solid, validation dashed, test dotted, one colour
 * per run; smoothed lines over faint raw ones; group means with their bands; log scales that say
 * what they cannot show instead of breaking; y scaling that can ignore outliers. Pure: no DOM, so
 * it is unit-tested in Node. The marks (NaN markers, best points, finding ranges) are handed to
 * the drawing plugins through `options.plugins.metricLens`.
 */

import type { ChartConfiguration, ChartDataset, ScaleOptions, TooltipOptions } from 'chart.js';
import type { ChartGroup, ClientSeries } from './model';
import type { UiState } from './state';
import { formatValue, formatX, spreadEndTicks } from './axisLabels';
import { runColor, withAlpha } from './palette';
import type { FindingMark } from '../../src/protocol/curves';
import { xMetricOf } from '../../src/core/curves/xAxis';

export interface XY {
  x: number;
  y: number;
}

export interface Theme {
  readonly foreground: string;
  readonly mutedForeground: string;
  readonly grid: string;
  readonly background: string;
  readonly fontFamily: string;
  readonly fontSize: number;
  /** The theme's chart colours, for the first runs. */
  readonly palette: readonly string[];
  readonly error: string;
  readonly warning: string;
  readonly dark: boolean;
}

export interface RunInfo {
  readonly name: string;
  readonly color: string;
  readonly xLabel: string;
  readonly hidden: boolean;
}

export type DatasetRole = 'raw' | 'smoothed' | 'mean' | 'band-low' | 'band-high';

export type LineDataset = ChartDataset<'line', XY[]> & {
  metricLens: { seriesKey: string; runId: string; split: string; role: DatasetRole; legend: boolean };
};

export interface Marker {
  readonly x: number;
  readonly kind: number;
  readonly color: string;
}
export interface BestMark {
  readonly x: number;
  readonly y: number;
  readonly color: string;
  readonly label: string;
}
export interface RangeMark {
  readonly x0: number;
  readonly x1: number;
  readonly color: string;
  readonly label: string;
}

export interface MarksOptions {
  readonly markers: Marker[];
  readonly best: BestMark[];
  readonly ranges: RangeMark[];
  readonly crosshairColor: string;
}

export interface BuiltChart {
  readonly config: ChartConfiguration<'line', XY[]>;
  /** Things the chart cannot show, said plainly under it. */
  readonly notes: string[];
}

const DASH: Record<string, number[]> = { train: [], val: [6, 4], test: [2, 3], other: [] };

export interface ChartContext {
  readonly runs: ReadonlyMap<string, RunInfo>;
  /** The colours runs take (settings or theme), for series that need more than their run's. */
  readonly palette: readonly string[];
  readonly state: UiState;
  readonly theme: Theme;
  /** The series that pass the filter and are not hidden. */
  readonly visible: (s: ClientSeries) => boolean;
  readonly findings: readonly FindingMark[];
}

/**
 * Each series' colour in one chart. Colour says run; dash says split. But one run can log several
 * series of a split in one chart (Lightning's `train_loss`, `train_loss_step`, `train_loss_epoch`),
 * which would be one colour and one dash: with a single run, the n-th series of each split takes
 * the palette's n-th colour, so `train_loss` and `val_loss` stay a pair and the others differ. With
 * several runs the legend and tooltip name the series; the colour stays the run's.
 */
export function seriesColors(
  group: ChartGroup,
  runs: ReadonlyMap<string, RunInfo>,
  palette: readonly string[],
  dark: boolean,
  fallback: string,
): Map<string, string> {
  const out = new Map<string, string>();
  const seen = new Map<string, number>();
  for (const s of group.series) {
    const runColour = runs.get(s.runId)?.color ?? fallback;
    if (runs.size > 1) {
      out.set(s.key, runColour);
      continue;
    }
    const at = `${s.runId}\u0000${s.split}`;
    const variant = seen.get(at) ?? 0;
    seen.set(at, variant + 1);
    out.set(s.key, variant === 0 ? runColour : runColor(palette, variant, dark));
  }
  return out;
}

export function seriesLabel(s: ClientSeries, run: RunInfo | undefined, manyRuns: boolean): string {
  return manyRuns && run ? `${run.name} · ${s.name}` : s.name;
}

/** Points Chart.js can place: on a log axis, values ≤ 0 become gaps (and are counted for the note). */
export function drawablePoints(
  xs: readonly number[],
  ys: readonly number[],
  xLog: boolean,
  yLog: boolean,
  dropped: { x: number; y: number },
): XY[] {
  const out: XY[] = [];
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    let y = ys[i]!;
    if (xLog && !(x > 0)) {
      dropped.x++;
      continue;
    }
    if (yLog && !(y > 0) && Number.isFinite(y)) {
      dropped.y++;
      y = NaN;
    }
    out.push({ x, y: Number.isFinite(y) ? y : NaN });
  }
  return out;
}

/** The y range that leaves out the most extreme 2 % on each side, padded by 5 %. */
export function robustRange(values: readonly number[]): { min: number; max: number } | undefined {
  const finite = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (finite.length < 10) return undefined;
  const lo = finite[Math.floor(0.02 * (finite.length - 1))]!;
  const hi = finite[Math.ceil(0.98 * (finite.length - 1))]!;
  const pad = (hi - lo) * 0.05 || Math.abs(hi) * 0.05 || 1;
  return { min: lo - pad, max: hi + pad };
}

/** What the runs' own x counts (`step`, `epoch`, `iteration`, `row`) when they agree; else `step`. */
export function ownXLabel(labels: Iterable<string>): string {
  const set = new Set(labels);
  return set.size === 1 ? [...set][0]! : 'step';
}

export function xTitle(group: ChartGroup, runs: ReadonlyMap<string, RunInfo>, mode: UiState['xMode']): string {
  if (mode === 'epoch') return 'epoch';
  if (mode === 'relative') return 'time since start';
  if (mode === 'wall') return 'wall time';
  const metric = xMetricOf(mode);
  if (metric !== undefined) return metric;
  return ownXLabel(group.series.map((s) => runs.get(s.runId)?.xLabel ?? 'step'));
}

export function buildChart(group: ChartGroup, ctx: ChartContext): BuiltChart {
  const { state, theme, runs } = ctx;
  const manyRuns = runs.size > 1;
  const smoothing = state.smoothing > 0;
  const dropped = { x: 0, y: 0 };
  const datasets: LineDataset[] = [];
  const marks: MarksOptions = { markers: [], best: [], ranges: [], crosshairColor: withAlpha(theme.foreground, 0.4) };
  const groupedRuns = new Set(group.groups.flatMap((g) => g.runIds));
  const visibleY: number[] = [];
  let downsampledCount = 0;
  const missingAxis: string[] = [];
  const colors = seriesColors(group, runs, ctx.palette, theme.dark, theme.foreground);

  for (const s of group.series) {
    const run = runs.get(s.runId);
    const color = colors.get(s.key) ?? theme.foreground;
    const hidden = !ctx.visible(s);
    const inGroup = groupedRuns.has(s.runId);
    const label = seriesLabel(s, run, manyRuns);
    if (s.missingAxis) {
      missingAxis.push(label);
      continue;
    }
    if (s.downsampled) downsampledCount++;
    const raw = drawablePoints(s.x, s.y, state.xLog, state.yLog, dropped);
    const faint = smoothing || inGroup;
    datasets.push(
      lineDataset(s, label, raw, {
        color: faint ? withAlpha(color, inGroup ? 0.18 : 0.3) : color,
        width: faint ? 1 : s.split === 'train' ? 2 : 1.75,
        dash: faint && !inGroup ? [] : (DASH[s.split] ?? []),
        role: 'raw',
        legend: !smoothing,
        hidden,
        faint,
      }),
    );
    if (smoothing && s.smoothed) {
      datasets.push(
        lineDataset(s, label, drawablePoints(s.x, s.smoothed, state.xLog, state.yLog, { x: 0, y: 0 }), {
          color: inGroup ? withAlpha(color, 0.35) : color,
          width: s.split === 'train' ? 2 : 1.75,
          dash: DASH[s.split] ?? [],
          role: 'smoothed',
          legend: true,
          hidden,
          faint: inGroup,
        }),
      );
    }
    if (hidden) continue;
    for (const p of raw) if (Number.isFinite(p.y)) visibleY.push(p.y);
    for (let i = 0; i < s.nonFinite.x.length; i++)
      marks.markers.push({ x: s.nonFinite.x[i]!, kind: s.nonFinite.kind[i]!, color: theme.error });
    if (
      s.best &&
      (s.split === 'val' || s.split === 'test' || group.series.length === 1) &&
      !(state.yLog && s.best.y <= 0)
    ) {
      // Along a step metric (train/global_step) the point is named on that axis, not by W&B's own _step.
      const along = xMetricOf(state.xMode);
      const at =
        along !== undefined
          ? `${along} ${formatX(s.best.x, state.xMode)}`
          : s.best.epoch !== undefined && Number.isInteger(s.best.epoch)
            ? `epoch ${s.best.epoch}`
            : // A Trainer's fractional epoch (0.22747952684258416) beside its step, to two decimals. The step is
              // named as the run counts it (`row` for a log with neither step nor epoch), as the x axis is.
              `${run?.xLabel ?? 'step'} ${s.best.step}${s.best.epoch !== undefined ? ` (epoch ${s.best.epoch.toFixed(2)})` : ''}`;
      marks.best.push({ x: s.best.x, y: s.best.y, color, label: `best ${formatValue(s.best.y, s.percent)} @ ${at}` });
    }
    for (const f of ctx.findings) {
      if (f.runId !== s.runId || f.metric !== s.name || f.fromStep === undefined) continue;
      const x0 = xAtStep(s, f.fromStep);
      const x1 = xAtStep(s, f.toStep ?? f.fromStep);
      if (x0 !== undefined && x1 !== undefined) {
        marks.ranges.push({
          x0,
          x1,
          color: withAlpha(f.severity === 'error' ? theme.error : theme.warning, 0.12),
          label: f.rule,
        });
      }
    }
  }

  for (const g of group.groups) {
    const run = runs.get(g.runIds[0] ?? '');
    const color = run?.color ?? theme.foreground;
    const key = g.key;
    const pts = (ys: Float64Array) =>
      drawablePoints(Array.from(g.x), Array.from(ys), state.xLog, state.yLog, { x: 0, y: 0 });
    const meta = { seriesKey: key, runId: g.runIds[0] ?? '', split: g.split };
    datasets.push({
      label: `${g.label} (low)`,
      data: pts(g.low),
      borderWidth: 0,
      pointRadius: 0,
      fill: false,
      borderColor: 'transparent',
      metricLens: { ...meta, role: 'band-low', legend: false },
    });
    datasets.push({
      label: `${g.label} (band)`,
      data: pts(g.high),
      borderWidth: 0,
      pointRadius: 0,
      fill: '-1',
      backgroundColor: withAlpha(color, 0.2),
      borderColor: 'transparent',
      metricLens: { ...meta, role: 'band-high', legend: false },
    });
    datasets.push({
      label: `${g.label} · mean ${g.split}`,
      data: pts(g.mean),
      borderColor: color,
      backgroundColor: color,
      borderWidth: 2.5,
      borderDash: DASH[g.split] ?? [],
      pointRadius: 0,
      metricLens: { ...meta, role: 'mean', legend: true },
    });
    for (const v of g.mean) if (Number.isFinite(v)) visibleY.push(v);
  }

  // With several runs, best labels would pile up on each other: keep the rings, the tooltip has the numbers.
  if (marks.best.length > 2)
    marks.best.forEach((b, i) => {
      marks.best[i] = { ...b, label: '' };
    });
  const notes: string[] = [];
  if (dropped.y > 0) notes.push(`Log scale: ${dropped.y} ${dropped.y === 1 ? 'value' : 'values'} ≤ 0 not shown.`);
  if (dropped.x > 0) notes.push(`Log x axis: ${dropped.x} ${dropped.x === 1 ? 'point' : 'points'} at x ≤ 0 not shown.`);
  if (missingAxis.length > 0)
    notes.push(`No ${xTitle(group, runs, state.xMode)} values for ${missingAxis.join(', ')}.`);
  if (downsampledCount > 0)
    notes.push('Long series are drawn from a sample that keeps every peak and dip; zoom in for every point.');
  const nonFinite = group.series.reduce((n, s) => n + (ctx.visible(s) ? s.nonFinite.total : 0), 0);
  if (nonFinite > 0)
    notes.push(`${nonFinite} NaN/Infinity ${nonFinite === 1 ? 'value' : 'values'}, marked ▲ (NaN, +∞) and ▼ (−∞).`);

  const font = { family: theme.fontFamily, size: theme.fontSize };
  const limits = state.limits[group.key] ?? {};
  const robust = state.ignoreOutliers ? robustRange(visibleY) : undefined;
  const xs = group.series.flatMap((s) => (s.x.length ? [s.x[0]!, s.x[s.x.length - 1]!] : []));
  const span = xs.length ? Math.max(...xs) - Math.min(...xs) : 0;
  const yMin = limits.min ?? robust?.min;
  const yMax = limits.max ?? robust?.max;
  const xScale: ScaleOptions<'linear'> = {
    type: state.xLog ? ('logarithmic' as 'linear') : 'linear',
    bounds: 'data',
    ...(state.xRange ? { min: state.xRange[0], max: state.xRange[1] } : {}),
    title: { display: true, text: xTitle(group, runs, state.xMode), color: theme.mutedForeground, font },
    ticks: {
      color: theme.mutedForeground,
      font,
      maxTicksLimit: 8,
      callback: (v) => formatX(Number(v), state.xMode, span),
    },
    afterBuildTicks: (scale) => {
      scale.ticks = spreadEndTicks(scale.ticks);
    },
    grid: { color: theme.grid },
    border: { color: theme.grid },
  };
  const percent = group.series.some((s) => s.percent);
  const yScale: ScaleOptions<'linear'> = {
    type: state.yLog ? ('logarithmic' as 'linear') : 'linear',
    beginAtZero: state.includeZero && !state.yLog,
    ...(yMin !== undefined && !(state.yLog && yMin <= 0) ? { min: yMin } : {}),
    ...(yMax !== undefined ? { max: yMax } : {}),
    title: { display: true, text: percent ? `${group.title} (%)` : group.title, color: theme.mutedForeground, font },
    ticks: {
      color: theme.mutedForeground,
      font,
      maxTicksLimit: 6,
      ...(percent ? { callback: (v) => `${+(Number(v) * 100).toPrecision(4)}` } : {}),
    },
    grid: { color: theme.grid },
    border: { color: theme.grid },
  };
  const tooltip: Partial<TooltipOptions<'line'>> = { enabled: false };
  return {
    notes,
    config: {
      type: 'line',
      data: { datasets },
      options: {
        animation: false,
        parsing: false,
        normalized: true,
        responsive: true,
        maintainAspectRatio: false,
        spanGaps: false,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        scales: { x: xScale, y: yScale },
        plugins: {
          legend: {
            display: true,
            position: 'bottom',
            labels: {
              color: theme.foreground,
              font,
              boxWidth: 18,
              boxHeight: 2,
              filter: (item, data) =>
                (data.datasets[item.datasetIndex ?? 0] as LineDataset | undefined)?.metricLens.legend ?? true,
            },
          },
          tooltip,
          // Read by the drawing plugins in plugins.ts.
          ...({ metricLens: marks } as object),
        },
      },
    },
  };
}

function lineDataset(
  s: ClientSeries,
  label: string,
  data: XY[],
  o: {
    color: string;
    width: number;
    dash: number[];
    role: DatasetRole;
    legend: boolean;
    hidden: boolean;
    faint: boolean;
  },
): LineDataset {
  return {
    label,
    data,
    borderColor: o.color,
    backgroundColor: o.color,
    borderDash: o.dash,
    borderWidth: o.width,
    pointRadius: data.length <= 40 && !o.faint && o.role !== 'smoothed' ? 2 : 0,
    pointHoverRadius: 3,
    tension: 0,
    hidden: o.hidden,
    metricLens: { seriesKey: s.key, runId: s.runId, split: s.split, role: o.role, legend: o.legend },
  };
}

/** The x of the first point at or after `step` (findings are located by step). */
function xAtStep(s: ClientSeries, step: number): number | undefined {
  for (let i = 0; i < s.steps.length; i++) if (s.steps[i]! >= step) return s.x[i];
  return s.x.length > 0 ? s.x[s.x.length - 1] : undefined;
}
