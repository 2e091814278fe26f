/**
 * `overlappingRuns` (info): a folder run (TensorBoard event files, MLflow, DVCLive) whose files
 * overlap in steps: a second event file starting again at step 0 while the first went on to 500 is a
 * second run (or an attempt started again) written into the same folder. The rules judge each stretch
 * apart (a step going back starts a segment: see track.ts); this says so, since the charts draw the
 * two on one line.
 */

import type { Finding } from '../../model/findings';
import type { Run } from '../../model/run';
import { findingAt, num, type RuleContext } from '../finding';
import { MAX_SEGMENTS } from '../track';

/** The first place where a series of the run goes back in steps as it passes from one file to another. */
export function detectOverlappingRuns(run: Run, ctx: RuleContext): Finding[] {
  for (const s of run.series) {
    const starts = s.segmentStarts;
    const n = Math.min(starts.length, MAX_SEGMENTS);
    const files = new Set<string>();
    let first = -1;
    for (let k = 0; k < n; k++) {
      const i = starts[k]!;
      const before = s.fileOf(i - 1),
        after = s.fileOf(i);
      if (before === undefined || after === undefined || before === after) continue;
      if (first < 0) first = i;
      files.add(before).add(after);
    }
    if (first < 0) continue;
    const names = [...files];
    const shown = names.slice(0, 3).join(', ') + (names.length > 3 ? ` and ${names.length - 3} more` : '');
    return [
      findingAt(ctx, s, first, {
        message:
          `${names.length} files of this folder overlap in steps (${shown}): ${s.fileOf(first)} starts again at ` +
          `${ctx.xLabel} ${num(s.step(first))} after ${s.fileOf(first - 1)} reached ${num(s.step(first - 1))}. ` +
          'Each stretch is judged apart; the charts draw them on one line.',
        hint: 'try: one log folder per run (a new folder for each attempt), or delete the event files of the attempts you do not want',
        detail: { files: names.length, restartStep: s.step(first), previousStep: s.step(first - 1) },
      }),
    ];
  }
  return [];
}
