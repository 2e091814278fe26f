// Synthetic runs for the rule tests: columns of numbers become a Keras-like run (one row per epoch,
// header on line 1), so a finding's epoch and line can be checked against the row that made it.
import { Run } from '../../../src/core/model/run';
import type { Finding } from '../../../src/core/model/findings';
import { prng } from '../helpers';

export type Columns = Record<string, readonly number[]>;

/** One row per epoch: epoch k (0-based) is on line k + 2, step = epoch, as a Keras CSVLogger file. */
export function epochRun(columns: Columns, source = 'synthetic.csv'): Run {
  const run = new Run(source, 'csv', 'synthetic');
  run.xLabel = 'epoch';
  const n = Math.max(...Object.values(columns).map((c) => c.length));
  for (let k = 0; k < n; k++) {
    for (const [name, values] of Object.entries(columns)) {
      const v = values[k];
      if (v !== undefined) run.seriesFor(name).append(k, v, k + 2, k);
    }
  }
  return run;
}

/** `n` values of `f(k)` plus seeded uniform noise of ±`noise` × |f(k)|. */
export function curve(n: number, f: (k: number) => number, noise = 0, seed = 1): number[] {
  const r = prng(seed);
  return Array.from({ length: n }, (_, k) => f(k) * (1 + noise * (2 * r() - 1)));
}

/** A training loss falling from 2.3 towards `floor`. */
export function falling(n: number, floor = 0.01, rate = 0.25, noise = 0.02, seed = 1): number[] {
  return curve(n, (k) => floor + (2.3 - floor) * Math.exp(-rate * k), noise, seed);
}

export function only(findings: readonly Finding[], rule: string): Finding[] {
  return findings.filter((f) => f.rule === rule);
}
