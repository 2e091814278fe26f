/**
 * The host↔webview protocol of the confusion-matrix panel: the files, their evaluations (the core's
 * reports), findings, comparison and series to the webview; rows of a cell, thumbnails and "open
 * the line" on request. What every panel shares is in `common.ts`.
 */

import type { ReadIssue } from '../core/model/run';
import type { ThresholdChoice } from '../core/classify/binaryCurves';
import type { Calibration } from '../core/classify/calibration';
import type { EvaluationSeries } from '../core/classify/compare';
import type { ClassificationReport } from '../core/classify/report';
import type { RowDetail } from '../core/classify/rowIndex';
import type { BinarySweep } from '../core/classify/scoreSweep';
import {
  isIndex,
  isPositiveInteger,
  isReady,
  messageGuard,
  type CommonFromWebview,
  type CommonToWebview,
} from './common';

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

/** A threshold the panel offers (best F1, Youden's J), as the core chose it. */
export type ThresholdChoicePayload = ThresholdChoice;

/**
 * Plain number fields travel as JSON: a NaN or ±Infinity among them reaches the webview as `null`
 * (typed arrays keep them). The webview prints such values as "–" (`webview/format.ts`).
 */
export interface ClassificationPayload extends ClassificationReport {
  readonly kind: 'classification' | 'matrix';
  /** More classes than a matrix is computed for (`confusion` absent): the report and metrics come without it. */
  readonly withoutMatrix?: { readonly limit: number };
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
  readonly calibration?: Calibration;
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

export type SeriesPayloadOfFiles = EvaluationSeries;

/** A row behind a matrix cell, as the core describes it. */
export type MatrixRow = RowDetail;

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
  | CommonToWebview;

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
  /** Where the matrix goes when there is none (past the class limit): the text saying why. */
  readonly withoutMatrix: string;
  /** The matrix's controls shown (`data-control`: normalization, sortByError): none where there is no matrix. */
  readonly matrixControls: readonly string[];
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
  | CommonFromWebview<MatrixSnapshot>;

export const isFromMatrixWebview = messageGuard<FromMatrixWebview>({
  ready: isReady,
  rows: (o) =>
    isIndex(o['requestId']) &&
    isIndex(o['file'], 64) &&
    isIndex(o['i'], 100_000) &&
    isIndex(o['j'], 100_000) &&
    (o['threshold'] === null || (typeof o['threshold'] === 'number' && !Number.isNaN(o['threshold']))) &&
    isIndex(o['offset']) &&
    isIndex(o['limit'], 10_001),
  images: (o) =>
    isIndex(o['requestId']) &&
    isIndex(o['file'], 64) &&
    Array.isArray(o['rows']) &&
    o['rows'].length <= 200 &&
    o['rows'].every((r) => isIndex(r)),
  openLine: (o) => isIndex(o['file'], 64) && isPositiveInteger(o['line']),
});
