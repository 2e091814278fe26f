/**
 * ROC and precision-recall curves, their areas, and everything at a threshold, from a sweep.
 * Curves and areas are computed exactly as scikit-learn 1.2 (Debian's `python3-sklearn`) computes
 * them — `roc_curve` with `drop_intermediate=True` and `thresholds[0] = max + 1`, `auc` by the
 * trapezoidal rule, `precision_recall_curve`, and the step-wise `average_precision_score` — with
 * numpy's pairwise sums, so the numbers agree to the last bit. Anything at a threshold is a binary
 * search in the sweep: O(log n), cheap enough for a slider to call per pixel.
 */

import { pairwiseSum } from './numpySum';
import { classificationReport, type ClassificationReport } from './report';
import type { BinarySweep } from './scoreSweep';

export interface RocCurve {
  readonly fpr: Float64Array;
  readonly tpr: Float64Array;
  readonly thresholds: Float64Array;
}

export interface PrCurve {
  /** In scikit-learn's order: thresholds increasing; `precision`/`recall` have one more point (1, 0) at the end. */
  readonly precision: Float64Array;
  readonly recall: Float64Array;
  readonly thresholds: Float64Array;
}

/** Indices of the sweep that `roc_curve(drop_intermediate=True)` keeps: ends and corners. */
function rocIndices(s: BinarySweep): Int32Array {
  const d = s.thresholds.length;
  if (d <= 2) return Int32Array.from({ length: d }, (_, i) => i);
  const keep = new Int32Array(d);
  let m = 0;
  keep[m++] = 0;
  const { tps, fps } = s;
  for (let i = 1; i < d - 1; i++) {
    if (fps[i + 1]! - 2 * fps[i]! + fps[i - 1]! !== 0 || tps[i + 1]! - 2 * tps[i]! + tps[i - 1]! !== 0) keep[m++] = i;
  }
  keep[m++] = d - 1;
  return keep.slice(0, m);
}

/** `sklearn.metrics.roc_curve(y_true, y_score, pos_label=positive)`; NaN rates where a class is absent. */
export function rocCurve(s: BinarySweep): RocCurve {
  const idx = rocIndices(s);
  const m = idx.length + 1;
  const fpr = new Float64Array(m);
  const tpr = new Float64Array(m);
  const thresholds = new Float64Array(m);
  const N = s.negatives;
  const P = s.positives;
  fpr[0] = N > 0 ? 0 : NaN;
  tpr[0] = P > 0 ? 0 : NaN;
  thresholds[0] = idx.length > 0 ? s.thresholds[0]! + 1 : NaN;
  for (let j = 0; j < idx.length; j++) {
    const i = idx[j]!;
    fpr[j + 1] = N > 0 ? s.fps[i]! / N : NaN;
    tpr[j + 1] = P > 0 ? s.tps[i]! / P : NaN;
    thresholds[j + 1] = s.thresholds[i]!;
  }
  return { fpr, tpr, thresholds };
}

/**
 * `roc_auc_score`: NaN unless both classes are present (scikit-learn raises then). The trapezoids
 * of the kept ROC points, summed as numpy sums them, without building the curve.
 */
export function rocAuc(s: BinarySweep): number {
  const P = s.positives;
  const N = s.negatives;
  if (P === 0 || N === 0) return NaN;
  const idx = rocIndices(s);
  const terms = new Float64Array(idx.length);
  let x0 = 0;
  let y0 = 0;
  for (let j = 0; j < idx.length; j++) {
    const i = idx[j]!;
    const x1 = s.fps[i]! / N;
    const y1 = s.tps[i]! / P;
    terms[j] = ((x1 - x0) * (y1 + y0)) / 2.0;
    x0 = x1;
    y0 = y1;
  }
  return pairwiseSum(terms);
}

/** `sklearn.metrics.auc(x, y)` for increasing x: `np.trapz(y, x)`. */
export function trapezoid(x: Float64Array, y: Float64Array): number {
  const terms = new Float64Array(Math.max(0, x.length - 1));
  for (let i = 0; i < terms.length; i++) terms[i] = ((x[i + 1]! - x[i]!) * (y[i + 1]! + y[i]!)) / 2.0;
  return pairwiseSum(terms);
}

/** `sklearn.metrics.precision_recall_curve`: recall 1 everywhere when there are no positives (as sklearn does). */
export function precisionRecallCurve(s: BinarySweep): PrCurve {
  const d = s.thresholds.length;
  const precision = new Float64Array(d + 1);
  const recall = new Float64Array(d + 1);
  const thresholds = new Float64Array(d);
  const P = s.positives;
  for (let i = 0; i < d; i++) {
    const tp = s.tps[i]!;
    const predicted = tp + s.fps[i]!;
    const j = d - 1 - i;
    precision[j] = predicted !== 0 ? tp / predicted : 0;
    recall[j] = P > 0 ? tp / P : 1;
    thresholds[j] = s.thresholds[i]!;
  }
  precision[d] = 1;
  recall[d] = 0;
  return { precision, recall, thresholds };
}

/**
 * `average_precision_score`: Σ (Rₙ − Rₙ₋₁) Pₙ, step-wise; NaN without positives (scikit-learn
 * warns). The terms in the order of scikit-learn's reversed curve, without building it.
 */
export function averagePrecision(s: BinarySweep): number {
  const P = s.positives;
  if (P === 0) return NaN;
  const d = s.thresholds.length;
  const terms = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const i = d - 1 - j;
    const tp = s.tps[i]!;
    const recall = tp / P;
    const next = i > 0 ? s.tps[i - 1]! / P : 0;
    terms[j] = (next - recall) * (tp / (tp + s.fps[i]!));
  }
  return -pairwiseSum(terms);
}

export interface BinaryCounts {
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly tn: number;
}

/** How many thresholds are `>= t`: the sweep index + 1 of the last one (binary search). */
function countAbove(s: BinarySweep, t: number): number {
  const th = s.thresholds;
  let lo = 0;
  let hi = th.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (th[mid]! >= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The counts when `score >= t` is predicted positive (NaN scores predicted negative). O(log n). */
export function countsAtThreshold(s: BinarySweep, t: number): BinaryCounts {
  const k = countAbove(s, t);
  const tp = k > 0 ? s.tps[k - 1]! : 0;
  const fp = k > 0 ? s.fps[k - 1]! : 0;
  return { tp, fp, fn: s.positives - tp + s.nanPositives, tn: s.negatives - fp + s.nanNegatives };
}

/** The 2 × 2 confusion matrix at threshold `t`, rows = true, in label order (`positive` is index 0 or 1). */
export function confusionAtThreshold(s: BinarySweep, t: number, positive: number): Int32Array {
  const c = countsAtThreshold(s, t);
  const m = new Int32Array(4);
  const p = positive;
  const q = 1 - positive;
  m[p * 2 + p] = c.tp;
  m[p * 2 + q] = c.fn;
  m[q * 2 + p] = c.fp;
  m[q * 2 + q] = c.tn;
  return m;
}

/** Every metric of the report at threshold `t` (accuracy, MCC, per-class precision/recall/F1…): O(log n). */
export function reportAtThreshold(
  s: BinarySweep,
  t: number,
  positive: number,
  labels: readonly string[],
): ClassificationReport {
  return classificationReport(confusionAtThreshold(s, t, positive), labels);
}

/**
 * At most `maxThresholds` of the sweep's thresholds, evenly spread over its rows, with their exact
 * counts: what a slider `maxThresholds` pixels wide can select, at the cost of its pixels rather
 * than of the rows (a webview gets this, not millions of thresholds). Counts are exact at these
 * thresholds; between them, `countsAtThreshold` answers for the next one up.
 */
export function thinSweep(s: BinarySweep, maxThresholds: number): BinarySweep {
  const d = s.thresholds.length;
  if (d <= maxThresholds) return s;
  const m = Math.max(2, maxThresholds);
  const thresholds = new Float64Array(m);
  const tps = new Int32Array(m);
  const fps = new Int32Array(m);
  for (let j = 0; j < m; j++) {
    const i = Math.round((j * (d - 1)) / (m - 1));
    thresholds[j] = s.thresholds[i]!;
    tps[j] = s.tps[i]!;
    fps[j] = s.fps[i]!;
  }
  return { ...s, thresholds, tps, fps };
}

export interface ThresholdChoice {
  readonly threshold: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** False-positive rate. */
  readonly fpr: number;
}

function choiceAt(s: BinarySweep, i: number): ThresholdChoice {
  const tp = s.tps[i]!;
  const fp = s.fps[i]!;
  const positives = s.positives + s.nanPositives;
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = positives > 0 ? tp / positives : 0;
  return {
    threshold: s.thresholds[i]!,
    precision,
    recall,
    f1: 2 * tp + fp + (positives - tp) > 0 ? (2 * tp) / (2 * tp + fp + (positives - tp)) : 0,
    fpr: s.negatives + s.nanNegatives > 0 ? fp / (s.negatives + s.nanNegatives) : 0,
  };
}

/** The threshold with the best F1 (the highest such threshold on ties). */
export function maxF1Threshold(s: BinarySweep): ThresholdChoice | undefined {
  let best = -1;
  let bestF1 = -1;
  const positives = s.positives + s.nanPositives;
  for (let i = 0; i < s.thresholds.length; i++) {
    const tp = s.tps[i]!;
    const f1 = (2 * tp) / (2 * tp + s.fps[i]! + (positives - tp));
    if (f1 > bestF1) {
      bestF1 = f1;
      best = i;
    }
  }
  return best >= 0 ? choiceAt(s, best) : undefined;
}

/** The threshold maximising Youden's J = TPR − FPR (the highest such threshold on ties). */
export function youdenThreshold(s: BinarySweep): ThresholdChoice | undefined {
  if (s.positives === 0 || s.negatives === 0) return undefined;
  let best = -1;
  let bestJ = -Infinity;
  for (let i = 0; i < s.thresholds.length; i++) {
    const j = s.tps[i]! / s.positives - s.fps[i]! / s.negatives;
    if (j > bestJ) {
      bestJ = j;
      best = i;
    }
  }
  return best >= 0 ? choiceAt(s, best) : undefined;
}

/** The lowest threshold whose precision reaches `target` (most recall at that precision); undefined if none does. */
export function thresholdForPrecision(s: BinarySweep, target: number): ThresholdChoice | undefined {
  for (let i = s.thresholds.length - 1; i >= 0; i--) {
    const tp = s.tps[i]!;
    if (tp / (tp + s.fps[i]!) >= target) return choiceAt(s, i);
  }
  return undefined;
}

/**
 * The highest threshold whose recall reaches `target` (the most precise way to catch that share
 * of positives; any lower threshold reaches it too). Recall only grows as the threshold falls, so
 * this is a binary search.
 */
export function thresholdForRecall(s: BinarySweep, target: number): ThresholdChoice | undefined {
  const positives = s.positives + s.nanPositives;
  if (positives === 0) return undefined;
  let lo = 0;
  let hi = s.thresholds.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (s.tps[mid]! / positives >= target) hi = mid;
    else lo = mid + 1;
  }
  return lo < s.thresholds.length ? choiceAt(s, lo) : undefined;
}

/**
 * At most `maxPoints` points of a curve for drawing: spread evenly along its length, first and
 * last kept, so a curve of millions of points costs what the screen can show.
 */
export function thinCurve(
  x: Float64Array,
  y: Float64Array,
  maxPoints: number,
): { x: Float64Array; y: Float64Array; index: Int32Array } {
  const n = x.length;
  if (n <= maxPoints) return { x: x.slice(), y: y.slice(), index: Int32Array.from({ length: n }, (_, i) => i) };
  let length = 0;
  for (let i = 1; i < n; i++) length += Math.hypot(x[i]! - x[i - 1]!, y[i]! - y[i - 1]!);
  const step = length / (maxPoints - 1);
  const index: number[] = [0];
  let walked = 0;
  let next = step;
  for (let i = 1; i < n - 1; i++) {
    walked += Math.hypot(x[i]! - x[i - 1]!, y[i]! - y[i - 1]!);
    if (walked >= next) {
      index.push(i);
      next = walked + step;
    }
  }
  index.push(n - 1);
  const idx = Int32Array.from(index);
  return { x: Float64Array.from(idx, (i) => x[i]!), y: Float64Array.from(idx, (i) => y[i]!), index: idx };
}
