/**
 * What a series is, beyond its name's split and quantity, for the rules to judge the right things:
 *
 * - a **copy**: DETR logs every loss once per decoder layer (`loss_ce_0` … `loss_ce_4`) and again
 *   before weighting (`loss_ce_unscaled`); mmdetection's DINO logs `d0.loss_cls` … `d4.loss_cls`.
 *   They are judged, and what they share is said once (see `mergeCopies` in budget.ts);
 * - a **component** of a total loss (`loss_box_reg` beside `total_loss`, `loss_ce` beside `loss`):
 *   the total is what training minimises, so the loss rules judge it; a component rising while the
 *   total falls is the model trading one term for another (foreground proposals growing in Faster
 *   R-CNN), not divergence;
 * - a **counter or error rate** that is not a loss (`cardinality_error`, `class_error`): lower is
 *   better, but it is no loss curve to judge for divergence or spikes;
 * - a **tiny** term (a loss around 1e-6): float noise, whatever its shape;
 * - a **part** of a loss whose total is not logged (YOLO's box, objectness and class losses): judged,
 *   but shown as information unless every part shows the same problem (see `settleParts`).
 *
 * Pure and per call: names, and one pass over the values of the loss series for their size.
 */

import type { Finding } from '../model/findings';
import type { Run } from '../model/run';
import type { Series } from '../model/series';
import { isLossLike } from './pairing';

export interface SeriesKind {
  /** The name without its copy markers (`train_loss_ce_3_unscaled` → `train_loss_ce`): copies share it. */
  readonly family: string;
  readonly copy: boolean;
  /** Judged by the loss rules (divergence, spikes, oscillation, plateau, overfitting). */
  readonly judgedAsLoss: boolean;
  /** A term beside a total loss of its split (and not the total itself). */
  readonly component: boolean;
  /**
   * One of several loss terms of a split that logs no total (YOLO's `val/box_loss`, `val/obj_loss`,
   * `val/cls_loss`): the split, and how many terms (families) it has. See `settleParts`.
   */
  readonly part?: { readonly split: string; readonly of: number };
}

// Linear: each pattern is anchored and its quantifiers cover disjoint characters (digits, then an
// underscore or dot, or a fixed word), so no input makes them backtrack more than once per character.
const INDEXED = /_\d{1,2}$/;
const UNSCALED = /_unscaled$/;
const LAYER = /(^|[./])d\d{1,2}[./]/;

/** A total loss: `loss`, `total_loss`, `loss_total`, `train/loss`, `overall_loss`… */
const TOTAL_KEYS: ReadonlySet<string> = new Set([
  'loss',
  'total_loss',
  'loss_total',
  'overall_loss',
  'losses',
  'loss_sum',
]);

/** Error rates and counters named with `error`/`err` that are not losses (their quantity is not `loss`). */
const NOT_A_LOSS = /(^|[^a-z])(error|err|errors|count|num)([^a-z]|$)/i;

/** Below this share of its total's typical size, a term is too small to judge (1e-6 beside 1). */
const TINY_SHARE = 1e-3;
/** Without a total: a loss whose largest value is below this is float noise. */
const TINY_ABSOLUTE = 1e-4;

export function familyOf(name: string): string {
  let f = name;
  // `loss_ce_0_unscaled`: the suffix, then the layer index.
  if (UNSCALED.test(f)) f = f.slice(0, -'_unscaled'.length);
  if (INDEXED.test(f) && /loss|error/i.test(f)) f = f.replace(INDEXED, '');
  if (LAYER.test(f)) f = f.replace(LAYER, '$1');
  return f;
}

function typicalSize(s: Series): number {
  const lo = s.min(),
    hi = s.max();
  if (!lo || !hi) return NaN;
  return Math.max(Math.abs(lo.value), Math.abs(hi.value));
}

/** The kind of every series of the run. */
export function seriesKinds(run: Run): Map<Series, SeriesKind> {
  const out = new Map<Series, SeriesKind>();
  // The total loss of each split, if the run logs one.
  const totals = new Map<string, Series>();
  for (const s of run.series) {
    if (s.id.quantity === 'loss' && TOTAL_KEYS.has(s.id.key) && !totals.has(s.id.split)) totals.set(s.id.split, s);
  }
  for (const s of run.series) {
    const family = familyOf(s.name);
    const copy = family !== s.name;
    const total = totals.get(s.id.split);
    const lossy = isLossLike(s) && (s.id.quantity === 'loss' || !NOT_A_LOSS.test(s.name));
    const component = lossy && total !== undefined && total !== s && familyOf(total.name) !== family;
    let judged = lossy && !s.id.summary;
    if (judged) {
      const size = typicalSize(s);
      const totalSize = total && total !== s ? typicalSize(total) : NaN;
      if (Number.isFinite(totalSize) ? size < TINY_SHARE * totalSize : size < TINY_ABSOLUTE) judged = false;
    }
    out.set(s, { family, copy, judgedAsLoss: judged, component });
  }
  // Splits without a total but with several loss terms: each term is a part of a total nobody logged.
  const terms = new Map<string, Set<string>>();
  for (const [s, k] of out) {
    if (!k.judgedAsLoss || totals.has(s.id.split)) continue;
    const set = terms.get(s.id.split) ?? new Set<string>();
    set.add(k.family);
    terms.set(s.id.split, set);
  }
  for (const [s, k] of out) {
    const set = terms.get(s.id.split);
    if (k.judgedAsLoss && set && set.size >= 2) out.set(s, { ...k, part: { split: s.id.split, of: set.size } });
  }
  return out;
}

/** Rules whose verdict on one term of a loss says little about the loss the model minimises. */
const PART_RULES: ReadonlySet<string> = new Set([
  'divergence',
  'oscillation',
  'lossSpike',
  'overfitting',
  'plateau',
  'underfitting',
]);

/**
 * A finding on one term of a loss nobody logged the total of is information: the terms trade
 * against each other (objectness rising while box loss falls), and small terms are noisy. When the
 * same rule fires on every term of the split, the total would show it too: the finding keeps its
 * severity.
 */
export function settleParts(findings: readonly Finding[], kinds: ReadonlyMap<string, SeriesKind>): Finding[] {
  const covered = new Map<string, Set<string>>();
  for (const f of findings) {
    const k = f.metric !== undefined ? kinds.get(f.metric) : undefined;
    if (!k?.part || !PART_RULES.has(f.rule)) continue;
    const key = `${f.rule}\u0000${k.part.split}`;
    const set = covered.get(key) ?? new Set<string>();
    set.add(k.family);
    covered.set(key, set);
  }
  return findings.map((f) => {
    const k = f.metric !== undefined ? kinds.get(f.metric) : undefined;
    if (!k?.part || !PART_RULES.has(f.rule) || f.severity === 'info') return f;
    const all = (covered.get(`${f.rule}\u0000${k.part.split}`)?.size ?? 0) >= k.part.of;
    return all ? f : { ...f, severity: 'info' };
  });
}
