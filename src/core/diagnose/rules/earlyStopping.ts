/**
 * `earlyStopping` (info): training went on long after the best validation evaluation. A new best
 * must beat the previous one by `minDelta` (as Keras' EarlyStopping), so a run that creeps down by
 * hairs is not counted as still improving; the best it names is the true optimum, as `overfitting` does.
 */

import type { Finding } from '../../model/findings';
import { findingAt, num, placeOf, spanBetween, type RuleContext } from '../finding';
import { argBest } from '../robust';
import type { Curve } from '../track';

/** Index of the last evaluation that improved on the best before it by more than `minDelta` (relative); −1 if none is finite. */
export function lastImprovement(
  values: Float64Array,
  length: number,
  lowerIsBetter: boolean,
  minDelta: number,
): number {
  let b = -1;
  for (let j = 0; j < length; j++) {
    const x = values[j]!;
    if (!Number.isFinite(x)) continue;
    if (b < 0) {
      b = j;
      continue;
    }
    const best = values[b]!;
    const margin = minDelta * Math.abs(best);
    if (lowerIsBetter ? x < best - margin : x > best + margin) b = j;
  }
  return b;
}

export function detectEarlyStopping(val: Curve, lowerIsBetter: boolean, ctx: RuleContext): Finding[] {
  const n = val.length;
  // Whether training stalled: counted from the last improvement by more than `minDelta`…
  const improved = lastImprovement(val.values, n, lowerIsBetter, ctx.params['minDelta']!);
  if (improved < 0) return [];
  if (n - 1 - improved < Math.max(ctx.params['minEvaluations']!, ctx.params['minWasted']! * n)) return [];
  // …but the best named is the true optimum (what restoring the best weights gives, and what overfitting names).
  const b = argBest(val.values, 0, n, !lowerIsBetter);
  const after = n - 1 - b;
  if (after < ctx.params['minEvaluations']!) return [];
  const s = val.series;
  const bestPoint = val.last[b]!;
  const end = val.last[n - 1]!;
  const saved = spanBetween(ctx, s, bestPoint, end);
  // Steps in no useful order (see MAX_SEGMENTS): nothing would have been saved.
  if (!(saved.amount > 0)) return [];
  const best = val.values[b]!;
  const bestEpoch = s.epoch(bestPoint);
  return [
    findingAt(ctx, s, val.first[b + 1]!, {
      message:
        `Best ${s.name} ${num(best)} was at ${placeOf(ctx, s, bestPoint)} and training went on to ${placeOf(ctx, s, end)}; ` +
        `stopping there would have saved ${saved.amount} ${saved.unit}.`,
      hint: `try: early stopping on ${s.name} with a patience of a few evaluations, restoring the best weights`,
      detail: {
        bestValue: best,
        bestStep: s.step(bestPoint),
        ...(bestEpoch !== undefined ? { bestEpoch } : {}),
        evaluationsAfterBest: after,
        saved: saved.amount,
        savedUnit: saved.unit,
        lastValue: val.values[n - 1]!,
      },
      from: val.first[b + 1]!,
      to: end,
    }),
  ];
}
