/**
 * `nonFinite`: the first NaN or ±Infinity of a metric. NaN before a metric is first measured
 * (pandas writes NaN in the rows of epochs without validation) does not count, ±Infinity does; a
 * metric that is never finite does. Several metrics turning NaN on one line (a Keras row) make one finding.
 */

import type { Finding } from '../../model/findings';
import { formatNumber } from '../../text/numbers';
import type { Series } from '../../model/series';
import { findingAt, num, placeOf, type RuleContext } from '../finding';

/** Finds the first counted non-finite point of one series; cheap to call again as the series grows. */
export class NonFiniteWatch {
  private scanned = 0;
  private firstFinite = -1;
  private found = -1;

  constructor(readonly series: Series) {}

  /** Index of the first non-finite value that counts, or −1. */
  first(): number {
    const s = this.series;
    this.advance();
    if (this.found < 0 && this.firstFinite < 0 && s.length > 0 && s.nonFiniteCount > 0 && s.firstNonFiniteIndex <= 0)
      return 0;
    return this.found;
  }

  /** Whether values are left to scan (see `advance`). */
  get caughtUp(): boolean {
    const s = this.series;
    return this.found >= 0 || s.nonFiniteCount === 0 || s.firstNonFiniteIndex > 0 || this.scanned >= s.length;
  }

  /** Scans at most `budget` values not scanned yet; returns how many (see `RunDiagnoser.catchUp`). */
  advance(budget = Infinity): number {
    const s = this.series;
    if (this.found >= 0 || s.nonFiniteCount === 0) return 0;
    // The common case: the series starts finite, so the first non-finite value is the one.
    if (s.firstNonFiniteIndex > 0) {
      this.found = s.firstNonFiniteIndex;
      return 0;
    }
    const from = this.scanned;
    const n = Math.min(s.length, from + budget);
    for (let i = from; i < n; i++) {
      const v = s.value(i);
      const finite = Number.isFinite(v);
      if (this.firstFinite < 0) {
        if (finite) this.firstFinite = i;
        // NaN before the first measurement is a gap a writer filled; ±Infinity never is.
        else if (!Number.isNaN(v)) {
          this.found = i;
          break;
        }
      } else if (!finite) {
        this.found = i;
        break;
      }
    }
    this.scanned = n;
    return n - from;
  }
}

export function detectNonFinite(points: readonly { series: Series; index: number }[], ctx: RuleContext): Finding[] {
  const byPlace = new Map<number, { series: Series; index: number }[]>();
  for (const p of points) {
    const key = p.series.location(p.index);
    const list = byPlace.get(key);
    if (list) list.push(p);
    else byPlace.set(key, [p]);
  }
  const out: Finding[] = [];
  for (const list of byPlace.values()) {
    const { series: s, index } = list[0]!;
    const names = list.map((p) => p.series.name);
    const value = formatNumber(s.value(index));
    const count = list.reduce((a, p) => a + p.series.nonFiniteCount, 0);
    const who =
      names.length === 1 ? `${names[0]} is` : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]} are`;
    const finiteLater = list.every((p) => afterIsFinite(p.series, p.index));
    out.push(
      findingAt(ctx, s, index, {
        message:
          `${who} ${value} at ${placeOf(ctx, s, index)}` +
          (finiteLater ? ', then finite again.' : `; ${num(count)} non-finite values in all.`),
        hint: 'try: a lower learning rate, gradient clipping, a loss scaler with mixed precision; check inputs and the loss for log(0) or division by zero',
        detail: { value, nonFiniteValues: count, metrics: names.join(', ') },
        from: index,
        to: s.length - 1,
      }),
    );
  }
  return out;
}

function afterIsFinite(s: Series, index: number): boolean {
  return index + 1 < s.length && Number.isFinite(s.value(s.length - 1));
}

/**
 * NaN before a metric's first value is a gap a writer filled (pandas, epochs without validation) unless a metric of
 * the same split was measured on that very line (Keras: val_accuracy 0.0105 beside val_loss nan): then the
 * validation pass ran and produced NaN. Built once a diagnosis, from each series' first point (linear in series).
 */
export class MeasuredLines {
  private readonly measured = new Set<string>();

  constructor(series: readonly Series[]) {
    for (const s of series) if (s.length > 0 && Number.isFinite(s.value(0))) this.measured.add(MeasuredLines.key(s));
  }

  /** Whether `s` starts with NaN on a line where a metric of its split was measured. */
  nanWhereMeasured(s: Series): boolean {
    return s.length > 0 && Number.isNaN(s.value(0)) && this.measured.has(MeasuredLines.key(s));
  }

  private static key(s: Series): string {
    return `${s.id.split}\u0000${s.location(0)}`;
  }
}
