/** Which direction is better for a metric, and the best point of a series. */

import type { Quantity } from './metricName';
import type { Series } from './series';

// Linear: anchored alternations of fixed words between non-letters; each character is tried once per word.
const LOWER_WORDS = /(^|[^a-z])(loss|error|err|mae|mse|rmse|perplexity|ppl|wer|cer|fid)([^a-z]|$)/i;
/** Scores every writer means as "higher is better": mAP and IoU (detection, segmentation), BLEU, rewards. */
const HIGHER_WORDS =
  /(^|[^a-z])(map|map50|map75|miou|iou|dice|bleu|rouge\w{0,8}|meteor|psnr|ssim|r2|reward|rewards|return|mcc|kappa|ndcg|mrr|top1|top5)([^a-z]|$)/i;

/**
 * The direction the training-health rules judge a metric by: loss-like quantities improve
 * downwards, everything else upwards (the rules pair a train and a validation series of any kind,
 * and were tuned with this). What is drawn or listed as "best" uses `betterDirection` instead.
 */
export function lowerIsBetter(quantity: Quantity, name: string): boolean {
  if (quantity === 'loss') return true;
  if (quantity === 'other') return LOWER_WORDS.test(name);
  return false;
}

/**
 * Which way a metric improves, when its kind or name says so; `undefined` for a series of unknown
 * kind (an entropy, a gradient norm, a step count) or a learning rate: no value of those is "best".
 */
export function betterDirection(quantity: Quantity, name: string): 'lower' | 'higher' | undefined {
  if (quantity === 'loss') return 'lower';
  if (quantity === 'lr') return undefined;
  if (quantity !== 'other') return 'higher';
  if (LOWER_WORDS.test(name)) return 'lower';
  if (HIGHER_WORDS.test(name)) return 'higher';
  return undefined;
}

/** Index of the best finite value (the earliest on ties), or -1 (none finite, or no better direction). */
export function bestIndex(s: Series): number {
  const direction = betterDirection(s.id.quantity, s.name);
  const p = direction === 'lower' ? s.min() : direction === 'higher' ? s.max() : undefined;
  return p ? p.index : -1;
}
