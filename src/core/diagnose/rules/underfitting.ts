/**
 * `underfitting`: the model does not fit even its training data. Either the training loss is still
 * within `minDrop` of its first value after `minEvaluations` evaluations, or training accuracy has
 * stayed at or below `maxTrainAccuracy`, within 2 points of one level, for `window` evaluations. A
 * run that is merely early in training shows neither: its loss falls fast.
 *
 * Also any loss, training or validation, that never moved from where it started (`detectFrozenLoss`).
 */

import type { Finding } from '../../model/findings';
import { findingAt, num, percent, placeOf, type RuleContext } from '../finding';
import { medianOf } from '../robust';
import type { Curve } from '../track';
import { percentScale } from './scale';

export function detectUnderfitting(
  trainLoss: Curve | undefined,
  trainAccuracy: Curve | undefined,
  ctx: RuleContext,
): Finding[] {
  return (trainLoss && barelyLearning(trainLoss, ctx)) ?? (trainAccuracy && lowFlatAccuracy(trainAccuracy, ctx)) ?? [];
}

function barelyLearning(c: Curve, ctx: RuleContext): Finding[] | undefined {
  const n = c.length;
  if (n < ctx.params['minEvaluations']!) return undefined;
  let f = 0;
  while (f < n && !Number.isFinite(c.values[f]!)) f++;
  if (f >= n) return undefined;
  const first = c.values[f]!;
  const recent = medianOf(c.values, n - 3, n);
  // Its lowest value, not its latest: a loss that fell and then rose again diverged instead.
  let lowest = first;
  for (let j = f; j < n; j++) if (c.values[j]! < lowest) lowest = c.values[j]!;
  if (!(first > 0) || !(lowest >= (1 - ctx.params['minDrop']!) * first)) return undefined;
  const s = c.series;
  return [
    findingAt(ctx, s, c.first[f]!, {
      message: `${s.name} has not gone below ${percent(lowest / first)} of its first value (${num(first)}, now ${num(recent)}) in ${n} evaluations: the model is barely learning.`,
      hint: 'try: more capacity (wider or deeper), a higher learning rate, longer training; check that inputs are scaled and labels are right',
      detail: { firstValue: first, lowest, recentMedian: recent, evaluations: n },
      from: c.first[f]!,
      to: c.last[n - 1]!,
    }),
  ];
}

/** Two points of accuracy: less than that over `window` evaluations is flat. */
const FLAT = 0.02;

function lowFlatAccuracy(c: Curve, ctx: RuleContext): Finding[] | undefined {
  const ceiling = ctx.params['maxTrainAccuracy']!;
  const w = ctx.params['window']!;
  const n = c.length;
  if (ceiling <= 0 || n < Math.max(w, ctx.params['minEvaluations']!)) return undefined;
  const scale = percentScale(c.values);
  const recent = medianOf(c.values, n - 3, n) / scale;
  if (!(recent <= ceiling)) return undefined;
  // Where the low, flat stretch began (a place that stays put as the run grows); it must span `window` evaluations.
  let k = n - 1;
  while (k > 0 && Math.abs(c.values[k - 1]! / scale - recent) <= FLAT) k--;
  if (n - k < w) return undefined;
  const earlier = medianOf(c.values, k, k + 3) / scale;
  const s = c.series;
  const from = c.first[k]!;
  return [
    findingAt(ctx, s, from, {
      message: `${s.name} has stayed at about ${percent(recent)} since ${placeOf(ctx, s, c.last[k]!)} (${n - k} evaluations; at most ${percent(ceiling)} counts as low): the model cannot fit its own training data.`,
      hint: 'try: more capacity (wider or deeper), a higher learning rate, longer training; check that inputs are scaled and labels are right',
      detail: { trainAccuracy: recent, earlierAccuracy: earlier, evaluations: n - k },
      from,
      to: c.last[n - 1]!,
    }),
  ];
}

/** A loss that stays within this share of its lowest value over the whole curve has not moved. */
const FROZEN_BAND = 0.01;
/** Over at least this many evaluations (a fine-tuned model's validation loss may sit within 1 % for five). */
const FROZEN_MIN_EVALUATIONS = 20;

/**
 * A loss that never moved: every value of the curve, over at least FROZEN_MIN_EVALUATIONS evaluations,
 * within FROZEN_BAND of its lowest. The training loss's own test (`minDrop` of its first value) is for
 * the training loss; this one holds for any loss the rules judge, validation included, since a model
 * still learning moves every loss by more than 1 % over 20 evaluations. Measured on the judged runs: a
 * detector that never detects has its three validation losses within 0.04 to 0.4 % for 100 epochs;
 * the flattest healthy loss over 20 evaluations or more moves 3.9 % (and 2.6 % over 15).
 */
export function detectFrozenLoss(c: Curve, ctx: RuleContext): Finding[] {
  const v = c.values;
  const n = c.length;
  if (n < FROZEN_MIN_EVALUATIONS) return [];
  let lo = Infinity,
    hi = -Infinity,
    f = -1;
  for (let i = 0; i < n; i++) {
    const x = v[i]!;
    if (!Number.isFinite(x)) continue;
    if (f < 0) f = i;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  if (f < 0 || !(lo > 0) || hi - lo > FROZEN_BAND * lo) return [];
  const s = c.series;
  const from = c.first[f]!;
  const recent = medianOf(v, n - 3, n);
  return [
    findingAt(ctx, s, from, {
      message: `${s.name} has stayed within ${percent(FROZEN_BAND)} of ${num(lo)} for all ${n} evaluations (now ${num(recent)}): the model is not learning.`,
      hint: 'check that labels match the inputs and the loss is the right one; try a higher learning rate, more capacity',
      detail: { frozenLevel: lo, highest: hi, evaluations: n },
      from,
      to: c.last[n - 1]!,
    }),
  ];
}

/**
 * A model that learns nothing is one problem however many of its losses show it (a detector's box,
 * class and distribution losses frozen together): one finding, the earliest of the most severe, naming the others.
 */
export function oneFrozenLoss(findings: readonly Finding[]): Finding[] {
  const frozen = findings.filter(isFrozenLoss);
  if (frozen.length < 2) return [...findings];
  const rank = (f: Finding) => (f.severity === 'error' ? 0 : f.severity === 'warning' ? 1 : 2);
  const lead = [...frozen].sort((x, y) => rank(x) - rank(y) || (x.step ?? 0) - (y.step ?? 0))[0]!;
  const others = frozen.filter((f) => f !== lead).map((f) => f.metric!);
  const merged: Finding = {
    ...lead,
    message: `${lead.message} The same on ${others.join(', ')}.`,
    detail: { ...(lead.detail ?? {}), alsoOn: others.join(', ') },
  };
  return findings.filter((f) => !isFrozenLoss(f)).concat(merged);
}

function isFrozenLoss(f: Finding): boolean {
  return f.rule === 'underfitting' && f.detail?.['frozenLevel'] !== undefined;
}
