import * as assert from 'node:assert/strict';
import {
  confusionAtThreshold,
  countsAtThreshold,
  evaluate,
  maxF1Threshold,
  reportAtThreshold,
  rocAuc,
  sortAscending,
  sweepScores,
  thinCurve,
  thinSweep,
  thresholdForPrecision,
  thresholdForRecall,
  youdenThreshold,
  type BinarySweep,
} from '../../../src/core/classify';
import { prng } from '../helpers';
import { readText } from './helpers';

/** Brute force: the counts at threshold t, one row at a time. */
function bruteCounts(
  score: Float64Array,
  y: Int32Array,
  t: number,
): { tp: number; fp: number; fn: number; tn: number } {
  let tp = 0,
    fp = 0,
    fn = 0,
    tn = 0;
  for (let i = 0; i < score.length; i++) {
    const predicted = score[i]! >= t;
    if (y[i] === 1) {
      if (predicted) tp++;
      else fn++;
    } else if (predicted) fp++;
    else tn++;
  }
  return { tp, fp, fn, tn };
}

function data(n: number, seed: number, decimals?: number): { score: Float64Array; y: Int32Array } {
  const rnd = prng(seed);
  const score = new Float64Array(n);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = rnd() < 0.3 ? 1 : 0;
    const v = Math.min(1, 0.4 * y[i]! + rnd() * 0.7);
    score[i] = decimals === undefined ? v : Number(v.toFixed(decimals));
  }
  return { score, y };
}

function plain(s: BinarySweep): unknown {
  return { ...s, thresholds: Array.from(s.thresholds), tps: Array.from(s.tps), fps: Array.from(s.fps) };
}

describe('the score sweep', () => {
  it('sorts doubles exactly like a comparison sort: negatives, zeros, infinities, ties, tiny and huge', () => {
    const rnd = prng(5);
    for (const n of [300, 5000]) {
      const values = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const r = rnd();
        values[i] =
          r < 0.05
            ? -Infinity
            : r < 0.1
              ? Infinity
              : r < 0.15
                ? 0
                : r < 0.3
                  ? (values[Math.floor(rnd() * i)] ?? 1)
                  : (rnd() - 0.5) * 10 ** Math.floor(rnd() * 20 - 10);
      }
      const expected = Array.from(values).sort((a, b) => a - b);
      assert.deepEqual(Array.from(sortAscending(values.slice())), expected);
    }
  });

  it('builds the sweep a plain sort-and-count builds, on decimals (counted) and on any doubles (radix-sorted)', () => {
    for (const decimals of [1, 6, undefined]) {
      const { score, y } = data(20_000, 1, decimals);
      const distinct = [...new Set(score)].sort((a, b) => b - a);
      const at = new Map(distinct.map((v, i) => [v, i]));
      const pos = new Array<number>(distinct.length).fill(0);
      const neg = new Array<number>(distinct.length).fill(0);
      for (let i = 0; i < score.length; i++) {
        const counts = y[i] === 1 ? pos : neg;
        const k = at.get(score[i]!)!;
        counts[k] = counts[k]! + 1;
      }
      let tp = 0,
        fp = 0;
      const expected = {
        thresholds: distinct,
        tps: pos.map((c) => (tp += c)),
        fps: neg.map((c) => (fp += c)),
        positives: tp,
        negatives: fp,
        nanPositives: 0,
        nanNegatives: 0,
      };
      assert.deepEqual(plain(sweepScores(score, y, 1)), expected, `${decimals ?? 'full'} decimals`);
    }
  });

  it('counts -0 and 0 as one score on both paths', () => {
    const y = Int32Array.from({ length: 400 }, (_, i) => i % 2);
    for (const other of [0.25, 0.1234567891]) {
      const score = Float64Array.from({ length: 400 }, (_, i) => (i % 3 === 0 ? -0 : i % 3 === 1 ? 0 : other));
      const s = sweepScores(score, y, 1);
      assert.equal(s.thresholds.length, 2);
      assert.ok(Object.is(s.thresholds[1], 0));
    }
  });

  it('groups ties at one threshold and counts NaN scores as predicted negative', () => {
    const score = Float64Array.from([0.9, 0.5, 0.5, NaN, 0.5, 0.1]);
    const y = Int32Array.from([1, 1, 0, 1, 0, 0]);
    const s = sweepScores(score, y, 1);
    assert.deepEqual(plain(s), {
      thresholds: [0.9, 0.5, 0.1],
      tps: [1, 2, 2],
      fps: [0, 2, 3],
      positives: 2,
      negatives: 3,
      nanPositives: 1,
      nanNegatives: 0,
    });
    assert.deepEqual(countsAtThreshold(s, 0.5), { tp: 2, fp: 2, fn: 1, tn: 1 });
  });

  it('gives the counts at any threshold in agreement with counting every row', () => {
    for (const decimals of [2, 6, undefined]) {
      const { score, y } = data(3000, 7, decimals);
      const s = sweepScores(score, y, 1);
      const rnd = prng(8);
      const probes = [
        -1,
        0,
        1,
        2,
        NaN,
        ...Array.from(s.thresholds.subarray(0, 50)),
        ...Array.from({ length: 200 }, () => rnd()),
      ];
      for (const t of probes) {
        const expected = Number.isNaN(t) ? bruteCounts(score, y, Infinity) : bruteCounts(score, y, t);
        assert.deepEqual(countsAtThreshold(s, t), expected, `at ${t}`);
      }
      const m = confusionAtThreshold(s, 0.5, 1);
      const c = bruteCounts(score, y, 0.5);
      assert.deepEqual(Array.from(m), [c.tn, c.fp, c.fn, c.tp]);
    }
  });

  it('suggests the thresholds a brute-force search over every threshold finds', () => {
    const { score, y } = data(2000, 9, 3);
    const s = sweepScores(score, y, 1);
    const candidates = Array.from(s.thresholds);
    const stats = candidates.map((t) => {
      const c = bruteCounts(score, y, t);
      return {
        t,
        f1: (2 * c.tp) / (2 * c.tp + c.fp + c.fn),
        j: c.tp / (c.tp + c.fn) - c.fp / (c.fp + c.tn),
        precision: c.tp / (c.tp + c.fp),
        recall: c.tp / (c.tp + c.fn),
      };
    });
    const best = (key: 'f1' | 'j'): number => stats.reduce((a, b) => (b[key] > a[key] ? b : a)).t;
    assert.equal(maxF1Threshold(s)!.threshold, best('f1'));
    assert.equal(youdenThreshold(s)!.threshold, best('j'));
    for (const target of [0.5, 0.8, 0.95]) {
      const lowest = stats.filter((x) => x.precision >= target).reduce((a, b) => (b.t < a.t ? b : a)).t;
      assert.equal(thresholdForPrecision(s, target)!.threshold, lowest, `precision ${target}`);
      const highest = stats.filter((x) => x.recall >= target).reduce((a, b) => (b.t > a.t ? b : a)).t;
      assert.equal(thresholdForRecall(s, target)!.threshold, highest, `recall ${target}`);
    }
    assert.equal(thresholdForPrecision(s, 1.01), undefined);
  });

  it('has no AUC when a class is missing, as scikit-learn refuses one', () => {
    const s = sweepScores(Float64Array.from([0.1, 0.2]), Int32Array.from([1, 1]), 1);
    assert.ok(Number.isNaN(rocAuc(s)));
  });

  it('thins a curve of many points to a drawable few, keeping both ends', () => {
    const n = 100_000;
    const x = Float64Array.from({ length: n }, (_, i) => i / (n - 1));
    const y = x.map((v) => Math.sqrt(v));
    const t = thinCurve(x, y, 500);
    assert.ok(t.x.length <= 500 && t.x.length > 400);
    assert.equal(t.x[0], 0);
    assert.equal(t.x[t.x.length - 1], 1);
    for (let i = 1; i < t.index.length; i++) assert.ok(t.index[i]! > t.index[i - 1]!);
  });
});

describe('the threshold slider', () => {
  it('gives the whole report at a threshold, as a file predicted at that threshold would', () => {
    const { score, y } = data(500, 12, 2);
    const csv = (t: number): string =>
      'y_true,y_pred\n' + Array.from(y, (v, i) => `${v},${score[i]! >= t ? 1 : 0}`).join('\n') + '\n';
    const s = sweepScores(score, y, 1);
    for (const t of [0.3, 0.55, 0.8]) {
      const direct = evaluate(readText(csv(t)).data!);
      assert.ok(direct.kind === 'classification');
      assert.deepEqual(reportAtThreshold(s, t, 1, ['0', '1']), direct.report);
    }
  });

  it('thins the sweep to what a slider can select, with exact counts at what it keeps', () => {
    const { score, y } = data(50_000, 13);
    const s = sweepScores(score, y, 1);
    const thin = thinSweep(s, 1000);
    assert.equal(thin.thresholds.length, 1000);
    assert.equal(thin.thresholds[0], s.thresholds[0]);
    assert.equal(thin.thresholds[999], s.thresholds[s.thresholds.length - 1]);
    for (const t of Array.from(thin.thresholds).filter((_, i) => i % 97 === 0)) {
      assert.deepEqual(countsAtThreshold(thin, t), bruteCounts(score, y, t));
    }
  });
});
