/**
 * `generalizationGap`: training accuracy (or another higher-is-better metric) far above validation,
 * and the gap still widening: the median gap of the last `window` evaluations is at least `minGap`
 * points and larger than the median of the `window` before.
 */

import type { Finding } from '../../model/findings';
import { findingAt, num, placeOf, type RuleContext } from '../finding';
import { medianOf } from '../robust';
import type { Curve } from '../track';
import { percentScale } from './scale';

export function detectGeneralizationGap(
  train: Curve,
  val: Curve,
  trainAtVal: Float64Array,
  ctx: RuleContext,
): Finding[] {
  const minGap = ctx.params['minGap']!;
  const w = ctx.params['window']!;
  const toPoints = 100 / percentScale(train.values, val.values);
  const at: number[] = [];
  const gaps: number[] = [];
  for (let j = 0; j < val.length; j++) {
    const t = trainAtVal[j]!,
      v = val.values[j]!;
    if (Number.isFinite(t) && Number.isFinite(v)) {
      at.push(j);
      gaps.push((t - v) * toPoints);
    }
  }
  const m = gaps.length;
  if (m < 2 * w) return [];
  const recent = medianOf(gaps, m - w, m);
  const before = medianOf(gaps, m - 2 * w, m - w);
  if (!(recent >= minGap && recent > before)) return [];
  // Where the gap became large and stayed so.
  let k = m - 1;
  while (k > 0 && gaps[k - 1]! >= minGap) k--;
  const s = val.series;
  const startUnit = at[k]!;
  const lastUnit = at[m - 1]!;
  const tNow = trainAtVal[lastUnit]!,
    vNow = val.values[lastUnit]!;
  return [
    findingAt(ctx, s, val.first[startUnit]!, {
      message:
        `${train.series.name} is ${num(recent)} points above ${s.name} (${num(tNow)} vs ${num(vNow)} at ${placeOf(ctx, s, val.last[lastUnit]!)}), ` +
        `and the gap grew by ${num(recent - before)} points over the last ${w} evaluations; it first reached ${num(minGap)} points at ${placeOf(ctx, s, val.last[startUnit]!)}.`,
      hint: 'try: more regularisation (dropout, weight decay, data augmentation), more training data, or early stopping',
      detail: { gapPoints: recent, previousGapPoints: before, trainValue: tNow, valValue: vNow },
      from: val.first[startUnit]!,
      to: val.last[lastUnit]!,
    }),
  ];
}
