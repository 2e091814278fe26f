import * as assert from 'node:assert/strict';
import { SeriesViewer } from '../../../src/extension/curves/seriesView';
import { Series } from '../../../src/core/model/series';
import { smooth } from '../../../src/core/curves/smoothing';
import { STEP_POINTS, type Steps } from '../../../src/core/curves/steps';
import type { ViewRequest } from '../../../src/protocol/curves';

const VIEW: ViewRequest = { smoothing: 0, xMode: 'step', xRange: null, buckets: 1000 };

/** Takes `steps` one at a time, calling `between` after each: what each step said it looked at, and the result. */
function stepByStep<T>(steps: Steps<T>, between: (k: number) => void = () => {}): { looked: number[]; value: T } {
  const looked: number[] = [];
  for (;;) {
    const r = steps.next();
    if (r.done) return { looked, value: r.value };
    looked.push(r.value);
    between(looked.length);
  }
}

function series(n: number, name = 'val_loss'): Series {
  const s = new Series(name);
  for (let i = 0; i < n; i++)
    s.append(i, 1 / (1 + i) + ((i * 7919) % 101) / 1000, i + 2, Math.floor(i / 100), 1_700_000_000 + i);
  return s;
}

describe('SeriesViewer (what the webview receives)', () => {
  it('sends a 1 M-point series as at most four points per bucket', () => {
    const v = new SeriesViewer('r', series(1_000_000), () => 0).full(VIEW);
    assert.equal(v.total, 1_000_000);
    assert.equal(v.downsampled, true);
    assert.ok(v.x.length <= 4000, `${v.x.length}`);
    assert.equal(v.x.length, v.y.length);
    assert.equal(v.x.length, v.lines.length);
  });

  it('sends only the appended points of a small series, with their smoothed values continuing the full series', () => {
    const s = series(50);
    const viewer = new SeriesViewer('r', s, () => 0);
    const view = { ...VIEW, smoothing: 0.9 };
    const first = viewer.full(view);
    assert.equal(first.start, 0);
    assert.equal(first.x.length, 50);
    for (let i = 50; i < 53; i++) s.append(i, 0.01 * i, i + 2);
    const next = viewer.update(view)!;
    assert.equal(next.start, 50);
    assert.deepEqual(Array.from(next.x), [50, 51, 52]);
    const expected = smooth(s.valueArray(), 0.9);
    assert.deepEqual(Array.from(next.smoothed!), Array.from(expected.subarray(50)));
    assert.equal(viewer.update(view), undefined);
  });

  it('computes smoothing on the full series, then samples it, for a downsampled series', () => {
    const s = series(200_000);
    const v = new SeriesViewer('r', s, () => 0).full({ ...VIEW, smoothing: 0.95, buckets: 100 });
    const full = smooth(s.valueArray(), 0.95);
    for (let k = 0; k < v.x.length; k += 37) assert.equal(v.smoothed![k], full[v.x[k]!]);
  });

  it('re-samples instead of appending once a downsampled series grows', () => {
    const s = series(5000);
    const viewer = new SeriesViewer('r', s, () => 0);
    assert.equal(viewer.full({ ...VIEW, buckets: 100 }).downsampled, true);
    s.append(5000, 0.5, 5002);
    const next = viewer.update({ ...VIEW, buckets: 100 })!;
    assert.equal(next.start, 0);
    assert.equal(next.total, 5001);
  });

  it('uses epoch and relative time as x when asked, and says when a series has no such axis', () => {
    const s = series(300);
    const byEpoch = new SeriesViewer('r', s, () => 0).full({ ...VIEW, xMode: 'epoch' });
    assert.equal(byEpoch.x[250], 2);
    const relative = new SeriesViewer('r', s, () => 1_700_000_000).full({ ...VIEW, xMode: 'relative' });
    assert.equal(relative.x[10], 10);
    const bare = new Series('loss');
    bare.append(0, 1, 2);
    assert.equal(new SeriesViewer('r', bare, () => 0).full({ ...VIEW, xMode: 'wall' }).missingAxis, true);
  });

  it('marks the best value: the minimum of a loss, the maximum of an accuracy', () => {
    const loss = new Series('val_loss');
    [0.9, 0.5, 0.7].forEach((v, i) => loss.append(i, v, i + 2));
    assert.deepEqual(new SeriesViewer('r', loss, () => 0).full(VIEW).best, { x: 1, y: 0.5, step: 1 });
    const acc = new Series('val_acc');
    [0.5, 0.9, 0.7].forEach((v, i) => acc.append(i, v, i + 2));
    assert.equal(new SeriesViewer('r', acc, () => 0).full(VIEW).best!.y, 0.9);
  });

  it('lists NaN and Infinity as markers with their kind, step and line', () => {
    const s = new Series('loss');
    [1, NaN, Infinity, -Infinity, 0.5].forEach((v, i) => s.append(i * 10, v, i + 2));
    const v = new SeriesViewer('r', s, () => 0).full(VIEW);
    assert.deepEqual(Array.from(v.nonFinite.kind), [0, 1, -1]);
    assert.deepEqual(Array.from(v.nonFinite.steps), [10, 20, 30]);
    assert.deepEqual(Array.from(v.nonFinite.lines), [3, 4, 5]);
    assert.deepEqual(Array.from(v.x), [0, 40]);
  });

  it('computes a view of millions of points in steps of at most STEP_POINTS points, each mode and smoothing, to the same view', () => {
    // Issue #15: the first view of a 10 M-point series held the extension host 110 ms (340 ms smoothed) in one turn.
    const s = series(1_500_000);
    for (const xMode of ['step', 'wall', 'relative'] as const) {
      for (const smoothing of [0, 0.6]) {
        const view = { ...VIEW, xMode, smoothing };
        const whole = new SeriesViewer('r', s, () => 1_700_000_000).full(view);
        const { looked, value } = stepByStep(new SeriesViewer('r', s, () => 1_700_000_000).fullSteps(view));
        assert.deepEqual(value, whole, `${xMode}, smoothing ${smoothing}`);
        assert.ok(
          looked.every((n) => n > 0 && n <= STEP_POINTS),
          `${xMode}: ${Math.max(...looked)} points in a step`,
        );
        // The passes over 1.5 M points (x values for wall and relative, smoothing, the two of the downsample, the
        // markers): a step each per STEP_POINTS.
        const passes = 3 + (xMode === 'step' ? 0 : 1) + (smoothing > 0 ? 1 : 0);
        assert.ok(looked.length >= passes * 5, `${xMode}, smoothing ${smoothing}: ${looked.length} steps`);
      }
    }
  });

  it('views the points a series held when its first step was taken, while more are appended between steps', () => {
    const s = series(1_000_000);
    const copy = series(1_000_000);
    const view = { ...VIEW, smoothing: 0.6 };
    const viewer = new SeriesViewer('r', s, () => 0);
    let appended = 0;
    const { value } = stepByStep(viewer.fullSteps(view), () => {
      // A live read appending a chunk between two turns (the columns grow: their storage is replaced).
      for (let k = 0; k < 100_000; k++, appended++) s.append(1_000_000 + appended, 2, 1_000_002 + appended);
    });
    assert.ok(appended > 0);
    assert.deepEqual(value, new SeriesViewer('r', copy, () => 0).full(view));
    // The next update brings the points appended meanwhile: a fresh downsample of them all (the series is downsampled).
    const next = viewer.update(view)!;
    assert.equal(next.total, 1_000_000 + appended);
    assert.deepEqual(next, new SeriesViewer('r', s, () => 0).full(view));
  });

  it('leaves the viewer as it was when a view in steps is left unfinished', () => {
    const s = series(50);
    const viewer = new SeriesViewer('r', s, () => 0);
    viewer.full(VIEW);
    for (let i = 50; i < 400_000; i++) s.append(i, 0.5, i + 2);
    const steps = viewer.updateSteps(VIEW);
    assert.equal(steps.next().done, false);
    // Dropped after one step (the panel asked for a whole view): the next update sends every appended point.
    const next = viewer.update(VIEW)!;
    assert.equal(next.start, 0);
    assert.equal(next.total, 400_000);
  });
});
