import * as assert from 'node:assert/strict';
import { MAX_UNITS, SeriesTrack } from '../../../src/core/diagnose/track';
import { diagnoseRun } from '../../../src/core/diagnose';
import { createParser } from '../../../src/core/formats';
import { Run } from '../../../src/core/model/run';
import { feedInChunks, fixtureBytes, prng } from '../helpers';

describe('evaluations of a series (diagnose track)', () => {
  it('takes the values a TensorBoard tag logs at one step (once per batch) as one evaluation, their mean', () => {
    const run = new Run('events', 'tfevents', 'events', 'offset');
    const s = run.seriesFor('train/box_loss');
    const rnd = prng(3);
    const means: number[] = [];
    for (let step = 1; step <= 20; step++) {
      let sum = 0;
      for (let b = 0; b < 55; b++) {
        const v = 2 / step + (rnd() - 0.5);
        s.append(step, v, step * 1000 + b);
        sum += v;
      }
      means.push(sum / 55);
    }
    const track = new SeriesTrack(s);
    track.update();
    const c = track.curve(0)!;
    assert.equal(c.length, 20);
    c.values.forEach((v, k) => assert.ok(Math.abs(v - means[k]!) < 1e-12, `step ${k + 1}`));
    // Batch-to-batch noise within a step is not a divergence.
    assert.deepEqual(
      diagnoseRun(run).filter((f) => f.rule === 'divergence'),
      [],
    );
  });

  it('finds no divergence in the real Ultralytics event file, whose losses fall epoch by epoch', () => {
    const file = 'events.out.tfevents.1675348815.43529bab29be.37247.0';
    const run = feedInChunks(
      createParser(`ultralytics/${file}`, 'tfevents'),
      fixtureBytes('tfevents', 'ultralytics', file),
      [1 << 16],
    ).run;
    const findings = diagnoseRun(run);
    assert.deepEqual(
      findings.filter((f) => f.severity !== 'info').map((f) => `${f.rule} ${f.metric}`),
      [],
    );
  });
});

describe('segments of a series (restarts) as the rules see them', () => {
  /** `runs` runs of `length` epochs one after another in one file, or one long run counting its epochs down. */
  function restartedRun(runs: number, length: number, f: (k: number) => number): Run {
    const run = new Run('appended.csv', 'csv', 'appended');
    let line = 2;
    for (let r = 0; r < runs; r++) {
      for (let k = 0; k < length; k++)
        run.seriesFor('loss').append(runs === 1 ? length - k : k, f(k), line++, runs === 1 ? length - k : k);
    }
    return run;
  }

  it('keeps a curve per restart for a few restarts, and one curve in file order for a log whose steps keep going back', () => {
    const six = restartedRun(6, 30, (k) => 2 / (k + 1));
    const t6 = new SeriesTrack(six.getSeries('loss')!);
    t6.update();
    assert.equal(t6.segmentCount, 6);
    assert.equal(t6.curve(5)!.length, 30);
    // 200 000 epochs counting down: every row starts a segment of the file, but the rules keep one curve.
    const down = restartedRun(1, 200_000, (k) => 1 + 0.001 * (k % 7));
    const s = down.getSeries('loss')!;
    assert.equal(s.segmentStarts.length, 199_999);
    const t = new SeriesTrack(s);
    t.update();
    assert.equal(t.segmentCount, 1);
    assert.ok(t.curve(0)!.length <= MAX_UNITS);
    assert.ok(diagnoseRun(down).length <= 3);
  });

  it('grows past the restart limit on a live log without keeping a curve per restart', () => {
    const run = new Run('down.csv', 'csv', 'down');
    const s = run.seriesFor('loss');
    const t = new SeriesTrack(s);
    for (let k = 0; k < 2000; k++) {
      s.append(2000 - k, 1 + (k % 3) * 0.01, k + 2);
      if (k % 50 === 0) t.update();
    }
    t.update();
    assert.equal(t.segmentCount, 1);
    assert.equal(t.curve(0)!.first[0], 0);
  });

  it("finds no spike on the first rows of a run appended after another (the last run's tail is no level)", () => {
    // Each run's first logged value is 2.0, then it is near 0.25 and falls to 0.2: the first row stands
    // far above the previous run's tail and above what follows it, but it has nothing before it in its run.
    const run = restartedRun(6, 40, (k) => (k === 0 ? 2 : 0.2 + 0.05 * Math.exp(-k / 10)));
    assert.deepEqual(
      diagnoseRun(run)
        .filter((f) => f.rule === 'lossSpike')
        .map((f) => f.message),
      [],
    );
  });
});
