// The incremental form: diagnosing a growing log after every appended line gives what diagnosing the
// whole file gives, and an append to a long series costs what the append costs.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { RunDiagnoser, diagnoseRun } from '../../../src/core/diagnose';
import { Run } from '../../../src/core/model/run';
import { Series } from '../../../src/core/model/series';
import { parserForFile } from '../../../src/node/readSource';
import { fixture, prng } from '../helpers';

describe('incremental diagnosis', () => {
  for (const file of [
    ['runs', 'nan', 'metrics.csv'],
    ['runs', 'overfit-noisy-labels', 'history.csv'],
    ['runs', 'spiky', 'history.csv'],
    ['pytorch-digits', 'sparse_metrics.csv'],
  ]) {
    it(`ends where one-shot diagnosis ends on ${file.join('/')}, fed a line at a time`, async () => {
      const path = fixture(...file);
      const parser = await parserForFile(path, path);
      const d = new RunDiagnoser(parser.run, { chanceLevel: { params: { classes: 10 } } });
      const bytes = new Uint8Array(readFileSync(path));
      let start = 0;
      for (let i = 0; i < bytes.length; i++) {
        if (bytes[i] !== 10) continue;
        parser.push(bytes.subarray(start, i + 1));
        start = i + 1;
        d.diagnose();
      }
      parser.flush();
      assert.deepEqual(d.diagnose(), diagnoseRun(parser.run, { chanceLevel: { params: { classes: 10 } } }));
    });
  }

  it('re-diagnoses a million-point series after one appended point reading a few points, not the series', function () {
    this.timeout(60000);
    const run = new Run('big.csv', 'csv', 'big');
    const loss = run.seriesFor('train_loss');
    const val = run.seriesFor('val_loss');
    const r = prng(11);
    const N = 1_000_000;
    for (let i = 0; i < N; i++) {
      const epoch = Math.floor(i / 10_000);
      loss.append(i, 0.1 + 2 * Math.exp(-i / 200_000) * (1 + 0.2 * (r() - 0.5)), i + 2, epoch);
      if (i % 10_000 === 9_999) val.append(i, 0.3 + 0.5 * Math.exp(-epoch / 20), i + 2, epoch);
    }
    // The points the rules read, counted through the series' accessors (not timed: a timed bound flakes
    // on a loaded machine).
    const read = countPointReads();
    try {
      const d = new RunDiagnoser(run);
      d.diagnose();
      const first = read.count;
      assert.ok(first >= N, `the first pass read ${first} points of ${N}: the count must see the reads`);
      let most = 0;
      for (let k = 0; k < 200; k++) {
        loss.append(N + k, 0.1, N + k + 2, 100);
        const before = read.count;
        d.diagnose();
        most = Math.max(most, read.count - before);
      }
      console.log(`      1 M points: the first pass read ${first} points; after one appended point, at most ${most}`);
      assert.ok(most < 10_000, `${most} points read after one appended point (first pass: ${first})`);
    } finally {
      read.restore();
    }
  });
});

/** Counts the points read through `Series`' accessors (one per value, step… asked; an array's length). */
function countPointReads(): { readonly count: number; restore(): void } {
  const proto = Series.prototype as unknown as Record<string, (...a: number[]) => unknown>;
  const one = ['value', 'step', 'location', 'epoch', 'wallTime'];
  const many = ['valueArray', 'stepArray', 'locationArray', 'epochArray', 'wallTimeArray'];
  const saved = new Map([...one, ...many].map((m) => [m, proto[m]!]));
  const counter = { count: 0 };
  for (const m of one) {
    const f = saved.get(m)!;
    proto[m] = function (this: Series, ...a: number[]) {
      counter.count++;
      return f.apply(this, a);
    };
  }
  for (const m of many) {
    const f = saved.get(m)!;
    proto[m] = function (this: Series, ...a: number[]) {
      const out = f.apply(this, a) as Float64Array | undefined;
      counter.count += out?.length ?? 0;
      return out;
    };
  }
  return {
    get count() {
      return counter.count;
    },
    restore() {
      for (const [m, f] of saved) proto[m] = f;
    },
  };
}
