// Precision and recall of the training-health rules on the judged real-run corpus (test/fixtures/corpus,
// judgments.json) and on the 69 runs of the older evaluation, read with the core as the CLI reads them.
//
//   npm run evaluate-rules -- --half tuning        (tune on this half only)
//   npm run evaluate-rules -- --half evaluation    (the held-out figures; do not tune on them)
//   npm run evaluate-rules -- --half fresh         (runs added after the split, judged before any rule ran on them:
//                                                   held out from all tuning; score them once, at the end)
//   npm run evaluate-rules -- --half heldout3      (the fourth round's held-out set: score it once, at the end, for the
//                                                   record; do not look at its per-run output while changing rules)
//   npm run evaluate-rules -- --half heldout4      (the fifth round's held-out set: the same discipline)
//   npm run evaluate-rules -- --half heldout5      (the sixth round's held-out set: the same discipline)
//   npm run evaluate-rules -- --half existing      (the 69 runs of docs/detector-evaluation.md)
//   add --runs for one line per run (findings and what each was judged to be)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagnoseRun, findingsOnce, type RuleSettings } from '../../../src/core/diagnose';
import type { Finding } from '../../../src/core/model/findings';
import { readInputRuns } from '../../../src/node/readInputs';
import { FIXTURES } from '../helpers';
import {
  addRun,
  emptyTally,
  precision,
  recall,
  scoreRun,
  stepTolerance,
  type Debatable,
  type JudgedSet,
  type Judgment,
  type Problem,
  type RunScore,
  type Tally,
} from './corpusMatch';
import { allCases, evaluateCase, TOLERANCE } from './evaluation';

export const CORPUS = join(FIXTURES, 'corpus');

export interface JudgedRun extends Judgment {
  /** File or folder, relative to test/fixtures/corpus, as it is given to the CLI. */
  readonly path: string;
  readonly writer: string;
  readonly half: JudgedSet;
  readonly about: string;
  readonly settings?: RuleSettings;
}

interface JudgmentsFile {
  readonly runs: readonly JudgedRun[];
}

export function loadJudgments(): JudgedRun[] {
  return (JSON.parse(readFileSync(join(CORPUS, 'judgments.json'), 'utf8')) as JudgmentsFile).runs.slice();
}

export interface Evaluated {
  readonly label: string;
  readonly judgment: Judgment;
  readonly findings: readonly Finding[];
  readonly score: RunScore;
  readonly unreadable?: string | undefined;
}

/** Reads a corpus run as `metric-lens inspect` does (a folder may hold several runs) and scores its findings. */
export async function evaluateJudged(j: JudgedRun): Promise<Evaluated> {
  const steps = new Map<string, number[]>();
  const all: number[] = [];
  const findings: Finding[] = [];
  try {
    const input = await readInputRuns(join(CORPUS, j.path));
    // As the CLI does: a run read from two sources (metrics.json beside its event files) reports each problem once.
    for (const once of findingsOnce(input.runs.map((run) => ({ run, findings: diagnoseRun(run, j.settings) }))))
      findings.push(...once);
    for (const run of input.runs) {
      for (const s of run.series) {
        const list = steps.get(s.name) ?? [];
        for (let i = 0; i < s.length; i++) {
          list.push(s.step(i));
          all.push(s.step(i));
        }
        steps.set(s.name, list);
      }
    }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { label: j.path, judgment: j, findings: [], score: scoreRun([], j, () => 0), unreadable: message };
  }
  const sorted = (xs: number[]) => [...new Set(xs)].sort((a, b) => a - b);
  const overall = stepTolerance(sorted(all));
  const tolerance = (metric: string | undefined) => {
    const s = metric === undefined ? undefined : steps.get(metric);
    return s ? stepTolerance(sorted(s)) : overall;
  };
  return { label: j.path, judgment: j, findings, score: scoreRun(findings, j, tolerance) };
}

/** The 69 runs of the older evaluation, their expectations as judgments (places in epochs, ±3). */
export async function evaluateExisting(): Promise<Evaluated[]> {
  const out: Evaluated[] = [];
  for (const c of allCases()) {
    const o = await evaluateCase(c);
    const problems: Problem[] = Object.entries(c.expect).map(([rule, e]) => ({
      rule,
      metrics: [],
      from: e.epoch,
      axis: 'epoch' as const,
    }));
    const debatable: Debatable[] = c.allow.map((rule) => ({ rule }));
    const judgment: Judgment = { problems, debatable };
    const score = scoreRun(o.findings, judgment, () => TOLERANCE);
    // These expectations name a rule, not a series: a second finding of it (on the training curve as well as
    // the validation one) may be a second true problem, so it is left out rather than counted against.
    const verdicts = score.verdicts.map((v) => (v === 'duplicate' ? 'debatable' : v));
    out.push({
      label: c.file.replace(/^test\/fixtures\//, ''),
      judgment,
      findings: o.findings,
      score: { ...score, verdicts },
      unreadable: o.unreadable,
    });
  }
  return out;
}

/** A budget the issue sets: no run with more findings than this. */
export const MAX_FINDINGS = 8;

const pct = (x: number | undefined) => (x === undefined ? '—' : x.toFixed(2));

export function renderHalf(title: string, runs: readonly Evaluated[], perRun: boolean): string {
  const overall: Tally = emptyTally();
  const perRule = new Map<string, Tally>();
  for (const r of runs) if (!r.unreadable) addRun(overall, perRule, r.findings, r.judgment, r.score);
  const read = runs.filter((r) => !r.unreadable);
  const healthy = read.filter((r) => r.judgment.problems.length === 0);
  const healthyWarned = healthy.filter((r) => r.findings.some((f) => f.severity !== 'info'));
  const counts = read.map((r) => r.findings.length);
  const over = read.filter((r) => r.findings.length > MAX_FINDINGS);
  const w = overall.warned;
  const out = [
    `#### ${title}`,
    '',
    `- runs read: ${read.length} of ${runs.length}; judged problems: ${overall.problems}; healthy runs: ${healthy.length}`,
    `- recall: ${pct(recall(overall))} (${overall.found} of ${overall.problems} problems found at their severity)`,
    `- precision (warning/error): ${pct(precision(overall))} (${w.true} true, ${w.duplicate} duplicates, ${w.false} false; ${w.debatable} debatable left out)`,
    `- findings per run: mean ${(counts.reduce((a, b) => a + b, 0) / Math.max(1, counts.length)).toFixed(1)}, max ${Math.max(0, ...counts)}; runs over ${MAX_FINDINGS}: ${over.length}`,
    `- healthy runs with a warning or error: ${healthyWarned.length} of ${healthy.length}`,
    '',
    '| rule | problems | found | recall | warnings true | duplicate | false | debatable | precision |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const [rule, t] of [...perRule.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    out.push(
      `| ${rule} | ${t.problems} | ${t.found} | ${pct(recall(t))} | ${t.warned.true} | ${t.warned.duplicate} | ${t.warned.false} | ${t.warned.debatable} | ${pct(precision(t))} |`,
    );
  }
  for (const r of runs.filter((x) => x.unreadable)) out.push('', `- not read: \`${r.label}\`: ${r.unreadable}`);
  if (perRun) {
    out.push('', '| run | judged problems (found?) | findings (rule @ step: verdict) |', '|---|---|---|');
    for (const r of runs) {
      const probs =
        r.judgment.problems
          .map(
            (p, k) =>
              `${p.rule}${p.metrics.length ? ` ${p.metrics[0]}` : ''}${p.from !== undefined ? ` @ ${p.from}` : ''} ${r.score.found[k] ? '✓' : '✗'}`,
          )
          .join(', ') || '(healthy)';
      // Information findings are not judged (precision counts warnings and errors only).
      const fs =
        r.findings
          .map(
            (f, k) =>
              `${f.rule}${f.metric ? ` ${f.metric}` : ''} @ ${f.step ?? '—'}${f.sameProblem ? ` (also ${f.sameProblem.map((g) => g.rule).join(', ')})` : ''}: ${f.severity === 'info' ? 'info' : r.score.verdicts[k]}`,
          )
          .join('; ') || '(none)';
      out.push(`| \`${r.label}\` | ${probs.replace(/\|/g, '\\|')} | ${fs.replace(/\|/g, '\\|')} |`);
    }
  }
  return out.join('\n') + '\n';
}

const SET_TITLES: Readonly<Record<string, string>> = {
  fresh: 'Corpus, fresh held-out runs',
  heldout3: 'Corpus, held-out set of the fourth round',
  heldout4: 'Corpus, held-out set of the fifth round',
  heldout5: 'Corpus, held-out set of the sixth round',
};

export async function main(argv: readonly string[]): Promise<string> {
  const at = argv.indexOf('--half');
  const half = at >= 0 ? argv[at + 1] : undefined;
  const halves = half === undefined ? ['tuning', 'evaluation', 'existing'] : [half];
  const sets = ['tuning', 'evaluation', 'fresh', 'heldout3', 'heldout4', 'heldout5', 'existing'];
  for (const h of halves) {
    if (!sets.includes(h)) throw new Error(`--half takes ${sets.join(', ')}, not "${h}"`);
  }
  const perRun = argv.includes('--runs');
  const parts: string[] = [];
  for (const h of halves) {
    if (h === 'existing') {
      parts.push(renderHalf('The 69 runs of the older evaluation', await evaluateExisting(), perRun));
      continue;
    }
    const judged = loadJudgments().filter((j) => j.half === h);
    const evaluated: Evaluated[] = [];
    for (const j of judged) evaluated.push(await evaluateJudged(j));
    parts.push(renderHalf(SET_TITLES[h] ?? `Corpus, ${h} half`, evaluated, perRun));
  }
  return parts.join('\n');
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (text) => process.stdout.write(text),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
