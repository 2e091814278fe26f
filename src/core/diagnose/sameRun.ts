/**
 * One run read from two sources: detectron2 writes the same scalars to `metrics.json` and to an
 * event file in the same `output/` folder, and the Runs view and the CLI read both. Their findings
 * are one run's findings, said once.
 */

import type { Finding } from '../model/findings';
import type { Run } from '../model/run';
import type { Series } from '../model/series';

/** Series compared, at most: enough to tell two runs apart, cheap on wide runs. */
const SERIES_CHECKED = 3;
/** Share of the points of a series that must match (a live log may be a few rows behind its twin). */
const MATCHING = 0.8;
/** Event files store float32: 7 significant digits. */
const RELATIVE = 1e-6;

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= RELATIVE * Math.max(Math.abs(a), Math.abs(b)) + 1e-12;
}

/** Whether most points of `b` are in `a` at the same steps with the same values. Linear in both lengths. */
function matches(a: Series, b: Series): boolean {
  if (b.length === 0 || a.length === 0) return false;
  const byStep = new Map<number, number[]>();
  for (let i = 0; i < a.length; i++) {
    const list = byStep.get(a.step(i));
    if (list) {
      if (list.length < 4) list.push(a.value(i));
    } else byStep.set(a.step(i), [a.value(i)]);
  }
  let hit = 0,
    finite = 0;
  for (let i = 0; i < b.length; i++) {
    const v = b.value(i);
    if (!Number.isFinite(v)) continue;
    finite++;
    if (byStep.get(b.step(i))?.some((x) => close(x, v))) hit++;
  }
  return finite > 0 && hit >= MATCHING * finite;
}

/** Whether `a` and `b` hold the same run: the series they share (at least one) have the same points. */
export function sameRun(a: Run, b: Run): boolean {
  const shared: [Series, Series][] = [];
  for (const s of b.series) {
    if (shared.length >= SERIES_CHECKED) break;
    const t = a.getSeries(s.name);
    if (t && s.length >= 3) shared.push([t, s]);
  }
  if (shared.length === 0) return false;
  return shared.every(([x, y]) => matches(x, y) || matches(y, x));
}

/** What a finding is about, whatever the source: rule and metric (the two readings may differ by a row or two). */
function problemKey(f: Finding): string {
  return `${f.rule}\u0000${f.metric ?? ''}`;
}

/**
 * The findings of `twin` that `kept` does not already report (the same rule on the same metric),
 * for a run whose source `twin` is a second reading of.
 */
export function withoutTwins(twin: readonly Finding[], kept: readonly Finding[]): Finding[] {
  const known = new Set(kept.map(problemKey));
  return twin.filter((f) => !known.has(problemKey(f)));
}

/**
 * The findings of several runs, each problem once: a run that is the same as an earlier-preferred one
 * (text sources first: their findings point at a line) keeps only what that one does not report.
 */
export function findingsOnce(entries: readonly { run: Run; findings: readonly Finding[] }[]): Finding[][] {
  const order = entries.map((_, i) => i).sort((i, j) => rank(entries[i]!.run) - rank(entries[j]!.run) || i - j);
  const out: Finding[][] = entries.map((e) => [...e.findings]);
  for (let x = 0; x < order.length; x++) {
    const i = order[x]!;
    for (let y = 0; y < x; y++) {
      const j = order[y]!;
      if (near(entries[j]!.run.source, entries[i]!.run.source) && sameRun(entries[j]!.run, entries[i]!.run))
        out[i] = withoutTwins(out[i]!, out[j]!);
    }
  }
  return out;
}

function parent(path: string): string {
  const k = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return k < 0 ? '' : path.slice(0, k);
}

/** Sources in one folder, or a folder run and a file in it: the only places two readings of one run sit. */
export function near(a: string, b: string): boolean {
  const pa = parent(a),
    pb = parent(b);
  return pa === pb || a === pb || b === pa;
}

function rank(r: Run): number {
  return r.series[0]?.locationKind === 'line' ? 0 : 1;
}
