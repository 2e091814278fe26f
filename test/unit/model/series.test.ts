import * as assert from 'node:assert/strict';
import { Run } from '../../../src/core/model/run';
import { Series } from '../../../src/core/model/series';

function points(s: Series): unknown[] {
  return Array.from({ length: s.length }, (_, i) => [
    s.step(i),
    s.value(i),
    s.location(i),
    s.epoch(i) ?? null,
    s.wallTime(i) ?? null,
  ]);
}

describe('Series storage', () => {
  it('shares one axis between the series of a run that get their points in lockstep', () => {
    const run = new Run('log.csv', 'csv', 'log');
    const loss = run.seriesFor('loss');
    const acc = run.seriesFor('acc');
    for (let i = 0; i < 1000; i++) {
      loss.append(i, 1 / (i + 1), i + 2, Math.floor(i / 100));
      acc.append(i, i / 1000, i + 2, Math.floor(i / 100));
    }
    assert.equal(loss.stepArray().buffer, acc.stepArray().buffer, 'one steps column');
    assert.equal(loss.locationArray().buffer, acc.locationArray().buffer, 'one locations column');
    assert.equal(acc.value(999), 0.999);
    assert.equal(acc.epoch(999), 9);
  });

  it('gives a series whose points part from the others a copy of its own, with the same points as if it had had one all along', () => {
    const run = new Run('log.csv', 'csv', 'log');
    const train = run.seriesFor('loss');
    const val = run.seriesFor('val_loss');
    const alone = { train: new Series('loss'), val: new Series('val_loss') };
    for (let i = 0; i < 300; i++) {
      const wall = 1.7e9 + i;
      train.append(i, 2 - i / 300, i + 2, undefined, wall);
      alone.train.append(i, 2 - i / 300, i + 2, undefined, wall);
      // Validation every row at first (with epochs from row 50 on), then every tenth row.
      if (i < 100 || i % 10 === 0) {
        val.append(i, 2.1 - i / 300, i + 2, i < 50 ? undefined : i, wall);
        alone.val.append(i, 2.1 - i / 300, i + 2, i < 50 ? undefined : i, wall);
      }
    }
    assert.deepEqual(points(train), points(alone.train));
    assert.deepEqual(points(val), points(alone.val));
    assert.notEqual(train.stepArray().buffer, val.stepArray().buffer);
    assert.equal(train.hasEpochs, false);
    assert.equal(val.hasEpochs, true);
    assert.equal(val.epoch(0), undefined);
    assert.equal(val.epoch(60), 60);
    assert.equal(train.hasWallTimes, true);
    assert.deepEqual(val.segmentStarts, alone.val.segmentStarts);
  });

  it('says a series has epochs only when its own points have them, though it shares the axis', () => {
    const run = new Run('log.jsonl', 'jsonl', 'log');
    const a = run.seriesFor('a');
    const b = run.seriesFor('b');
    a.append(0, 1, 1);
    b.append(0, 1, 1);
    a.append(1, 1, 2, 7);
    // A step of -0 is not the step 0 another series put there.
    b.append(-0, 2, 2);
    assert.ok(Object.is(b.step(1), -0));
    assert.equal(a.step(1), 1);
    assert.equal(a.hasEpochs, true);
    assert.equal(b.hasEpochs, false);
    assert.equal(b.epochArray(), undefined);
    assert.deepEqual(Array.from(a.epochArray()!), [NaN, 7]);
  });

  it('gives back spare room when a read ends, and grows again on the next append', () => {
    const run = new Run('log.csv', 'csv', 'log');
    const s = run.seriesFor('loss');
    for (let i = 0; i < 5000; i++) s.append(i, i * 0.5, i + 2, undefined, 1.7e9 + i);
    const before = points(s);
    run.trim();
    assert.equal(s.valueArray().buffer.byteLength, 5000 * 8, 'values cut to their length');
    assert.equal(s.stepArray().buffer.byteLength, 5000 * 8, 'the shared axis too');
    assert.deepEqual(points(s), before);
    s.append(5000, 1, 5002, 3, 1.7e9 + 5000);
    assert.equal(s.length, 5001);
    assert.deepEqual(points(s).slice(0, 5000), before);
    assert.deepEqual(points(s)[5000], [5000, 1, 5002, 3, 1.7e9 + 5000]);
    assert.equal(s.epoch(4999), undefined);
    assert.equal(s.min()!.value, 0);
    assert.equal(s.max()!.value, 2499.5);
  });
});
