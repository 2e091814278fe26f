/**
 * What a predictions file holds, as plain data over typed arrays: cheap to keep for millions of
 * rows and transferable to a worker or the webview as is (structured clone).
 */

import type { ReadIssue } from '../model/run';

export interface PredictionColumns {
  readonly true: string;
  readonly pred?: string;
  readonly score?: string;
  readonly proba?: readonly string[];
  readonly id?: string;
}

/** Classification rows: labels as indices into `labels`, in scikit-learn's order. */
export interface Predictions {
  readonly kind: 'classification';
  readonly source: string;
  readonly n: number;
  readonly labels: readonly string[];
  /** True when every label is a number (they are then ordered by value). */
  readonly numericLabels: boolean;
  readonly yTrue: Int32Array;
  readonly yPred: Int32Array;
  /** Where predicted labels came from: the file, `score >= threshold`, or the most probable class. */
  readonly predictedFrom: 'column' | 'threshold' | 'argmax';
  /** The score of the positive class (binary), when the file has one; NaN where a cell was empty or not a number. */
  readonly score?: Float64Array;
  /** Index of the positive class: the score's class, the user's choice, or the greater label. -1 with fewer than two labels. */
  readonly positive: number;
  readonly threshold: number;
  /** Per-class probability columns, ordered by `probaLabels` (ascending label index). */
  readonly proba?: readonly Float64Array[];
  readonly probaLabels?: Int32Array;
  /** Sample ids: numbers while every id is one, else text. */
  readonly ids?: Float64Array | readonly string[];
  /** 1-based line of each row in the file. */
  readonly lines: Int32Array;
  readonly columns: PredictionColumns;
}

/** Regression rows: continuous true and predicted values. */
export interface RegressionPredictions {
  readonly kind: 'regression';
  readonly source: string;
  readonly n: number;
  readonly actual: Float64Array;
  readonly predicted: Float64Array;
  readonly ids?: Float64Array | readonly string[];
  readonly lines: Int32Array;
  readonly columns: { readonly actual: string; readonly predicted: string; readonly id?: string };
}

/** A confusion matrix computed elsewhere (a labelled square CSV table): counts only, no rows. */
export interface ConfusionTable {
  readonly kind: 'matrix';
  readonly source: string;
  readonly n: number;
  readonly labels: readonly string[];
  readonly numericLabels: boolean;
  /** k × k counts, row-major, rows = true class, columns = predicted class. */
  readonly matrix: Int32Array;
}

export type PredictionsData = Predictions | RegressionPredictions | ConfusionTable;

export interface PredictionsRead {
  /** Undefined when nothing could be read (then `issues` says why). */
  readonly data: PredictionsData | undefined;
  readonly issues: readonly ReadIssue[];
  /** Issues met, including those past the kept maximum. */
  readonly issueCount: number;
}

export interface PredictionOptions {
  readonly trueCol?: string;
  readonly predCol?: string;
  readonly scoreCol?: string;
  readonly probaPrefix?: string;
  readonly idCol?: string;
  /** The positive class of a binary problem; defaults to the greater label (scikit-learn's `pos_label=1`). */
  readonly positive?: string;
  /** Predicted positive when `score >= threshold` (only used when the file has no predicted-label column). Default 0.5. */
  readonly threshold?: number;
  /** Force the layout instead of sniffing it from the first byte. */
  readonly format?: 'delimited' | 'json';
  /** Force the delimiter of delimited text. */
  readonly delimiter?: ',' | '\t' | ';';
  /**
   * Hold the probability columns in SharedArrayBuffer memory (where the host has it): worker
   * threads then compute their metrics without a copy. The values are the same either way.
   */
  readonly sharedColumns?: boolean;
}
