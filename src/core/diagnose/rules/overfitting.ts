/**
 * `overfitting`: validation loss turned upward after its best while training loss kept falling.
 * The best is the raw minimum (what early stopping would restore, and what the message names).
 * Turned upward: the median of the last `patience` evaluations is `minDelta` above the best, and
 * the evaluations since the best rise as a trend (Mann–Kendall z ≥ `minTrendZ`) — so one bad
 * evaluation does not trigger it, and a lucky low evaluation on a noisy, flat curve (after which
 * nothing rises) is not taken for a turn.
 *
 * A short run (at most twice `patience` evaluations, as Hugging Face runs evaluated a few times are)
 * cannot wait `patience` evaluations after its best: there, at least SHORT_RISE evaluations after the
 * best, each above the one before, are the turn (the best may be the first evaluation).
 */

import type { Finding } from '../../model/findings';
import { findingAt, num, percent, placeOf, spanBetween, type RuleContext } from '../finding';
import { argBest, mannKendallZ, medianOf } from '../robust';
import type { Curve } from '../track';

/** Evaluations after the best, each above the one before, that make a short run's turn. */
const SHORT_RISE = 3;

/** Whether v rises at each index from `from` to `to` (exclusive). */
function risesAtEach(v: ArrayLike<number>, from: number, to: number): boolean {
  for (let j = from + 1; j < to; j++) if (!(v[j]! > v[j - 1]!)) return false;
  return true;
}

export function detectOverfitting(train: Curve, val: Curve, trainAtVal: Float64Array, ctx: RuleContext): Finding[] {
  return turnAfterBest(train, val, trainAtVal, ctx, false);
}

/**
 * A higher-is-better validation series with no training twin (an accuracy, a test accuracy), judged against
 * the run's training loss: the same test as overfitting on its negation (the best is the highest; the median
 * of the last `patience` evaluations `minDelta` below it, falling as a trend since), while the training loss
 * kept falling. Said as overfitting of the score: it is the held-out side of the model getting worse.
 */
export function detectScoreOverfitting(
  trainLoss: Curve,
  score: Curve,
  trainAtVal: Float64Array,
  ctx: RuleContext,
): Finding[] {
  return turnAfterBest(trainLoss, score, trainAtVal, ctx, true);
}

function turnAfterBest(
  train: Curve,
  val: Curve,
  trainAtVal: Float64Array,
  ctx: RuleContext,
  higherIsBetter: boolean,
): Finding[] {
  const patience = ctx.params['patience']!;
  const minDelta = ctx.params['minDelta']!;
  // Judged as a loss: a score is turned upside down, and turned back for the message.
  const sign = higherIsBetter ? -1 : 1;
  const v = higherIsBetter ? val.values.map((x) => -x) : val.values;
  const n = val.length;
  const b = argBest(v, 0, n, false);
  if (b < 0) return [];
  const after = n - 1 - b;
  // A short run judged on a rise at each evaluation since the best, over the evaluations it has.
  const short = after < patience && n <= 2 * patience && after >= SHORT_RISE && risesAtEach(v, b, n);
  if (after < patience && !short) return [];
  const window = short ? after : patience;
  const best = v[b]!;
  const recent = medianOf(v, n - window, n);
  if (!(recent > best && recent >= best + minDelta * Math.abs(best))) return [];
  const trend = mannKendallZ(v, b + 1, n);
  if (trend < ctx.params['minTrendZ']!) return [];
  const trainAtBest = medianOf(trainAtVal, b - 1, b + 2);
  const trainNow = medianOf(trainAtVal, n - window, n);
  if (!(trainNow < trainAtBest)) return [];

  const s = val.series;
  const bestPoint = val.last[b]!;
  const start = val.first[b + 1]!;
  const end = val.last[n - 1]!;
  const saved = spanBetween(ctx, s, bestPoint, end);
  const rise = (recent - best) / Math.abs(best);
  const bestEpoch = s.epoch(bestPoint);
  const moved = higherIsBetter
    ? `fell to ${num(-recent)} (−${percent(rise)})`
    : `rose to ${num(recent)} (+${percent(rise)})`;
  return [
    findingAt(ctx, s, start, {
      message:
        `${s.name} ${moved} in the ${n - 1 - b} evaluations after its best, ` +
        `${num(sign * best)} at ${placeOf(ctx, s, bestPoint)}, while ${train.series.name} kept falling ` +
        `(${num(trainAtBest)} → ${num(trainNow)}); stopping at ${placeOf(ctx, s, bestPoint)} would have saved ${saved.amount} ${saved.unit}.`,
      hint: 'try: early stopping at the best epoch (restore its weights), more regularisation (dropout, weight decay, augmentation) or more training data',
      detail: {
        bestValue: sign * best,
        bestStep: s.step(bestPoint),
        ...(bestEpoch !== undefined ? { bestEpoch } : {}),
        currentValue: sign * v[n - 1]!,
        recentMedian: sign * recent,
        risePercent: rise * 100,
        evaluationsSinceBest: n - 1 - b,
        trendZ: trend,
        trainAtBest,
        trainNow,
        saved: saved.amount,
        savedUnit: saved.unit,
      },
      from: start,
      to: end,
    }),
  ];
}
