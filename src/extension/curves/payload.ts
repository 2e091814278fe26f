/** Turns parsed runs into what the curves webview shows about them (besides the series). */

import { betterDirection } from '../../core/model/best';
import type { Run } from '../../core/model/run';
import { seriesRoles, type SeriesRole } from '../../core/model/runValues';
import type { Series } from '../../core/model/series';
import type { RunPayload, RunValueEntry, SummaryEntry } from '../../protocol/curves';

export function runPayload(id: string, run: Run, folder: string, live: boolean): RunPayload {
  return {
    id,
    name: run.name,
    source: run.source,
    format: run.format,
    xLabel: run.xLabel,
    folder,
    params: Object.fromEntries(run.params),
    issues: run.issues.slice(),
    issueCount: run.issueCount,
    live,
    ...(run.status ? { status: run.status } : {}),
    ...(run.stepMetrics.size > 0 ? { stepMetrics: [...run.stepMetrics].filter((n) => run.getSeries(n)) } : {}),
  };
}

/** Best and last value of every series of a run but its summary values (the table under the charts). */
export function summaryEntries(
  id: string,
  run: Run,
  roles: ReadonlyMap<Series, SeriesRole> = seriesRoles(run),
): SummaryEntry[] {
  return [...roles].flatMap(([s, role]) => {
    if (role === 'summary') return [];
    const direction = betterDirection(s.id.quantity, s.name);
    const best = direction === 'lower' ? s.min() : direction === 'higher' ? s.max() : undefined;
    const last = s.last();
    return [
      {
        runId: id,
        name: s.name,
        lowerIsBetter: direction === 'lower',
        ...(best ? { best: best.value, bestStep: best.step } : {}),
        ...(last ? { last: last.value, lastStep: last.step } : {}),
      },
    ];
  });
}

/** The values of a run (its summary: `hparam/…`, `best_…`, a score logged once), shown above the charts. */
export function runValueEntries(
  id: string,
  run: Run,
  roles: ReadonlyMap<Series, SeriesRole> = seriesRoles(run),
): RunValueEntry[] {
  return [...roles].flatMap(([s, role]) => {
    const last = s.last();
    if (role !== 'summary' || !last) return [];
    return [
      {
        runId: id,
        name: s.name,
        value: last.value,
        ...(Number.isFinite(last.step) ? { step: last.step } : {}),
        points: s.length,
      },
    ];
  });
}
