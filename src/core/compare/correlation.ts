/**
 * What goes with the result: for each parameter, Spearman's rank correlation with a chosen metric
 * over the runs that have both as numbers, with how many runs that is and a plain warning when
 * there are too few to say anything.
 */

import type { Column } from './columns';
import type { CompareRow } from './table';

/** Below this many runs no correlation is given; below `FEW_RUNS`, one is given with a warning. */
export const MIN_RUNS = 3;
export const FEW_RUNS = 10;

export interface Correlation {
  readonly param: string;
  /** Runs with a number for both the parameter and the metric. */
  readonly n: number;
  /** Spearman's rho, in [-1, 1]; undefined when it cannot be said (see `warning`). */
  readonly rho: number | undefined;
  readonly warning?: string;
}

/** Ranks from 1, ties given the mean of the ranks they span (as scipy's `rankdata`). */
export function ranks(xs: readonly number[]): number[] {
  const order = xs.map((_, i) => i).sort((a, b) => xs[a]! - xs[b]!);
  const r = new Array<number>(xs.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && xs[order[j + 1]!] === xs[order[i]!]) j++;
    const mean = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) r[order[k]!] = mean;
    i = j + 1;
  }
  return r;
}

/** Spearman's rho: Pearson's correlation of the ranks. NaN when either side is constant. */
export function spearman(xs: readonly number[], ys: readonly number[]): number {
  const rx = ranks(xs),
    ry = ranks(ys);
  const n = xs.length;
  const mx = rx.reduce((s, v) => s + v, 0) / n,
    my = ry.reduce((s, v) => s + v, 0) / n;
  let sxy = 0,
    sxx = 0,
    syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = rx[i]! - mx,
      dy = ry[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? NaN : Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** Each parameter column's rank correlation with `metric` over `rows`, strongest first. */
export function correlations(rows: readonly CompareRow[], params: readonly Column[], metric: Column): Correlation[] {
  const out = params.map((p): Correlation => {
    const xs: number[] = [],
      ys: number[] = [];
    let text = 0;
    for (const row of rows) {
      const x = p.get(row),
        y = metric.get(row);
      if (typeof x === 'string') text++;
      if (typeof x === 'number' && Number.isFinite(x) && typeof y === 'number' && Number.isFinite(y)) {
        xs.push(x);
        ys.push(y);
      }
    }
    const n = xs.length;
    const param = p.key;
    if (text > 0 && n === 0) return { param, n, rho: undefined, warning: 'not a number in these runs' };
    if (n < MIN_RUNS)
      return {
        param,
        n,
        rho: undefined,
        warning: `${n} run${n === 1 ? '' : 's'}: too few to say (at least ${MIN_RUNS} are needed)`,
      };
    const rho = spearman(xs, ys);
    if (Number.isNaN(rho))
      return {
        param,
        n,
        rho: undefined,
        warning: `the same in all ${n} runs${new Set(ys).size === 1 ? ' (and so is the metric)' : ''}`,
      };
    if (n < FEW_RUNS) return { param, n, rho, warning: `only ${n} runs: too few to be sure` };
    return { param, n, rho };
  });
  const strength = (c: Correlation) => (c.rho === undefined ? -1 : Math.abs(c.rho));
  return out.sort((a, b) => strength(b) - strength(a));
}
