/**
 * Comparing predictions: two files side by side (their matrices on one label order, the
 * difference, the class pairs that improved and regressed most), and a series of files (one per
 * epoch, checkpoint or day of traffic) as accuracy, macro F1, AUC and per-class F1 over the series.
 */

import type { ClassificationEvaluation, MatrixEvaluation } from './evaluate';
import { orderLabels } from './labels';
import type { ClassificationReport } from './report';

export interface PairChange {
  readonly trueLabel: string;
  readonly predictedLabel: string;
  readonly before: number;
  readonly after: number;
  /** Change in the share of the true class predicted as this class (after − before). */
  readonly rateChange: number;
}

export interface ConfusionComparison {
  readonly labels: readonly string[];
  /** Both matrices on `labels`, k × k, rows = true. */
  readonly before: Int32Array;
  readonly after: Int32Array;
  /** after − before, counts. */
  readonly difference: Int32Array;
  /** Row-normalised after − before (recall-normalised shares), so files of different sizes compare. */
  readonly rateDifference: Float64Array;
  /** Confusions that shrank most (most negative rate change first). */
  readonly improved: readonly PairChange[];
  /** Confusions that grew most. */
  readonly regressed: readonly PairChange[];
}

/** Both reports' labels on one order, and where each report's labels go in it. */
function alignLabels(reports: readonly ClassificationReport[]): { labels: string[]; maps: Int32Array[] } {
  const distinct = [...new Set(reports.flatMap((r) => r.labels))];
  const order = orderLabels(distinct);
  const at = new Map(distinct.map((l, i) => [l, order.index[i]!]));
  return { labels: order.labels, maps: reports.map((r) => Int32Array.from(r.labels, (l) => at.get(l)!)) };
}

function align(r: ClassificationReport, map: Int32Array, k: number): Int32Array {
  // Past MAX_MATRIX_CLASSES a report has no matrix: such files are not compared cell by cell.
  if (!r.confusion) throw new Error(`${r.labels.length} classes: no confusion matrix to compare`);
  const confusion = r.confusion;
  const m = new Int32Array(k * k);
  const n = r.labels.length;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const at = map[i]! * k + map[j]!;
      m[at] = m[at]! + confusion[i * n + j]!;
    }
  return m;
}

export function compareConfusions(
  before: ClassificationReport,
  after: ClassificationReport,
  top = 5,
): ConfusionComparison {
  const { labels, maps } = alignLabels([before, after]);
  const k = labels.length;
  const a = align(before, maps[0]!, k);
  const b = align(after, maps[1]!, k);
  const difference = new Int32Array(k * k);
  const rateDifference = new Float64Array(k * k);
  const changes: PairChange[] = [];
  for (let i = 0; i < k; i++) {
    let rowA = 0,
      rowB = 0;
    for (let j = 0; j < k; j++) {
      rowA += a[i * k + j]!;
      rowB += b[i * k + j]!;
    }
    for (let j = 0; j < k; j++) {
      const at = i * k + j;
      difference[at] = b[at]! - a[at]!;
      const rate = (rowB > 0 ? b[at]! / rowB : 0) - (rowA > 0 ? a[at]! / rowA : 0);
      rateDifference[at] = rate;
      if (i !== j && rate !== 0)
        changes.push({
          trueLabel: labels[i]!,
          predictedLabel: labels[j]!,
          before: a[at]!,
          after: b[at]!,
          rateChange: rate,
        });
    }
  }
  const improved = changes
    .filter((c) => c.rateChange < 0)
    .sort((x, y) => x.rateChange - y.rateChange)
    .slice(0, top);
  const regressed = changes
    .filter((c) => c.rateChange > 0)
    .sort((x, y) => y.rateChange - x.rateChange)
    .slice(0, top);
  return { labels, before: a, after: b, difference, rateDifference, improved, regressed };
}

export interface SeriesPoint {
  readonly source: string;
  readonly n: number;
  readonly accuracy: number;
  readonly balancedAccuracy: number;
  readonly macroF1: number;
  /** Binary ROC AUC, or the one-vs-rest macro AUC; NaN without scores. */
  readonly rocAuc: number;
  /** F1 of each class of the series' labels (NaN where the file has no such class). */
  readonly perClassF1: Float64Array;
}

export interface EvaluationSeries {
  readonly labels: readonly string[];
  readonly points: readonly SeriesPoint[];
}

/** Files in the order given (sort them by epoch or date first). */
export function seriesOfEvaluations(
  evaluations: readonly (ClassificationEvaluation | MatrixEvaluation)[],
): EvaluationSeries {
  const { labels, maps } = alignLabels(evaluations.map((e) => e.report));
  const points = evaluations.map((e, f) => {
    const perClassF1 = new Float64Array(labels.length).fill(NaN);
    e.report.perClass.forEach((c, i) => {
      perClassF1[maps[f]![i]!] = c.f1;
    });
    const auc = e.kind === 'classification' ? (e.binary?.rocAuc ?? e.probabilities?.ovr.rocAucMacro ?? NaN) : NaN;
    return {
      source: e.source,
      n: e.report.n,
      accuracy: e.report.accuracy,
      balancedAccuracy: e.report.balancedAccuracy,
      macroF1: e.report.macro.f1,
      rocAuc: auc,
      perClassF1,
    };
  });
  return { labels, points };
}
