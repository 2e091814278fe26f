/**
 * Findings about a predictions file: its integrity (NaN scores, scores outside [0, 1],
 * probabilities that do not sum to 1, predicted classes that never occur, a model that predicts
 * one class) and what its numbers mean (`accuracyParadox`, `chanceLevel`). One sentence with the
 * numbers each, and a short hint.
 */

import type { Finding } from '../model/findings';
import type { Predictions } from './predictions';
import type { ClassificationReport } from './report';

export interface FindingOptions {
  /** "A few points": accuracy this close to the majority share (or below it) is the paradox. Default 0.03. */
  readonly paradoxMargin?: number;
  /** A class this small (share of rows) is too small to count for the recall rule. Default 0.01. */
  readonly minClassShare?: number;
  /** Probabilities off 1 by more than this are not rounding. Default 0.01. */
  readonly sumTolerance?: number;
}

const short = (v: number): string => String(Number(v.toFixed(3)));
const quote = (label: string): string => JSON.stringify(label);
/** Classes a finding names one by one; past it, how many more. */
const MAX_NAMED_CLASSES = 20;

/** `accuracyParadox` and `chanceLevel`, from the report alone (works for precomputed matrices too). */
export function reportFindings(source: string, report: ClassificationReport, options: FindingOptions = {}): Finding[] {
  const out: Finding[] = [];
  const { perClass, n, accuracy, balancedAccuracy } = report;
  const present = perClass.filter((c) => c.support > 0);
  if (n === 0 || present.length < 2) return out;
  const majority = present.reduce((a, b) => (b.support > a.support ? b : a));
  const majorityShare = majority.support / n;
  const minShare = options.minClassShare ?? 0.01;
  const worst = present
    .filter((c) => c.support >= minShare * n)
    .reduce((a, b) => (b.recall < a.recall ? b : a), majority);
  const margin = options.paradoxMargin ?? 0.03;
  const imbalanced = majorityShare >= 1.5 / present.length;
  const nearBaseline = imbalanced && accuracy <= majorityShare + margin;
  const hiddenMiss = accuracy >= 0.9 && worst.recall <= 0.5;
  if (nearBaseline || hiddenMiss) {
    const relation =
      accuracy < majorityShare ? 'below' : accuracy <= majorityShare + margin ? 'within a few points of' : 'above';
    out.push({
      rule: 'accuracyParadox',
      severity: 'warning',
      source,
      message: `Accuracy ${short(accuracy)} is ${relation} the ${short(majorityShare)} of always predicting ${quote(majority.label)}; balanced accuracy is ${short(balancedAccuracy)} and recall of ${quote(worst.label)} is ${short(worst.recall)}.`,
      hint: 'try: judge by balanced accuracy or macro F1, rebalance or reweight the classes, or choose a threshold for the rare class',
      detail: {
        accuracy,
        majorityBaseline: majorityShare,
        majorityClass: majority.label,
        balancedAccuracy,
        worstRecall: worst.recall,
        worstClass: worst.label,
      },
    });
  }
  const chance = 1 / present.length;
  if (accuracy <= chance) {
    out.push({
      rule: 'chanceLevel',
      severity: 'warning',
      source,
      message: `Accuracy ${short(accuracy)} is at or below chance (${short(chance)} for ${present.length} classes): the predictions are no better than guessing.`,
      hint: 'try: check that labels and inputs line up (shuffled or shifted rows), then train longer, with more capacity or a lower learning rate',
      detail: { accuracy, chance, classes: present.length },
    });
  }
  return out;
}

/** Integrity of the rows: scores, probabilities and predicted classes. */
export function integrityFindings(
  p: Predictions,
  report: ClassificationReport,
  options: FindingOptions = {},
): Finding[] {
  const out: Finding[] = [];
  const source = p.source;
  if (p.score && p.columns.score) out.push(...scoreFindings(p, p.score, p.columns.score));
  if (p.proba && p.probaLabels) out.push(...probabilityFindings(p, p.proba, options.sumTolerance ?? 0.01));

  // By index: a label looked up by name for each class was k² comparisons (1 s on the host at 20 000 classes).
  const never = report.perClass
    .map((c, i) => ({ label: c.label, rows: report.predicted[i]! }))
    .filter((c, i) => report.perClass[i]!.support === 0 && c.rows > 0);
  if (never.length > 0) {
    // Named up to a bound: a file may predict thousands of classes that never occur.
    const named = never.slice(0, MAX_NAMED_CLASSES).map((c) => `${quote(c.label)} (${c.rows} rows)`);
    if (never.length > MAX_NAMED_CLASSES) named.push(`${never.length - MAX_NAMED_CLASSES} more`);
    out.push({
      rule: 'predictedNotTrue',
      severity: 'warning',
      source,
      ...(p.columns.pred ? { metric: p.columns.pred } : {}),
      message: `The model predicts ${named.join(', ')}, ${never.length === 1 ? 'a class that never occurs' : 'classes that never occur'} as a true label.`,
      hint: 'try: check that true and predicted labels use the same names and encoding (0/1 vs "yes"/"no", label maps)',
      detail: {
        classes: never
          .slice(0, MAX_NAMED_CLASSES)
          .map((c) => c.label)
          .join(', '),
      },
    });
  }
  const predicted = report.labels.filter((_, i) => report.predicted[i]! > 0);
  const trueClasses = report.perClass.filter((c) => c.support > 0).length;
  if (predicted.length === 1 && trueClasses >= 2) {
    out.push({
      rule: 'oneClassPredicted',
      severity: 'warning',
      source,
      ...(p.columns.pred ? { metric: p.columns.pred } : {}),
      message: `Every one of the ${report.n} rows is predicted ${quote(predicted[0]!)}, though ${trueClasses} classes occur as true labels.`,
      hint: 'try: rebalance or reweight the classes, check the threshold, or check that the model was trained at all',
      detail: { predicted: predicted[0]!, classes: trueClasses },
    });
  }
  return out;
}

function scoreFindings(p: Predictions, score: Float64Array, column: string): Finding[] {
  const out: Finding[] = [];
  let nan = 0,
    firstNan = -1,
    outside = 0,
    firstOutside = -1;
  let min = Infinity,
    max = -Infinity;
  for (let i = 0; i < score.length; i++) {
    const v = score[i]!;
    if (v !== v) {
      if (nan++ === 0) firstNan = i;
      continue;
    }
    if (v < 0 || v > 1) {
      if (outside++ === 0) firstOutside = i;
    }
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (nan > 0) {
    out.push({
      rule: 'nanScore',
      severity: 'warning',
      source: p.source,
      metric: column,
      line: p.lines[firstNan]!,
      message: `${nan} ${nan === 1 ? 'row has' : 'rows have'} no usable score in "${column}" (NaN or empty), first on line ${p.lines[firstNan]}; they are left out of the ROC and PR curves and count as predicted negative.`,
      hint: 'try: look for NaN in the model outputs (overflow, empty inputs) before saving the predictions',
      detail: { rows: nan },
    });
  }
  if (outside > 0) {
    out.push({
      rule: 'scoreOutOfRange',
      severity: 'info',
      source: p.source,
      metric: column,
      line: p.lines[firstOutside]!,
      message: `${outside} scores in "${column}" are outside [0, 1] (from ${short(min)} to ${short(max)}, first on line ${p.lines[firstOutside]}): ROC and PR still hold, but calibration and log loss need probabilities.`,
      hint: 'try: save probabilities (predict_proba, a sigmoid of the logits) rather than raw scores',
      detail: { rows: outside, min, max },
    });
  }
  return out;
}

function probabilityFindings(p: Predictions, proba: readonly Float64Array[], tolerance: number): Finding[] {
  const out: Finding[] = [];
  const names = p.columns.proba ?? [];
  let nan = 0,
    firstNan = -1,
    outside = 0,
    firstOutside = -1,
    off = 0,
    firstOff = -1,
    firstSum = 0;
  const coversAll = proba.length === p.labels.length;
  for (let i = 0; i < p.n; i++) {
    let sum = 0;
    let hasNan = false;
    for (const column of proba) {
      const v = column[i]!;
      if (v !== v) {
        hasNan = true;
        continue;
      }
      if (v < 0 || v > 1) {
        if (outside++ === 0) firstOutside = i;
      }
      sum += v;
    }
    if (hasNan) {
      if (nan++ === 0) firstNan = i;
      continue;
    }
    if (coversAll && Math.abs(sum - 1) > tolerance) {
      if (off++ === 0) {
        firstOff = i;
        firstSum = sum;
      }
    }
  }
  const metric = names.join(', ');
  if (nan > 0) {
    out.push({
      rule: 'nanScore',
      severity: 'warning',
      source: p.source,
      metric,
      line: p.lines[firstNan]!,
      message: `${nan} ${nan === 1 ? 'row has' : 'rows have'} a NaN or empty class probability, first on line ${p.lines[firstNan]}; they are left out of the probability metrics.`,
      hint: 'try: look for NaN in the model outputs (overflow in the softmax, empty inputs) before saving',
      detail: { rows: nan },
    });
  }
  if (outside > 0) {
    out.push({
      rule: 'scoreOutOfRange',
      severity: 'warning',
      source: p.source,
      metric,
      line: p.lines[firstOutside]!,
      message: `${outside} class probabilities are outside [0, 1], first on line ${p.lines[firstOutside]}: these look like logits, not probabilities.`,
      hint: 'try: apply a softmax to the outputs before saving them',
      detail: { values: outside },
    });
  }
  if (off > 0) {
    out.push({
      rule: 'probabilitySum',
      severity: 'warning',
      source: p.source,
      metric,
      line: p.lines[firstOff]!,
      message: `${off} ${off === 1 ? "row's" : "rows'"} class probabilities do not sum to 1 (${short(firstSum)} on line ${p.lines[firstOff]}), more than rounding explains.`,
      hint: 'try: save the softmax of the outputs (predict_proba) with every class as a column',
      detail: { rows: off, firstSum },
    });
  }
  return out;
}
