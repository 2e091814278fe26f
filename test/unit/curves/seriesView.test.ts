import * as assert from 'node:assert/strict';
import { SeriesViewer } from '../../../src/extension/curves/seriesView';
import { Series } from '../../../src/core/model/series';
import { smooth } from '../../../src/core/curves/smoothing';
import type { ViewRequest } from '../../../src/protocol/curves';

const VIEW: ViewRequest = { smoothing: 0, xMode: 'step', xRange: null, buckets: 1000 };

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
});
