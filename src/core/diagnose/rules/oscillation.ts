/**
 * `oscillation`: a loss that see-saws between evaluations without settling — the guides' sign of a
 * learning rate too high. A stretch of `window` evaluations oscillates when most consecutive
 * changes reverse direction and the typical change is large against the level of the curve (so
 * evaluation noise on a flat, converged curve does not count).
 */

import type { Finding } from '../../model/findings';
import { findingAt, num, percent, placeOf, type RuleContext } from '../finding';
import { sortSmall, sortedMedian } from '../robust';
import type { Curve } from '../track';

export function detectOscillation(curve: Curve, ctx: RuleContext): Finding[] {
  const w = ctx.params['window']!;
  const minFlips = ctx.params['minFlips']!;
  const minAmplitude = ctx.params['minAmplitude']!;
  const skip = ctx.params['skip']!;
  const minRangeShare = ctx.params['minRangeShare']!;
  // The finite evaluations only, in order: a NaN is the nonFinite rule's business.
  const idx: number[] = [];
  for (let j = skip; j < curve.length; j++) if (Number.isFinite(curve.values[j]!)) idx.push(j);
  if (idx.length < w) return [];
  const v = curve.values;
  // The range of the whole curve, its steep start included: a see-saw small beside what the loss has
  // come down is noise near convergence (a validation loss between 0.01 and 0.03 after 3.6 at the start).
  let curveLo = Infinity,
    curveHi = -Infinity;
  for (let j = 0; j < curve.length; j++) {
    const x = v[j]!;
    if (Number.isFinite(x)) {
      curveLo = Math.min(curveLo, x);
      curveHi = Math.max(curveHi, x);
    }
  }
  const minStep = minRangeShare * (curveHi - curveLo);
  const diffs = new Float64Array(w),
    levels = new Float64Array(w);
  let firstHit = -1,
    lastHitEnd = -1,
    hitFlips = 0,
    hitAmplitude = 0,
    lo = Infinity,
    hi = -Infinity;
  for (let a = 0; a + w <= idx.length; a++) {
    let flips = 0,
      pairs = 0,
      prevSign = 0,
      nd = 0;
    for (let k = 0; k < w; k++) levels[k] = Math.abs(v[idx[a + k]!]!);
    for (let k = 1; k < w; k++) {
      const d = v[idx[a + k]!]! - v[idx[a + k - 1]!]!;
      diffs[nd++] = Math.abs(d);
      const sign = Math.sign(d);
      if (sign === 0) continue;
      if (prevSign !== 0) {
        pairs++;
        if (sign !== prevSign) flips++;
      }
      prevSign = sign;
    }
    if (pairs === 0) continue;
    sortSmall(diffs, nd);
    sortSmall(levels, w);
    const level = sortedMedian(levels, w);
    const typical = sortedMedian(diffs, nd);
    const amplitude = level > 0 ? typical / level : 0;
    if (flips / pairs < minFlips || amplitude < minAmplitude || typical < minStep) continue;
    if (firstHit < 0) {
      firstHit = a;
      hitFlips = flips / pairs;
      hitAmplitude = amplitude;
    }
    lastHitEnd = a + w - 1;
  }
  if (firstHit < 0) return [];
  for (let k = firstHit; k <= lastHitEnd; k++) {
    const x = v[idx[k]!]!;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  const s = curve.series;
  const startUnit = idx[firstHit]!;
  const endUnit = idx[lastHitEnd]!;
  return [
    findingAt(ctx, s, curve.first[startUnit]!, {
      message:
        `${s.name} see-saws from ${placeOf(ctx, s, curve.last[startUnit]!)} to ${placeOf(ctx, s, curve.last[endUnit]!)} ` +
        `between ${num(lo)} and ${num(hi)}: ${percent(hitFlips)} of its changes reverse direction, each typically ${percent(hitAmplitude)} of its level.`,
      hint: 'try: a lower learning rate or a decaying schedule, or a larger batch',
      detail: { reversals: hitFlips, amplitude: hitAmplitude, low: lo, high: hi, evaluations: endUnit - startUnit + 1 },
      from: curve.first[startUnit]!,
      to: curve.last[endUnit]!,
    }),
  ];
}
