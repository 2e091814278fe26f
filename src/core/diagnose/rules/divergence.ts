/**
 * `divergence`: a loss exploding (`explodeFactor` × its lowest value so far, and above where it
 * started) or rising steadily — Kendall's tau over a window, with a rise that undoes a good part of
 * the progress made, so slow noise around a converged loss does not count. A rise the loss has
 * since come back from (half-way or more to its lowest: a learning-rate warm-up bump, a transient)
 * is not divergence; a jump and return is the lossSpike rule's business.
 */

import type { Finding } from '../../model/findings';
import { findingAt, num, percent, placeOf, type RuleContext } from '../finding';
import { kendallTau, medianOf } from '../robust';
import type { Curve } from '../track';

/**
 * `val`: the validation twin of a training loss (see valStillWorse). `fine`: the same training loss one unit a
 * logging step, where `curve` averages blocks of them: a climb too short for the window on the averaged curve (a
 * warm-up over 500 steps, 8 averaged points in all) is looked for there, after the averaged curve (where the
 * lowest point is no single lucky batch).
 */
export function detectDivergence(curve: Curve, ctx: RuleContext, val?: Curve, fine?: Curve): Finding[] {
  return (
    findExplosion(curve, ctx) ??
    findSteadyRise(curve, ctx, val) ??
    (fine ? findSteadyRise(fine, ctx, val, true) : undefined) ??
    []
  );
}

/**
 * Whether the validation twin of a training loss that climbed and came back is still far from its best: its
 * best up to `step` (the climb's end), its worst since, and its latest evaluations more than half-way up from
 * the one to the other, the worst at least `minRise` above the best. Then the climb did lasting harm (a
 * learning rate warmed up too high): divergence, not a transient.
 */
function valStillWorse(val: Curve, step: number, minRise: number): boolean {
  const v = val.values;
  const n = val.length;
  let best = Infinity,
    bestAt = -1;
  for (let j = 0; j < n && val.steps[j]! <= step; j++) {
    if (Number.isFinite(v[j]!) && v[j]! < best) {
      best = v[j]!;
      bestAt = j;
    }
  }
  if (bestAt < 0 || n - bestAt < 4 || !(best > 0)) return false;
  let worst = best;
  for (let j = bestAt + 1; j < n; j++) if (v[j]! > worst) worst = v[j]!;
  return worst >= (1 + minRise) * best && !recovered(v, n, best, worst);
}

/** Whether the latest evaluations are back at least half-way from `high` down to `low`. */
function recovered(v: Float64Array, n: number, low: number, high: number): boolean {
  const tail = medianOf(v, n - 3, n);
  return tail <= low + 0.5 * (high - low);
}

function firstFinite(v: Float64Array, n: number): number {
  for (let j = 0; j < n; j++) if (Number.isFinite(v[j]!)) return j;
  return -1;
}

function findExplosion(curve: Curve, ctx: RuleContext): Finding[] | undefined {
  const factor = ctx.params['explodeFactor']!;
  const v = curve.values;
  const n = curve.length;
  const f = firstFinite(v, n);
  if (f < 0) return undefined;
  const start = v[f]!;
  let low = start,
    lowAt = f;
  for (let j = f + 1; j < n; j++) {
    const x = v[j]!;
    if (!Number.isFinite(x)) continue;
    // Recovered: back under half-way to the explosion threshold (not to the peak, which may be 1e27).
    if (low > 0 && x >= factor * low && x > start && !recovered(v, n, low, factor * low)) {
      const s = curve.series;
      return [
        findingAt(ctx, s, curve.first[j]!, {
          message:
            `${s.name} exploded to ${num(x)} at ${placeOf(ctx, s, curve.last[j]!)}, ${num(x / low)}× its lowest value so far ` +
            `(${num(low)} at ${placeOf(ctx, s, curve.last[lowAt]!)}).`,
          hint: 'try: a lower learning rate, gradient clipping, or a learning-rate warm-up',
          detail: { value: x, lowest: low, lowestStep: s.step(curve.last[lowAt]!), factor: x / low },
          from: curve.first[j]!,
          to: curve.last[n - 1]!,
        }),
      ];
    }
    if (x < low) {
      low = x;
      lowAt = j;
    }
  }
  return undefined;
}

const PER_STEP_MIN_RATIO = 1.5;

/**
 * A curve's noise from one unit to the next: the median of |v[j] − v[j−1]| over its finite values (about the
 * standard deviation of independent noise; a trend adds to it, so a steep curve only looks noisier), and how many
 * finite units there are.
 */
function stepNoise(v: Float64Array, from: number, n: number): { noise: number; units: number } {
  const d = new Float64Array(Math.max(0, n - from));
  let k = 0,
    units = 0,
    prev = NaN;
  for (let j = from; j < n; j++) {
    const x = v[j]!;
    if (!Number.isFinite(x)) continue;
    units++;
    if (Number.isFinite(prev)) d[k++] = Math.abs(x - prev);
    prev = x;
  }
  return { noise: k > 0 ? medianOf(d, 0, k) : 0, units };
}

/**
 * `perStep`: the curve is one logging step a unit, whose first value may be the untrained model's alone (a summed CTC
 * loss of 11 380, then 3 551): the progress a rise undoes is measured from the median of the first three. A single
 * step's loss is noisy in ratio, not in difference (its lowest is a lucky batch), so there the recent median must also
 * stand PER_STEP_MIN_RATIO above the lowest: the true climbs of the corpus reach 1.8× and 2×, while noise around a
 * converged loss (1.2×) or a model that never learned (1.015×, "undoing 208 %" of a progress of nothing) stays under.
 * On any curve, the rise must also stand out of the curve's own noise from one unit to the next (see stepNoise).
 */
function findSteadyRise(
  curve: Curve,
  ctx: RuleContext,
  val: Curve | undefined,
  perStep = false,
): Finding[] | undefined {
  const w = ctx.params['window']!;
  const minTau = ctx.params['minTau']!;
  const minRise = ctx.params['minRise']!;
  const v = curve.values;
  const n = curve.length;
  const f = firstFinite(v, n);
  if (f < 0 || n - f < w) return undefined;
  const start = perStep ? medianOf(v, f, f + 3) : v[f]!;
  // Noise alone puts the lowest of `units` independent values about √(2 ln units) noise units under their level, and
  // a median of the latest three about as far above it somewhere along the run: a rise within twice that is what a
  // flat noisy curve gives (single batches of a model that never learns: 5.1-7.0 around 6.05 for 2,774 steps).
  const { noise, units } = stepNoise(v, f, n);
  const noiseSpan = 2 * Math.sqrt(2 * Math.log(units));
  let low = start,
    lowAt = f,
    scanned = f;
  for (let end = f + w; end <= n; end++) {
    const from = end - w;
    // The lowest point before the latest three evaluations: the rise is measured from there.
    for (; scanned < end - 3; scanned++) {
      const x = v[scanned]!;
      if (Number.isFinite(x) && x < low) {
        low = x;
        lowAt = scanned;
      }
    }
    const tau = kendallTau(v, from, end);
    if (tau < minTau) continue;
    const recent = medianOf(v, end - 3, end);
    const progress = start - low;
    const rise = recent - low;
    const needed = progress > 0 ? minRise * progress : minRise * Math.abs(low);
    if (!(rise > 0 && rise >= needed)) continue;
    if (perStep && !(recent >= PER_STEP_MIN_RATIO * low)) continue;
    if (!(rise > noiseSpan * noise)) continue;
    if (recovered(v, n, low, recent) && !(val && valStillWorse(val, curve.steps[end - 1]!, minRise))) continue;
    const s = curve.series;
    const at = Math.min(lowAt + 1, n - 1);
    const undone = progress > 0 ? rise / progress : NaN;
    return [
      findingAt(ctx, s, curve.first[at]!, {
        message:
          `${s.name} has risen steadily from its lowest, ${num(low)} at ${placeOf(ctx, s, curve.last[lowAt]!)}, ` +
          `to ${num(recent)} at ${placeOf(ctx, s, curve.last[end - 1]!)}` +
          (Number.isFinite(undone) ? `, undoing ${percent(undone)} of the progress made` : '') +
          ` (Kendall τ ${num(tau)} over ${w} ${perStep ? 'logged values' : 'evaluations'}).`,
        hint: 'try: a lower learning rate or a decaying schedule, gradient clipping; check for a learning rate that grows',
        detail: {
          lowest: low,
          lowestStep: s.step(curve.last[lowAt]!),
          recentMedian: recent,
          tau,
          noise,
          ...(Number.isFinite(undone) ? { undonePercent: undone * 100 } : {}),
        },
        from: curve.first[at]!,
        to: curve.last[n - 1]!,
      }),
    ];
  }
  return undefined;
}
