/**
 * `suspiciousValidation`: validation identical to training, or at least as good as training for the
 * whole later half of the run. Early in training validation often looks better (the training figure
 * is an average over an epoch in which the model improved, and dropout is off at evaluation); in a
 * healthy run the curves cross within the first `minEvaluations` or so. When they never do, the
 * validation data may overlap the training data, or the two splits may be logged under each
 * other's names. Shown at the rule's severity only when the numbers are identical or validation is
 * as good from the start and far better later (see extremeFromStart); otherwise as information.
 */

import type { Finding } from '../../model/findings';
import { findingAt, num, type RuleContext } from '../finding';
import type { Curve } from '../track';
import { percentScale } from './scale';

/** A validation loss that never fell to half its first value belongs to underfitting, not to leakage (both splits at chance look alike). */
function learned(val: Curve, lowerIsBetter: boolean): boolean {
  if (!lowerIsBetter) return true;
  let first = NaN,
    lowest = Infinity;
  for (let j = 0; j < val.length; j++) {
    const v = val.values[j]!;
    if (!Number.isFinite(v)) continue;
    if (Number.isNaN(first)) first = v;
    if (v < lowest) lowest = v;
  }
  return first > 0 && lowest <= 0.5 * first;
}

/** Far better than training: a validation loss at most half the training loss (or half its error, for a score). */
const EXTREME = 0.5;

/**
 * Validation at least as good as training at `fraction` of all the evaluations (from the start), and
 * far better at `fraction` of the later half. Dropout, augmentation (YOLO's mosaic) and an epoch's
 * average make training figures worse by a margin that stays moderate (validation 0.6-0.9 of
 * training); swapped splits show validation a small fraction of training as the model fits.
 */
function extremeFromStart(
  train: Curve,
  val: Curve,
  trainAtVal: Float64Array,
  at: readonly number[],
  lowerIsBetter: boolean,
  fraction: number,
): boolean {
  const top = lowerIsBetter ? 0 : percentScale(train.values, val.values);
  const m = at.length;
  let asGood = 0,
    far = 0;
  for (let k = 0; k < m; k++) {
    const t = trainAtVal[at[k]!]!,
      v = val.values[at[k]!]!;
    if (lowerIsBetter ? v <= t : v >= t) asGood++;
    if (k >= m >> 1 && (lowerIsBetter ? t > 0 && v <= EXTREME * t : t < top && top - v <= EXTREME * (top - t))) far++;
  }
  return asGood >= fraction * m && far >= fraction * (m - (m >> 1));
}

export function detectSuspiciousValidation(
  train: Curve,
  val: Curve,
  trainAtVal: Float64Array,
  lowerIsBetter: boolean,
  ctx: RuleContext,
): Finding[] {
  const minEvaluations = ctx.params['minEvaluations']!;
  const fraction = ctx.params['fraction']!;
  const tolerance = ctx.params['tolerance']!;
  const at: number[] = [];
  for (let j = 0; j < val.length; j++) {
    if (Number.isFinite(trainAtVal[j]!) && Number.isFinite(val.values[j]!)) at.push(j);
  }
  const m = at.length;
  if (m < minEvaluations) return [];
  const s = val.series;
  const first = val.first[at[0]!]!;
  const end = val.last[at[m - 1]!]!;
  let equal = 0;
  for (const j of at) {
    const t = trainAtVal[j]!,
      v = val.values[j]!;
    if (Math.abs(v - t) <= 1e-9 * Math.max(Math.abs(v), Math.abs(t))) equal++;
  }
  if (equal >= fraction * m) {
    return [
      findingAt(ctx, s, first, {
        message: `${s.name} equals ${train.series.name} at ${equal} of ${m} evaluations: the same numbers are probably logged under both names.`,
        hint: 'try: check that validation is computed on the validation loader and logged under its own name',
        detail: { equalEvaluations: equal, evaluations: m },
        from: first,
        to: end,
      }),
    ];
  }
  if (!learned(val, lowerIsBetter)) return [];
  const half = m >> 1;
  let asGood = 0;
  for (let k = half; k < m; k++) {
    const j = at[k]!;
    const t = trainAtVal[j]!,
      v = val.values[j]!;
    const slack = tolerance * Math.abs(t);
    if (lowerIsBetter ? v <= t + slack : v >= t - slack) asGood++;
  }
  const later = m - half;
  if (asGood < fraction * later) return [];
  const last = at[m - 1]!;
  // A training loss of single logging steps (smoothed, or written at fractional epochs) is measured on a few batches
  // in training mode (dropout, augmentation such as SpecAugment on), a Trainer's averaged over the interval before the
  // evaluation (so it lags a fast fall) against a whole validation set: its ratio to validation says too little.
  const shown =
    !train.smoothed && !train.fractional && extremeFromStart(train, val, trainAtVal, at, lowerIsBetter, fraction)
      ? ctx
      : { ...ctx, severity: 'info' as const };
  return [
    findingAt(shown, s, first, {
      message:
        `${s.name} has been at least as good as ${train.series.name} at ${asGood} of the last ${later} evaluations ` +
        `(${num(val.values[last]!)} vs ${num(trainAtVal[last]!)} at the end): validation that is as easy as training suggests leakage or swapped splits.`,
      hint: 'try: check that no validation sample (or a near-duplicate, an augmented copy, the same subject) is in the training set, and that train and validation metrics are logged under the right names (dropout and augmentation also make training figures look worse)',
      detail: {
        asGoodEvaluations: asGood,
        laterEvaluations: later,
        valValue: val.values[last]!,
        trainValue: trainAtVal[last]!,
      },
      from: first,
      to: end,
    }),
  ];
}
