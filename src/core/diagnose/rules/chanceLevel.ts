/**
 * `chanceLevel` from curves: accuracy at or near random guessing, 1 / k for k classes (or AUC near
 * 0.5, whatever k). k comes from the rule's `classes` setting, the run's own parameters
 * (`num_classes` and its spellings), or a `binary_*` metric name; without it accuracy is not judged.
 */

import type { Finding } from '../../model/findings';
import type { Run } from '../../model/run';
import type { Series } from '../../model/series';
import { findingAt, num, placeOf, type RuleContext } from '../finding';
import { medianOf } from '../robust';
import type { Curve } from '../track';
import { percentScale } from './scale';

const CLASS_PARAMS =
  /^(num_classes|n_classes|nb_classes|number_of_classes|num_labels|n_labels|classes|nclass|num_class)$/i;

/** Number of classes the run states, from its parameters (MLflow params, hparams.yaml); undefined if none. */
export function classesFromRun(run: Run): number | undefined {
  for (const [name, value] of run.params) {
    const leaf = name.split(/[./]/).pop() ?? name;
    if (!CLASS_PARAMS.test(leaf)) continue;
    const k = Number(value.trim());
    if (Number.isInteger(k) && k >= 2) return k;
  }
  return undefined;
}

// Linear: fixed words between non-letter boundaries, nothing repeated.
/** Accuracies that are not of a classifier's predictions over k classes: keypoints (PCK), pixels, proposals, boxes, masks. */
const NOT_CLASSIFICATION =
  /(^|[^a-z])(pose|keypoints?|pixel|aacc|macc|fg|cls_accuracy|bbox|mask|seg|segm|rpn|roi)([^a-z]|$)/i;
/** Metrics of keypoint and landmark models: an `AUC` beside them is the area under the PCK curve, not ROC AUC. */
const POSE_METRICS = /(^|[^a-z])(pck|epe|nme|oks|keypoints?)([^a-z]|$)/i;
const ROC = /roc|auroc/i;

/** Whether the run logs keypoint metrics (then its `AUC` is not ROC AUC). */
export function hasPoseMetrics(run: Run): boolean {
  return run.series.some((x) => POSE_METRICS.test(x.name));
}

/**
 * The chance level of a series, only where the metric is known to be classification accuracy (k
 * known, not a keypoint, pixel or proposal accuracy) or ROC AUC (not an area under a PCK curve):
 * 0.5 for AUC, 1/k for accuracy; undefined otherwise.
 */
export function chanceOf(
  s: Series,
  classes: number | undefined,
  pose = false,
): { chance: number; classes?: number } | undefined {
  if (s.id.quantity === 'auc') return ROC.test(s.name) || !pose ? { chance: 0.5 } : undefined;
  if (s.id.quantity !== 'accuracy' || NOT_CLASSIFICATION.test(s.name)) return undefined;
  const k = classes ?? (/binary/i.test(s.name) ? 2 : undefined);
  return k && k >= 2 ? { chance: 1 / k, classes: k } : undefined;
}

/** Within this fraction of ln k, a cross-entropy loss is what guessing uniformly among k classes scores. */
const UNIFORM_LOSS = 0.03;

/**
 * Whether the latest `window` evaluations of a loss (at least 5 in all) sit at ln k, the cross-entropy
 * of a model that gives every one of k classes the same probability; in a run of fewer evaluations
 * (2 at least), every one of them.
 */
export function atUniformLoss(loss: Curve, k: number, window: number): boolean {
  const n = loss.length;
  const near = (x: number) => Math.abs(x - Math.log(k)) <= UNIFORM_LOSS * Math.log(k);
  if (n < Math.max(5, window)) return n >= 2 && loss.values.every(near);
  return near(medianOf(loss.values, n - window, n));
}

/** The most classes read from a loss alone: past 10, the bands around ln k overlap and any loss would match one. */
const MAX_CLASSES_FROM_LOSS = 10;

/**
 * Within this fraction of ln k a loss says k on its own. Tighter than UNIFORM_LOSS: a model that learned a
 * little sits near some ln k by chance (digits with two hidden units: 1.89, 2.7 % off ln 7, for 10 classes);
 * a uniform guess sits on it (0.4 % off ln 2 for a binary classifier at chance, 0.003 % off ln 10).
 */
const UNIFORM_LOSS_ALONE = 0.01;

/**
 * When nobody says how many classes there are: the k (2 to 10) whose ln k the latest `window`
 * evaluations of a cross-entropy sit on (within UNIFORM_LOSS_ALONE), if any. Only a guess beside an accuracy
 * at 1/k of that same k is a chance level (detectChanceLevel with `lossAtChance`): the two together do
 * not happen by coincidence.
 */
export function classesFromUniformLoss(loss: Curve, window: number): number | undefined {
  const n = loss.length;
  if (n < Math.max(5, window)) return undefined;
  const recent = medianOf(loss.values, n - window, n);
  const k = Math.round(Math.exp(recent));
  const near = Math.abs(recent - Math.log(k)) <= UNIFORM_LOSS_ALONE * Math.log(k);
  return k >= 2 && k <= MAX_CLASSES_FROM_LOSS && near ? k : undefined;
}

/** A series' chance level: its number of classes given, or read from a loss (`classesFrom`). */
export interface ChanceLevel {
  readonly chance: number;
  readonly classes?: number;
  readonly classesFrom?: string;
}

/**
 * What the rule needs to judge `judged` (an accuracy or AUC curve): its chance level — from `classes` (the
 * settings' or the run's), else, when nobody said how many classes, from a cross-entropy of the same split
 * (`splitLoss`) at ln k (2 to 10) — and whether that loss sits at ln k (`lossAtChance`, which widens the margin).
 * Undefined when the series has no known chance level.
 */
export function chanceEvidence(
  judged: Curve,
  splitLoss: Curve | undefined,
  classes: number | undefined,
  pose: boolean,
  window: number,
): { readonly level: ChanceLevel; readonly loss: Curve | undefined; readonly lossAtChance: boolean } | undefined {
  let level: ChanceLevel | undefined = chanceOf(judged.series, classes, pose);
  if (!level && classes === undefined && splitLoss) {
    const k = classesFromUniformLoss(splitLoss, window);
    const guessed = k !== undefined ? chanceOf(judged.series, k, pose) : undefined;
    if (guessed) level = { ...guessed, classesFrom: splitLoss.series.name };
  }
  if (!level) return undefined;
  const loss = level.classes ? splitLoss : undefined;
  const lossAtChance = loss !== undefined && level.classes !== undefined && atUniformLoss(loss, level.classes, window);
  return { level, loss, lossAtChance };
}

/**
 * `lossAtChance`: the loss of the same split is at ln k (see atUniformLoss), so an accuracy within
 * twice the margin of chance is chance too (a small validation set moves accuracy by several points).
 * A run of fewer evaluations than the rule looks at (2 at least: a two-epoch run) is judged only so, on all
 * of them: every accuracy within the margin of chance and the loss at ln k at each; two facts that agree
 * from the first evaluation to the last are no early noise.
 */
export function detectChanceLevel(c: Curve, chance: ChanceLevel, ctx: RuleContext, lossAtChance = false): Finding[] {
  const n = c.length;
  const short = n < Math.max(5, ctx.params['window']!);
  if (short && !(lossAtChance && n >= 2)) return [];
  const w = short ? n : ctx.params['window']!;
  const scale = percentScale(c.values);
  const limit = (chance.chance + (lossAtChance && !short ? 2 : 1) * ctx.params['margin']!) * scale;
  const recent = medianOf(c.values, n - w, n);
  if (!(recent <= limit) || (short && !c.values.every((x) => x <= limit))) return [];
  let k = n - 1;
  while (k > 0 && !(c.values[k - 1]! > limit)) k--;
  const s = c.series;
  // When k was read from the loss, say so: the user did not tell the rule how many classes there are.
  const read = chance.classesFrom ? `; ${chance.classesFrom} is at ln ${chance.classes}` : '';
  const what = chance.classes
    ? `chance for ${chance.classes} classes (${num(chance.chance * scale)}${read})`
    : `chance (${num(chance.chance * scale)})`;
  const below = recent < (chance.chance - ctx.params['margin']!) * scale;
  return [
    findingAt(ctx, s, c.first[k]!, {
      message: `${s.name} is ${num(recent)}, ${below ? 'below' : 'at'} ${what}, since ${placeOf(ctx, s, c.last[k]!)}: the model predicts no better than guessing.`,
      hint: below
        ? 'try: check that labels and predictions are not swapped or inverted, and that labels line up with the inputs'
        : 'try: check that labels line up with the inputs (not shuffled separately), that the output layer matches the number of classes, and lower the learning rate',
      detail: { value: recent, chance: chance.chance * scale, ...(chance.classes ? { classes: chance.classes } : {}) },
      from: c.first[k]!,
      to: c.last[n - 1]!,
    }),
  ];
}
