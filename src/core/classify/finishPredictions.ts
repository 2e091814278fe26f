/**
 * Turns the columns read from a predictions file into `PredictionsData`: labels ordered as
 * scikit-learn orders them, probability columns matched to classes, the positive class chosen,
 * and predicted labels derived (score >= threshold, or the most probable class) when the file
 * has none.
 */

import { listed, quoted } from '../text/messages';
import type { ColumnPlan } from './columns';
import { confusionFromTable } from './confusionTable';
import { findLabel, labelNumber, orderLabels, type LabelTable } from './labels';
import { repairPairing, type LabelSide } from './pairing';
import { MAX_MATRIX_CLASSES } from './report';
import type { PredictionOptions, Predictions, PredictionsData } from './predictions';

export interface RowColumns {
  readonly names: readonly string[];
  readonly plan: ColumnPlan | undefined;
  readonly table: LabelTable;
  readonly trueIds: Int32Array;
  readonly predIds: Int32Array;
  readonly score: Float64Array;
  readonly proba: readonly Float64Array[];
  /** Columns with no role (undefined once one held text): probabilities when named after a class. */
  readonly others: readonly (Float64Array | undefined)[];
  readonly ids: Float64Array | readonly string[] | undefined;
  readonly lines: Int32Array;
  readonly actual: Float64Array | undefined;
  readonly predicted: Float64Array | undefined;
  readonly matrixRows: readonly (readonly string[])[] | undefined;
  /** The labels of columns with no role (header index → labels), while they have few: see `pairing.ts`. */
  readonly otherLabels?: ReadonlyMap<number, LabelSide>;
}

type Report = (line: number, message: string) => void;

export const DEFAULT_THRESHOLD = 0.5;

export function finishPredictions(
  source: string,
  c: RowColumns,
  options: PredictionOptions,
  report: Report,
): PredictionsData | undefined {
  if (c.matrixRows) {
    const table = confusionFromTable(source, c.names, c.matrixRows);
    if (table) return table;
  }
  const plan = c.plan;
  if (!plan) return undefined;
  const name = (i: number): string => c.names[i]!;
  const idColumn = plan.id >= 0 ? { id: name(plan.id) } : {};

  if (c.actual && c.predicted) {
    return {
      kind: 'regression',
      source,
      n: c.actual.length,
      actual: c.actual,
      predicted: c.predicted,
      ...(c.ids ? { ids: c.ids } : {}),
      lines: c.lines,
      columns: { actual: name(plan.true), predicted: name(plan.pred >= 0 ? plan.pred : plan.score), ...idColumn },
    };
  }
  const n = c.trueIds.length;
  if (n === 0) {
    report(1, 'no prediction rows could be read');
    return undefined;
  }

  // True and predicted labels that share none: another column may be the one meant (see `pairing.ts`).
  let table = c.table;
  let yTrue = c.trueIds;
  let yPred = c.predIds;
  let trueCol = plan.true;
  let predCol = plan.pred;
  /** The named predicted column when it held probabilities (see `pairing.ts`). */
  let predScore: { values: Float64Array; name: string } | undefined;
  if (plan.pred >= 0) {
    const forced = options.trueCol !== undefined || options.predCol !== undefined;
    const fixed = repairPairing(
      c.names,
      { table, ids: yTrue, col: trueCol },
      { table, ids: yPred, col: predCol },
      forced || !c.otherLabels ? new Map() : c.otherLabels,
      report,
    );
    if (fixed) ({ table, trueIds: yTrue, predIds: yPred, trueCol, predCol } = fixed);
    if (fixed?.score) predScore = { values: fixed.score, name: name(fixed.scoreCol!) };
  }

  // A k × k matrix (and scikit-learn's k × k expected counts for kappa) past this many classes would take
  // gigabytes and seconds: the report is computed without it (see `reportWithoutMatrix`), and the file says so.
  if (table.size > MAX_MATRIX_CLASSES) {
    report(
      1,
      `${table.size} distinct classes, over the ${MAX_MATRIX_CLASSES} for which a confusion matrix is computed ` +
        '(its memory grows as the square of the classes): the per-class report and overall metrics are given without it',
    );
  }

  // Probability columns: named with a prefix, else bare class names.
  const dataLabels = table.allTexts().slice();
  const dataOrder = orderLabels(dataLabels);
  const probaIds: number[] = [];
  let probaArrays: Float64Array[] = [];
  let probaNames: string[] = [];
  /** A binary file's one probability column that names no class (`Probability_Malignant` beside labels 0, 1). */
  let unnamedScore: { values: Float64Array; name: string } | undefined;
  if (plan.proba.length > 0) {
    const suffixes = plan.proba.map((p) => p.label);
    const matches = suffixes.filter((s) => classOfColumn(dataOrder.labels, dataOrder.numeric, s) >= 0).length;
    // sklearn's predict_proba columns follow the sorted classes: `p_0`, `p_1`… or `prob_angry`, `prob_happy`… by
    // position when no column names a class and there is one per class of labels 0, 1, 2… (three or more: two
    // columns beside labels 0 and 1 are as often two models' scores, `std_probability` and `tta_probability`).
    const positional =
      matches === 0 &&
      suffixes.length === dataOrder.labels.length &&
      (suffixes.every((s, i) => s === String(i)) ||
        (suffixes.length > 2 && dataOrder.numeric && dataOrder.labels.every((l, i) => labelNumber(l) === i)));
    const unmatched: number[] = [];
    plan.proba.forEach((p, k) => {
      const found = positional ? k : classOfColumn(dataOrder.labels, dataOrder.numeric, p.label);
      // A column that names no class is no class's probability: it never adds a label.
      if (found < 0) {
        unmatched.push(k);
        return;
      }
      probaIds.push(dataLabelId(dataOrder.index, found));
      probaArrays.push(c.proba[k]!);
      probaNames.push(name(p.column));
    });
    if (unmatched.length > 0) {
      const unmatchedNames = unmatched.map((k) => name(plan.proba[k]!.column));
      if (plan.score < 0 && probaIds.length === 0 && dataOrder.labels.length === 2) {
        unnamedScore = { values: c.proba[unmatched[0]!]!, name: unmatchedNames[0]! };
        report(
          1,
          `column ${quoted(unmatchedNames[0]!)} names no class of ${listed(dataOrder.labels, 2)}: it is read as the score of the positive class${unmatchedNames.length > 1 ? `; ${listed(unmatchedNames.slice(1), 5)} ${unmatchedNames.length > 2 ? 'are' : 'is'} not read` : ''} (name another with --score-col, the class with --positive)`,
        );
      } else {
        report(
          1,
          `${unmatchedNames.length === 1 ? 'column' : 'columns'} ${listed(unmatchedNames, 5)} ${unmatchedNames.length === 1 ? 'names' : 'name'} no class of ${listed(dataOrder.labels, 5)}; not read as probabilities`,
        );
      }
    }
  } else {
    plan.others.forEach((col, k) => {
      const values = c.others[k];
      if (!values) return;
      const found = findLabel(dataOrder.labels, dataOrder.numeric, name(col));
      if (found < 0) return;
      probaIds.push(dataLabelId(dataOrder.index, found));
      probaArrays.push(values);
      probaNames.push(name(col));
    });
  }

  const order = orderLabels(table.allTexts());
  const labels = order.labels;
  for (let i = 0; i < n; i++) yTrue[i] = order.index[yTrue[i]!]!;
  for (let i = 0; i < yPred.length; i++) yPred[i] = order.index[yPred[i]!]!;

  // One probability column per class, in label order.
  const byLabel = new Map<number, number>();
  probaIds.forEach((id, k) => {
    const label = order.index[id]!;
    if (byLabel.has(label))
      report(
        1,
        `columns ${quoted(probaNames[byLabel.get(label)!]!)} and ${quoted(probaNames[k]!)} both hold the probability of ${quoted(labels[label]!)}; the first is used`,
      );
    else byLabel.set(label, k);
  });
  const probaOrder = [...byLabel.entries()].sort((a, b) => a[0] - b[0]);
  const probaLabels = Int32Array.from(probaOrder.map(([label]) => label));
  probaArrays = probaOrder.map(([, k]) => probaArrays[k]!);
  probaNames = probaOrder.map(([, k]) => probaNames[k]!);

  let positive = labels.length - 1;
  if (options.positive !== undefined) {
    const found = findLabel(labels, order.numeric, options.positive);
    if (found >= 0) positive = found;
    else
      report(
        1,
        `the positive class ${quoted(options.positive)} is not one of the labels (${listed(labels, 10, false)}); using ${quoted(labels[positive] ?? '')}`,
      );
  }
  if (labels.length < 2) positive = -1;

  let score: Float64Array | undefined;
  let scoreName: string | undefined;
  if (plan.score >= 0) {
    score = c.score;
    scoreName = name(plan.score);
  } else if (predScore && positive >= 0) {
    score = predScore.values;
    scoreName = predScore.name;
  } else if (unnamedScore && positive >= 0) {
    score = unnamedScore.values;
    scoreName = unnamedScore.name;
  } else if (labels.length === 2 && positive >= 0) {
    const k = probaLabels.indexOf(positive);
    if (k >= 0) {
      score = probaArrays[k];
      scoreName = probaNames[k];
    }
  }

  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  let predictedFrom: Predictions['predictedFrom'] = 'column';
  if (predCol < 0) {
    if (score && labels.length === 2) {
      yPred = predictFromScore(score, threshold, positive, 1 - positive);
      predictedFrom = 'threshold';
    } else if (probaArrays.length >= 2) {
      yPred = predictByArgmax(probaArrays, probaLabels, n);
      predictedFrom = 'argmax';
    } else {
      report(
        1,
        labels.length < 2 && score
          ? `only one class (${quoted(labels[0] ?? '')}) in the file: predictions cannot be made from the score; name the predicted-label column with --pred-col`
          : 'no predicted-label column (y_pred, pred, prediction…), and no score or class probabilities to derive one from; name it with --pred-col',
      );
      return undefined;
    }
  }

  return {
    kind: 'classification',
    source,
    n,
    labels,
    numericLabels: order.numeric,
    yTrue,
    yPred,
    predictedFrom,
    ...(score ? { score } : {}),
    positive,
    threshold,
    ...(probaArrays.length > 0 ? { proba: probaArrays, probaLabels } : {}),
    ...(c.ids ? { ids: c.ids } : {}),
    lines: c.lines,
    columns: {
      true: name(trueCol),
      ...(predCol >= 0 ? { pred: name(predCol) } : {}),
      ...(scoreName !== undefined ? { score: scoreName } : {}),
      ...(probaNames.length > 0 ? { proba: probaNames } : {}),
      ...idColumn,
    },
  };
}

/**
 * The class a probability column's name gives (`cat` of `p_cat`), or -1: by the name itself, or by
 * the number it ends in (`prob_class_3` is class 3) when the labels are numbers.
 */
function classOfColumn(labels: readonly string[], numeric: boolean, suffix: string): number {
  const found = findLabel(labels, numeric, suffix);
  if (found >= 0 || !numeric) return found;
  const digits = /(?:^|[^0-9.])(\d+)$/.exec(suffix);
  return digits ? findLabel(labels, numeric, digits[1]!) : -1;
}

/** The interned id behind position `sorted` of an ordering (the first id that maps there). */
function dataLabelId(index: Int32Array, sorted: number): number {
  return index.indexOf(sorted);
}

/** Binary predictions as scikit-learn's curves count them: positive when `score >= threshold`. */
export function predictFromScore(
  score: Float64Array,
  threshold: number,
  positive: number,
  negative: number,
): Int32Array {
  const out = new Int32Array(score.length);
  for (let i = 0; i < score.length; i++) out[i] = score[i]! >= threshold ? positive : negative;
  return out;
}

/** The most probable class (`np.argmax`: the first of equal maxima; NaN counts as lowest here). */
export function predictByArgmax(proba: readonly Float64Array[], probaLabels: Int32Array, n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestValue = -Infinity;
    for (let k = 0; k < proba.length; k++) {
      const v = proba[k]![i]!;
      if (v > bestValue) {
        bestValue = v;
        best = k;
      }
    }
    out[i] = probaLabels[best]!;
  }
  return out;
}
