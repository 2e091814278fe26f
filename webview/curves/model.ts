/**
 * The webview's copy of what it shows: runs, series views (grown by `update` messages or replaced
 * when the host re-sampled them), run groups, the summary and finding marks. Grouped into charts.
 * Pure (no DOM), so it is unit-tested in Node.
 */

import type {
  FindingMark,
  GroupView,
  RunPayload,
  RunValueEntry,
  SeriesView,
  SummaryEntry,
} from '../../src/protocol/curves';
import type { Quantity, Split } from '../../src/core/model/metricName';

export interface ClientSeries {
  readonly key: string;
  readonly runId: string;
  readonly name: string;
  readonly split: Split;
  readonly quantity: Quantity;
  readonly chartKey: string;
  readonly chartTitle: string;
  readonly percent: boolean;
  readonly lowerIsBetter: boolean;
  total: number;
  downsampled: boolean;
  missingAxis: boolean;
  x: number[];
  y: number[];
  smoothed: number[] | undefined;
  steps: number[];
  epochs: number[] | undefined;
  wallTimes: number[] | undefined;
  lines: number[];
  nonFinite: { x: number[]; kind: number[]; steps: number[]; lines: number[]; total: number };
  best: SeriesView['best'];
}

export interface ChartGroup {
  readonly key: string;
  readonly title: string;
  readonly series: ClientSeries[];
  readonly groups: GroupView[];
}

const SPLIT_ORDER: Record<Split, number> = { train: 0, val: 1, test: 2, other: 3 };

export class CurvesModel {
  runs: RunPayload[] = [];
  summary: SummaryEntry[] = [];
  /** Values of the runs that are not curves (the run summary above the charts). */
  values: RunValueEntry[] = [];
  findings: FindingMark[] = [];
  groups: GroupView[] = [];
  private readonly series = new Map<string, ClientSeries>();
  /** Most points received for one series in one message (the downsampling budget, as seen from here). */
  receivedMax = 0;

  /** Replaces everything (first load, a view change, or a file read again from the start). */
  init(
    runs: readonly RunPayload[],
    series: readonly SeriesView[],
    summary: readonly SummaryEntry[],
    findings: readonly FindingMark[],
  ): void {
    this.runs = runs.slice();
    this.summary = summary.slice();
    this.findings = findings.slice();
    this.series.clear();
    for (const s of series) this.apply(s);
  }

  /**
   * Applies an update; returns the keys of the charts it changed (new points, new or moved finding
   * marks, new group lines), or `all` when something every chart draws changed (the runs' names,
   * order or x labels). Only those charts need drawing again.
   */
  update(
    runs: readonly RunPayload[],
    series: readonly SeriesView[],
    summary: readonly SummaryEntry[],
    findings: readonly FindingMark[],
    groups?: readonly GroupView[],
  ): Set<string> | 'all' {
    const sameRuns =
      runs.length === this.runs.length &&
      runs.every((r, i) => {
        const o = this.runs[i]!;
        return r.id === o.id && r.name === o.name && r.xLabel === o.xLabel;
      });
    this.runs = runs.slice();
    this.summary = summary.slice();
    const changed = new Set<string>();
    if (JSON.stringify(findings) !== JSON.stringify(this.findings)) {
      // The charts of the series a mark is on, before and after.
      for (const f of [...this.findings, ...findings]) {
        const s = this.series.get(`${f.runId}\u0000${f.metric}`);
        if (s) changed.add(s.chartKey);
      }
      this.findings = findings.slice();
    }
    if (groups) {
      for (const g of [...this.groups, ...groups]) changed.add(g.chartKey);
      this.setGroups(groups);
    }
    for (const s of series) {
      this.apply(s);
      changed.add(s.chartKey);
    }
    return sameRuns ? changed : 'all';
  }

  setGroups(groups: readonly GroupView[]): void {
    this.groups = groups.slice();
  }

  private apply(v: SeriesView): void {
    this.receivedMax = Math.max(this.receivedMax, v.x.length);
    const existing = this.series.get(v.key);
    if (existing && v.start > 0) {
      // An extension of what we hold: append (the host only extends series it sent in full).
      existing.total = v.total;
      existing.downsampled = v.downsampled;
      pushAll(existing.x, v.x);
      pushAll(existing.y, v.y);
      if (v.smoothed) existing.smoothed = [...(existing.smoothed ?? []), ...v.smoothed];
      pushAll(existing.steps, v.steps);
      if (v.epochs) existing.epochs = [...(existing.epochs ?? []), ...v.epochs];
      if (v.wallTimes) existing.wallTimes = [...(existing.wallTimes ?? []), ...v.wallTimes];
      pushAll(existing.lines, v.lines);
      pushAll(existing.nonFinite.x, v.nonFinite.x);
      pushAll(existing.nonFinite.kind, v.nonFinite.kind);
      pushAll(existing.nonFinite.steps, v.nonFinite.steps);
      pushAll(existing.nonFinite.lines, v.nonFinite.lines);
      existing.nonFinite.total = v.nonFinite.total;
      existing.best = v.best;
      return;
    }
    this.series.set(v.key, {
      key: v.key,
      runId: v.runId,
      name: v.name,
      split: v.split,
      quantity: v.quantity,
      chartKey: v.chartKey,
      chartTitle: v.chartTitle,
      percent: v.percent,
      lowerIsBetter: v.lowerIsBetter,
      total: v.total,
      downsampled: v.downsampled,
      missingAxis: v.missingAxis === true,
      x: Array.from(v.x),
      y: Array.from(v.y),
      smoothed: v.smoothed ? Array.from(v.smoothed) : undefined,
      steps: Array.from(v.steps),
      epochs: v.epochs ? Array.from(v.epochs) : undefined,
      wallTimes: v.wallTimes ? Array.from(v.wallTimes) : undefined,
      lines: Array.from(v.lines),
      nonFinite: {
        x: Array.from(v.nonFinite.x),
        kind: Array.from(v.nonFinite.kind),
        steps: Array.from(v.nonFinite.steps),
        lines: Array.from(v.nonFinite.lines),
        total: v.nonFinite.total,
      },
      best: v.best,
    });
  }

  get seriesCount(): number {
    return this.series.size;
  }

  allSeries(): ClientSeries[] {
    return [...this.series.values()];
  }

  runIndex(runId: string): number {
    return this.runs.findIndex((r) => r.id === runId);
  }

  run(runId: string): RunPayload | undefined {
    return this.runs.find((r) => r.id === runId);
  }

  /** Charts in reading order: loss, accuracy, then the rest by title, learning rate last. */
  charts(): ChartGroup[] {
    const groups = new Map<string, ChartGroup>();
    for (const s of this.series.values()) {
      let g = groups.get(s.chartKey);
      if (!g) {
        g = { key: s.chartKey, title: s.chartTitle, series: [], groups: [] };
        groups.set(s.chartKey, g);
      }
      g.series.push(s);
    }
    for (const gv of this.groups) groups.get(gv.chartKey)?.groups.push(gv);
    for (const g of groups.values()) {
      g.series.sort(
        (a, b) =>
          this.runIndex(a.runId) - this.runIndex(b.runId) ||
          SPLIT_ORDER[a.split] - SPLIT_ORDER[b.split] ||
          a.name.localeCompare(b.name),
      );
    }
    return [...groups.values()].sort((a, b) => chartRank(a) - chartRank(b) || a.title.localeCompare(b.title));
  }
}

function pushAll(target: number[], source: ArrayLike<number>): void {
  for (let i = 0; i < source.length; i++) target.push(source[i]!);
}

function chartRank(g: ChartGroup): number {
  const q = g.series[0]?.quantity;
  if (g.key === 'loss') return 0;
  if (g.key === 'accuracy') return 1;
  if (q === 'loss') return 2;
  if (q === 'lr') return 9;
  return 5;
}
