import * as assert from 'node:assert/strict';
import { SeriesTrack } from '../../../src/core/diagnose/track';
import { diagnoseRun } from '../../../src/core/diagnose';
import { createParser } from '../../../src/core/formats';
import { Run } from '../../../src/core/run';
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
    assert.deepEqual(diagnoseRun(run).filter((f) => f.rule === 'divergence'), []);
  });

  it('finds no divergence in the real Ultralytics event file, whose losses fall epoch by epoch', () => {
    const file = 'events.out.tfevents.1675348815.43529bab29be.37247.0';
    const run = feedInChunks(createParser(`ultralytics/${file}`, 'tfevents'), fixtureBytes('tfevents', 'ultralytics', file), [1 << 16]).run;
    const findings = diagnoseRun(run);
    assert.deepEqual(findings.filter((f) => f.severity !== 'info').map((f) => `${f.rule} ${f.metric}`), []);
  });
});
