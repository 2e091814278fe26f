/**
 * `frozenMetric`: a quality metric (accuracy, mAP, F1, IoU…) at exactly one value at every
 * evaluation since its first (a `coco/bbox_mAP` of 0 at all seven evaluations), or, after falling
 * to it, for the later part of the run (at least `minEvaluations` and half of them): the model, the
 * evaluation or the logging is stuck. A perfect score held (accuracy 1.0 on a small validation set) is left alone.
 */

import type { Finding } from '../../model/findings';
import type { Series } from '../../model/series';
import { findingAt, num, placeOf, type RuleContext } from '../finding';
import { listNames } from '../budget';
import type { Curve } from '../track';
import { percentScale } from './scale';

// Linear: fixed words (each with at most one optional part) between non-letter boundaries; nothing
// repeats, so a match attempt at each position is bounded by the longest word.
const QUALITY_NAME =
  /(^|[^a-z])(m?ap(50|75|s|m|l)?|bbox_map|segm_map|iou|miou|dice|bleu|rouge(l|1|2)?|pck|acc(uracy)?|top-?\d|f1|auc|precision|recall)([^a-z]|$)/i;

// Linear: anchored at the end, fixed alternatives, no repetition.
/** COCO's breakdowns by object size (`bbox_mAP_s`, `AP (M)`, `bbox/APl`, `AR_large`): 0, −1 or NaN when a set has no such objects. */
const BY_SIZE = /(^|[^a-z])(m?ap|ar)(_?[sml]|\s?\([sml]\)|_?small|_?medium|_?large)$/i;

/** detectron2's AP of one category (`bbox/AP-Objects`, `segm/AP-person`). Linear: a fixed prefix, tried at each `/`. */
const PER_CATEGORY_AP = /(^|\/)AP-./;

/**
 * A score COCO leaves NaN by its definition: an object size (`bbox/APl`) or a category (`bbox/AP-Objects`, a
 * registered class with no validation instances) the validation set has none of. Not a training failure: a run
 * that blew up shows NaN in its losses, which are watched.
 */
export function nanByDesign(name: string): boolean {
  return BY_SIZE.test(name) || PER_CATEGORY_AP.test(name);
}

/** Metrics where a run's progress shows as a score: accuracy-like quantities and the usual scores by name. */
export function isQualityMetric(s: Series): boolean {
  if (BY_SIZE.test(s.name)) return false;
  // `best_accuracy` stays at its best by design: a value of the run, not a score to watch.
  if (s.id.summary) return false;
  const q = s.id.quantity;
  if (q === 'accuracy' || q === 'precision' || q === 'recall' || q === 'f1' || q === 'auc') return true;
  return q === 'other' && QUALITY_NAME.test(s.name);
}

function same(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
}

function maxOf(v: Float64Array, from: number, to: number): number {
  let m = -Infinity;
  for (let j = from; j < to; j++) if (v[j]! > m) m = v[j]!;
  return m;
}

export function detectFrozenMetric(c: Curve, ctx: RuleContext): Finding[] {
  const min = ctx.params['minEvaluations']!;
  const v = c.values;
  const n = c.length;
  let f = 0;
  while (f < n && !Number.isFinite(v[f]!)) f++;
  const evaluations = n - f;
  if (evaluations < min) return [];
  const last = v[n - 1]!;
  if (!Number.isFinite(last)) return [];
  // The stretch of one value at the end (NaN evaluations are the nonFinite rule's business).
  let k = n - 1;
  while (k > f && (same(v[k - 1]!, last) || !Number.isFinite(v[k - 1]!))) k--;
  const held = n - k;
  const fromStart = k === f;
  if (held < min || (!fromStart && held < evaluations / 2)) return [];
  // Held since later on: only when it fell to that value (a collapse); a score that rose and then
  // stopped moving is a plateau (the plateau rule's business), not a stuck metric.
  if (!fromStart && !(maxOf(v, f, k) > last)) return [];
  // A perfect score held is no problem, and a negative one is a placeholder (COCO writes −1 for "not measured").
  if ((last > 0 && same(last, percentScale(v))) || last < 0) return [];
  const s = c.series;
  return [
    findingAt(ctx, s, c.first[k]!, {
      message: fromStart
        ? `${s.name} is ${num(last)} at all ${held} evaluations, ${placeOf(ctx, s, c.last[k]!)} to ${placeOf(ctx, s, c.last[n - 1]!)}: it never changed.`
        : `${s.name} has been exactly ${num(last)} for the last ${held} evaluations, since ${placeOf(ctx, s, c.last[k]!)}.`,
      hint:
        last === 0
          ? 'try: check that the evaluation sees the classes and boxes the model predicts (label ids, category mapping, score threshold) and that the model learns at all'
          : 'try: check that the metric is computed on fresh predictions each evaluation (not a cached or constant output), and that the model is still learning',
      detail: { value: last, evaluations: held },
      from: c.first[k]!,
      to: c.last[n - 1]!,
    }),
  ];
}

/**
 * Scores stuck at one value to the end of the run are one problem (mAP, mAP_50 and mAP_75 all 0; an
 * entity type's F1, precision and recall all 0; rare entity types at 0 from the start or after a blip at
 * 0.2): one finding, on the one stuck longest, naming the others.
 */
export function oneFindingPerStretch(findings: readonly Finding[]): Finding[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = f.range ? `${f.range.toStep}\u0000${String(f.detail?.['value'])}` : `${f.metric}`;
    const g = groups.get(key);
    if (g) g.push(f);
    else groups.set(key, [f]);
  }
  const out: Finding[] = [];
  for (const g of groups.values()) {
    // The lead is the score stuck since the earliest evaluation (the stable sort keeps the order otherwise).
    const [lead, ...rest] = [...g].sort((a, b) => (a.range?.fromStep ?? 0) - (b.range?.fromStep ?? 0));
    if (rest.length === 0) {
      out.push(lead!);
      continue;
    }
    const others = rest.map((f) => f.metric!);
    const sameStretch = rest.every((f) => f.range?.fromStep === lead!.range?.fromStep);
    const value = lead!.detail?.['value'];
    out.push({
      ...lead!,
      message: sameStretch
        ? `${lead!.message} The same on ${listNames(others)}.`
        : `${lead!.message} Also stuck at ${typeof value === 'number' ? num(value) : String(value)} to the end: ${listNames(others)}.`,
      detail: { ...(lead!.detail ?? {}), alsoOn: others.join(', ') },
    });
  }
  return out;
}
