/**
 * Every message between the extension host and the webviews. Types, the version, and the guards
 * the host applies to inbound messages (a webview is untrusted). The webview imports this with
 * `import type` (plus `PROTOCOL_VERSION`).
 *
 * Series travel as typed arrays: VS Code transfers them as binary, so NaN and ±Infinity arrive
 * intact (JSON would turn them into null), and a long series costs no per-number encoding.
 */

import type { Quantity, Split } from './core/model/metricName';
import type { FormatId, ReadIssue, RunStatus } from './core/model/run';
import type { XMode } from './core/curves/xAxis';
import type { BinarySweep } from './core/classify/scoreSweep';
import { isXMode } from './core/curves/xAxis';
import type { CompareTable } from './core/compare/table';

export const PROTOCOL_VERSION = 2;

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
      readonly findings: readonly FindingMark[];
      readonly groups?: readonly GroupView[];
    }
  | { readonly type: 'groups'; readonly groups: readonly GroupView[] }
  | { readonly type: 'focusStep'; readonly step: number }
  | { readonly type: 'settings'; readonly settings: CurvesSettings }
  /** Apply UI settings (defaults from the user's settings, or a test driving the panel). Unknown fields are ignored. */
  | { readonly type: 'applyState'; readonly patch: Readonly<Record<string, unknown>> }
  /** A test asks what the panel shows. */
  | { readonly type: 'probe'; readonly id: number };

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
  /** What the panel says instead of charts ("Reading…", "No metrics found yet…"); '' when it draws charts. */
  readonly message: string;
  /** Points received per series key, over the panel's life (to check the downsampling budget). */
  readonly receivedMax: number;
  /** When (Date.now()) the last data message was drawn: for latency measurements. */
  readonly drawnAt: number;
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
  | { readonly type: 'probeResult'; readonly id: number; readonly snapshot: CurvesSnapshot }
  | { readonly type: 'problem'; readonly kind: 'securityViolation' | 'scriptError'; readonly message: string };

const MAX_KEYS = 10_000;
const MAX_DATA_URL = 64 * 1024 * 1024;

/** Narrows an untrusted inbound message; anything else is ignored by the host. */
export function isFromCurvesWebview(m: unknown): m is FromCurvesWebview {
  if (typeof m !== 'object' || m === null) return false;
  const o = m as Record<string, unknown>;
  switch (o['type']) {
    case 'ready':
      return typeof o['version'] === 'number' && isViewRequest(o['view']);
    case 'view':
      return isViewRequest(o['view']);
    case 'group':
      return (
        (o['by'] === 'none' || o['by'] === 'folder' || o['by'] === 'regex' || o['by'] === 'config') &&
        typeof o['pattern'] === 'string' &&
        o['pattern'].length <= 500 &&
        (o['band'] === 'std' || o['band'] === 'minmax') &&
        isXMode(o['xMode'])
      );
    case 'openLocation':
      return typeof o['runId'] === 'string' && isPositiveInteger(o['line']);
    case 'export':
      return (
        (o['format'] === 'csv' || o['format'] === 'json' || o['format'] === 'png' || o['format'] === 'markdown') &&
        Array.isArray(o['seriesKeys']) &&
        o['seriesKeys'].length <= MAX_KEYS &&
        o['seriesKeys'].every((k) => typeof k === 'string') &&
        typeof o['name'] === 'string' &&
        o['name'].length <= 200 &&
        (o['dataUrl'] === undefined ||
          (typeof o['dataUrl'] === 'string' &&
            o['dataUrl'].length <= MAX_DATA_URL &&
            o['dataUrl'].startsWith('data:image/png;base64,')))
      );
    case 'probeResult':
      return typeof o['id'] === 'number' && typeof o['snapshot'] === 'object' && o['snapshot'] !== null;
    case 'problem':
      return (o['kind'] === 'securityViolation' || o['kind'] === 'scriptError') && typeof o['message'] === 'string';
    default:
      return false;
  }
}

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

function isPositiveInteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 2 ** 31;
}

export function assertNever(x: never): never {
  throw new Error(`unexpected message ${JSON.stringify(x)}`);
}

export type { XMode };

// ---- Confusion matrix panel ----------------------------------------------------------------------

export const MATRIX_PROTOCOL_VERSION = 1;

/** One predictions file as the matrix panel shows it. */
export interface MatrixFile {
  readonly id: string;
  /** Workspace-relative path, for display. */
  readonly source: string;
  readonly kind: 'classification' | 'matrix' | 'regression' | 'unreadable';
  readonly n: number;
  readonly issues: readonly ReadIssue[];
  readonly issueCount: number;
  /** Which columns were used (true, predicted, score…), to say so in the panel. */
  readonly columns: Readonly<Record<string, string | readonly string[]>>;
  readonly predictedFrom?: 'column' | 'threshold' | 'argmax';
  /** Rows can be listed for a cell (not for a precomputed matrix). */
  readonly hasRows: boolean;
  /** Sample ids look like image paths: rows can show thumbnails. */
  readonly imageIds: boolean;
}

export interface MatrixFinding {
  readonly rule: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  readonly hint: string;
  readonly line?: number;
}

/** A sweep of distinct scores, descending, with the positives and negatives at or above each (sent as the core computes it). */
export type SweepPayload = BinarySweep;

export interface ThresholdChoicePayload {
  readonly threshold: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly fpr: number;
}

/**
 * Plain number fields travel as JSON: a NaN or ±Infinity among them reaches the webview as `null`
 * (typed arrays keep them). The webview prints such values as "–" (`webview/format.ts`).
 */
export interface ClassificationPayload {
  readonly kind: 'classification' | 'matrix';
  readonly labels: readonly string[];
  readonly n: number;
  /** k × k counts, rows = true, columns = predicted, at the file's own predictions. */
  readonly confusion: Int32Array;
  readonly accuracy: number;
  readonly balancedAccuracy: number;
  readonly mcc: number;
  readonly kappa: number;
  readonly perClass: readonly {
    readonly label: string;
    readonly precision: number;
    readonly recall: number;
    readonly f1: number;
    readonly support: number;
  }[];
  readonly macro: { readonly precision: number; readonly recall: number; readonly f1: number };
  readonly weighted: { readonly precision: number; readonly recall: number; readonly f1: number };
  readonly micro: { readonly precision: number; readonly recall: number; readonly f1: number };
  readonly binary?: {
    readonly positive: number;
    readonly threshold: number;
    /** Every distinct score when `sweepExact`, else as many as a slider can select (exact at those). */
    readonly sweep: SweepPayload;
    readonly sweepExact: boolean;
    readonly rocAuc: number;
    readonly averagePrecision: number;
    readonly logLoss: number;
    readonly maxF1?: ThresholdChoicePayload;
    readonly youden?: ThresholdChoicePayload;
  };
  readonly probabilities?: {
    readonly rocAucMacro: number;
    readonly rocAucWeighted: number;
    readonly averagePrecisionMacro: number;
    readonly perClass: readonly {
      readonly label: string;
      readonly rocAuc: number;
      readonly averagePrecision: number;
      readonly support: number;
    }[];
    readonly topK: Float64Array;
    readonly logLoss: number;
    /**
     * One-vs-rest ROC and PR curves of the first classes (at most `MAX_OVR_CURVES`, thinned);
     * `perClass` has every class's areas.
     */
    readonly curves: readonly OvrCurvePayload[];
  };
  readonly calibration?: {
    readonly ece: number;
    readonly n: number;
    readonly bins: readonly {
      readonly lower: number;
      readonly upper: number;
      readonly count: number;
      readonly meanPredicted: number;
      readonly fractionPositive: number;
    }[];
  };
}

export interface OvrCurvePayload {
  readonly label: string;
  readonly fpr: Float64Array;
  readonly tpr: Float64Array;
  readonly recall: Float64Array;
  readonly precision: Float64Array;
}

export interface RegressionPayload {
  readonly kind: 'regression';
  readonly n: number;
  readonly mae: number;
  readonly mse: number;
  readonly rmse: number;
  readonly r2: number;
  /** At most a few thousand points (every point of a small file). */
  readonly actual: Float64Array;
  readonly predicted: Float64Array;
  readonly lines: Int32Array;
}

export type EvaluationPayload = ClassificationPayload | RegressionPayload;

export interface ComparisonPayload {
  readonly labels: readonly string[];
  readonly before: Int32Array;
  readonly after: Int32Array;
  readonly difference: Int32Array;
  readonly rateDifference: Float64Array;
  readonly improved: readonly {
    readonly trueLabel: string;
    readonly predictedLabel: string;
    readonly before: number;
    readonly after: number;
    readonly rateChange: number;
  }[];
  readonly regressed: readonly {
    readonly trueLabel: string;
    readonly predictedLabel: string;
    readonly before: number;
    readonly after: number;
    readonly rateChange: number;
  }[];
}

export interface SeriesPayloadOfFiles {
  readonly labels: readonly string[];
  readonly points: readonly {
    readonly source: string;
    readonly n: number;
    readonly accuracy: number;
    readonly balancedAccuracy: number;
    readonly macroF1: number;
    readonly rocAuc: number;
    readonly perClassF1: Float64Array;
  }[];
}

export interface MatrixRow {
  readonly row: number;
  readonly id?: number | string;
  readonly trueLabel: string;
  readonly predictedLabel: string;
  readonly score?: number;
  readonly line: number;
}

export type ToMatrixWebview =
  | {
      readonly type: 'init';
      readonly version: number;
      readonly sources: readonly string[];
      readonly mode: 'single' | 'compare' | 'series';
      readonly files: readonly MatrixFile[];
      readonly evaluations: readonly (EvaluationPayload | null)[];
      readonly findings: readonly (readonly MatrixFinding[])[];
      readonly comparison?: ComparisonPayload;
      readonly series?: SeriesPayloadOfFiles;
    }
  | { readonly type: 'loading'; readonly message: string }
  | {
      readonly type: 'rows';
      readonly requestId: number;
      readonly total: number;
      readonly offset: number;
      readonly rows: readonly MatrixRow[];
    }
  | {
      readonly type: 'images';
      readonly requestId: number;
      readonly images: readonly { readonly row: number; readonly dataUrl?: string; readonly error?: string }[];
    }
  | { readonly type: 'applyState'; readonly patch: Readonly<Record<string, unknown>> }
  | { readonly type: 'probe'; readonly id: number };

/** What the matrix webview shows, read from its DOM (for tests). */
export interface MatrixSnapshot {
  readonly mode: string;
  readonly labels: readonly string[];
  /** The numbers printed in the matrix cells, row by row (empty strings when cells carry no text). */
  readonly cells: readonly (readonly string[])[];
  readonly normalization: string;
  /** Classes of the first file, and how its matrix is drawn (a table, or a canvas past 50 classes). */
  readonly classes: number;
  readonly drawnAs: 'table' | 'canvas' | 'none';
  readonly topConfusions: readonly string[];
  readonly threshold: number | null;
  /** Headline metrics as shown: accuracy, balanced accuracy, MCC, kappa, AUC… */
  readonly metrics: Readonly<Record<string, string>>;
  readonly reportRows: number;
  readonly rows: readonly (readonly string[])[];
  readonly images: number;
  readonly findings: readonly string[];
  readonly issues: readonly string[];
  readonly charts: readonly string[];
  /** What the panel says instead of an evaluation ("Reading…", "… could not be read"); '' otherwise. */
  readonly message: string;
  readonly securityViolations: readonly string[];
  readonly scriptErrors: readonly string[];
  readonly state: Readonly<Record<string, unknown>>;
}

export type FromMatrixWebview =
  | { readonly type: 'ready'; readonly version: number }
  | {
      readonly type: 'rows';
      readonly requestId: number;
      readonly file: number;
      readonly i: number;
      readonly j: number;
      readonly threshold: number | null;
      readonly offset: number;
      readonly limit: number;
    }
  | { readonly type: 'images'; readonly requestId: number; readonly file: number; readonly rows: readonly number[] }
  | { readonly type: 'openLine'; readonly file: number; readonly line: number }
  | { readonly type: 'probeResult'; readonly id: number; readonly snapshot: MatrixSnapshot }
  | { readonly type: 'problem'; readonly kind: 'securityViolation' | 'scriptError'; readonly message: string };

const isIndex = (v: unknown, max = 2 ** 31): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < max;

export function isFromMatrixWebview(m: unknown): m is FromMatrixWebview {
  if (typeof m !== 'object' || m === null) return false;
  const o = m as Record<string, unknown>;
  switch (o['type']) {
    case 'ready':
      return typeof o['version'] === 'number';
    case 'rows':
      return (
        isIndex(o['requestId']) &&
        isIndex(o['file'], 64) &&
        isIndex(o['i'], 100_000) &&
        isIndex(o['j'], 100_000) &&
        (o['threshold'] === null || (typeof o['threshold'] === 'number' && !Number.isNaN(o['threshold']))) &&
        isIndex(o['offset']) &&
        isIndex(o['limit'], 10_001)
      );
    case 'images':
      return (
        isIndex(o['requestId']) &&
        isIndex(o['file'], 64) &&
        Array.isArray(o['rows']) &&
        o['rows'].length <= 200 &&
        o['rows'].every((r) => isIndex(r))
      );
    case 'openLine':
      return isIndex(o['file'], 64) && isPositiveInteger(o['line']);
    case 'probeResult':
      return typeof o['id'] === 'number' && typeof o['snapshot'] === 'object' && o['snapshot'] !== null;
    case 'problem':
      return (o['kind'] === 'securityViolation' || o['kind'] === 'scriptError') && typeof o['message'] === 'string';
    default:
      return false;
  }
}

// ---- Compare runs panel --------------------------------------------------------------------------

export const COMPARE_PROTOCOL_VERSION = 1;

/**
 * The table is sent whole (one row per run, a few hundred bytes each); the webview sorts, filters
 * and groups it with the core's own functions, so it shows what `metric-lens compare` prints.
 * Numbers travel as JSON: a NaN last value arrives as null and is shown as missing.
 */
export type ToCompareWebview =
  | { readonly type: 'table'; readonly table: CompareTable }
  | { readonly type: 'applyState'; readonly patch: Readonly<Record<string, unknown>> }
  | { readonly type: 'probe'; readonly id: number };

/** What the compare webview shows (for tests): the columns and the rows' cells as `metric-lens compare --json` gives them. */
export interface CompareSnapshot {
  readonly columns: readonly string[];
  readonly rows: readonly Readonly<Record<string, number | string | null>>[];
  readonly filterError: string | null;
  readonly groups: readonly {
    readonly value: string;
    readonly runs: number;
    readonly cells: Readonly<Record<string, string>>;
  }[];
  readonly selected: readonly string[];
  readonly baseline: string | null;
  /** Per row id, the baseline deltas shown for its metric cells. */
  readonly deltas: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly correlations: readonly {
    readonly param: string;
    readonly n: number;
    readonly rho: number | null;
    readonly warning: string | null;
  }[];
  readonly securityViolations: readonly string[];
  readonly scriptErrors: readonly string[];
}

export type FromCompareWebview =
  | { readonly type: 'ready'; readonly version: number }
  | { readonly type: 'showCurves'; readonly ids: readonly string[] }
  | { readonly type: 'copy'; readonly format: 'csv' | 'markdown'; readonly text: string }
  | { readonly type: 'probeResult'; readonly id: number; readonly snapshot: CompareSnapshot }
  | { readonly type: 'problem'; readonly kind: 'securityViolation' | 'scriptError'; readonly message: string };

const MAX_COPY_CHARS = 16 * 1024 * 1024;

export function isFromCompareWebview(m: unknown): m is FromCompareWebview {
  if (typeof m !== 'object' || m === null) return false;
  const o = m as Record<string, unknown>;
  switch (o['type']) {
    case 'ready':
      return typeof o['version'] === 'number';
    case 'showCurves':
      return (
        Array.isArray(o['ids']) &&
        o['ids'].length <= MAX_KEYS &&
        o['ids'].every((k) => typeof k === 'string' && k.length <= 4096)
      );
    case 'copy':
      return (
        (o['format'] === 'csv' || o['format'] === 'markdown') &&
        typeof o['text'] === 'string' &&
        o['text'].length <= MAX_COPY_CHARS
      );
    case 'probeResult':
      return typeof o['id'] === 'number' && typeof o['snapshot'] === 'object' && o['snapshot'] !== null;
    case 'problem':
      return (o['kind'] === 'securityViolation' || o['kind'] === 'scriptError') && typeof o['message'] === 'string';
    default:
      return false;
  }
}
