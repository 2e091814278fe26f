/**
 * `underfitting`: the model does not fit even its training data. Either the training loss is still
 * within `minDrop` of its first value after `minEvaluations` evaluations, or training accuracy has
 * stayed at or below `maxTrainAccuracy`, within 2 points of one level, for `window` evaluations. A
 * run that is merely early in training shows neither: its loss falls fast.
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
