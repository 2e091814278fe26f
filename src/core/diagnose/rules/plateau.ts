/**
 * `plateau` (info): the training loss stopped improving while training goes on — what
 * ReduceLROnPlateau watches for. Only a plateau that lasts to the latest evaluation counts: one the
 * run has already left behind needs no action, and a curve clearly falling over the last `patience`
 * evaluations (Kendall's tau ≤ −0.5: it rose above its best and is coming back down) is not flat.
 */

import type { Finding } from '../../model/findings';
import { findingAt, num, percent, placeOf, type RuleContext } from '../finding';
import { kendallTau } from '../robust';
import type { Curve } from '../track';
import { lastImprovement } from './earlyStopping';

export function detectPlateau(curve: Curve, lowerIsBetter: boolean, ctx: RuleContext): Finding[] {
  const n = curve.length;
  const minDelta = ctx.params['minDelta']!;
  const b = lastImprovement(curve.values, n, lowerIsBetter, minDelta);
  if (b < 0 || b + 1 >= n) return [];
  const stalled = n - 1 - b;
  if (stalled < ctx.params['patience']!) return [];
  // Still falling steadily (it fell back above its best and is coming down again): not flat.
  if (kendallTau(curve.values, n - ctx.params['patience']!, n) <= -0.5) return [];
  const s = curve.series;
  const bestPoint = curve.last[b]!;
  const best = curve.values[b]!;
  return [
    findingAt(ctx, s, curve.first[b + 1]!, {
      message: `${s.name} has not improved by ${percent(minDelta)} for ${stalled} evaluations, since ${num(best)} at ${placeOf(ctx, s, bestPoint)}.`,
      hint: 'try: lowering the learning rate when progress stalls (ReduceLROnPlateau), or stopping training there',
      detail: {
        bestValue: best,
        bestStep: s.step(bestPoint),
        evaluationsWithoutImprovement: stalled,
        lastValue: curve.values[n - 1]!,
      },
      from: curve.first[b + 1]!,
      to: curve.last[n - 1]!,
    }),
  ];
}
