/** Which direction is better for a metric, and the best point of a series. */

import type { Quantity } from './metricName';
import type { Series } from './series';

/** Loss-like quantities improve downwards; everything else we chart improves upwards. */
export function lowerIsBetter(quantity: Quantity, name: string): boolean {
  if (quantity === 'loss') return true;
  if (quantity === 'other')
    return /(^|[^a-z])(loss|error|err|mae|mse|rmse|perplexity|ppl|wer|cer|fid)([^a-z]|$)/i.test(name);
  return false;
}

/** Index of the best finite value (the earliest on ties), or -1. */
export function bestIndex(s: Series): number {
  const p = lowerIsBetter(s.id.quantity, s.name) ? s.min() : s.max();
  return p ? p.index : -1;
}
