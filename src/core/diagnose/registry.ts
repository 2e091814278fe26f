/**
 * The training-health rules as data: id, default severity, parameters with defaults, ranges and
 * descriptions. The extension turns this table into settings (`metricLens.rules.<id>.<param>`,
 * `metricLens.rules.<id>.enabled`) and generates the package.json entries from it, so every number a
 * rule compares against is named here and nowhere else.
 */

import { isSeverity, type Severity } from '../model/findings';

export type RuleId =
  | 'overfitting'
  | 'generalizationGap'
  | 'earlyStopping'
  | 'divergence'
  | 'nonFinite'
  | 'lossSpike'
  | 'oscillation'
  | 'plateau'
  | 'underfitting'
  | 'chanceLevel'
  | 'suspiciousValidation'
  | 'frozenMetric'
  | 'overlappingRuns';

export interface ParamSpec {
  readonly default: number;
  readonly minimum: number;
  readonly maximum: number;
  /** Whole numbers only (counts of evaluations, classes). */
  readonly integer: boolean;
  readonly description: string;
}

export interface RuleSpec {
  readonly id: RuleId;
  /** A few words, for a settings group title or a status bar tooltip. */
  readonly title: string;
  readonly description: string;
  readonly severity: Severity;
  readonly params: Readonly<Record<string, ParamSpec>>;
}

const count = (d: number, min: number, max: number, description: string): ParamSpec => ({
  default: d,
  minimum: min,
  maximum: max,
  integer: true,
  description,
});
const ratio = (d: number, min: number, max: number, description: string): ParamSpec => ({
  default: d,
  minimum: min,
  maximum: max,
  integer: false,
  description,
});

export const RULES: readonly RuleSpec[] = [
  {
    id: 'overfitting',
    title: 'Overfitting',
    severity: 'warning',
    description: 'Validation loss turned upward after its best while training loss kept falling.',
    params: {
      patience: count(5, 1, 1000, 'Evaluations after the best validation loss before the rule judges.'),
      minDelta: ratio(
        0.05,
        0,
        10,
        'How far above its best validation loss must be (median of the last `patience` evaluations), as a fraction of the best.',
      ),
      minTrendZ: ratio(
        1,
        0,
        10,
        'How clearly the evaluations since the best must rise: Mann–Kendall z (1 ≈ 84 % one-sided confidence, 1.64 ≈ 95 %).',
      ),
    },
  },
  {
    id: 'generalizationGap',
    title: 'Generalisation gap',
    severity: 'warning',
    description: 'Training accuracy (or another higher-is-better metric) far above validation, and the gap widening.',
    params: {
      minGap: ratio(10, 0, 100, 'Gap between training and validation, in percentage points, that counts as large.'),
      window: count(5, 2, 1000, 'Evaluations over which the gap must be large and widening.'),
    },
  },
  {
    id: 'earlyStopping',
    title: 'Early stopping',
    severity: 'info',
    description: 'Training went on long after the best validation epoch.',
    params: {
      minDelta: ratio(
        0.001,
        0,
        1,
        'Smallest improvement that counts as a new best, as a fraction of the best (as Keras EarlyStopping min_delta).',
      ),
      minWasted: ratio(0.25, 0, 1, 'Fraction of the evaluations that must come after the best.'),
      minEvaluations: count(5, 1, 1000, 'Evaluations after the best, at least.'),
    },
  },
  {
    id: 'divergence',
    title: 'Divergence',
    severity: 'error',
    description: 'Training loss exploding, or rising steadily far above its best.',
    params: {
      explodeFactor: ratio(
        10,
        1.5,
        1e12,
        'A loss this many times its lowest value so far (and above its first value) has exploded.',
      ),
      window: count(10, 4, 1000, 'Evaluations the steady-rise test looks at.'),
      minTau: ratio(0.6, 0, 1, 'Kendall rank correlation with time that counts as rising steadily.'),
      minRise: ratio(
        0.25,
        0,
        100,
        'How much of the progress made (first value down to the lowest) the rise must undo.',
      ),
    },
  },
  {
    id: 'nonFinite',
    title: 'NaN or Infinity',
    severity: 'error',
    description: 'A metric became NaN or ±Infinity (values before a metric is first measured do not count).',
    params: {},
  },
  {
    id: 'lossSpike',
    title: 'Loss spike',
    severity: 'warning',
    description:
      'A sudden jump of a loss: a robust z-score against the median and MAD of its neighbours. Per-batch series with a per-epoch twin (Lightning `_step`/`_epoch`, Keras `batch_`/`epoch_`) are judged on the twin.',
    params: {
      window: count(10, 4, 1000, 'Neighbouring points each point is compared with (half before, half after).'),
      z: ratio(
        6,
        2,
        1000,
        "Robust z-score (distance from the neighbours' median in scaled MADs) that counts as a spike.",
      ),
      minRise: ratio(
        1,
        0,
        1000,
        "How far above the neighbours' median a spike must be, as a fraction of that median (1: at least double).",
      ),
      minRangeShare: ratio(
        0.1,
        0,
        1,
        "How far above the neighbours' median a spike must be, as a fraction of the range the series has covered so far (so batch noise near a converged loss does not count).",
      ),
    },
  },
  {
    id: 'oscillation',
    title: 'Oscillation',
    severity: 'warning',
    description: 'A loss see-saws between evaluations without settling.',
    params: {
      window: count(8, 4, 1000, 'Evaluations in the stretch tested.'),
      minFlips: ratio(0.7, 0, 1, 'Fraction of consecutive changes that reverse direction.'),
      minAmplitude: ratio(0.35, 0, 100, 'Median size of a change, as a fraction of the median level.'),
      minRangeShare: ratio(
        0.05,
        0,
        1,
        "Median size of a change, as a fraction of the whole curve's range (so small wiggles late in training do not count).",
      ),
      skip: count(2, 0, 1000, 'First evaluations left out (the steep start of training).'),
    },
  },
  {
    id: 'plateau',
    title: 'Plateau',
    severity: 'info',
    description: 'Training loss stopped improving while training continues.',
    params: {
      patience: count(10, 2, 100000, 'Evaluations without a new best.'),
      minDelta: ratio(
        0.01,
        0,
        1,
        'Smallest improvement that counts as a new best, as a fraction of the best (as ReduceLROnPlateau).',
      ),
    },
  },
  {
    id: 'underfitting',
    title: 'Underfitting',
    severity: 'warning',
    description:
      'The model does not fit even its training data: training loss barely below its start, or training accuracy low and flat.',
    params: {
      minEvaluations: count(4, 2, 100000, 'Evaluations before the rule judges.'),
      minDrop: ratio(0.1, 0, 1, 'Fraction of its first value the training loss must have lost.'),
      maxTrainAccuracy: ratio(
        0.5,
        0,
        1,
        'Training accuracy (as a fraction) at or below which a flat accuracy curve is underfitting; 0 turns this test off.',
      ),
      window: count(
        10,
        2,
        100000,
        'Evaluations over which training accuracy must be flat (less than 2 points of gain).',
      ),
    },
  },
  {
    id: 'chanceLevel',
    title: 'Chance level',
    severity: 'warning',
    description: 'Accuracy at or near random guessing (1 / number of classes), or AUC near 0.5.',
    params: {
      classes: count(
        0,
        0,
        1000000,
        'Number of classes; 0 reads it from the run (num_classes and similar parameters) or the metric name (binary_*).',
      ),
      margin: ratio(0.05, 0, 1, 'How close to chance counts, as a fraction (0.05 = 5 points).'),
      window: count(3, 1, 1000, 'Latest evaluations whose median is compared with chance.'),
    },
  },
  {
    id: 'suspiciousValidation',
    title: 'Suspicious validation',
    severity: 'warning',
    description:
      'Validation identical to training, or at least as good as training throughout the later half of a run that learned: possible leakage or swapped splits. Shown at this severity only when the numbers are identical or validation is far better (half the loss) from the start; otherwise as information (dropout and augmentation make training figures worse).',
    params: {
      minEvaluations: count(
        20,
        3,
        100000,
        'Paired evaluations needed before the rule judges (early in training validation often looks better than training; the curves cross later).',
      ),
      fraction: ratio(
        0.9,
        0.5,
        1,
        'Fraction of the later half of the evaluations where validation is at least as good as training.',
      ),
      tolerance: ratio(
        0,
        0,
        1,
        'Relative slack: validation worse than training by at most this fraction still counts as as-good.',
      ),
    },
  },
  {
    id: 'frozenMetric',
    title: 'Frozen metric',
    severity: 'warning',
    description:
      'A score (accuracy, mAP, F1, IoU…) at exactly one value at every evaluation, or for the later half of the run: the model, the evaluation or its logging is stuck.',
    params: {
      minEvaluations: count(5, 2, 100000, 'Evaluations at one value, at least.'),
    },
  },
  {
    id: 'overlappingRuns',
    title: 'Overlapping runs',
    severity: 'info',
    description:
      'Files of one run folder (TensorBoard event files, MLflow, DVCLive) overlap in steps: two runs or attempts written into one folder. Each stretch is judged apart.',
    params: {},
  },
];

export const RULE_IDS: readonly RuleId[] = RULES.map((r) => r.id);

export function ruleSpec(id: RuleId): RuleSpec {
  return RULES.find((r) => r.id === id)!;
}

/** What a user may set per rule; anything left out keeps its default. */
export interface RuleOverride {
  readonly enabled?: boolean;
  readonly severity?: Severity;
  readonly params?: Readonly<Record<string, number>>;
}

export type RuleSettings = Readonly<Partial<Record<RuleId, RuleOverride>>>;

export interface ResolvedRule {
  readonly spec: RuleSpec;
  readonly enabled: boolean;
  readonly severity: Severity;
  readonly params: Readonly<Record<string, number>>;
}

/**
 * Settings merged over the defaults. Values out of range are clamped and non-numbers ignored
 * (settings come from JSON a user typed); `problems` says what was corrected, for a message.
 */
export function resolveRules(settings: RuleSettings = {}): {
  rules: ReadonlyMap<RuleId, ResolvedRule>;
  problems: string[];
} {
  const rules = new Map<RuleId, ResolvedRule>();
  const problems: string[] = [];
  for (const spec of RULES) {
    const o = settings[spec.id] ?? {};
    const params: Record<string, number> = {};
    for (const [name, p] of Object.entries(spec.params)) {
      const given = o.params?.[name];
      if (given === undefined) {
        params[name] = p.default;
        continue;
      }
      if (typeof given !== 'number' || !Number.isFinite(given)) {
        problems.push(`${spec.id}.${name}: ${String(given)} is not a number; using ${p.default}`);
        params[name] = p.default;
        continue;
      }
      let v = p.integer ? Math.round(given) : given;
      if (v < p.minimum || v > p.maximum) {
        v = Math.min(p.maximum, Math.max(p.minimum, v));
        problems.push(`${spec.id}.${name}: ${given} is outside ${p.minimum}–${p.maximum}; using ${v}`);
      }
      params[name] = v;
    }
    for (const name of Object.keys(o.params ?? {})) {
      if (!(name in spec.params)) problems.push(`${spec.id}.${name}: no such parameter`);
    }
    const severity = o.severity !== undefined && isSeverity(o.severity) ? o.severity : spec.severity;
    rules.set(spec.id, { spec, enabled: o.enabled !== false, severity, params });
  }
  for (const id of Object.keys(settings)) {
    if (!(RULE_IDS as readonly string[]).includes(id)) problems.push(`${id}: no such rule`);
  }
  return { rules, problems };
}
