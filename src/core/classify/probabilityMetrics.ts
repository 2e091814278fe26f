/**
 * Metrics of class probabilities, as scikit-learn 1.2 computes them: one-vs-rest ROC AUC and
 * average precision per class with their macro and weighted averages (`roc_auc_score(...,
 * multi_class="ovr")`), top-k accuracy (`top_k_accuracy_score`, ties broken as its stable argsort
 * does) and log loss (`log_loss`: clipped to [eps, 1 − eps], rows renormalised).
 */

import { averagePrecision, rocAuc } from './binaryCurves';
import { CalibrationBins, type Calibration } from './calibration';
import { pairwiseSum } from './numpySum';
import { sweepScores, type BinarySweep } from './scoreSweep';

export interface OvrClass {
  /** Label index. */
  readonly label: number;
  readonly rocAuc: number;
  readonly averagePrecision: number;
  readonly support: number;
}

export interface OvrMetrics {
  readonly perClass: readonly OvrClass[];
  /** Mean of the per-class AUCs that are defined (scikit-learn raises when one is not). */
  readonly rocAucMacro: number;
  /** Support-weighted mean (a class without true rows weighs 0). */
  readonly rocAucWeighted: number;
  readonly averagePrecisionMacro: number;
}

/**
 * One class against the rest: its sweep (for curves and thresholds of any class) and the areas
 * under its curves. The unit of one-vs-rest work: classes are independent, so threads can each
 * take some.
 */
export interface OvrCurve {
  readonly sweep: BinarySweep;
  readonly rocAuc: number;
  readonly averagePrecision: number;
}

/** The curve of probability column `score` for class `positive`. */
export function ovrCurve(score: Float64Array, yTrue: Int32Array, positive: number): OvrCurve {
  const sweep = sweepScores(score, yTrue, positive);
  return { sweep, rocAuc: rocAuc(sweep), averagePrecision: averagePrecision(sweep) };
}

/** Every column's curve, one after the other. */
export function ovrCurves(proba: readonly Float64Array[], probaLabels: Int32Array, yTrue: Int32Array): OvrCurve[] {
  return proba.map((column, k) => ovrCurve(column, yTrue, probaLabels[k]!));
}

/** Per-class areas and their averages, from the curves of the columns (in `probaLabels` order). */
export function ovrMetrics(curves: readonly OvrCurve[], probaLabels: Int32Array): OvrMetrics {
  const perClass = curves.map((c, k) => ({
    label: probaLabels[k]!,
    rocAuc: c.rocAuc,
    averagePrecision: c.averagePrecision,
    support: c.sweep.positives + c.sweep.nanPositives,
  }));
  const aucs = perClass.map((c) => c.rocAuc);
  const defined = aucs.filter((v) => !Number.isNaN(v));
  // `_average_binary_score`: scores of zero-weight classes count as 0 in the weighted mean.
  const weights = perClass.map((c) => c.support);
  const zeroed = aucs.map((v, k) => (weights[k] === 0 ? 0 : v));
  const aps = perClass.map((c) => c.averagePrecision).filter((v) => !Number.isNaN(v));
  return {
    perClass,
    rocAucMacro: defined.length > 0 ? pairwiseSum(defined) / defined.length : NaN,
    rocAucWeighted: weightedMean(zeroed, weights),
    averagePrecisionMacro: aps.length > 0 ? pairwiseSum(aps) / aps.length : NaN,
  };
}

function weightedMean(values: readonly number[], weights: readonly number[]): number {
  const products = values.map((v, i) => v * weights[i]!);
  const total = pairwiseSum(weights);
  return total > 0 ? pairwiseSum(products) / total : NaN;
}

export interface ProbabilityRowMetrics {
  /** Rows with every probability a number; the others are left out of these metrics. */
  readonly completeRows: number;
  /** Top-k accuracy for k = 1 … number of columns (`topK[k - 1]`); NaN when a true label has no column. */
  readonly topK: Float64Array;
  /** `log_loss(y_true, proba, labels=...)`; NaN when a true label has no column or values are not probabilities. */
  readonly logLoss: number;
  /** The top probability against whether the top class (first of equal maxima) is the true one. */
  readonly calibration: Calibration | undefined;
}

/**
 * Top-k accuracy, log loss and top-label calibration, in one pass over the rows. A row's rank is
 * the number of classes scored above its true class, plus those scored equal with a higher
 * index (scikit-learn reverses a stable ascending argsort); log loss clips to [eps, 1 − eps] and
 * renormalises each row as `log_loss` does.
 */
export function probabilityRowMetrics(
  proba: readonly Float64Array[],
  probaLabels: Int32Array,
  yTrue: Int32Array,
): ProbabilityRowMetrics {
  const k = proba.length;
  const n = yTrue.length;
  const column = new Int32Array(Math.max(0, ...Array.from(probaLabels)) + 1).fill(-1);
  probaLabels.forEach((label, j) => {
    column[label] = j;
  });
  const hitsAtRank = new Float64Array(k);
  const losses = new Float64Array(n);
  const row = new Float64Array(k);
  const bins = new CalibrationBins();
  let complete = 0;
  let covered = true;
  let probabilities = true;
  for (let i = 0; i < n; i++) {
    let ok = true;
    let best = 0;
    let bestValue = -Infinity;
    for (let j = 0; j < k; j++) {
      const v = proba[j]![i]!;
      if (v !== v) {
        ok = false;
        break;
      }
      if (v < 0 || v > 1) probabilities = false;
      if (v > bestValue) {
        bestValue = v;
        best = j;
      }
      row[j] = clip(v);
    }
    if (!ok) continue;
    const y = yTrue[i]!;
    const t = y < column.length ? column[y]! : -1;
    bins.add(bestValue, probaLabels[best] === y ? 1 : 0);
    if (t < 0) {
      covered = false;
      complete++;
      continue;
    }
    const v = proba[t]![i]!;
    let rank = 0;
    for (let j = 0; j < k; j++) {
      const w = proba[j]![i]!;
      if (w > v || (w === v && j > t)) rank++;
    }
    hitsAtRank[rank] = hitsAtRank[rank]! + 1;
    losses[complete] = -Math.log(row[t]! / pairwiseSum(row));
    complete++;
  }
  const topK = new Float64Array(k);
  let hits = 0;
  for (let r = 0; r < k; r++) {
    hits += hitsAtRank[r]!;
    topK[r] = covered && complete > 0 ? hits / complete : NaN;
  }
  return {
    completeRows: complete,
    topK,
    logLoss: covered && probabilities && k >= 2 && complete > 0 ? pairwiseSum(losses, 0, complete) / complete : NaN,
    calibration: probabilities ? bins.result() : undefined,
  };
}

/**
 * `log_loss(y_true == positive, score)` for a binary score (the probability of the positive
 * class), from the sweep: one logarithm per distinct score instead of per row.
 */
export function binaryLogLoss(s: BinarySweep): number {
  const d = s.thresholds.length;
  const n = s.positives + s.negatives;
  if (n === 0) return NaN;
  const terms = new Float64Array(2 * d);
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < d; i++) {
    const p = clip(s.thresholds[i]!);
    const q = 1 - p;
    const sum = q + p;
    const positives = s.tps[i]! - tp;
    const negatives = s.fps[i]! - fp;
    tp = s.tps[i]!;
    fp = s.fps[i]!;
    terms[2 * i] = positives > 0 ? positives * -Math.log(p / sum) : 0;
    terms[2 * i + 1] = negatives > 0 ? negatives * -Math.log(q / sum) : 0;
  }
  return pairwiseSum(terms) / n;
}

/** `np.finfo(np.float64).eps`, the clipping of `log_loss(eps="auto")`. */
const EPS = 2.220446049250313e-16;

function clip(v: number): number {
  return v < EPS ? EPS : v > 1 - EPS ? 1 - EPS : v;
}
