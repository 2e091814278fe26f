/**
 * Which series of a run are curves, and which are values of the run as a whole (its summary) or
 * the x axis of the others. One place decides, for the curves panel, `metric-lens inspect` and the
 * sweep that compares them.
 *
 * A summary value is what W&B keeps in a run's summary and TensorBoard's HParams dashboard shows in
 * a session's row: one number for the run (`hparam/Final_Val_Accuracy` written once by
 * `SummaryWriter.add_hparams`, a `best_val_acc`, a final test score), shown as a number with its
 * step, not as a chart of one point. Two ways to be one:
 *
 * - **by name**: `MetricId.summary` (`hparam/…`, `best_…`, `final_…`, `Best test accuracy`), the
 *   mark the training-health rules already leave alone. A best-so-far logged every epoch is a
 *   running value of the run too: its value is the last one, as W&B's summary takes it;
 * - **by count**: a series with one point in a run where some other curve has more (a test score
 *   logged once after training). At the start of a run every series has one point: they are curves.
 *
 * A step metric (W&B's `trainer/global_step`, `Run.stepMetrics`) is an x axis the others can be
 * drawn along, not a curve of its own.
 */

import type { Run } from './run';
import type { Series } from './series';

/** How a series of a run is shown. */
export type SeriesRole = 'curve' | 'summary' | 'stepMetric';

/** The role of every series of `run`, in the run's order. Linear in the number of series. */
export function seriesRoles(run: Run): Map<Series, SeriesRole> {
  const all = run.series;
  const out = new Map<Series, SeriesRole>();
  // A curve beside which a single value is a number: a series of several points not named a summary.
  const hasCurve = all.some((s) => s.length > 1 && !s.id.summary && !run.stepMetrics.has(s.name));
  for (const s of all) {
    if (run.stepMetrics.has(s.name)) out.set(s, 'stepMetric');
    else if (s.id.summary || (hasCurve && s.length === 1)) out.set(s, 'summary');
    else out.set(s, 'curve');
  }
  return out;
}

/** The series of `run` with `role`, in the run's order. */
export function seriesWithRole(run: Run, role: SeriesRole): Series[] {
  return [...seriesRoles(run)].filter(([, r]) => r === role).map(([s]) => s);
}
