/**
 * Runs grouped into one curve each (mean with a band): by folder, by a regular expression on run
 * names (the first capture group, or the whole match, names the group), or by identical
 * hyper-parameters except seed and fold. Pure, so it is unit-tested in Node.
 */

import { paramNumber } from '../../core/compare/table';
import { aggregateRuns } from '../../core/curves/aggregate';
import { formatNumber } from '../../core/text/numbers';
import { xValues, runStartTime, type XMode } from '../../core/curves/xAxis';
import type { Run } from '../../core/model/run';
import type { GroupView } from '../../protocol/curves';

export type GroupBy = 'none' | 'folder' | 'regex' | 'config';

export interface GroupableRun {
  readonly id: string;
  readonly name: string;
  readonly folder: string;
  readonly params: ReadonlyMap<string, string>;
}

/** Parameters that tell repeats of one configuration apart. */
const REPEAT_PARAM = /(^|[_.-])(seed|random_state|fold|run|trial|version|rep|repeat)([_.-]|$)/i;

/** Group label → run ids, only groups of two or more runs. */
export function groupRuns(runs: readonly GroupableRun[], by: GroupBy, pattern: string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  if (by === 'none') return groups;
  let re: RegExp | undefined;
  if (by === 'regex') {
    try {
      re = new RegExp(pattern);
    } catch {
      return groups;
    }
  }
  for (const r of runs) {
    let label: string | undefined;
    if (by === 'folder') label = r.folder;
    else if (by === 'regex') {
      const m = re!.exec(r.name);
      label = m ? (m[1] ?? m[0]) : undefined;
    } else {
      const kept = [...r.params].filter(([k]) => !REPEAT_PARAM.test(k)).sort(([a], [b]) => a.localeCompare(b));
      // Numbers by value: one run's `lr: 1e-3` and another's `lr: 0.001` are one configuration.
      const text = (v: string) => {
        const n = paramNumber(v);
        return n === undefined ? v : formatNumber(n);
      };
      label = kept.length > 0 ? kept.map(([k, v]) => `${k}=${text(v)}`).join(', ') : undefined;
    }
    if (label === undefined) continue;
    const list = groups.get(label) ?? [];
    list.push(r.id);
    groups.set(label, list);
  }
  for (const [k, v] of groups) if (v.length < 2) groups.delete(k);
  return groups;
}

/** One mean curve with its band per (group, chart, split). */
export function groupViews(
  runs: ReadonlyMap<string, Run>,
  groups: ReadonlyMap<string, readonly string[]>,
  xMode: XMode,
  band: 'std' | 'minmax',
): GroupView[] {
  const out: GroupView[] = [];
  for (const [label, ids] of groups) {
    const bySeries = new Map<
      string,
      { chartKey: string; split: GroupView['split']; parts: { x: Float64Array; y: Float64Array }[] }
    >();
    for (const id of ids) {
      const run = runs.get(id);
      if (!run) continue;
      const start = runStartTime(run.series);
      for (const s of run.series) {
        const x = xValues(s, xMode, start, (n) => run.getSeries(n));
        if (!x) continue;
        const key = `${s.id.key}\u0000${s.id.split}\u0000${s.id.aggregation ?? ''}`;
        const entry = bySeries.get(key) ?? { chartKey: s.id.key, split: s.id.split, parts: [] };
        entry.parts.push({ x, y: s.valueArray() });
        bySeries.set(key, entry);
      }
    }
    for (const [key, e] of bySeries) {
      if (e.parts.length < 2) continue;
      const a = aggregateRuns(e.parts);
      out.push({
        key: `group\u0000${label}\u0000${key}`,
        label,
        chartKey: e.chartKey,
        split: e.split,
        runIds: ids.slice(),
        x: a.x,
        mean: a.mean,
        low: band === 'std' ? a.mean.map((m, i) => m - a.std[i]!) : a.min,
        high: band === 'std' ? a.mean.map((m, i) => m + a.std[i]!) : a.max,
      });
    }
  }
  return out;
}
