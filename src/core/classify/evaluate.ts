/**
 * Everything the panel and the CLI show about a predictions file, computed once: the report, the
 * binary curves and threshold, class-probability metrics, calibration, findings. The parts are
 * plain data over typed arrays, so a worker can compute them and the webview can keep working on
 * them (a threshold slider calls `countsAtThreshold` / `confusionAtThreshold` on `binary.sweep`).
 */

import type { Finding } from '../model/findings';
import {
  averagePrecision,
  confusionAtThreshold,
  maxF1Threshold,
  rocAuc,
  youdenThreshold,
  type ThresholdChoice,
} from './binaryCurves';
import { calibrateBinary, type Calibration } from './calibration';
import { integrityFindings, reportFindings, type FindingOptions } from './predictionFindings';
import type { ConfusionTable, Predictions, PredictionsData, RegressionPredictions } from './predictions';
import {
  binaryLogLoss,
  ovrCurves,
  ovrMetrics,
  probabilityRowMetrics,
  type OvrCurve,
  type OvrMetrics,
  type ProbabilityRowMetrics,
} from './probabilityMetrics';
import { regressionMetrics, type RegressionMetrics } from './regression';
import {
  classificationReport,
  confusionMatrix,
  MAX_MATRIX_CLASSES,
  reportWithoutMatrix,
  type ClassificationReport,
} from './report';
import { sweepScores, type BinarySweep } from './scoreSweep';

export interface BinaryEvaluation {
  readonly positive: number;
  readonly threshold: number;
  readonly sweep: BinarySweep;
  readonly rocAuc: number;
  readonly averagePrecision: number;
  /** 2 × 2, rows = true, in label order, predicting positive when `score >= threshold`. */
  readonly confusionAtThreshold: Int32Array;
  /** NaN when the scores are not probabilities (outside [0, 1]). */
  readonly logLoss: number;
  readonly calibration: Calibration | undefined;
  readonly maxF1: ThresholdChoice | undefined;
  readonly youden: ThresholdChoice | undefined;
}

export interface ProbabilityEvaluation {
  /** Label index of each probability column (the order of `sweeps` and `ovr.perClass`). */
  readonly probaLabels: Int32Array;
  readonly sweeps: readonly BinarySweep[];
  readonly ovr: OvrMetrics;
  /** Top-k accuracy for k = 1 … number of columns (`topK[k - 1]`). */
  readonly topK: Float64Array;
  readonly logLoss: number;
  readonly calibration: Calibration | undefined;
  /** Rows with every probability a number (the others are left out here). */
  readonly completeRows: number;
}

export interface ClassificationEvaluation {
  readonly kind: 'classification';
  readonly source: string;
  readonly report: ClassificationReport;
  readonly binary: BinaryEvaluation | undefined;
  readonly probabilities: ProbabilityEvaluation | undefined;
  readonly findings: readonly Finding[];
}

export interface MatrixEvaluation {
  readonly kind: 'matrix';
  readonly source: string;
  readonly report: ClassificationReport;
  readonly findings: readonly Finding[];
}

export interface RegressionEvaluation {
  readonly kind: 'regression';
  readonly source: string;
  readonly metrics: RegressionMetrics;
  readonly findings: readonly Finding[];
}

export type Evaluation = ClassificationEvaluation | MatrixEvaluation | RegressionEvaluation;

/**
 * Parts of a classification's evaluation computed elsewhere (by worker threads, in parallel), taken
 * as they are: they must be what `ovrCurves` and `probabilityRowMetrics` return for the same data.
 */
export interface PrecomputedParts {
  /** The one-vs-rest curve of each probability column, in column order. */
  readonly ovr?: readonly OvrCurve[];
  readonly rows?: ProbabilityRowMetrics;
}

export function evaluate(
  data: PredictionsData,
  options: FindingOptions = {},
  parts: PrecomputedParts = {},
): Evaluation {
  switch (data.kind) {
    case 'classification':
      return evaluateClassification(data, options, parts);
    case 'matrix':
      return evaluateMatrix(data, options);
    case 'regression':
      return evaluateRegression(data);
  }
}

export function evaluateMatrix(t: ConfusionTable, options: FindingOptions = {}): MatrixEvaluation {
  const report = classificationReport(t.matrix, t.labels);
  return { kind: 'matrix', source: t.source, report, findings: reportFindings(t.source, report, options) };
}

export function evaluateRegression(r: RegressionPredictions): RegressionEvaluation {
  return { kind: 'regression', source: r.source, metrics: regressionMetrics(r.actual, r.predicted), findings: [] };
}

export function evaluateClassification(
  p: Predictions,
  options: FindingOptions = {},
  parts: PrecomputedParts = {},
): ClassificationEvaluation {
  const report =
    p.labels.length > MAX_MATRIX_CLASSES
      ? reportWithoutMatrix(p.yTrue, p.yPred, p.labels)
      : classificationReport(confusionMatrix(p.yTrue, p.yPred, p.labels.length), p.labels);
  return {
    kind: 'classification',
    source: p.source,
    report,
    binary: evaluateBinary(p),
    probabilities: evaluateProbabilities(p, parts),
    findings: [...integrityFindings(p, report, options), ...reportFindings(p.source, report, options)],
  };
}

/** Binary metrics of a two-class file with a score for its positive class. */
export function evaluateBinary(p: Predictions, threshold = p.threshold): BinaryEvaluation | undefined {
  if (!p.score || p.labels.length !== 2 || p.positive < 0) return undefined;
  const sweep = sweepScores(p.score, p.yTrue, p.positive);
  const probabilities = isProbability(p.score);
  return {
    positive: p.positive,
    threshold,
    sweep,
    rocAuc: rocAuc(sweep),
    averagePrecision: averagePrecision(sweep),
    confusionAtThreshold: confusionAtThreshold(sweep, threshold, p.positive),
    logLoss: probabilities ? binaryLogLoss(sweep) : NaN,
    calibration: probabilities ? calibrateBinary(p.score, p.yTrue, p.positive) : undefined,
    maxF1: maxF1Threshold(sweep),
    youden: youdenThreshold(sweep),
  };
}

/** One-vs-rest curves, top-k, log loss and calibration from per-class probability columns. */
export function evaluateProbabilities(p: Predictions, parts: PrecomputedParts = {}): ProbabilityEvaluation | undefined {
  if (!p.proba || !p.probaLabels || p.proba.length === 0) return undefined;
  const curves = parts.ovr ?? ovrCurves(p.proba, p.probaLabels, p.yTrue);
  const rows = parts.rows ?? probabilityRowMetrics(p.proba, p.probaLabels, p.yTrue);
  return {
    probaLabels: p.probaLabels,
    sweeps: curves.map((c) => c.sweep),
    ovr: ovrMetrics(curves, p.probaLabels),
    topK: rows.topK,
    logLoss: rows.logLoss,
    calibration: rows.calibration,
    completeRows: rows.completeRows,
  };
}

function isProbability(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < 0 || v > 1) return false;
  }
  return true;
}
