import * as assert from 'node:assert/strict';
import { aggregateRuns, commonGrid } from '../../../src/core/curves/aggregate';
import { alignOnX, summaryMarkdown, toCsv } from '../../../src/core/curves/table';

describe('aggregateRuns (group mean and band)', () => {
  it('averages runs at common x, with the population std and the min–max', () => {
    const a = { x: Float64Array.from([0, 1, 2]), y: Float64Array.from([1, 2, 3]) };
    const b = { x: Float64Array.from([0, 1, 2]), y: Float64Array.from([3, 4, 5]) };
    const g = aggregateRuns([a, b]);
    assert.deepEqual(Array.from(g.x), [0, 1, 2]);
    assert.deepEqual(Array.from(g.mean), [2, 3, 4]);
    assert.deepEqual(Array.from(g.std), [1, 1, 1]);
    assert.deepEqual(Array.from(g.min), [1, 2, 3]);
    assert.deepEqual(Array.from(g.max), [3, 4, 5]);
  });

  it('interpolates runs logged at different steps and counts only runs covering an x', () => {
    const a = { x: Float64Array.from([0, 10]), y: Float64Array.from([0, 10]) };
    const b = { x: Float64Array.from([5]), y: Float64Array.from([1]) };
    const g = aggregateRuns([a, b]);
    assert.deepEqual(Array.from(g.x), [0, 5, 10]);
    assert.deepEqual(Array.from(g.count), [1, 2, 1]);
    assert.equal(g.mean[1], 3);
  });

  it('uses an even grid when the union of x would be too large', () => {
    const big = { x: Float64Array.from({ length: 5000 }, (_, i) => i), y: new Float64Array(5000) };
    assert.equal(commonGrid([big, big], 100).length, 100);
  });
});

describe('curve tables (export)', () => {
  it('aligns series on x, one row per distinct x, empty where a series has no point', () => {
    const t = alignOnX([
      { name: 'loss', x: Float64Array.from([0, 1, 2]), y: Float64Array.from([1, 0.5, 0.25]) },
      { name: 'val_loss', x: Float64Array.from([1, 3]), y: Float64Array.from([0.7, NaN]) },
    ]);
    assert.deepEqual(t.x, [0, 1, 2, 3]);
    assert.deepEqual(t.values, [
      [1, undefined],
      [0.5, 0.7],
      [0.25, undefined],
      [undefined, NaN],
    ]);
  });

  it('writes CSV that pandas reads back: header, nan, quoted names', () => {
    const csv = toCsv('epoch', [
      { name: 'run "a",1/loss', x: Float64Array.from([0, 1]), y: Float64Array.from([1, Infinity]) },
      { name: 'val_loss', x: Float64Array.from([1]), y: Float64Array.from([NaN]) },
    ]);
    assert.equal(csv, 'epoch,"run ""a"",1/loss",val_loss\n0,1,\n1,inf,nan\n');
  });

  it('escapes pipes in the Markdown summary', () => {
    const md = summaryMarkdown([
      { run: 'a|b', metric: 'val_loss', best: 0.1234567, bestStep: 3, last: 0.2, lastStep: 9 },
    ]);
    assert.match(md, /\| a\\\|b \| val_loss \| 0\.123457 \| 3 \| 0\.2 \| 9 \|/);
  });
});
