import * as assert from 'node:assert/strict';
import { downsampleIndices, nonFiniteIndices } from '../../../src/core/curves/downsample';
import { prng } from '../helpers';

function noisy(n: number, seed = 1): { x: Float64Array; y: Float64Array } {
  const rnd = prng(seed);
  const x = Float64Array.from({ length: n }, (_, i) => i);
  const y = Float64Array.from({ length: n }, (_, i) => Math.exp(-i / (n / 5)) + rnd() * 0.1);
  return { x, y };
}

describe('downsampleIndices (min/max-preserving buckets)', () => {
  it('sends everything when the range fits the budget', () => {
    const { x, y } = noisy(300);
    const d = downsampleIndices(x, y, -Infinity, Infinity, 100);
    assert.equal(d.complete, true);
    assert.equal(d.indices.length, 300);
  });

  it('keeps at most four points per bucket of a million-point series', () => {
    const { x, y } = noisy(1_000_000);
    const d = downsampleIndices(x, y, -Infinity, Infinity, 1000);
    assert.equal(d.complete, false);
    assert.ok(d.indices.length <= 4000, `${d.indices.length}`);
    assert.ok(d.indices.length > 2000);
  });

  it('keeps the minimum and maximum of every bucket, so every spike survives', () => {
    const { x, y } = noisy(100_000, 9);
    y[12_345] = 50; // a loss spike
    y[77_777] = -3;
    const buckets = 200;
    const d = downsampleIndices(x, y, 0, 99_999, buckets);
    const kept = new Set(d.indices);
    assert.ok(kept.has(12_345) && kept.has(77_777));
    const width = 99_999 / buckets;
    for (let b = 0; b < buckets; b++) {
      let min = -1,
        max = -1;
      for (let i = 0; i < x.length; i++) {
        if (Math.min(buckets - 1, Math.floor(x[i]! / width)) !== b) continue;
        if (min < 0 || y[i]! < y[min]!) min = i;
        if (max < 0 || y[i]! > y[max]!) max = i;
      }
      assert.ok(kept.has(min) && kept.has(max), `bucket ${b}`);
    }
  });

  it('returns the zoomed range at full resolution, plus one neighbour on each side', () => {
    const { x, y } = noisy(1_000_000);
    const d = downsampleIndices(x, y, 500_000, 500_999, 1000);
    assert.equal(d.complete, true);
    assert.equal(d.indices.length, 1002);
    assert.equal(d.indices[0], 499_999);
    assert.equal(d.indices[d.indices.length - 1], 501_000);
  });

  it('leaves NaN and Infinity out of the line and lists them for markers', () => {
    const x = Float64Array.from([0, 1, 2, 3, 4]);
    const y = Float64Array.from([1, NaN, 2, Infinity, -Infinity]);
    assert.deepEqual(Array.from(downsampleIndices(x, y, -Infinity, Infinity, 10).indices), [0, 2]);
    assert.deepEqual(Array.from(nonFiniteIndices(x, y, -Infinity, Infinity, 10)), [1, 3, 4]);
    assert.deepEqual(Array.from(nonFiniteIndices(x, y, -Infinity, Infinity, 2)), [1, 3]);
  });
});
