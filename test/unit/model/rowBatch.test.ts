import * as assert from 'node:assert/strict';
import { RowBatch } from '../../../src/core/model/rowBatch';
import { Run } from '../../../src/core/model/run';
import { Series } from '../../../src/core/model/series';
import { prng } from '../helpers';

/** Everything a series says about itself, NaN as a string (so deepEqual compares it). */
function described(s: Series): unknown {
  const n = (v: number | undefined): unknown => (v === undefined ? null : Number.isNaN(v) ? 'NaN' : v);
  const points = Array.from({ length: s.length }, (_, i) => [
    s.step(i),
    n(s.value(i)),
    s.location(i),
    n(s.epoch(i)),
    n(s.wallTime(i)),
  ]);
  return {
    points,
    segments: s.segmentStarts.slice(),
    hasEpochs: s.hasEpochs,
    hasWallTimes: s.hasWallTimes,
    min: s.min() ?? null,
    max: s.max() ?? null,
    nonFinite: s.nonFiniteCount,
    firstNonFinite: s.firstNonFiniteIndex,
    perStep: s.maxPointsPerStep,
  };
}

function describedRun(run: Run): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of run.series) out[s.name] = described(s);
  return out;
}

const NAMES = ['loss', 'val_loss', 'acc', 'lr', 'grad_norm'];

describe('rows handed over in blocks (RowBatch)', () => {
  it('leaves every series as appending the rows one by one does, through blocks, breaks in lockstep, repeated series and hand-overs anywhere', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const rnd = prng(seed);
      const direct = new Run('log.csv', 'csv', 'direct');
      const batched = new Run('log.csv', 'csv', 'batched');
      const batch = new RowBatch();
      const values = new Float64Array(8);
      let step = 0;
      // Long stretches of identical rows (blocks fill and hand over), with every kind of break between them.
      const rows = 3000 + Math.floor(rnd() * 6000);
      let columns = NAMES.slice(0, 3);
      for (let r = 0; r < rows; r++) {
        const change = rnd();
        if (change < 0.002) columns = NAMES.filter(() => rnd() < 0.6);
        else if (change < 0.003) columns = [...columns, columns[0] ?? 'loss'];
        if (rnd() < 0.001) step = Math.floor(step / 2);
        else if (rnd() < 0.9) step++;
        const epoch = seed % 3 === 0 || (seed % 3 === 1 && r > rows / 2) ? Math.floor(step / 100) : NaN;
        const wall = seed % 2 === 0 ? 1.7e9 + r : NaN;
        const count = columns.length;
        for (let k = 0; k < count; k++) {
          const x = rnd();
          values[k] = x < 0.001 ? NaN : x < 0.002 ? Infinity : x * 10 - 5;
        }
        const d = columns.map((c) => direct.seriesFor(c));
        const b = columns.map((c) => batched.seriesFor(c));
        Series.appendRow(
          d,
          values,
          count,
          step,
          r + 2,
          epoch === epoch ? epoch : undefined,
          wall === wall ? wall : undefined,
        );
        batch.add(b, values, count, step, r + 2, epoch, wall);
        if (rnd() < 0.01) batch.commit();
      }
      batch.commit();
      assert.deepEqual(describedRun(batched), describedRun(direct), `seed ${seed}`);
    }
  });

  it('keeps the shared axis shared: a million lockstep points cost one axis', () => {
    const run = new Run('log.csv', 'csv', 'log');
    const batch = new RowBatch();
    const series = [run.seriesFor('loss'), run.seriesFor('acc')];
    const values = new Float64Array(2);
    for (let i = 0; i < 500_000; i++) {
      values[0] = 1 / (i + 1);
      values[1] = i / 500_000;
      batch.add(series, values, 2, i, i + 2, NaN, NaN);
    }
    batch.commit();
    assert.equal(series[0]!.length, 500_000);
    assert.equal(series[0]!.stepArray().buffer, series[1]!.stepArray().buffer);
    assert.equal(series[1]!.value(499_999), 499_999 / 500_000);
  });
});
