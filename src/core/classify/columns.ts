/**
 * Which column holds what in a predictions file, from the header names (case-insensitive; `_`,
 * `-` and spaces ignored), with the user's settings overriding every guess.
 */

import { listed, quoted } from '../text/messages';

export interface ColumnOptions {
  readonly trueCol?: string;
  readonly predCol?: string;
  readonly scoreCol?: string;
  /** Prefix of the per-class probability columns (`p_` for `p_cat`, `p_dog`). */
  readonly probaPrefix?: string;
  readonly idCol?: string;
}

export interface ProbaColumn {
  readonly column: number;
  /** The class named by the column (`cat` for `p_cat`), as written. */
  readonly label: string;
}

export interface ColumnPlan {
  readonly true: number;
  /** -1 when absent; likewise `score` and `id`. */
  readonly pred: number;
  readonly score: number;
  readonly id: number;
  /** Per-class probability columns named with a prefix (or a suffix such as `cat_prob`). */
  readonly proba: readonly ProbaColumn[];
  /** Columns with no role: they hold probabilities if their names turn out to be class labels. */
  readonly others: readonly number[];
}

// Names that can only mean the truth come first: beside `true_label`, a `label` column is often another
// spelling of it (`normal`/`pcos` beside 0/1) or an input. Should the named pair share no label, the
// columns are paired again by their values (see `pairing`).
const TRUE_NAMES = [
  'y_true',
  'true',
  'true_label',
  'true_labels',
  'true_class',
  'ground_truth',
  'gt',
  'truth',
  'actual',
  'y_test',
  'target',
  'label',
  'labels',
  'targets',
  'y',
];
const PRED_NAMES = [
  'y_pred',
  'pred',
  'prediction',
  'predicted',
  'pred_label',
  'predicted_label',
  'predicted_class',
  'pred_class',
  'yhat',
  'y_hat',
  'preds',
  'predictions',
];
const SCORE_NAMES = [
  'y_score',
  'score',
  'prob',
  'proba',
  'probability',
  'pred_prob',
  'pred_proba',
  'predicted_probability',
  'confidence',
  'y_prob',
  'y_proba',
  'scores',
];
const ID_NAMES = [
  'id',
  'sample_id',
  'index',
  'filename',
  'path',
  'image',
  'file',
  'file_name',
  'image_path',
  'image_id',
  'img',
  'uid',
  'idx',
];
// On header cells: anchored, and `(.+)` gives back one character at a time to a fixed word, so linear.
const PROBA_PREFIX = /^(?:p|prob|probs|proba|probas|probability|probabilities|score|scores)[-_:.](.+)$/i;
const PROBA_SUFFIX = /^(.+)[-_](?:prob|proba|probability)$/i;

export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, '');
}

export type ColumnDetection = { readonly plan: ColumnPlan } | { readonly error: string };

export function detectColumns(names: readonly string[], options: ColumnOptions = {}): ColumnDetection {
  const norm = names.map(normalizeName);
  const used = new Set<number>();
  const byOption = (value: string | undefined, flag: string): number | string | undefined => {
    if (value === undefined) return undefined;
    let i = names.indexOf(value);
    if (i < 0) i = names.findIndex((n) => n.trim().toLowerCase() === value.trim().toLowerCase());
    if (i < 0) return `column ${quoted(value)} (${flag}) is not in the header: ${listed(names, 20)}`;
    used.add(i);
    return i;
  };
  const exact = (list: readonly string[]): number => {
    for (const want of list.map(normalizeName)) {
      const i = norm.findIndex((n, j) => n === want && !used.has(j));
      if (i >= 0) {
        used.add(i);
        return i;
      }
    }
    return -1;
  };

  const forced = {
    true: byOption(options.trueCol, '--true-col'),
    pred: byOption(options.predCol, '--pred-col'),
    score: byOption(options.scoreCol, '--score-col'),
    id: byOption(options.idCol, '--id-col'),
  };
  for (const v of Object.values(forced)) if (typeof v === 'string') return { error: v };
  const pick = (f: number | string | undefined, list: readonly string[]): number =>
    typeof f === 'number' ? f : f === undefined ? exact(list) : -1;
  let trueCol = pick(forced.true, TRUE_NAMES);
  let predCol = pick(forced.pred, PRED_NAMES);
  let scoreCol = pick(forced.score, SCORE_NAMES);
  let idCol = pick(forced.id, ID_NAMES);

  const proba: ProbaColumn[] = [];
  const prefix = options.probaPrefix?.toLowerCase();
  names.forEach((name, i) => {
    if (used.has(i)) return;
    let label: string | undefined;
    if (prefix !== undefined) {
      if (name.toLowerCase().startsWith(prefix) && name.length > prefix.length) label = name.slice(prefix.length);
    } else {
      label = PROBA_PREFIX.exec(name)?.[1] ?? PROBA_SUFFIX.exec(name)?.[1];
    }
    if (label !== undefined) {
      proba.push({ column: i, label });
      used.add(i);
    }
  });

  // Failing exact names, a name that says what it is (`Ground_Truth`, `AI_Prediction`).
  if (trueCol < 0 && forced.true === undefined) {
    trueCol = norm.findIndex((n, j) => !used.has(j) && /truth|actual|target|true/.test(n));
    if (trueCol >= 0) used.add(trueCol);
  }
  if (predCol < 0 && forced.pred === undefined) {
    predCol = namedPrediction(norm, used);
    if (predCol >= 0) used.add(predCol);
  }
  // `ensemble_score` beside `ensemble_prediction`: the score of the predicted column, by its stem.
  if (scoreCol < 0 && forced.score === undefined && predCol >= 0) {
    const stem = norm[predCol]!.replace(/^(?:predicted|prediction|pred)|(?:predicted|prediction|pred)$/, '');
    if (stem !== '') {
      scoreCol = norm.findIndex((n, j) => !used.has(j) && SCORE_WORDS.some((w) => n === stem + w || n === w + stem));
      if (scoreCol >= 0) used.add(scoreCol);
    }
  }
  // pandas writes its index as an unnamed first column.
  if (
    idCol < 0 &&
    forced.id === undefined &&
    (names[0] === '' || /^Unnamed: 0$/.test(names[0] ?? '')) &&
    !used.has(0)
  ) {
    idCol = 0;
    used.add(0);
  }
  // `predicted_fake` beside `fake`: the predicted column names the true one.
  if (trueCol < 0 && forced.true === undefined && predCol >= 0) {
    const stem = norm[predCol]!.replace(/^(?:predicted|prediction|pred)/, '');
    if (stem !== '') trueCol = norm.findIndex((n, j) => n === stem && !used.has(j));
    if (trueCol >= 0) used.add(trueCol);
  }
  if (trueCol < 0) {
    return {
      error: `no true-label column found (looked for ${TRUE_NAMES.join(', ')}, or a name containing truth/actual/target); name it with --true-col`,
    };
  }
  const others = names.map((_, i) => i).filter((i) => !used.has(i));
  return { plan: { true: trueCol, pred: predCol, score: scoreCol, id: idCol, proba, others } };
}

/** What a score column's name adds to the stem it shares with its predicted column (normalised). */
const SCORE_WORDS = ['score', 'prob', 'proba', 'probability', 'confidence'];

/**
 * Failing exact names, a column whose name says it is a prediction (`AI_Prediction`). Of several
 * (`dt_rule_prediction`, `cnn_prediction`, `ensemble_prediction`), the final one (`ensemble`, `final`,
 * `combined`) over a rule's or a baseline's, else the first. Names are normalised (`normalizeName`);
 * each pattern is a fixed word, so linear in the name.
 */
function namedPrediction(norm: readonly string[], used: ReadonlySet<number>): number {
  let best = -1;
  let bestRank = -Infinity;
  norm.forEach((n, j) => {
    if (used.has(j) || !/pred/.test(n) || /prob|score|conf/.test(n)) return;
    const rank =
      (/ensemble|final|combined|overall|stacked/.test(n) ? 1 : 0) -
      (/rule|baseline|naive|dummy|random/.test(n) ? 1 : 0);
    if (rank > bestRank) {
      best = j;
      bestRank = rank;
    }
  });
  return best;
}
