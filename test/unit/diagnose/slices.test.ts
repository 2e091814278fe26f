// Issue #15: the editor diagnoses a run in slices (`RunDiagnoser.catchUp(budget)` between turns of the event
// loop), so no file holds the extension host for long. Sliced or not, the findings are the same; and each
// slice reads about its budget of points, whatever the run: counted, not timed.
import * as assert from 'node:assert/strict';
import { RunDiagnoser, diagnoseRun } from '../../../src/core/diagnose';
import { Run } from '../../../src/core/model/run';
import { Series } from '../../../src/core/model/series';
import * as oscillation from '../../../src/core/diagnose/rules/oscillation';
import { prng } from '../helpers';

/** A log counting its epochs down (every step goes back), with a spike and a NaN. */
function countdown(rows: number): Run {
  const run = new Run('countdown.csv', 'csv', 'countdown');
  const loss = run.seriesFor('loss');
  const val = run.seriesFor('val_loss');
  for (let i = 0; i < rows; i++) {
    loss.append(rows - i, i === rows >> 1 ? 50 : 1 / (1 + i), i + 2, rows - i);
    val.append(rows - i, i === rows - 3 ? NaN : 1.2 / (1 + i), i + 2, rows - i);
  }
  return run;
}

/** Many series over a few restarts (a resumed run logged three times), steps per batch, epochs. */
function manySeries(series: number, rows: number): Run {
  const run = new Run('wide.csv', 'csv', 'wide');
  const r = prng(5);
  const all = Array.from({ length: series }, (_, k) => run.seriesFor(k % 2 === 0 ? `loss_${k}` : `val_accuracy_${k}`));
  for (let i = 0; i < rows; i++) {
    const step = i % Math.ceil(rows / 3);
    for (const [k, s] of all.entries()) {
      const v =
        k % 2 === 0 ? 2 * Math.exp(-step / 300) + 0.05 * r() + (step > 400 ? step / 500 : 0) : 0.1 + 0.001 * r();
      s.append(step, v, i + 2, Math.floor(step / 50));
    }
  }
  return run;
}

/** Calls of the methods through which the rules read points, while `f` runs. */
function pointReads(f: () => void): number {
  const proto = Series.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
  const names = ['value', 'step', 'epoch'];
  const saved = names.map((n) => proto[n]!);
  let count = 0;
  names.forEach((n, i) => {
    proto[n] = function (this: Series, ...a: unknown[]) {
      count++;
      return saved[i]!.apply(this, a);
    };
  });
  try {
    f();
  } finally {
    names.forEach((n, i) => {
      proto[n] = saved[i]!;
    });
  }
  return count;
}

describe('diagnosis in slices (the editor stays responsive)', function () {
  this.timeout(60_000);

  for (const [name, make, budget] of [
    ['a countdown of 60 000 rows', () => countdown(60_000), 1000],
    ['200 series over three restarts', () => manySeries(200, 1500), 5000],
  ] as const) {
    it(`gives the findings of one pass, in slices of ${budget} points: ${name}`, () => {
      const run = make();
      const d = new RunDiagnoser(run);
      let slices = 0;
      let worst = 0;
      for (;;) {
        let done = false;
        const reads = pointReads(() => {
          done = d.catchUp(budget);
        });
        worst = Math.max(worst, reads);
        slices++;
        if (done) break;
      }
      // Several slices: the budget is kept, not one pass hidden in the first call.
      assert.ok(slices > run.pointCount / budget, `${slices} slices for ${run.pointCount} points`);
      // Each slice reads points in proportion to its budget (a point is read by the curve, the NaN watch
      // and the spike scan, and its neighbours by the spike scan): a small constant, not the run's length.
      assert.ok(worst < 40 * budget, `a slice read ${worst} points for a budget of ${budget}`);
      // The rules over the curves ran in the slices too: the diagnosis after them only looks their findings up.
      const spied = oscillation as { detectOscillation: typeof oscillation.detectOscillation };
      const detect = spied.detectOscillation;
      let judged = 0;
      spied.detectOscillation = (...a) => {
        judged++;
        return detect(...a);
      };
      let findings;
      try {
        findings = d.diagnose();
      } finally {
        spied.detectOscillation = detect;
      }
      assert.equal(judged, 0, 'curves judged again after the slices');
      assert.ok(findings.length > 0);
      assert.deepEqual(findings, diagnoseRun(run));
    });
  }

  it('diagnoses a line appended to a long run in one slice', () => {
    const run = countdown(60_000);
    const d = new RunDiagnoser(run);
    while (!d.catchUp(1000));
    d.diagnose();
    run.getSeries('loss')!.append(0, 0.5, 60_002, 0);
    assert.equal(d.catchUp(1000), true);
  });
});
