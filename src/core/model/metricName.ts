/**
 * Metric identity: turns the many spellings writers use (`val_loss`, `val/loss`, `eval_loss`,
 * `loss/validation`, `Val Loss`, `validation_loss`) into one `{ split, quantity, key }` so that
 * a training series and its validation twin land on the same chart. Pairing them is what makes
 * the gap — and so overfitting — visible.
 */

export type Split = 'train' | 'val' | 'test' | 'other';
export type Quantity = 'loss' | 'accuracy' | 'precision' | 'recall' | 'f1' | 'auc' | 'lr' | 'other';

export interface MetricId {
  /** The name exactly as the file wrote it. */
  readonly raw: string;
  readonly split: Split;
  readonly quantity: Quantity;
  /** Groups series onto one chart: the name without its split marker, canonical and lower-case. */
  readonly key: string;
  /** Human title of the chart the series belongs to. */
  readonly title: string;
  /** Lightning logs a metric both per step and per epoch (`loss_step`, `loss_epoch`). */
  readonly aggregation?: 'step' | 'epoch';
  /**
   * A value of the run, not a curve to judge: `hparam/…` (TensorBoard's hparams summaries),
   * `best_…`, `final_…` (`Best test accuracy`, `hparam/Final_Val_Accuracy`). The rules leave it alone.
   */
  readonly summary?: true;
}

const SPLIT_WORDS: ReadonlyMap<string, Split> = new Map<string, Split>([
  ['train', 'train'],
  ['training', 'train'],
  ['trn', 'train'],
  ['val', 'val'],
  ['valid', 'val'],
  ['validation', 'val'],
  ['eval', 'val'],
  ['evaluation', 'val'],
  ['dev', 'val'],
  ['test', 'test'],
  ['testing', 'test'],
]);

const QUANTITY_WORDS: ReadonlyMap<string, Quantity> = new Map<string, Quantity>([
  ['loss', 'loss'],
  ['losses', 'loss'],
  ['nll', 'loss'],
  ['logloss', 'loss'],
  ['mse', 'loss'],
  ['mae', 'loss'],
  ['acc', 'accuracy'],
  ['accuracy', 'accuracy'],
  ['top1', 'accuracy'],
  ['precision', 'precision'],
  ['prec', 'precision'],
  ['recall', 'recall'],
  ['rec', 'recall'],
  ['f1', 'f1'],
  ['f1score', 'f1'],
  ['fscore', 'f1'],
  ['auc', 'auc'],
  ['auroc', 'auc'],
  ['rocauc', 'auc'],
  ['lr', 'lr'],
]);

/** A name's first word that makes it a value of the run rather than a curve (`hparam/accuracy`, `best_val_loss`). */
const SUMMARY_WORDS: ReadonlySet<string> = new Set(['hparam', 'hparams', 'best', 'final']);

/** Names that are a whole canonical quantity on their own get a canonical key and title. */
const CANONICAL: Partial<Record<Quantity, { key: string; title: string }>> = {
  loss: { key: 'loss', title: 'loss' },
  accuracy: { key: 'accuracy', title: 'accuracy' },
  lr: { key: 'lr', title: 'learning rate' },
  precision: { key: 'precision', title: 'precision' },
  recall: { key: 'recall', title: 'recall' },
  f1: { key: 'f1', title: 'f1' },
  auc: { key: 'auc', title: 'auc' },
};

/** Quantities that are measured on a split; without a marker they are training values (Keras: `loss` vs `val_loss`). */
const TRAINING_BY_DEFAULT: ReadonlySet<Quantity> = new Set<Quantity>([
  'loss',
  'accuracy',
  'precision',
  'recall',
  'f1',
  'auc',
]);

interface Token {
  text: string;
  lower: string;
  start: number;
  end: number;
}

function tokenize(name: string): Token[] {
  const tokens: Token[] = [];
  const re = /[A-Za-z]+[0-9]*|[0-9]+[A-Za-z0-9]*/g;
  for (let m = re.exec(name); m; m = re.exec(name)) {
    // Split camelCase and PascalCase only at a split word (`valLoss`, `trainAcc`, `ValLoss`, `TrainAcc`) or before
    // a known quantity (`bestAcc`). Linear: anchored, and each class is disjoint from the one after it.
    const text = m[0];
    const camel = /^([A-Z]?[a-z]+)([A-Z][a-z]+[0-9]*)$/.exec(text);
    const first = camel?.[1];
    const rest = camel?.[2];
    const head = first?.toLowerCase();
    if (first && head && rest && (SPLIT_WORDS.has(head) || QUANTITY_WORDS.has(rest.toLowerCase()))) {
      tokens.push({ text: first, lower: head, start: m.index, end: m.index + first.length });
      tokens.push({
        text: rest,
        lower: rest.toLowerCase(),
        start: m.index + first.length,
        end: m.index + text.length,
      });
    } else {
      tokens.push({ text, lower: text.toLowerCase(), start: m.index, end: m.index + text.length });
    }
  }
  return tokens;
}

/** `acc` and `accuracy` are one word, so `val_acc` pairs with `accuracy`. */
function canonicalWord(lower: string): string {
  return lower === 'acc' ? 'accuracy' : lower;
}

/** Normalises a metric name; pure and cheap enough to call per series, not per point. */
export function identifyMetric(raw: string): MetricId {
  const name = raw.trim();
  let tokens = tokenize(name);

  // Aggregation markers: Lightning's `loss_step`/`loss_epoch` suffixes, Keras' `epoch_loss`/`batch_loss` tags.
  let aggregation: 'step' | 'epoch' | undefined;
  const last = tokens[tokens.length - 1];
  const head = tokens[0];
  if (tokens.length > 1 && last && (last.lower === 'step' || last.lower === 'epoch')) {
    aggregation = last.lower;
    tokens = tokens.slice(0, -1);
  } else if (tokens.length > 1 && head && (head.lower === 'epoch' || head.lower === 'batch')) {
    aggregation = head.lower === 'epoch' ? 'epoch' : 'step';
    tokens = tokens.slice(1);
  }

  // The split marker is the first or last token (`val_loss`, `loss/val`, `Val Loss`).
  let split: Split | undefined;
  let splitToken: Token | undefined;
  const first = tokens[0];
  const end = tokens[tokens.length - 1];
  if (tokens.length > 1 && first && SPLIT_WORDS.has(first.lower)) {
    split = SPLIT_WORDS.get(first.lower);
    splitToken = first;
  } else if (tokens.length > 1 && end && SPLIT_WORDS.has(end.lower)) {
    split = SPLIT_WORDS.get(end.lower);
    splitToken = end;
  }
  // Failing those, a split word inside the name: `Best test accuracy`, `hparam/Final_Val_Accuracy`.
  if (!split) {
    for (let i = 1; i < tokens.length - 1; i++) {
      const s = SPLIT_WORDS.get(tokens[i]!.lower);
      if (s) {
        split = s;
        splitToken = tokens[i];
        break;
      }
    }
  }
  const summary = tokens.length > 1 && SUMMARY_WORDS.has(tokens[0]!.lower);
  let rest = tokens.filter((t) => t !== splitToken);
  // Keras' TensorBoard tags read from a split folder: `validation/epoch_loss` is an epoch-level loss.
  const restHead = rest[0];
  if (!aggregation && rest.length > 1 && restHead && (restHead.lower === 'epoch' || restHead.lower === 'batch')) {
    aggregation = restHead.lower === 'epoch' ? 'epoch' : 'step';
    rest = rest.slice(1);
  }

  // `learning_rate` and `learning rate` are one word for our purposes.
  const words: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const t = rest[i]!;
    const next = rest[i + 1];
    if (t.lower === 'learning' && next && next.lower === 'rate') {
      words.push('lr');
      i++;
    } else {
      words.push(canonicalWord(t.lower));
    }
  }

  let quantity: Quantity = 'other';
  for (let i = words.length - 1; i >= 0; i--) {
    const q = QUANTITY_WORDS.get(words[i]!);
    if (q) {
      quantity = q;
      break;
    }
  }
  if (quantity === 'other' && words.length > 0 && /^lr(\b|$)/.test(words[0]!)) quantity = 'lr';

  // Ultralytics and YOLOv5 name the metrics they compute on the validation set `metrics/…` (precision, mAP):
  // a loss under `Metrics/` is some other writer's grouping, and training like any unmarked loss.
  if (!split && first && first.lower === 'metrics' && tokens.length > 1 && quantity !== 'loss') split = 'val';
  if (!split) split = TRAINING_BY_DEFAULT.has(quantity) ? 'train' : 'other';

  const canonical = CANONICAL[quantity];
  const isWholeQuantity = words.length === 1 && (QUANTITY_WORDS.has(words[0]!) || quantity === 'lr');
  let key: string;
  let title: string;
  if (canonical && isWholeQuantity) {
    key = canonical.key;
    title = canonical.title;
  } else if (words.length === 0) {
    key = name.toLowerCase();
    title = name;
  } else {
    key = words.join('_');
    title = titleWithoutSplit(name, splitToken, rest);
  }
  const id: MetricId = aggregation
    ? { raw, split, quantity, key, title, aggregation }
    : { raw, split, quantity, key, title };
  return summary ? { ...id, summary: true } : id;
}

/** The original spelling minus the split marker and the separator that joined it: `val/box_loss` → `box_loss`. */
function titleWithoutSplit(name: string, splitToken: Token | undefined, rest: Token[]): string {
  const firstKept = rest[0];
  const lastKept = rest[rest.length - 1];
  if (!firstKept || !lastKept) return name;
  // With no split marker to remove, the name as written is the title (punctuation and all).
  if (!splitToken) return name;
  return name.slice(firstKept.start, trailingEnd(name, lastKept.end));
}

/** Keeps a closing bracket such as the `(B)` of `metrics/mAP50(B)`. */
function trailingEnd(name: string, end: number): number {
  let e = end;
  while (e < name.length && /[)\]%]/.test(name[e]!)) e++;
  return e;
}

/** Columns that are axes or bookkeeping, not metrics to chart. */
export function axisRole(raw: string): 'step' | 'epoch' | 'wallTime' | 'relativeTime' | undefined {
  const n = raw
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  if (n === 'step' || n === 'global_step' || n === 'iteration' || n === 'iter' || n === 'steps' || n === '_step')
    return 'step';
  if (n === 'epoch' || n === 'epochs') return 'epoch';
  if (n === 'timestamp' || n === 'wall_time' || n === 'walltime' || n === '_timestamp' || n === 'created_at')
    return 'wallTime';
  // A bare `time` is not an axis: detectron2 and mmengine log seconds per iteration under that name.
  if (n === 'relative_time' || n === '_runtime' || n === 'elapsed' || n === 'elapsed_time') return 'relativeTime';
  return undefined;
}
