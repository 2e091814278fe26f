import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { evaluate, precisionRecallCurve, rocCurve, type Predictions } from '../../../src/core/classify';
import { evaluationPayload, MAX_OVR_CURVES, OVR_CURVE_POINTS } from '../../../src/extension/classify/matrixPayload';
import type { ClassificationPayload } from '../../../src/protocol/matrix';
import { count, fixed } from '../../../webview/format';
import { fixture } from '../helpers';
import { readPredictions, readText } from './helpers';

function digits(): Predictions {
  const d = readPredictions(new Uint8Array(readFileSync(fixture('pytorch-digits', 'predictions.csv')))).data;
  assert.ok(d && d.kind === 'classification');
  return d;
}

describe('what the matrix panel receives', () => {
  it('has the one-vs-rest ROC and PR curve of every class of the digits, as roc_curve and precision_recall_curve give them', () => {
    const p = digits();
    const e = evaluate(p);
    const payload = evaluationPayload(e, p) as ClassificationPayload;
    assert.ok(e.kind === 'classification' && e.probabilities && payload.probabilities);
    const curves = payload.probabilities.curves;
    assert.deepEqual(
      curves.map((c) => c.label),
      ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    );
    curves.forEach((c, k) => {
      const sweep = e.probabilities!.sweeps[k]!;
      // 540 rows: every ROC point is kept; the PR curve has a point per distinct score, thinned past 500.
      assert.deepEqual(Array.from(c.fpr), Array.from(rocCurve(sweep).fpr), `class ${k}`);
      assert.deepEqual(Array.from(c.tpr), Array.from(rocCurve(sweep).tpr), `class ${k}`);
      const pr = precisionRecallCurve(sweep);
      assert.ok(c.recall.length <= OVR_CURVE_POINTS && c.recall.length === c.precision.length);
      assert.deepEqual([c.recall[0], c.precision[0]], [pr.recall[0], pr.precision[0]]);
      assert.deepEqual([c.recall.at(-1), c.precision.at(-1)], [0, 1]);
    });
  });

  it(`draws the curves of the first ${MAX_OVR_CURVES} classes only; the report keeps every class`, () => {
    const k = 30;
    const lines = [['y_true', ...Array.from({ length: k }, (_, c) => `p_${c}`)].join(',')];
    for (let r = 0; r < 300; r++) {
      const t = r % k;
      lines.push([t, ...Array.from({ length: k }, (_, c) => (c === t ? 0.5 : 0.5 / (k - 1)).toFixed(6))].join(','));
    }
    const p = readText(lines.join('\n') + '\n').data!;
    const payload = evaluationPayload(evaluate(p), p) as ClassificationPayload;
    assert.equal(payload.probabilities!.curves.length, MAX_OVR_CURVES);
    assert.equal(payload.probabilities!.perClass.length, k);
  });

  it('turns the empty calibration bins of the digits into null when sent as JSON, and the panel prints them as "–"', () => {
    // What once left the panel on "Reading…": NaN means of empty bins arrive as null, not NaN.
    const p = digits();
    const sent = JSON.parse(JSON.stringify(evaluationPayload(evaluate(p), p))) as ClassificationPayload;
    const empty = sent.calibration!.bins.filter((b) => b.count === 0);
    assert.ok(empty.length > 0);
    for (const b of empty) {
      assert.equal(b.meanPredicted, null);
      assert.equal(fixed(b.meanPredicted), '–');
    }
    assert.equal(fixed(sent.calibration!.bins.find((b) => b.count > 0)!.meanPredicted).length, 6);
  });
});

describe('numbers as the panels print them', () => {
  it('prints a finite number, and "–" for null, undefined, NaN, ±Infinity and non-numbers', () => {
    assert.equal(fixed(0.9537037), '0.9537');
    assert.equal(fixed(0.25, 1), '0.3');
    assert.equal(fixed(0), '0.0000');
    for (const v of [null, undefined, NaN, Infinity, -Infinity, '0.5', {}]) assert.equal(fixed(v), '–', String(v));
    assert.equal(count(1234567), '1,234,567');
    assert.equal(count(null), '–');
  });
});
