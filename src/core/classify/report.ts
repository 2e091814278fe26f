/**
 * The confusion matrix and everything scikit-learn derives from it: accuracy, balanced accuracy,
 * Matthews correlation, Cohen's kappa, and `classification_report` (per-class precision, recall,
 * F1, support; macro, weighted and micro averages; `zero_division=0`). Formulas and the order of
 * floating-point operations follow scikit-learn 1.2 and numpy, so results agree to the last bit.
 */

import { numpyMean, numpyWeightedAverage, pairwiseSum } from './numpySum';

export interface ClassMetrics {
  readonly label: string;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

export interface Averages {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export interface ClassificationReport {
  readonly labels: readonly string[];
  readonly n: number;
  /**
   * k × k counts, row-major: rows = true class, columns = predicted class. Undefined past
   * MAX_MATRIX_CLASSES (see `reportWithoutMatrix`): everything else is still there.
   */
  readonly confusion: Int32Array | undefined;
  /** Rows predicted as each class (the matrix's column sums). */
  readonly predicted: Float64Array;
  readonly accuracy: number;
  readonly balancedAccuracy: number;
  readonly mcc: number;
  readonly kappa: number;
  readonly perClass: readonly ClassMetrics[];
  readonly macro: Averages;
  readonly weighted: Averages;
  readonly micro: Averages;
}

/** `confusion_matrix(y_true, y_pred, labels=range(k))`, flat. */
export function confusionMatrix(yTrue: Int32Array, yPred: Int32Array, k: number): Int32Array {
  const m = new Int32Array(k * k);
  for (let i = 0; i < yTrue.length; i++) {
    const at = yTrue[i]! * k + yPred[i]!;
    m[at] = m[at]! + 1;
  }
  return m;
}

/** Row sums (true counts) and column sums (predicted counts) of a flat k × k matrix. */
export function marginals(
  m: Int32Array,
  k: number,
): { trueSum: Float64Array; predSum: Float64Array; trace: number; n: number } {
  const trueSum = new Float64Array(k);
  const predSum = new Float64Array(k);
  let trace = 0;
  let n = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const c = m[i * k + j]!;
      trueSum[i] = trueSum[i]! + c;
      predSum[j] = predSum[j]! + c;
      n += c;
    }
    trace += m[i * k + i]!;
  }
  return { trueSum, predSum, trace, n };
}

/** `_prf_divide` with `zero_division=0`. */
function divide(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

/** F1 as `precision_recall_fscore_support` computes it (beta = 1). */
function f1Of(precision: number, recall: number): number {
  let denom = 1 * precision + recall;
  if (denom === 0) denom = 1;
  return ((1 + 1) * precision * recall) / denom;
}

/**
 * Most classes given a k × k matrix: 2 000 make a 16 MB matrix, computed in milliseconds (20 000 took
 * 3.3 GB and 14 s). Past it the report is computed from per-class counts (see `reportWithoutMatrix`).
 */
export const MAX_MATRIX_CLASSES = 2_000;

export function classificationReport(confusion: Int32Array, labels: readonly string[]): ClassificationReport {
  const k = labels.length;
  const { trueSum, predSum, trace, n } = marginals(confusion, k);
  const diagonal = new Float64Array(k);
  for (let i = 0; i < k; i++) diagonal[i] = confusion[i * k + i]!;
  return reportOf(
    labels,
    { trueSum, predSum, diagonal, trace, n },
    confusion,
    cohenKappa(confusion, k, trueSum, predSum, n),
  );
}

/**
 * The report of predictions over more than MAX_MATRIX_CLASSES classes, from what one pass over the rows
 * counts per class (memory linear in the classes, time in the rows): every metric but the matrix. Cohen's
 * kappa comes from its closed form (the expected agreement off the diagonal is n² − Σ predicted·true over
 * n), equal to scikit-learn's sum over the k × k expected counts up to rounding in the last digits.
 */
export function reportWithoutMatrix(
  yTrue: Int32Array,
  yPred: Int32Array,
  labels: readonly string[],
): ClassificationReport {
  const k = labels.length;
  const trueSum = new Float64Array(k);
  const predSum = new Float64Array(k);
  const diagonal = new Float64Array(k);
  let trace = 0;
  for (let r = 0; r < yTrue.length; r++) {
    const t = yTrue[r]!;
    const p = yPred[r]!;
    trueSum[t] = trueSum[t]! + 1;
    predSum[p] = predSum[p]! + 1;
    if (t === p) {
      diagonal[t] = diagonal[t]! + 1;
      trace++;
    }
  }
  const n = yTrue.length;
  let agree = 0;
  for (let i = 0; i < k; i++) agree += predSum[i]! * trueSum[i]!;
  const kappa = 1 - (n - trace) / ((n * n - agree) / n);
  return reportOf(labels, { trueSum, predSum, diagonal, trace, n }, undefined, kappa);
}

interface ClassCounts {
  readonly trueSum: Float64Array;
  readonly predSum: Float64Array;
  /** Rows of each class predicted right. */
  readonly diagonal: Float64Array;
  readonly trace: number;
  readonly n: number;
}

function reportOf(
  labels: readonly string[],
  { trueSum, predSum, diagonal, trace, n }: ClassCounts,
  confusion: Int32Array | undefined,
  kappa: number,
): ClassificationReport {
  const k = labels.length;
  const precision = new Float64Array(k);
  const recall = new Float64Array(k);
  const f1 = new Float64Array(k);
  const perClass: ClassMetrics[] = [];
  for (let i = 0; i < k; i++) {
    const tp = diagonal[i]!;
    precision[i] = divide(tp, predSum[i]!);
    recall[i] = divide(tp, trueSum[i]!);
    f1[i] = f1Of(precision[i]!, recall[i]!);
    perClass.push({
      label: labels[i]!,
      precision: precision[i]!,
      recall: recall[i]!,
      f1: f1[i]!,
      support: trueSum[i]!,
    });
  }
  const microP = divide(trace, n);
  const microR = divide(trace, n);
  return {
    labels,
    n,
    confusion,
    predicted: predSum,
    accuracy: n > 0 ? trace / n : NaN,
    balancedAccuracy: balancedAccuracy(diagonal, trueSum),
    mcc: matthews(trueSum, predSum, trace, n),
    kappa,
    perClass,
    macro: { precision: numpyMean(precision), recall: numpyMean(recall), f1: numpyMean(f1) },
    weighted:
      n > 0
        ? {
            precision: numpyWeightedAverage(precision, trueSum),
            recall: numpyWeightedAverage(recall, trueSum),
            f1: numpyWeightedAverage(f1, trueSum),
          }
        : { precision: 0, recall: 0, f1: 0 },
    micro: { precision: microP, recall: microR, f1: f1Of(microP, microR) },
  };
}

/** `balanced_accuracy_score`: mean recall over the classes that occur as true labels. */
function balancedAccuracy(diagonal: Float64Array, trueSum: Float64Array): number {
  const recalls: number[] = [];
  for (let i = 0; i < trueSum.length; i++) if (trueSum[i]! > 0) recalls.push(diagonal[i]! / trueSum[i]!);
  return numpyMean(recalls);
}

/** `matthews_corrcoef` (multi-class form; 0 when a marginal is constant, as scikit-learn returns). */
function matthews(trueSum: Float64Array, predSum: Float64Array, trace: number, n: number): number {
  let tp = 0;
  let pp = 0;
  let tt = 0;
  for (let i = 0; i < trueSum.length; i++) {
    tp += trueSum[i]! * predSum[i]!;
    pp += predSum[i]! * predSum[i]!;
    tt += trueSum[i]! * trueSum[i]!;
  }
  const covYtYp = trace * n - tp;
  const covYpYp = n ** 2 - pp;
  const covYtYt = n ** 2 - tt;
  if (covYpYp * covYtYt === 0) return 0;
  return covYtYp / Math.sqrt(covYtYt * covYpYp);
}

/** `cohen_kappa_score(y_true, y_pred)` (unweighted): NaN when chance agreement is total (scikit-learn divides 0 by 0). */
function cohenKappa(m: Int32Array, k: number, trueSum: Float64Array, predSum: Float64Array, n: number): number {
  // expected = outer(column sums, row sums) / n, summed off the diagonal, as numpy sums a flat k × k array.
  const expected = new Float64Array(k * k);
  let observed = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      if (i === j) continue;
      expected[i * k + j] = (predSum[i]! * trueSum[j]!) / n;
      observed += m[i * k + j]!;
    }
  }
  return 1 - observed / pairwiseSum(expected);
}
