/** Turns parsed runs into what the curves webview shows about them (besides the series). */

import { lowerIsBetter } from '../../core/model/best';
import type { Run } from '../../core/model/run';
import type { RunPayload, SummaryEntry } from '../../protocol/curves';

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

/** Best and last value of every series of a run (the summary table under the charts). */
export function summaryEntries(id: string, run: Run): SummaryEntry[] {
  return run.series.map((s) => {
    const lower = lowerIsBetter(s.id.quantity, s.name);
    const best = lower ? s.min() : s.max();
    const last = s.last();
    return {
      runId: id,
      name: s.name,
      lowerIsBetter: lower,
      ...(best ? { best: best.value, bestStep: best.step } : {}),
      ...(last ? { last: last.value, lastStep: last.step } : {}),
    };
  });
}
