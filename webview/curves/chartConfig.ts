/**
 * Chart.js configuration for one chart of series. Pure: no DOM, so it is unit-tested in Node.
 * Train solid, validation dashed, test dotted, one colour per run.
 */

import type { ChartConfiguration, ChartDataset } from 'chart.js';
import type { ChartGroup, ClientSeries, XY } from './model';

export interface Theme {
  readonly foreground: string;
  readonly mutedForeground: string;
  readonly grid: string;
  readonly background: string;
  readonly fontFamily: string;
  readonly fontSize: number;
  /** One colour per run, in order. */
  readonly palette: readonly string[];
  readonly error: string;
}

export interface RunLabel { readonly name: string; readonly index: number; readonly xLabel: string }

export type LineDataset = ChartDataset<'line', XY[]> & { metricLens: { seriesKey: string; runId: string; split: string } };

const DASH: Record<string, number[]> = { train: [], val: [6, 4], test: [2, 3], other: [] };

export function colorFor(theme: Theme, runIndex: number): string {
  const p = theme.palette;
  return p.length > 0 ? p[((runIndex % p.length) + p.length) % p.length]! : theme.foreground;
}

export function seriesLabel(s: ClientSeries, run: RunLabel | undefined, manyRuns: boolean): string {
  return manyRuns && run ? `${run.name} · ${s.name}` : s.name;
}

/** Values Chart.js can place on a linear axis: non-finite points are gaps in the line. */
function drawable(points: readonly XY[]): XY[] {
  return points.map((p) => (Number.isFinite(p.y) ? p : { x: p.x, y: NaN }));
}

export function datasetFor(s: ClientSeries, run: RunLabel | undefined, theme: Theme, manyRuns: boolean): LineDataset {
  const color = colorFor(theme, run?.index ?? 0);
  return {
    label: seriesLabel(s, run, manyRuns),
    data: drawable(s.points),
    borderColor: color,
    backgroundColor: color,
    borderDash: DASH[s.split] ?? [],
    borderWidth: s.split === 'train' ? 2 : 1.75,
    pointRadius: s.points.length <= 60 ? 2 : 0,
    pointHoverRadius: 4,
    tension: 0,
    spanGaps: false,
    metricLens: { seriesKey: s.key, runId: s.runId, split: s.split },
  };
}

export function chartConfig(group: ChartGroup, runs: ReadonlyMap<string, RunLabel>, theme: Theme): ChartConfiguration<'line', XY[]> {
  const manyRuns = new Set(group.series.map((s) => s.runId)).size > 1 || runs.size > 1;
  const font = { family: theme.fontFamily, size: theme.fontSize };
  const xLabels = new Set(group.series.map((s) => runs.get(s.runId)?.xLabel ?? 'step'));
  const xTitle = xLabels.size === 1 ? [...xLabels][0]! : 'step';
  return {
    type: 'line',
    data: { datasets: group.series.map((s) => datasetFor(s, runs.get(s.runId), theme, manyRuns)) },
    options: {
      animation: false,
      parsing: false,
      normalized: true,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: {
        x: {
          type: 'linear',
          bounds: 'data',
          title: { display: true, text: xTitle, color: theme.mutedForeground, font },
          ticks: { color: theme.mutedForeground, font, maxTicksLimit: 8 },
          grid: { color: theme.grid },
          border: { color: theme.grid },
        },
        y: {
          type: 'linear',
          title: { display: true, text: group.title, color: theme.mutedForeground, font },
          ticks: { color: theme.mutedForeground, font, maxTicksLimit: 6 },
          grid: { color: theme.grid },
          border: { color: theme.grid },
        },
      },
      plugins: {
        legend: { display: true, position: 'bottom', labels: { color: theme.foreground, font, boxWidth: 18, boxHeight: 2 } },
        tooltip: {
          backgroundColor: theme.background,
          titleColor: theme.foreground,
          bodyColor: theme.foreground,
          borderColor: theme.grid,
          borderWidth: 1,
          titleFont: font,
          bodyFont: font,
        },
      },
    },
  };
}

/** Brings an existing chart's datasets up to date in place (no re-creation, so no flicker). */
export function updateDatasets(existing: LineDataset[], group: ChartGroup, runs: ReadonlyMap<string, RunLabel>, theme: Theme): LineDataset[] {
  const manyRuns = new Set(group.series.map((s) => s.runId)).size > 1 || runs.size > 1;
  return group.series.map((s) => {
    const old = existing.find((d) => d.metricLens.seriesKey === s.key);
    const fresh = datasetFor(s, runs.get(s.runId), theme, manyRuns);
    if (!old) return fresh;
    Object.assign(old, fresh, { hidden: old.hidden });
    return old;
  });
}
