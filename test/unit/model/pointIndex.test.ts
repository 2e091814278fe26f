import * as assert from 'node:assert/strict';
import { createParser } from '../../../src/core/formats';
import { PointIndex, type PointAt } from '../../../src/core/model/pointIndex';
import { Run } from '../../../src/core/model/run';
import { feedInChunks, fixtureBytes } from '../helpers';

/** What a line holds, found by looking at every point (what the index must agree with). */
function naive(run: Run, line: number): [string, number][] {
  const out: [string, number][] = [];
  for (const s of run.series) {
    if (s.locationKind !== 'line') continue;
    for (let i = 0; i < s.length; i++) if (s.location(i) === line) out.push([s.name, i]);
  }
  return out;
}

const named = (points: readonly PointAt[]): [string, number][] => points.map((p) => [p.series.name, p.index]);

describe('PointIndex (the points a log line holds, for hovers)', () => {
  it('finds the points of every line of real logs, as a look at every point does', () => {
    for (const [path, ...file] of [
      ['metrics.csv', 'lightning', 'metrics.csv'],
      ['train.log', 'text-real', 'mmengine-rtmpose.log'],
      ['train.log', 'text-real', 'keras-two-models.log'],
    ] as const) {
      const run = feedInChunks(
        createParser(path, path.endsWith('.csv') ? 'csv' : 'text'),
        fixtureBytes(...file),
        [4096],
      ).run;
      const last = Math.max(...run.series.map((s) => (s.length ? s.location(s.length - 1) : 0)));
      assert.ok(last > 10, `${file.join('/')}: ${last} lines`);
      const index = new PointIndex(run);
      let found = 0;
      for (let line = 0; line <= last + 1; line++) {
        const want = naive(run, line);
        assert.deepEqual(named(index.at(line)), want, `${file.join('/')}, line ${line}`);
        found += want.length;
      }
      assert.equal(found, run.pointCount, file.join('/'));
    }
  });

  it('finds points appended after a first look, and points of a series whose lines are not in order', () => {
    const run = new Run('f', 'csv', 'f', 'line');
    const loss = run.seriesFor('loss');
    for (let i = 0; i < 100; i++) loss.append(i, 1 / (1 + i), 2 + 2 * i);
    const index = new PointIndex(run);
    assert.deepEqual(named(index.at(10)), [['loss', 4]]);
    loss.append(100, 0.5, 300);
    loss.append(101, 0.4, 300);
    assert.deepEqual(named(index.at(300)), [
      ['loss', 100],
      ['loss', 101],
    ]);
    // Lines going back (no parser writes this today): found point by point, not missed by the search.
    const odd = run.seriesFor('acc');
    for (const [step, line] of [
      [0, 50],
      [1, 10],
      [2, 30],
      [3, 10],
    ])
      odd.append(step!, 0.5, line!);
    assert.deepEqual(named(index.at(10)), [
      ['loss', 4],
      ['acc', 1],
      ['acc', 3],
    ]);
    assert.deepEqual(named(index.at(30)), naive(run, 30));
    assert.deepEqual(named(index.at(11)), []);
  });
});
