// Large predictions files use two threads and more: the second half read by a part parser in a
// helper thread (core/classify/predictionsPart, node/readPredictions), then the one-vs-rest curves
// shared between this thread and the helpers (node/evaluatePredictions). Whatever the seam, and
// whichever thread computes which class, the result must be exactly the one of a single thread.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  evaluate,
  MAX_LABELS,
  ovrCurve,
  PredictionsParser,
  probabilityRowMetrics,
  type OvrCurve,
  type Predictions,
  type PredictionsRead,
} from '../../../src/core/classify';
import { EVALUATION, evaluatePredictions, takeCurves } from '../../../src/node/evaluatePredictions';
import { curvesInHelpers, type CurveJob } from '../../../src/node/helperPool';
import { PREDICTION_PARTS, readPredictionsFile } from '../../../src/node/readPredictions';
import { prng } from '../helpers';
import { classifyBytes, classifyFixture, readPredictions } from './helpers';

const encoder = new TextEncoder();

/** The file's first line with content, as `readPredictionsFile` primes a part parser with it. */
function primeOf(data: Uint8Array): Uint8Array {
  let content = 0;
  while (content < data.length && [0x20, 0x09, 0x0a, 0x0d, 0xef, 0xbb, 0xbf].includes(data[content]!)) content++;
  return data.slice(0, data.indexOf(0x0a, content) + 1);
}

/** Reads `data` with the second part, from `seam` on, read by a part parser; says whether the parts joined. */
function readInTwo(data: Uint8Array, seam: number): { read: PredictionsRead; joined: boolean } {
  const main = new PredictionsParser('preds.csv', {}, data.length);
  main.push(data.subarray(0, seam));
  const prime = primeOf(data);
  let joined = false;
  if (prime.length > 0 && prime.length <= seam) {
    const part = new PredictionsParser('preds.csv', {}, data.length - seam);
    part.prime(prime);
    part.push(data.slice(seam));
    part.flush();
    joined = main.joinPart(part.part());
  }
  if (!joined) main.push(data.subarray(seam));
  main.flush();
  return { read: main.result(), joined };
}

/** Compares a read in two parts, at the start of every line (at most `most` of them), with one whole read; returns how many joined. */
function assertEverySeam(name: string, data: Uint8Array, most = 40): number {
  const whole = readPredictions(data, {}, [data.length]);
  const starts: number[] = [];
  for (let i = 0; i + 1 < data.length; i++) if (data[i] === 0x0a) starts.push(i + 1);
  const step = Math.max(1, Math.ceil(starts.length / most));
  let joins = 0;
  for (let k = 0; k < starts.length; k += step) {
    const { read, joined } = readInTwo(data, starts[k]!);
    assert.deepEqual(read, whole, `${name}: seam at byte ${starts[k]} (${joined ? 'joined' : 'read on'})`);
    if (joined) joins++;
  }
  return joins;
}

const rows = (n: number, row: (i: number) => string): string =>
  Array.from({ length: n }, (_, i) => row(i)).join('\n') + '\n';

/** Random ten-class probabilities as `Predictions` (no file): true labels, argmax predictions, the columns. */
function tenClasses(n: number, seed: number): Predictions {
  const rnd = prng(seed);
  const k = 10;
  const proba = Array.from({ length: k }, () => new Float64Array(n));
  const yTrue = new Int32Array(n);
  const yPred = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    yTrue[i] = Math.floor(rnd() * k);
    let best = 0;
    for (let j = 0; j < k; j++) {
      // Ties and full-precision doubles both: every third row is rounded to two places.
      const v = rnd() + (j === yTrue[i] ? rnd() : 0);
      proba[j]![i] = i % 3 === 0 ? Math.round(v * 100) / 100 : v;
      if (proba[j]![i]! > proba[best]![i]!) best = j;
    }
    yPred[i] = best;
  }
  return {
    kind: 'classification',
    source: 'ten.csv',
    n,
    labels: Array.from({ length: k }, (_, j) => String(j)),
    numericLabels: true,
    yTrue,
    yPred,
    predictedFrom: 'column',
    positive: k - 1,
    threshold: 0.5,
    proba,
    probaLabels: Int32Array.from({ length: k }, (_, j) => j),
    lines: Int32Array.from({ length: n }, (_, i) => i + 2),
    columns: { true: 'y_true', pred: 'y_pred' },
  };
}

describe('reading a predictions file in two parts', () => {
  it('gives the whole read of every CSV and TSV fixture, at every seam, and joins the plain ones', () => {
    const files = [
      ...readdirSync(classifyFixture()).filter((f) => f.endsWith('.csv')),
      ...readdirSync(classifyFixture('real')).map((f) => `real/${f}`),
    ];
    assert.ok(files.length >= 14);
    let joins = 0;
    for (const f of files) joins += assertEverySeam(f, classifyBytes(f));
    // Most seams join: the other way (reading on) must not be all that is tested.
    assert.ok(joins > files.length * 5, `${joins} joins`);
  });

  it('reads on in line where the rows before the seam matter, or the part met a problem', () => {
    const cases: [string, string][] = [
      [
        'a quoted field across the seam',
        'id,text,y_true,y_pred\n' +
          rows(30, (i) => (i === 10 ? `${i},"two\nlines\nand more",cat,dog` : `${i},t,${i % 2 ? 'cat' : 'dog'},cat`)),
      ],
      [
        'a quoted field whose lines read as rows on their own',
        'id,text,y_true,y_pred\n' +
          rows(30, (i) => (i === 10 ? `${i},"x\n11,y,cat,dog\n12,z",cat,dog` : `${i},t,${i % 2 ? 'cat' : 'dog'},cat`)),
      ],
      ['a header with a quoted line end', 'id,"y_\ntrue",y_pred\n' + rows(30, (i) => `${i},${i % 2},${i % 3}`)],
      [
        'a bad row after the seam (its message names its line)',
        'y_true,y_pred\n' + rows(30, (i) => (i === 25 ? '1,2,3' : `${i % 2},${i % 3}`)),
      ],
      ['an empty label after the seam', 'y_true,y_pred\n' + rows(30, (i) => (i === 25 ? ',1' : `${i % 2},${i % 3}`))],
      [
        'a label that makes the file regression',
        'y_true,y_pred\n' + rows(30, (i) => (i === 25 ? '1.5,2.25' : `${i % 2},${i % 3}`)),
      ],
      [
        'a text label before it, which keeps it classification',
        'y_true,y_pred\n' + rows(30, (i) => (i === 3 ? 'abc,1' : i === 25 ? '1.5,2' : `${i % 2},${i % 3}`)),
      ],
      [
        '1.0 after 1 (one label), a new text label',
        'y_true,y_pred\n' + rows(30, (i) => (i === 20 ? '1.0,1' : i === 25 ? 'zebra,0' : `${i % 2},${i % 3}`)),
      ],
      [
        'ids that turn to text',
        'id,y_true,y_pred\n' + rows(30, (i) => `${i === 25 ? 'img.png' : i},${i % 2},${i % 3}`),
      ],
      [
        'a class-name column that turns to text',
        'y_true,cat,dog\n' +
          rows(30, (i) => `${i % 2 ? 'cat' : 'dog'},${i === 25 ? 'high' : (i % 5) / 5},${1 - (i % 5) / 5}`),
      ],
      [
        'blank lines, CRLF and a BOM',
        '\uFEFF\r\n y_true,y_pred,score\r\n' +
          rows(30, (i) => (i % 7 === 0 ? '  \r' : `${i % 2},${(i >> 2) % 2},0.${i}\r`)),
      ],
      [
        'empty and nan scores',
        'y_true,score\n' + rows(30, (i) => `${i % 2},${i % 9 === 0 ? '' : i % 11 === 0 ? 'nan' : (i % 13) / 13}`),
      ],
    ];
    for (const [name, text] of cases) assertEverySeam(name, encoder.encode(text), 100);
  });

  it('reads on in line when the two parts have more labels than a file may', () => {
    const text = 'y_true,y_pred\n' + rows(MAX_LABELS + 100, (i) => `a${i},a${i % 7}`);
    assertEverySeam('many labels', encoder.encode(text), 3);
  });

  it('reads a large file through a helper thread, the same as in one part, with shared probability columns', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'metric-lens-predictions-'));
    const saved = PREDICTION_PARTS.minBytes;
    try {
      const rnd = prng(11);
      const path = join(dir, 'preds.csv');
      writeFileSync(
        path,
        'id,y_true,y_pred,p_a,p_b,p_c\n' +
          rows(20_000, (i) => `${i},${'abc'[i % 3]},${'abc'[(i >> 1) % 3]},${rnd()},${rnd()},${rnd()}`),
      );
      PREDICTION_PARTS.minBytes = Infinity;
      const whole = await readPredictionsFile(path, path);
      PREDICTION_PARTS.minBytes = 0;
      const joinedBefore = PREDICTION_PARTS.joined;
      const progress: number[] = [];
      const parts = await readPredictionsFile(path, path, {
        sharedColumns: true,
        onProgress: (done) => progress.push(done),
      });
      assert.equal(PREDICTION_PARTS.joined, joinedBefore + 1, 'the second part was read by a helper and joined');
      // Progress counts both halves (the helper's goes at this thread's pace), never goes back, and ends at the size.
      const size = statSync(path).size;
      assert.ok(progress[0]! > size / 2 + 100, `first progress ${progress[0]} of ${size}`);
      assert.ok(
        progress.every((p, i) => i === 0 || p >= progress[i - 1]!),
        progress.join(' '),
      );
      assert.equal(progress[progress.length - 1], size);
      assert.deepEqual(parts, whole);
      const proba = (parts.data as Predictions).proba!;
      assert.ok(proba.every((column) => column.buffer instanceof SharedArrayBuffer));
    } finally {
      PREDICTION_PARTS.minBytes = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('one-vs-rest curves on several threads', () => {
  it('evaluates the same whichever thread takes which class', () => {
    const data = tenClasses(3000, 5);
    const expected = evaluate(data);
    // Another thread took the first three classes; this one takes the rest from the counter.
    const job = {
      kind: 'curves' as const,
      proba: data.proba!,
      probaLabels: data.probaLabels!,
      yTrue: data.yTrue,
      next: Int32Array.of(3),
    };
    const mine = takeCurves(job);
    assert.deepEqual(
      mine.map(([c]) => c),
      [3, 4, 5, 6, 7, 8, 9],
    );
    const curves: OvrCurve[] = [0, 1, 2].map((c) => ovrCurve(data.proba![c]!, data.yTrue, c));
    for (const [c, curve] of mine) curves[c] = curve;
    const rows = probabilityRowMetrics(data.proba!, data.probaLabels!, data.yTrue);
    assert.deepEqual(evaluate(data, {}, { ovr: curves, rows }), expected);
  });

  it('computes them with helper threads, the same as on one thread', async () => {
    const data = tenClasses(20_000, 7);
    const expected = evaluate(data);
    // The helpers alone: this thread takes no class, so every curve is theirs whichever helper takes
    // which (no race on whether a helper got there before this thread took everything).
    const shared = <T extends Float64Array | Int32Array>(values: T): T => {
      const copy = new (values.constructor as new (buffer: SharedArrayBuffer) => T)(
        new SharedArrayBuffer(values.byteLength),
      );
      copy.set(values);
      return copy;
    };
    const job: CurveJob = {
      kind: 'curves',
      proba: data.proba!.map(shared),
      probaLabels: data.probaLabels!,
      yTrue: shared(data.yTrue),
      next: new Int32Array(new SharedArrayBuffer(4)),
    };
    const theirs = curvesInHelpers(job);
    assert.ok(theirs, 'no helper thread started (one per spare core: this needs two cores)');
    const share = await theirs;
    assert.deepEqual(
      share.map(([c]) => c).sort((a, b) => a - b),
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    );
    const curves: OvrCurve[] = [];
    for (const [c, curve] of share) curves[c] = curve;
    const rows = probabilityRowMetrics(data.proba!, data.probaLabels!, data.yTrue);
    assert.deepEqual(evaluate(data, {}, { ovr: curves, rows }), expected);
    // And the evaluation that shares the classes with them: the same, whoever computed what.
    const saved = EVALUATION.minValues;
    try {
      EVALUATION.minValues = 0;
      assert.deepEqual(await evaluatePredictions(data), expected);
    } finally {
      EVALUATION.minValues = saved;
    }
  });
});
