/**
 * Which series the rules compare: per metric key, one training and one validation series. When a
 * writer logs a metric both per step and per epoch (Lightning's `loss_step`/`loss_epoch`), the
 * epoch-level one stands for the metric: it is what a person compares across splits.
 */

import { lowerIsBetter } from '../model/best';
import type { Quantity } from '../model/metricName';
import type { Run } from '../model/run';
import type { Series } from '../model/series';
import type { Curve } from './track';

export interface MetricGroup {
  readonly key: string;
  readonly quantity: Quantity;
  readonly lowerIsBetter: boolean;
  readonly train?: Series;
  readonly val?: Series;
}

/** Prefer the epoch aggregate, then an unmarked series, then the step-level one; the first written on ties. */
function rank(s: Series): number {
  return s.id.aggregation === 'epoch' ? 0 : s.id.aggregation === undefined ? 1 : 2;
}

/** Groups a run's series by metric key, in the order the keys first appear. */
export function groupSeries(run: Run): MetricGroup[] {
  const byKey = new Map<string, { train?: Series; val?: Series; test?: Series; first: Series }>();
  for (const s of run.series) {
    const split = s.id.split;
    // A summary value (`best_val_acc`, `hparam/…`) is no curve to compare.
    if ((split !== 'train' && split !== 'val' && split !== 'test') || s.id.summary) continue;
    let g = byKey.get(s.id.key);
    if (!g) {
      g = { first: s };
      byKey.set(s.id.key, g);
    }
    const current = g[split];
    if (!current || rank(s) < rank(current)) g[split] = s;
  }
  const out: MetricGroup[] = [];
  for (const [key, g] of byKey) {
    const quantity = g.first.id.quantity;
    if (quantity === 'lr') continue;
    const group: { -readonly [K in keyof MetricGroup]: MetricGroup[K] } = {
      key,
      quantity,
      lowerIsBetter: lowerIsBetter(quantity, g.first.name),
    };
    if (g.train) group.train = g.train;
    // A held-out split evaluated along training plays validation's part when there is no validation series:
    // DETR and DeiT log their per-epoch evaluation as `test_loss`, as do many hand-written loops.
    const val = g.val ?? g.test;
    if (val) group.val = val;
    out.push(group);
  }
  return out;
}

/** Loss-like: lower is better and it is not a learning rate. */
export function isLossLike(s: Series): boolean {
  return s.id.quantity !== 'lr' && lowerIsBetter(s.id.quantity, s.name);
}

/**
 * The training value at each validation evaluation: the latest training unit whose last step is
 * at or before the evaluation's step (the epoch that was just trained). NaN where there is none.
 * Linear: both curves are in step order within a segment.
 */
export function alignTrainToVal(train: Curve, val: Curve): Float64Array {
  const out = new Float64Array(val.length).fill(NaN);
  let t = -1;
  for (let j = 0; j < val.length; j++) {
    const at = val.steps[j]!;
    while (t + 1 < train.length && train.steps[t + 1]! <= at) t++;
    if (t >= 0) out[j] = train.values[t]!;
  }
  return out;
}
