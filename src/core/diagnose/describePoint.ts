/**
 * Hover context for one point of a series: where it ranks, how far it is from the best and when the
 * best was, the paired training/validation value at that step, and the trend of the evaluations
 * leading up to it. Pure; linear in the series length (a hover is one call, not a stream).
 */

import { betterDirection } from '../model/best';
import type { Run } from '../model/run';
import type { Series } from '../model/series';
import { groupSeries } from './pairing';
import { kendallTau } from './robust';
import { ruleSegmentStarts, segmentAround, SeriesTrack } from './track';

export interface PointPlace {
  readonly index: number;
  readonly step: number;
  readonly epoch?: number;
  readonly value: number;
}

export interface PointContext {
  readonly metric: string;
  readonly point: PointPlace;
  /** 1 = the best finite value of the series; undefined for a non-finite point or a series of unknown kind. */
  readonly rank?: number;
  /** Finite values ranked. */
  readonly of: number;
  readonly lowerIsBetter: boolean;
  readonly best?: PointPlace;
  /** `value − best` (signed, in the metric's units) and relative to |best|. */
  readonly fromBest?: number;
  readonly fromBestRelative?: number;
  /** The other split's value at or just before this step (training for a validation point, and back). */
  readonly paired?: { readonly metric: string } & PointPlace;
  /** Over the evaluations up to this point (at most 5): the change from the first to this one and Kendall's tau. */
  readonly trend?: {
    readonly evaluations: number;
    readonly change: number;
    readonly tau: number;
    readonly direction: 'rising' | 'falling' | 'flat';
  };
}

const TREND_EVALUATIONS = 5;

export function describePoint(run: Run, series: Series, index: number): PointContext | undefined {
  if (index < 0 || index >= series.length) return undefined;
  // A series of unknown kind (an entropy, a gradient norm) has no better direction: no rank, no best.
  const direction = betterDirection(series.id.quantity, series.name);
  const lower = direction === 'lower';
  const point = placeOf(series, index);
  const value = point.value;

  let better = 0,
    of = 0,
    bestIndex = -1;
  for (let i = 0; i < series.length; i++) {
    const v = series.value(i);
    if (!Number.isFinite(v)) continue;
    of++;
    if (!direction) continue;
    if (lower ? v < value : v > value) better++;
    if (bestIndex < 0 || (lower ? v < series.value(bestIndex) : v > series.value(bestIndex))) bestIndex = i;
  }
  const ctx: { -readonly [K in keyof PointContext]: PointContext[K] } = {
    metric: series.name,
    point,
    of,
    lowerIsBetter: lower,
  };
  if (direction && Number.isFinite(value)) ctx.rank = better + 1;
  if (bestIndex >= 0) {
    const best = placeOf(series, bestIndex);
    ctx.best = best;
    if (Number.isFinite(value)) {
      ctx.fromBest = value - best.value;
      if (best.value !== 0) ctx.fromBestRelative = (value - best.value) / Math.abs(best.value);
    }
  }
  const twin = twinOf(run, series);
  if (twin) {
    const j = lastAtOrBefore(twin, series.step(index), segmentOf(series, index));
    if (j >= 0) ctx.paired = { metric: twin.name, ...placeOf(twin, j) };
  }
  const trend = trendUpTo(series, index);
  if (trend) ctx.trend = trend;
  return ctx;
}

function placeOf(s: Series, i: number): PointPlace {
  const epoch = s.epoch(i);
  return epoch === undefined
    ? { index: i, step: s.step(i), value: s.value(i) }
    : { index: i, step: s.step(i), epoch, value: s.value(i) };
}

/** The series of the other split with the same metric key (the one the rules pair with). */
function twinOf(run: Run, s: Series): Series | undefined {
  const g = groupSeries(run).find((x) => x.key === s.id.key);
  if (!g) return undefined;
  if (s.id.split === 'val') return g.train;
  if (s.id.split === 'train') return g.val;
  return undefined;
}

function segmentOf(s: Series, index: number): number {
  return segmentAround(s, index).segment;
}

/** Last point of `s` with step ≤ `step`, searched in segment `segment` (or the last one when `s` has fewer). */
function lastAtOrBefore(s: Series, step: number, segment: number): number {
  const starts = ruleSegmentStarts(s);
  const seg = Math.min(segment, starts.length);
  const from = seg === 0 ? 0 : starts[seg - 1]!;
  const to = seg < starts.length ? starts[seg]! : s.length;
  let lo = from,
    hi = to - 1,
    found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (s.step(mid) <= step) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The trend of the evaluations (per-epoch averages for a step-level series) ending at the one holding `index`. */
function trendUpTo(s: Series, index: number): PointContext['trend'] {
  const track = new SeriesTrack(s);
  track.update();
  const curve = track.curve(segmentOf(s, index));
  if (!curve) return undefined;
  let u = 0;
  while (u < curve.length - 1 && curve.last[u]! < index) u++;
  const from = Math.max(0, u - TREND_EVALUATIONS + 1);
  const n = u - from + 1;
  if (n < 3) return undefined;
  const tau = kendallTau(curve.values, from, u + 1);
  const change = curve.values[u]! - curve.values[from]!;
  const direction = tau >= 0.5 ? 'rising' : tau <= -0.5 ? 'falling' : 'flat';
  return { evaluations: n, change, tau, direction };
}
