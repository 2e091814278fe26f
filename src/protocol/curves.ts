/**
 * The host↔webview protocol of the curves panel: runs, series views (typed arrays), groups, the
 * summary and finding marks to the webview; the view it wants drawn, grouping, "open the line",
 * export to the host. What every panel shares is in `common.ts`.
 *
 * Series travel as typed arrays: VS Code transfers them as binary, so NaN and ±Infinity arrive
 * intact (JSON would turn them into null), and a long series costs no per-number encoding.
 */

import type { Quantity, Split } from '../core/model/metricName';
import type { FormatId, ReadIssue, RunStatus } from '../core/model/run';
import { isXMode, type XMode } from '../core/curves/xAxis';
import { isPositiveInteger, messageGuard, MAX_KEYS, type CommonFromWebview, type CommonToWebview } from './common';
import { MiB } from '../core/text/sizes';

export const CURVES_PROTOCOL_VERSION = 2;

export interface RunPayload {
  readonly id: string;
  readonly name: string;
  /** Workspace-relative path (or absolute when outside the workspace), for display. */
  readonly source: string;
  readonly format: FormatId;
  /** What the step of this run's series counts: `step`, `epoch`, `iteration`, `row`. */
  readonly xLabel: string;
  /** Folder of the source, for grouping runs by folder. */
  readonly folder: string;
  readonly params: Readonly<Record<string, string>>;
  readonly issues: readonly ReadIssue[];
  readonly issueCount: number;
  /** The file changed recently. */
  readonly live: boolean;
  /** How the run ended (finished, crashed with its exit code, killed) or that it runs, where its writer says (W&B). */
  readonly status?: RunStatus;
  /** Series of the run that can be the x axis (`trainer/global_step`): the x menu offers each. */
  readonly stepMetrics?: readonly string[];
}

/** What the webview wants drawn; the host computes series views for it. */
export interface ViewRequest {
  /** EMA weight in [0, 0.99]; 0 = off. */
  readonly smoothing: number;
  readonly xMode: XMode;
  /** The zoomed x range, in the units of `xMode`; null = everything. */
  readonly xRange: readonly [number, number] | null;
  /** Buckets per series (about the chart's width in pixels): the host sends at most 4 points per bucket. */
  readonly buckets: number;
}

/**
 * One series as drawn: the points the host chose (all of them, or a downsample that keeps every
 * extreme), in the x units of the view. `start` > 0 means these points extend what the webview has.
 */
export interface SeriesView {
  readonly key: string;
  readonly runId: string;
  readonly name: string;
  readonly split: Split;
  readonly quantity: Quantity;
  readonly chartKey: string;
  readonly chartTitle: string;
  readonly percent: boolean;
  readonly lowerIsBetter: boolean;
  /** Points in the whole series on the host. */
  readonly total: number;
  /** True when `x`… hold a downsample: appends then come as whole new views. */
  readonly downsampled: boolean;
  /** Index (in the full series) of the first point here when this extends an earlier view; else 0. */
  readonly start: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** Smoothed values (same length as y), present when smoothing is on. */
  readonly smoothed?: Float64Array;
  readonly steps: Float64Array;
  readonly epochs?: Float64Array;
  readonly wallTimes?: Float64Array;
  readonly lines: Float64Array;
  /** NaN and ±Infinity values: their x and their kind (0 NaN, 1 +Inf, -1 −Inf), plus step and line. */
  readonly nonFinite: {
    readonly x: Float64Array;
    readonly kind: Int8Array;
    readonly steps: Float64Array;
    readonly lines: Float64Array;
    readonly total: number;
  };
  /** The best finite value of the whole series (min for loss-like metrics, max otherwise). */
  readonly best?: { readonly x: number; readonly y: number; readonly step: number; readonly epoch?: number };
  /** The series has no values on this x axis (no epochs, no wall time). */
  readonly missingAxis?: boolean;
}

/** A group of runs drawn as one curve: mean and band. */
export interface GroupView {
  readonly key: string;
  readonly label: string;
  readonly chartKey: string;
  readonly split: Split;
  readonly runIds: readonly string[];
  readonly x: Float64Array;
  readonly mean: Float64Array;
  readonly low: Float64Array;
  readonly high: Float64Array;
}

export interface SummaryEntry {
  readonly runId: string;
  readonly name: string;
  readonly best?: number;
  readonly bestStep?: number;
  readonly last?: number;
  readonly lastStep?: number;
  readonly lowerIsBetter: boolean;
}

/**
 * A value of a run, not a curve (`hparam/…`, `best_…`, a score logged once: see
 * `src/core/model/runValues.ts`), shown in the run summary above the charts. Its last value and
 * step; NaN and ±Infinity arrive as null (this travels as JSON).
 */
export interface RunValueEntry {
  readonly runId: string;
  readonly name: string;
  readonly value: number;
  readonly step?: number;
  /** Points the file has for it (a best-so-far logged every epoch has many; its value is the last). */
  readonly points: number;
}

/** A finding drawn on the charts (shaded range and a mark); the findings service (training-health rules) fills these. */
export interface FindingMark {
  readonly runId: string;
  readonly metric: string;
  readonly rule: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  readonly step?: number;
  readonly fromStep?: number;
  readonly toStep?: number;
}

/** Settings the curves webview draws with (`metricLens.curves.*`). */
export interface CurvesSettings {
  /** Run colours to use first; empty = the theme's chart colours. */
  readonly palette: readonly string[];
  /** Points per series per view the host sends at most (4 per bucket). */
  readonly maxPointsPerSeries: number;
}

/** What the host puts in the page (`data-bootstrap`), so the first `ready` already asks for the right view. */
export interface CurvesBootstrap {
  readonly settings: CurvesSettings;
  /** Defaults for a panel that has no saved state yet. */
  readonly defaults: { readonly smoothing: number; readonly xMode: XMode };
}

export type ToCurvesWebview =
  /** Everything: after `ready`, after a view change, or when a file was read again from the start. */
  | {
      readonly type: 'init';
      readonly version: number;
      readonly sources: readonly string[];
      readonly runs: readonly RunPayload[];
      readonly series: readonly SeriesView[];
      readonly summary: readonly SummaryEntry[];
      /** Values of the runs (their summaries), shown as numbers above the charts. */
      readonly values: readonly RunValueEntry[];
      readonly findings: readonly FindingMark[];
      /** The run groups' lines, when runs are grouped. */
      readonly groups?: readonly GroupView[];
      /** Ask the webview to zoom to this step (Show in chart). */
      readonly focusStep?: number;
    }
  /** New points: `series` entries with `start` > 0 extend, others replace. */
  /** One per change of a run or its findings: the new points, marks and (when runs are grouped) group lines together. */
  | {
      readonly type: 'update';
      readonly runs: readonly RunPayload[];
      readonly series: readonly SeriesView[];
      readonly summary: readonly SummaryEntry[];
      readonly values: readonly RunValueEntry[];
      readonly findings: readonly FindingMark[];
      readonly groups?: readonly GroupView[];
    }
  | { readonly type: 'groups'; readonly groups: readonly GroupView[] }
  | { readonly type: 'focusStep'; readonly step: number }
  | { readonly type: 'settings'; readonly settings: CurvesSettings }
  | CommonToWebview;

export interface ChartSnapshot {
  readonly key: string;
  /** As rendered in the chart's heading. */
  readonly title: string;
  readonly yScale: string;
  readonly xScale: string;
  readonly xTitle: string;
  readonly xMin: number | null;
  readonly xMax: number | null;
  readonly note: string;
  readonly datasets: readonly {
    readonly label: string;
    readonly runId: string;
    readonly split: string;
    readonly role: string;
    readonly points: number;
    readonly dashed: boolean;
    readonly color: string;
    readonly hidden: boolean;
    /** Points of the whole series on the host. */
    readonly total: number;
  }[];
  readonly markers: number;
  readonly bestMarks: number;
  /** Shaded stretches (the steps a finding covers). */
  readonly ranges: number;
  /** How many times the chart was drawn from data (its first drawing counts 1). */
  readonly draws: number;
}

/** What the webview really shows, read from its DOM and chart instances. */
export interface CurvesSnapshot {
  readonly charts: readonly ChartSnapshot[];
  /** The x-axis menu's choices, as shown. */
  readonly xChoices: readonly string[];
  /** Each run chip's status tag as shown (`crashed · exit 255`; '' for none), in chip order. */
  readonly runStatuses: readonly string[];
  /** The summary table's column headings. */
  readonly summaryColumns: readonly string[];
  readonly issues: readonly string[];
  readonly securityViolations: readonly string[];
  readonly scriptErrors: readonly string[];
  readonly state: Readonly<Record<string, unknown>>;
  readonly summaryRows: number;
  /** The Metric column of the summary table, row by row (every series of the runs, charted or not). */
  readonly summaryMetrics: readonly string[];
  /** The names in the run summary above the charts (values of the runs, not curves), row by row. */
  readonly runValues: readonly string[];
  /** What the panel says instead of charts ("Reading…", "No metrics found yet…"); '' when it draws charts. */
  readonly message: string;
  /** Points received per series key, over the panel's life (to check the downsampling budget). */
  readonly receivedMax: number;
  /** When (Date.now()) the last data message was drawn: for latency measurements. */
  readonly drawnAt: number;
  /** When (Date.now()) the page began to handle that message: the host → webview leg is this less the post time. */
  readonly receivedAt: number;
}

export type ExportFormat = 'csv' | 'json' | 'png' | 'markdown';

export type FromCurvesWebview =
  | { readonly type: 'ready'; readonly version: number; readonly view: ViewRequest }
  | { readonly type: 'view'; readonly view: ViewRequest }
  | {
      readonly type: 'group';
      readonly by: 'none' | 'folder' | 'regex' | 'config';
      readonly pattern: string;
      readonly band: 'std' | 'minmax';
      readonly xMode: XMode;
    }
  | { readonly type: 'openLocation'; readonly runId: string; readonly line: number }
  | {
      readonly type: 'export';
      readonly format: ExportFormat;
      readonly seriesKeys: readonly string[];
      readonly name: string;
      readonly dataUrl?: string;
    }
  | CommonFromWebview<CurvesSnapshot>;

const MAX_DATA_URL = 64 * MiB;

/** Narrows an untrusted inbound message; anything else is ignored by the host. */
export const isFromCurvesWebview = messageGuard<FromCurvesWebview>({
  ready: (o) => typeof o['version'] === 'number' && isViewRequest(o['view']),
  view: (o) => isViewRequest(o['view']),
  group: (o) =>
    (o['by'] === 'none' || o['by'] === 'folder' || o['by'] === 'regex' || o['by'] === 'config') &&
    typeof o['pattern'] === 'string' &&
    o['pattern'].length <= 500 &&
    (o['band'] === 'std' || o['band'] === 'minmax') &&
    isXMode(o['xMode']),
  openLocation: (o) => typeof o['runId'] === 'string' && isPositiveInteger(o['line']),
  export: (o) =>
    (o['format'] === 'csv' || o['format'] === 'json' || o['format'] === 'png' || o['format'] === 'markdown') &&
    Array.isArray(o['seriesKeys']) &&
    o['seriesKeys'].length <= MAX_KEYS &&
    o['seriesKeys'].every((k) => typeof k === 'string') &&
    typeof o['name'] === 'string' &&
    o['name'].length <= 200 &&
    (o['dataUrl'] === undefined ||
      (typeof o['dataUrl'] === 'string' &&
        o['dataUrl'].length <= MAX_DATA_URL &&
        o['dataUrl'].startsWith('data:image/png;base64,'))),
});

export function isViewRequest(v: unknown): v is ViewRequest {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  const range = o['xRange'];
  return (
    typeof o['smoothing'] === 'number' &&
    o['smoothing'] >= 0 &&
    o['smoothing'] < 1 &&
    isXMode(o['xMode']) &&
    typeof o['buckets'] === 'number' &&
    Number.isInteger(o['buckets']) &&
    o['buckets'] >= 10 &&
    o['buckets'] <= 4000 &&
    (range === null ||
      (Array.isArray(range) &&
        range.length === 2 &&
        range.every((r) => typeof r === 'number' && Number.isFinite(r)) &&
        (range[0] as number) <= (range[1] as number)))
  );
}

export type { XMode };
