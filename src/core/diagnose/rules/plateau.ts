/**
 * `plateau` (info): the training loss stopped improving while training goes on — what
 * ReduceLROnPlateau watches for: no new best by `minDelta` for `patience` evaluations, or, from where it bent,
 * a creep slower than `minDelta` per `patience` evaluations (see `creepStart`). Only a plateau that lasts to the latest evaluation counts: one the
 * run has already left behind needs no action, and a curve clearly falling over the last `patience`
 * evaluations (Kendall's tau ≤ −0.5: it rose above its best and is coming back down) is not flat.
 */

import type { Finding } from '../../model/findings';
import { findingAt, num, percent, placeOf, type RuleContext } from '../finding';
import { kendallTau, medianOf } from '../robust';
import type { Curve } from '../track';
import { lastImprovement } from './earlyStopping';

/**
 * Where a slow creep starts: the earliest evaluation from which no `patience` evaluations improve on the
 * `patience` before them by `minDelta`, comparing medians (so a lucky low does not restart the count, and a
 * loss creeping down by 1 % every 20 evaluations is flat from its bend, not from its last 1 % step). −1 when
 * the curve is too short for two windows or still improves at its end.
 */
function creepStart(v: Float64Array, n: number, lowerIsBetter: boolean, minDelta: number, patience: number): number {
  if (n < 2 * patience) return -1;
  const med: number[] = [];
  for (let j = 0; j + patience <= n; j++) med.push(medianOf(v, j, j + patience));
  let start = -1;
  // Walk back from the last pair of windows while each window fails to improve on the one before it.
  for (let j = med.length - 1 - patience; j >= 0; j--) {
    const before = med[j]!,
      after = med[j + patience]!;
    const margin = minDelta * Math.abs(before);
    const improved = lowerIsBetter ? after < before - margin : after > before + margin;
    if (improved || !Number.isFinite(before) || !Number.isFinite(after)) break;
    start = j;
  }
  if (start < 0) return -1;
  // A window's median reaches the flat level while the window still holds the end of the fall (2.3 → 0.3 by
  // epoch 10, flat after: the window from epoch 6 has median 0.3): the stall starts at its first value that has
  // come down to that level.
  const level = med[start]!;
  const margin = minDelta * Math.abs(level);
  for (let k = start; k < n; k++) if (lowerIsBetter ? v[k]! <= level + margin : v[k]! >= level - margin) return k;
  return -1;
}

export function detectPlateau(curve: Curve, lowerIsBetter: boolean, ctx: RuleContext): Finding[] {
  const n = curve.length;
  const minDelta = ctx.params['minDelta']!;
  const patience = ctx.params['patience']!;
  const raw = lastImprovement(curve.values, n, lowerIsBetter, minDelta);
  if (raw < 0) return [];
  // The stall starts after the last improvement of the best, or earlier where the medians stopped improving.
  const creep = creepStart(curve.values, n, lowerIsBetter, minDelta, patience);
  const b = creep >= 0 && creep < raw ? creep : raw;
  if (b + 1 >= n) return [];
  const stalled = n - 1 - b;
  if (stalled < patience) return [];
  // Still falling steadily (it fell back above its best and is coming down again): not flat.
  if (kendallTau(curve.values, n - patience, n) <= -0.5) return [];
  const s = curve.series;
  const bestPoint = curve.last[b]!;
  const best = curve.values[b]!;
  // From a creep's start the best may still edge down: say what the medians did, not that the best held.
  const message =
    b === raw
      ? `${s.name} has not improved by ${percent(minDelta)} for ${stalled} evaluations, since ${num(best)} at ${placeOf(ctx, s, bestPoint)}.`
      : `${s.name} has improved by less than ${percent(minDelta)} per ${patience} evaluations for ${stalled} evaluations, ` +
        `since ${placeOf(ctx, s, bestPoint)}: the median of ${patience} went from ${num(medianOf(curve.values, b, b + patience))} ` +
        `to ${num(medianOf(curve.values, n - patience, n))}.`;
  return [
    findingAt(ctx, s, curve.first[b + 1]!, {
      message,
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
