// Matching the rules' findings on a run to what a person judged the run to show, and the precision and
// recall that follow (docs/detector-evaluation.md, "Real runs the rules were not tuned on"). Pure: the
// caller reads the runs and diagnoses them; nothing here knows about files.
import { createHash } from 'node:crypto';
import type { Finding, Severity } from '../../../src/core/model/findings';

/** A problem a person found by reading the run's numbers. */
export interface Problem {
  readonly rule: string;
  /** Series (raw names) where it shows; a finding on any of them matches. Empty: any series. */
  readonly metrics: readonly string[];
  /** Step (as the file numbers it) where it starts; absent when the problem has no single place. */
  readonly from?: number | undefined;
  /** Last step of the stretch, when the problem covers one (a finding anywhere in it matches). */
  readonly to?: number;
  /** `epoch`: from/to are epochs and are compared with the finding's epoch (the generated runs). */
  readonly axis?: 'step' | 'epoch';
  /** The least severity at which finding it counts for recall (default: warning; info for plateau, earlyStopping). */
  readonly minSeverity?: Severity;
  /** Other rule ids that name the same problem here. */
  readonly alsoAccept?: readonly string[];
  readonly note?: string;
}

/** Something a finding may say without being right or wrong (counted neither way). */
export interface Debatable {
  readonly rule: string;
  readonly metrics?: readonly string[];
  readonly note?: string;
}

export interface Judgment {
  readonly problems: readonly Problem[];
  readonly debatable?: readonly Debatable[];
}

/** Rules that name the same problem in different words, whichever one a judgment lists. */
export const EQUIVALENT: Readonly<Record<string, readonly string[]>> = {
  overfitting: ['generalizationGap'],
  generalizationGap: ['overfitting'],
  divergence: ['nonFinite'],
  nonFinite: ['divergence'],
};

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export function minSeverityOf(p: Problem): Severity {
  return p.minSeverity ?? (p.rule === 'plateau' || p.rule === 'earlyStopping' ? 'info' : 'warning');
}

/** A finding's place in the axis the problem is judged on. */
function placeOf(f: Finding, p: Problem): number | undefined {
  return p.axis === 'epoch' ? f.epoch : f.step;
}

/**
 * Whether `f` is the finding of problem `p`: the same rule (or an agreed equivalent), on one of its series,
 * starting within `tolerance` steps of where the problem starts (or anywhere in its stretch), or naming a stretch
 * (`range`) that covers where it starts.
 */
export function findingMatches(f: Finding, p: Problem, tolerance: number): boolean {
  const rules = [p.rule, ...(p.alsoAccept ?? []), ...(EQUIVALENT[p.rule] ?? [])];
  if (!rules.includes(f.rule)) return false;
  if (p.metrics.length > 0 && (f.metric === undefined || !p.metrics.includes(f.metric))) return false;
  if (p.from === undefined) return true;
  const at = placeOf(f, p);
  if (at === undefined) return false;
  if (at >= p.from - tolerance && at <= (p.to ?? p.from) + tolerance) return true;
  // A finding that names a stretch (overfitting: from its best to now) covering where the judge put the start
  // says the problem is there: it places the start earlier (the true optimum, the issue asks the rules to name
  // it) than the judge, who placed it where the rise becomes clear to the eye.
  return p.axis !== 'epoch' && f.range !== undefined && f.range.fromStep <= p.from && f.range.toStep >= p.from;
}

function debatableMatches(f: Finding, d: Debatable): boolean {
  return (
    f.rule === d.rule &&
    (d.metrics === undefined || d.metrics.length === 0 || (f.metric !== undefined && d.metrics.includes(f.metric)))
  );
}

export type Verdict = 'true' | 'duplicate' | 'debatable' | 'false';

export interface RunScore {
  /** For each finding (same order): what it is against the judgment. */
  readonly verdicts: readonly Verdict[];
  /** For each problem (same order): whether a finding at its least severity or worse names it. */
  readonly found: readonly boolean[];
}

/**
 * Scores one run. Each problem takes the first finding that matches it; another finding matching the same
 * problem is a duplicate (one problem, one finding: a flood of copies is not more right). A finding that
 * matches no problem but a debatable entry is debatable; anything else is false.
 * A finding that says what other rules said of the same problem (`sameProblem`: a model at chance said once, not by
 * chanceLevel, underfitting and frozenMetric apart) is one finding: it matches what any of them matches, and takes
 * every problem they name (a judge who counted the frozen mAP and the frozen losses of a detector as two problems
 * sees both found, by one finding).
 * `tolerance(metric)` gives the allowed distance in steps for a finding on that series.
 */
export function scoreRun(
  findings: readonly Finding[],
  j: Judgment,
  tolerance: (metric: string | undefined) => number,
): RunScore {
  const taken = j.problems.map(() => false);
  const found = j.problems.map(() => false);
  const verdicts: Verdict[] = findings.map((lead) => {
    // The folded findings carry the severity the user sees: the merged finding's.
    const said = [lead, ...(lead.sameProblem ?? []).map((g) => ({ ...g, severity: lead.severity }))];
    let matched = false,
      took = false;
    for (const f of said) {
      const tol = tolerance(f.metric);
      for (let k = 0; k < j.problems.length; k++) {
        const p = j.problems[k]!;
        if (!findingMatches(f, p, tol)) continue;
        matched = true;
        if (RANK[f.severity] >= RANK[minSeverityOf(p)]) found[k] = true;
        if (!taken[k]) {
          taken[k] = true;
          took = true;
          // A lone finding takes one problem; a merged one takes a problem for each rule it says.
          break;
        }
      }
    }
    if (took) return 'true';
    if (matched) return 'duplicate';
    return said.some((f) => (j.debatable ?? []).some((d) => debatableMatches(f, d))) ? 'debatable' : 'false';
  });
  return { verdicts, found };
}

/** Steps within which a finding on a series counts as placed right: 3 of its own intervals or 5 % of its span. */
export function stepTolerance(steps: readonly number[]): number {
  if (steps.length < 2) return 0;
  const gaps: number[] = [];
  for (let i = 1; i < steps.length; i++) if (steps[i]! > steps[i - 1]!) gaps.push(steps[i]! - steps[i - 1]!);
  if (gaps.length === 0) return 0;
  gaps.sort((a, b) => a - b);
  const median = gaps[Math.floor(gaps.length / 2)]!;
  const span = Math.max(...steps) - Math.min(...steps);
  return Math.max(3 * median, 0.05 * span);
}

export type Half = 'tuning' | 'evaluation';
/**
 * A judged run's set: a half of the split, `fresh` (added after it, second round), `heldout3` (the fourth round's
 * held-out set, collected while the rules were changed elsewhere and committed before any rule ran on it) or
 * `heldout4` (the fifth round's, collected and committed the same way) or `heldout5` (the sixth round's, collected
 * and committed the same way).
 */
export type JudgedSet = Half | 'fresh' | 'heldout3' | 'heldout4' | 'heldout5';

/** The sets added after the split: their runs are not placed by the hash of their path. */
export const ADDED_SETS: readonly JudgedSet[] = ['fresh', 'heldout3', 'heldout4', 'heldout5'];

/**
 * The half a corpus run belongs to, from its path alone (relative to test/fixtures/corpus, with `/`):
 * the first byte of the path's SHA-1, even for tuning and odd for evaluation. Stable whatever else changes.
 */
export function halfOf(relativePath: string): Half {
  const first = createHash('sha1').update(relativePath, 'utf8').digest()[0]!;
  return first % 2 === 0 ? 'tuning' : 'evaluation';
}

/** Counts over a set of scored runs, overall and per rule. */
export interface Tally {
  problems: number;
  found: number;
  /** Findings at warning or error severity, by verdict. */
  warned: Record<Verdict, number>;
}

export function emptyTally(): Tally {
  return { problems: 0, found: 0, warned: { true: 0, duplicate: 0, debatable: 0, false: 0 } };
}

/** Precision of the findings at warning or error severity: true ones over true, duplicate and false ones. */
export function precision(t: Tally): number | undefined {
  const judged = t.warned.true + t.warned.duplicate + t.warned.false;
  return judged === 0 ? undefined : t.warned.true / judged;
}

export function recall(t: Tally): number | undefined {
  return t.problems === 0 ? undefined : t.found / t.problems;
}

/** Adds one scored run to the overall tally and to the tallies of each rule. */
export function addRun(
  overall: Tally,
  perRule: Map<string, Tally>,
  findings: readonly Finding[],
  j: Judgment,
  s: RunScore,
): void {
  const of = (rule: string) => {
    let t = perRule.get(rule);
    if (!t) perRule.set(rule, (t = emptyTally()));
    return t;
  };
  j.problems.forEach((p, k) => {
    for (const t of [overall, of(p.rule)]) {
      t.problems++;
      if (s.found[k]) t.found++;
    }
  });
  findings.forEach((f, k) => {
    if (f.severity === 'info') return;
    for (const t of [overall, of(f.rule)]) t.warned[s.verdicts[k]!]++;
  });
}
