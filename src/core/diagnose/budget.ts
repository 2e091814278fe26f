/**
 * One run, a handful of findings. A log is never a wall of squiggles: the same problem on a loss and
 * on its copies (`loss_ce_0` … `loss_ce_4`, `_unscaled`, `d0.` … `d5.`) is one finding naming them,
 * and past `maxShown` warnings and errors per run, the least severe and least sure are folded into one
 * information finding that lists them. Ranked by severity, then by how sure the rule is.
 */

import type { Finding } from '../model/findings';
import type { Run } from '../model/run';
import type { Series } from '../model/series';
import { oneFrozenLoss } from './rules/underfitting';
import { settleParts, type SeriesKind } from './seriesKinds';

/** The rule id of the information finding that lists what the budget folded. */
export const MORE_FINDINGS = 'moreFindings';

/** Warnings and errors shown per run unless the settings say otherwise. */
export const DEFAULT_MAX_SHOWN = 5;

/** Information findings shown per run besides the folded list (so a run shows at most maxShown + 3). */
const MAX_INFO = 2;

/**
 * How sure each rule is when it fires, surest first: a NaN is a fact, a turn of validation loss is
 * a trend test, a see-saw or a plateau is a matter of degree. Findings of one severity are ranked so.
 */
const CONFIDENCE: readonly string[] = [
  'nonFinite',
  'divergence',
  'frozenMetric',
  'overfitting',
  'chanceLevel',
  'underfitting',
  'generalizationGap',
  'lossSpike',
  'oscillation',
  'suspiciousValidation',
  'overlappingRuns',
  'plateau',
  'earlyStopping',
];

const SEVERITY_RANK: Record<Finding['severity'], number> = { error: 0, warning: 1, info: 2 };

function confidence(rule: string): number {
  const k = CONFIDENCE.indexOf(rule);
  return k < 0 ? CONFIDENCE.length : k;
}

/** Severity first, then the rule's confidence, then a finding on a whole metric before one on its copy, then place. */
export function byImportance(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    confidence(a.rule) - confidence(b.rule) ||
    (a.line ?? a.offset ?? 0) - (b.line ?? b.offset ?? 0)
  );
}

/**
 * Every rule's findings on a run (`all`, from RunDiagnoser.diagnoseAll) as the user sees them: each problem once
 * (one rule's repeats, copies and parts of a loss, and what several rules say of one problem, merged), then at most
 * `maxShown` warnings and errors (see applyBudget). `kinds`: the run's series kinds, as worked out for `all`.
 */
export function oneFindingPerProblem(
  all: readonly Finding[],
  run: Run,
  kinds: ReadonlyMap<Series, SeriesKind>,
  maxShown: number,
): Finding[] {
  const byName = kindsByName(kinds);
  const settled = oneFrozenLoss(settleParts(oneProblem(all), byName));
  // Series name -> metric key (train and validation of one loss share it), for one spike finding per loss.
  const keyOf = new Map(run.series.map((s) => [s.name, s.id.key] as const));
  // Each rule's findings merged first, so a problem several rules see folds in one finding per rule.
  const perRule = mergeCopies(mergeRepeats(settled, keyOf), byName);
  return applyBudget(oneFailureToLearn(oneBlowUp(perRule)), maxShown);
}

/**
 * Findings of one rule on copies of one metric (same family: see seriesKinds.ts) become the one on
 * the metric itself, or the earliest copy, naming the others.
 */
export function mergeCopies(findings: readonly Finding[], kinds: ReadonlyMap<string, SeriesKind>): Finding[] {
  const groups = new Map<string, Finding[]>();
  const seen = new Map<string, number>();
  const out: Finding[] = [];
  for (const f of findings) {
    const kind = f.metric !== undefined ? kinds.get(f.metric) : undefined;
    if (!kind) {
      out.push(f);
      continue;
    }
    // The k-th finding of a rule on a metric (one per segment of a restarted run) goes with the k-th on each copy.
    const own = `${f.rule}\u0000${f.metric}`;
    const k = seen.get(own) ?? 0;
    seen.set(own, k + 1);
    const key = `${f.rule}\u0000${kind.family}\u0000${k}`;
    const g = groups.get(key);
    if (g) g.push(f);
    else groups.set(key, [f]);
  }
  for (const g of groups.values()) {
    if (g.length === 1) {
      out.push(g[0]!);
      continue;
    }
    const lead =
      g.find((f) => !kinds.get(f.metric!)!.copy) ??
      g.reduce((a, b) => ((a.line ?? a.offset ?? 0) <= (b.line ?? b.offset ?? 0) ? a : b));
    const others = g.filter((f) => f !== lead).map((f) => f.metric!);
    const also = listNames(others);
    out.push({
      ...lead,
      message: `${lead.message} The same on ${also}.`,
      detail: { ...(lead.detail ?? {}), alsoOn: others.join(', ') },
    });
  }
  return out;
}

/**
 * One problem, one finding, where the rules would say it twice in one run:
 * - the same rule on the same series in several runs appended to one file (a Keras CSV written with
 *   `append=True`, a resumed log): the rules judge each appended run, and a restart that repeats the
 *   problem is the same problem;
 * - a loss spike on the training and on the validation side of one loss (`keyOf`: series name → metric
 *   key): one instability of that loss, whichever side it shows on first.
 * The most severe finding stays (the earliest of those), naming where else it shows.
 */
export function mergeRepeats(findings: readonly Finding[], keyOf: ReadonlyMap<string, string>): Finding[] {
  const groups = new Map<string, Finding[]>();
  const out: Finding[] = [];
  for (const f of findings) {
    if (f.metric === undefined) {
      out.push(f);
      continue;
    }
    const key = `${f.rule}\u0000${f.rule === 'lossSpike' ? (keyOf.get(f.metric) ?? f.metric) : f.metric}`;
    const g = groups.get(key);
    if (g) g.push(f);
    else groups.set(key, [f]);
  }
  for (const g of groups.values()) {
    if (g.length === 1) {
      out.push(g[0]!);
      continue;
    }
    const lead = mostSevere(g)!;
    const others = g.filter((f) => f !== lead).sort((a, b) => placeIn(a) - placeIn(b));
    const said = others.map((f) => `${f.metric === lead.metric ? 'again' : `on ${f.metric}`}${at(f)}`);
    out.push({
      ...lead,
      message: `${lead.message} The same ${listNames(said)}.`,
      detail: { ...(lead.detail ?? {}), alsoAt: others.map((f) => `${f.metric}${at(f)}`).join(', ') },
    });
  }
  return out;
}

function at(f: Finding): string {
  if (f.line !== undefined) return ` at line ${f.line}`;
  return f.step !== undefined ? ` at step ${f.step}` : '';
}

function placeIn(f: Finding): number {
  return f.line ?? f.offset ?? f.step ?? 0;
}

/** Up to six names, then how many more. */
export function listNames(names: readonly string[]): string {
  const shown = names.slice(0, 6).join(', ');
  return names.length > 6 ? `${shown} and ${names.length - 6} more` : shown;
}

/**
 * At most `maxShown` warnings and errors (0: no limit) and MAX_INFO information findings; the rest
 * listed in one information finding at the first of them. Returns the findings in no set order.
 */
export function applyBudget(findings: readonly Finding[], maxShown: number): Finding[] {
  if (maxShown <= 0) return [...findings];
  const ranked = [...findings].sort(byImportance);
  const kept: Finding[] = [];
  const folded: Finding[] = [];
  let loud = 0,
    quiet = 0;
  for (const f of ranked) {
    if (f.severity === 'info' ? quiet++ < MAX_INFO : loud++ < maxShown) kept.push(f);
    else folded.push(f);
  }
  if (folded.length === 0) return kept;
  if (folded.length === 1 && folded[0]!.severity === 'info') return [...kept, folded[0]!];
  const first = folded.reduce((a, b) => ((a.line ?? a.offset ?? Infinity) <= (b.line ?? b.offset ?? Infinity) ? a : b));
  const listed = folded.map((f) => `${f.rule} on ${f.metric ?? 'the run'}${where(f)}`);
  const more: { -readonly [K in keyof Finding]: Finding[K] } = {
    rule: MORE_FINDINGS,
    severity: 'info',
    source: first.source,
    message: `${folded.length} more ${folded.length === 1 ? 'finding' : 'findings'} on this run, less sure or less severe than those shown: ${listed.join('; ')}.`,
    hint: `try: fix the problems shown first; set metricLens.rules.maxShownPerRun to show more (0 shows all)`,
    detail: { folded: folded.length },
  };
  if (first.metric !== undefined) more.metric = first.metric;
  if (first.step !== undefined) more.step = first.step;
  if (first.epoch !== undefined) more.epoch = first.epoch;
  if (first.line !== undefined) more.line = first.line;
  if (first.offset !== undefined) more.offset = first.offset;
  return [...kept, more];
}

function where(f: Finding): string {
  if (f.line !== undefined) return ` (line ${f.line})`;
  return f.step !== undefined ? ` (step ${f.step})` : '';
}

/** Kinds by series name, as findings name their series. */
export function kindsByName(kinds: ReadonlyMap<Series, SeriesKind>): Map<string, SeriesKind> {
  const out = new Map<string, SeriesKind>();
  for (const [s, k] of kinds) out.set(s.name, k);
  return out;
}

/**
 * A validation loss turning up while training falls (overfitting) and the train/validation score gap
 * widening with it (generalizationGap) are one problem: the gap is not said again beside it. Nor is
 * earlyStopping on a series whose overfitting names the same best: that finding already says where the best was
 * and what stopping there would have saved (a hover on its line said it twice).
 */
export function oneProblem(findings: readonly Finding[]): Finding[] {
  const overfit = findings.some((f) => f.rule === 'overfitting' && f.severity !== 'info');
  const bestOf = (f: Finding) => `${f.metric}\u0000${f.detail?.['bestStep']}`;
  const named = new Set(findings.filter((f) => f.rule === 'overfitting').map(bestOf));
  const kept = findings.filter(
    (f) => !(overfit && f.rule === 'generalizationGap') && !(f.rule === 'earlyStopping' && named.has(bestOf(f))),
  );
  return kept.filter((f) => !(f.rule === 'oscillation' && spikeWithin(kept, f)));
}

/**
 * Whether a loss spike is found on the series of `osc` inside its stretch: a see-saw made of one or two
 * blow-ups and their recoveries (a validation loss 0.04 → 1.18 → 0.006 → 0.84 → 0.007) is the spikes'
 * problem, said once by lossSpike, and its start placed by the see-saw would be before the first blow-up.
 */
function spikeWithin(findings: readonly Finding[], osc: Finding): boolean {
  const from = osc.range?.fromStep ?? osc.step ?? 0;
  const to = osc.range?.toStep ?? from;
  return findings.some(
    (f) =>
      f.rule === 'lossSpike' &&
      f.severity !== 'info' &&
      f.metric === osc.metric &&
      f.step !== undefined &&
      f.step >= from &&
      f.step <= to,
  );
}

/** Rules that each say, in their own words, that the model learns nothing. */
const NOT_LEARNING: readonly string[] = ['chanceLevel', 'underfitting', 'frozenMetric'];

/**
 * A model that learns nothing is one problem, however many rules see it: its training loss barely moving
 * (underfitting), its validation accuracy at chance (chanceLevel) and that accuracy, or a detector's mAP, frozen at
 * one value (frozenMetric). Where underfitting or chanceLevel warns, their warnings and the frozen metrics' are one
 * finding: chanceLevel's (it says why: the class count, the loss at ln k), else underfitting's, the most severe and
 * earliest of its rule, saying the others after "Also:" and keeping them in `sameProblem`. A frozen metric alone is
 * its own problem (an IoU at 0 beside a Dice of 0.96). The plateau and earlyStopping notes of such a run go too (its
 * losses never learned; its best evaluation is noise); beside underfitting alone, only a plateau of the same series.
 */
export function oneFailureToLearn(findings: readonly Finding[]): Finding[] {
  const said = findings.filter((f) => f.severity !== 'info' && NOT_LEARNING.includes(f.rule));
  const lead =
    mostSevere(said.filter((f) => f.rule === 'chanceLevel')) ??
    mostSevere(said.filter((f) => f.rule === 'underfitting'));
  if (!lead) return [...findings];
  if (said.length < 2) {
    // A loss barely learning has no plateau worth a note of its own.
    return findings.filter((f) => !(f.rule === 'plateau' && f.severity === 'info' && f.metric === lead.metric));
  }
  // A model that several rules see learning nothing has no plateau worth a note and no best worth stopping at.
  const rest = findings.filter((f) => !(f.severity === 'info' && (f.rule === 'plateau' || f.rule === 'earlyStopping')));
  return fold(rest, lead, said, 'Also');
}

/** Rules whose findings a blow-up of training explains when they start where it starts or later. */
const AFTER_BLOW_UP: readonly string[] = ['nonFinite', 'lossSpike', 'chanceLevel', 'frozenMetric', 'oscillation'];

/**
 * Training that blew up is one problem: a loss diverging (divergence, the earliest such warning or error) and, from
 * where it starts, what follows from it: the losses turning NaN (nonFinite), the validation loss jumping with it
 * (lossSpike), the accuracy falling to chance (chanceLevel) or stuck there (frozenMetric), the loss see-sawing
 * (oscillation). One finding, at the divergence, saying the rest after "After it:". What came before the divergence
 * is another matter and stays.
 */
export function oneBlowUp(findings: readonly Finding[]): Finding[] {
  const lead = earliest(findings.filter((f) => f.rule === 'divergence' && f.severity !== 'info'));
  if (!lead || lead.step === undefined) return [...findings];
  const from = lead.step;
  const after = findings.filter(
    (f) =>
      f !== lead && f.severity !== 'info' && AFTER_BLOW_UP.includes(f.rule) && f.step !== undefined && f.step >= from,
  );
  return after.length === 0 ? [...findings] : fold(findings, lead, [lead, ...after], 'After it');
}

/**
 * `findings` with `said` (which holds `lead`) replaced by one finding: the lead's, at the most severe of their
 * severities, its message followed by the others' after `word`, and the others kept in `sameProblem`.
 */
function fold(findings: readonly Finding[], lead: Finding, said: readonly Finding[], word: string): Finding[] {
  const others = said.filter((f) => f !== lead).sort((a, b) => placeIn(a) - placeIn(b));
  const severity = said.some((f) => f.severity === 'error') ? 'error' : lead.severity;
  const merged: Finding = {
    ...lead,
    severity,
    message: `${lead.message} ${word}: ${others.map((f) => f.message).join(' ')}`,
    detail: {
      ...(lead.detail ?? {}),
      alsoSaidBy: others.map((f) => `${f.rule} on ${f.metric ?? 'the run'}`).join(', '),
    },
    sameProblem: others,
  };
  return findings.filter((f) => !said.includes(f)).concat(merged);
}

/** The earliest finding in the file; undefined for none. */
function earliest(findings: readonly Finding[]): Finding | undefined {
  return findings.length === 0 ? undefined : findings.reduce((a, b) => (placeIn(b) < placeIn(a) ? b : a));
}

/** The most severe finding, the earliest of those; undefined for none. */
function mostSevere(findings: readonly Finding[]): Finding | undefined {
  if (findings.length === 0) return undefined;
  return findings.reduce((a, b) =>
    SEVERITY_RANK[b.severity] < SEVERITY_RANK[a.severity] ||
    (SEVERITY_RANK[b.severity] === SEVERITY_RANK[a.severity] && placeIn(b) < placeIn(a))
      ? b
      : a,
  );
}
