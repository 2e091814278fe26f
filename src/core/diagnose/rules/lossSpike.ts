/**
 * `lossSpike`: a sudden jump of a loss. A point is a spike when it stands above the median of the
 * points before it and the median of the points after it (so a step up, or the steep start of
 * training, is no spike) by a robust z-score of at least `z` (scaled MAD of its neighbours) and by
 * at least `minRise` of that level and `minRangeShare` of the range the series has covered (a
 * batch loss near convergence jumping from 0.01 to 0.05 is noise, not an event). A single batch's
 * loss (one of several points of its epoch) must also stand out by `z` in log terms: near convergence
 * such losses spread over decades (0.0003 to 0.35 around 0.03), and their noise is in ratios. Each point is
 * judged once, when the points after it have arrived; the last few are judged again on every call
 * with the neighbours there are. The very last point, with none after it, is judged against a full window
 * of points before it alone: a run that ends on a jump (a validation loss 0.02 -> 0.25 at its last epoch)
 * leaves its last model far worse than the ones before, whether a recovery or a step up would have followed.
 */

import type { Finding } from '../../model/findings';
import type { Series } from '../../model/series';
import { findingAt, num, placeOf, type RuleContext } from '../finding';
import { medianAndMad, sortSmall, sortedMedian } from '../robust';
import { isFraction, segmentAround } from '../track';

interface Spike {
  index: number;
  value: number;
  level: number;
  /** The series' last point, judged on the points before it alone. */
  end: boolean;
}

interface Tally {
  first: Spike | undefined;
  largest: Spike | undefined;
  last: Spike | undefined;
  count: number;
}

function emptyTally(): Tally {
  return { first: undefined, largest: undefined, last: undefined, count: 0 };
}

function addSpike(t: Tally, s: Spike): void {
  // Neighbouring spike points are one event.
  if (t.last && s.index === t.last.index + 1) {
    if (s.value > t.last.value) t.last = s;
  } else {
    t.count++;
    t.last = s;
  }
  if (!t.first) t.first = s;
  if (!t.largest || larger(s, t.largest)) t.largest = s;
}

/** By how many times the level, when both levels are above 0; by how much otherwise. */
function larger(a: Spike, b: Spike): boolean {
  return a.level > 0 && b.level > 0 ? a.value / a.level > b.value / b.level : a.value - a.level > b.value - b.level;
}

export class SpikeScanner {
  private judged = 0;
  private readonly final = emptyTally();
  private readonly left: Float64Array;
  private readonly right: Float64Array;
  private readonly all: Float64Array;
  private readonly scratch: Float64Array;

  /** Range of the values up to `ranged` (exclusive), for the range test of points already judged for good. */
  private lo = Infinity;
  private hi = -Infinity;
  private ranged = 0;

  constructor(
    readonly series: Series,
    neighbours: number,
    private readonly z: number,
    private readonly minRise: number,
    private readonly minRangeShare: number,
  ) {
    const h = Math.max(2, neighbours >> 1);
    this.left = new Float64Array(h);
    this.right = new Float64Array(h);
    this.all = new Float64Array(2 * h);
    this.scratch = new Float64Array(2 * h);
  }

  /**
   * Judges for good at most `budget` of the points that have all their neighbours now; returns how
   * many it judged. `caughtUp` says whether any are left (see `RunDiagnoser.catchUp`).
   */
  advance(budget = Infinity): number {
    const n = this.series.length;
    // A point is final once h points follow it.
    const finalEnd = Math.min(Math.max(this.judged, n - this.left.length), this.judged + budget);
    const from = this.judged;
    for (let i = from; i < finalEnd; i++) {
      this.widenRange(Math.min(n, i + this.left.length + 1));
      const spike = this.judge(i, this.hi - this.lo);
      if (spike) addSpike(this.final, spike);
    }
    this.judged = finalEnd;
    return finalEnd - from;
  }

  get caughtUp(): boolean {
    return this.judged >= this.series.length - this.left.length;
  }

  /** The spikes so far: points with all their neighbours are judged once; the last few again each call. */
  scan(): Tally {
    const s = this.series;
    const n = s.length;
    this.advance();
    const finalEnd = this.judged;
    const t: Tally = { ...this.final };
    const min = s.min(),
      max = s.max();
    const whole = min && max ? max.value - min.value : 0;
    for (let i = finalEnd; i < n; i++) {
      const spike = this.judge(i, whole);
      if (spike) addSpike(t, spike);
    }
    return t;
  }

  private widenRange(to: number): void {
    const s = this.series;
    for (; this.ranged < to; this.ranged++) {
      const v = s.value(this.ranged);
      if (!Number.isFinite(v)) continue;
      if (v < this.lo) this.lo = v;
      if (v > this.hi) this.hi = v;
    }
  }

  private judge(i: number, range: number): Spike | undefined {
    const s = this.series;
    const x = s.value(i);
    if (!Number.isFinite(x)) return undefined;
    const h = this.left.length;
    // Neighbours from the point's own segment only: after a restart the previous run's tail is no level.
    const { from, to } = segmentAround(s, i);
    let nl = 0,
      nr = 0;
    let min = Infinity;
    for (let j = i - 1; j >= from && nl < h; j--) {
      const v = s.value(j);
      if (Number.isFinite(v)) {
        this.left[nl++] = v;
        if (v < min) min = v;
      }
    }
    if (nl === 0) return undefined;
    for (let j = i + 1; j < to && nr < h; j++) {
      const v = s.value(j);
      if (Number.isFinite(v)) {
        this.right[nr++] = v;
        if (v < min) min = v;
      }
    }
    // The series' last point is judged on a full window before it; any other needs neighbours on both sides.
    if (nr === 0 ? !(i === s.length - 1 && nl === h) : nl + nr < 4) return undefined;
    // Cheap test first: a spike must clear the lowest neighbour by `minRise` (for positive losses).
    if (min > 0 && x - min < this.minRise * min) return undefined;
    sortSmall(this.left, nl);
    sortSmall(this.right, nr);
    const level =
      nr === 0 ? sortedMedian(this.left, nl) : Math.max(sortedMedian(this.left, nl), sortedMedian(this.right, nr));
    const rise = x - level;
    if (!(rise > 0) || rise < this.minRise * Math.abs(level) || rise < this.minRangeShare * range) return undefined;
    this.all.set(this.left.subarray(0, nl));
    this.all.set(this.right.subarray(0, nr), nl);
    sortSmall(this.all, nl + nr);
    const { mad } = medianAndMad(this.all, nl + nr, this.scratch);
    if (mad > 0 && rise / mad < this.z) return undefined;
    if (min > 0 && fewBatches(s, i, from, to) && this.logZ(x, nl + nr) < this.z) return undefined;
    return { index: i, value: x, level, end: nr === 0 };
  }

  /**
   * How many (scaled MAD) times the point stands above its neighbours in log terms, for positive values:
   * noise that is multiplicative (single-batch losses near convergence, spread over decades) is judged
   * by its own ratios. `this.all[0, n)` holds the sorted neighbours.
   */
  private logZ(x: number, n: number): number {
    for (let k = 0; k < n; k++) this.all[k] = Math.log(this.all[k]!);
    const { median, mad } = medianAndMad(this.all, n, this.scratch);
    const up = Math.log(x) - median;
    return mad > 0 ? up / mad : Infinity;
  }
}

/**
 * Whether point `i` is the loss of a few batches, not an epoch's mean or an evaluation: it shares its epoch with a
 * neighbour of its segment `[from, to)` (Lightning's step rows every 50 batches), or it is a training value at a
 * fractional epoch (a Hugging Face Trainer's loss, the mean of one logging step's batches).
 */
function fewBatches(s: Series, i: number, from: number, to: number): boolean {
  const e = s.epoch(i);
  if (e === undefined) return false;
  const before = i > from ? s.epoch(i - 1) : undefined;
  const after = i + 1 < to ? s.epoch(i + 1) : undefined;
  // A logging step that falls on a whole epoch (step 420 of 210 an epoch) sits among fractions.
  if (s.id.split === 'train' && (isFraction(e) || isFraction(before) || isFraction(after))) return true;
  return before === e || after === e;
}

/** `3.2× the level around it (0.41)`; above a level of 0 (or below) a ratio means nothing: `+23.03 above the level around it (0)`. */
function againstLevel(value: number, level: number, end: boolean): string {
  const around = end ? 'before' : 'around';
  return level > 0
    ? `${num(value / level)}× the level ${around} it (${num(level)})`
    : `${num(value - level)} above the level ${around} it (${num(level)})`;
}

export function describeSpikes(series: Series, t: Tally, ctx: RuleContext): Finding[] {
  const first = t.first;
  if (!first) return [];
  const s = series;
  const big = t.largest!;
  const more =
    t.count > 1
      ? `; ${t.count} spikes in all, the largest ${num(big.value)} at ${placeOf(ctx, s, big.index)} (${big.level > 0 ? `${num(big.value / big.level)}×` : `+${num(big.value - big.level)}`})`
      : '';
  return [
    findingAt(ctx, s, first.index, {
      message: `${s.name} jumped to ${num(first.value)} at ${placeOf(ctx, s, first.index)}${first.end ? ', its last point' : ''}, ${againstLevel(first.value, first.level, first.end)}${more}.`,
      hint: 'try: a lower learning rate or a warm-up, gradient clipping; look at the batch (or evaluation) at that step',
      detail: {
        value: first.value,
        level: first.level,
        spikes: t.count,
        largestValue: big.value,
        largestStep: s.step(big.index),
      },
      from: first.index,
      to: t.last!.index,
    }),
  ];
}
