/**
 * The webview's copy of the runs it shows: series keyed by run and name, grown by `append`
 * messages, grouped into charts. Pure (no DOM), so it is unit-tested in Node.
 */

import type { RunPayload, SeriesPayload } from '../../src/protocol';
import type { Quantity, Split } from '../../src/core/metricName';

export interface XY { x: number; y: number }

export interface ClientSeries {
  readonly key: string;
  readonly runId: string;
  readonly name: string;
  readonly split: Split;
  readonly quantity: Quantity;
  readonly chartKey: string;
  readonly chartTitle: string;
  /** Points in file order; ±Infinity and NaN are kept here and drawn as markers, not lines. */
  readonly points: XY[];
  readonly lines: number[];
  nonFinite: number;
}

export interface ChartGroup {
  readonly key: string;
  readonly title: string;
  readonly series: ClientSeries[];
}

const SPLIT_ORDER: Record<Split, number> = { train: 0, val: 1, test: 2, other: 3 };

export class CurvesModel {
  runs: RunPayload[] = [];
  private readonly series = new Map<string, ClientSeries>();

  /** Replaces everything (first load, or a file read again from the start). */
  init(runs: readonly RunPayload[], series: readonly SeriesPayload[]): void {
    this.runs = runs.slice();
    this.series.clear();
    for (const s of series) this.add(s);
  }

  /** Adds new points; returns the chart keys that changed and whether a new series appeared. */
  append(runs: readonly RunPayload[], series: readonly SeriesPayload[]): { changedCharts: Set<string>; newSeries: boolean } {
    for (const r of runs) {
      const i = this.runs.findIndex((x) => x.id === r.id);
      if (i >= 0) this.runs[i] = r; else this.runs.push(r);
    }
    const changedCharts = new Set<string>();
    let newSeries = false;
    for (const s of series) {
      if (!this.series.has(seriesKey(s.runId, s.name))) newSeries = true;
      this.add(s);
      changedCharts.add(s.chartKey);
    }
    return { changedCharts, newSeries };
  }

  private add(p: SeriesPayload): void {
    const key = seriesKey(p.runId, p.name);
    let s = this.series.get(key);
    if (!s) {
      s = { key, runId: p.runId, name: p.name, split: p.split, quantity: p.quantity, chartKey: p.chartKey, chartTitle: p.chartTitle, points: [], lines: [], nonFinite: 0 };
      this.series.set(key, s);
    }
    // A payload that starts before what we hold repeats points: keep the prefix, take the rest.
    if (p.start < s.points.length) {
      s.points.length = p.start;
      s.lines.length = p.start;
      s.nonFinite = s.points.reduce((n, pt) => n + (Number.isFinite(pt.y) ? 0 : 1), 0);
    }
    for (let i = 0; i < p.steps.length; i++) {
      const y = p.values[i]!;
      s.points.push({ x: p.steps[i]!, y });
      s.lines.push(p.lines[i]!);
      if (!Number.isFinite(y)) s.nonFinite++;
    }
  }

  get seriesCount(): number { return this.series.size; }

  runIndex(runId: string): number { return this.runs.findIndex((r) => r.id === runId); }

  /** Charts in reading order: loss, accuracy, then the rest by title, learning rate last. */
  charts(): ChartGroup[] {
    const groups = new Map<string, ChartGroup>();
    for (const s of this.series.values()) {
      let g = groups.get(s.chartKey);
      if (!g) { g = { key: s.chartKey, title: s.chartTitle, series: [] }; groups.set(s.chartKey, g); }
      g.series.push(s);
    }
    for (const g of groups.values()) {
      g.series.sort((a, b) => this.runIndex(a.runId) - this.runIndex(b.runId) || SPLIT_ORDER[a.split] - SPLIT_ORDER[b.split] || a.name.localeCompare(b.name));
    }
    return [...groups.values()].sort((a, b) => chartRank(a) - chartRank(b) || a.title.localeCompare(b.title));
  }
}

export function seriesKey(runId: string, name: string): string {
  return `${runId}\u0000${name}`;
}

function chartRank(g: ChartGroup): number {
  const q = g.series[0]?.quantity;
  if (g.key === 'loss') return 0;
  if (g.key === 'accuracy') return 1;
  if (q === 'loss') return 2;
  if (q === 'lr') return 9;
  return 5;
}
