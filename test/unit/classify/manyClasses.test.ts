// Issue #15: past MAX_MATRIX_CLASSES a predictions file is evaluated without its k × k matrix (memory linear in
// rows plus classes): every other metric still given, equal to scikit-learn's on a file of 2 446 classes
// (many_classes_reference.py, Debian's python3-sklearn, read with pandas).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { evaluate, MAX_MATRIX_CLASSES } from '../../../src/core/classify';
import { assertClose, classifyBytes, classifyFixture, readPredictions, readText } from './helpers';

interface Reference {
  classes: number;
  n: number;
  accuracy: number;
  balancedAccuracy: number;
  mcc: number;
  kappa: number;
  perClass: { label: string; precision: number; recall: number; f1: number; support: number }[];
  macro: { precision: number; recall: number; f1: number };
  weighted: { precision: number; recall: number; f1: number };
  micro: { precision: number; recall: number; f1: number };
}

describe(`predictions over ${MAX_MATRIX_CLASSES} classes`, () => {
  const ref = JSON.parse(readFileSync(classifyFixture('many_classes_reference.json'), 'utf8')) as Reference;

  it("gives scikit-learn's metrics and per-class report without the matrix, and says why there is none", () => {
    const read = readPredictions(classifyBytes('many_classes.csv'), {}, [1 << 20], 'many_classes.csv');
    assert.deepEqual(
      read.issues.map((i) => i.message),
      [
        `${ref.classes} distinct classes, over the ${MAX_MATRIX_CLASSES} for which a confusion matrix is computed ` +
          '(its memory grows as the square of the classes): the per-class report and overall metrics are given without it',
      ],
    );
    const e = evaluate(read.data!);
    assert.equal(e.kind, 'classification');
    if (e.kind !== 'classification') return;
    const r = e.report;
    assert.ok(ref.classes > MAX_MATRIX_CLASSES);
    assert.equal(r.labels.length, ref.classes);
    assert.equal(r.confusion, undefined, 'no k × k matrix');
    assert.equal(r.n, ref.n);
    for (const k of ['accuracy', 'balancedAccuracy', 'mcc', 'kappa'] as const) assertClose(r[k], ref[k], k);
    for (const avg of ['macro', 'weighted', 'micro'] as const) {
      for (const m of ['precision', 'recall', 'f1'] as const) assertClose(r[avg][m], ref[avg][m], `${avg} ${m}`);
    }
    ref.perClass.forEach((c, i) => {
      const mine = r.perClass[i]!;
      assert.equal(mine.label, c.label);
      assert.equal(mine.support, c.support, `support of ${c.label}`);
      for (const m of ['precision', 'recall', 'f1'] as const) assertClose(mine[m], c[m], `${m} of ${c.label}`);
    });
  });
});

describe('findings over thousands of classes', () => {
  it('names 20 of the classes predicted that never occur as true labels, and how many more', () => {
    // 2 500 rows, true labels 0 and 1, each predicted a class of its own: 2 498 classes never occur as true labels.
    const rows = Array.from({ length: 2500 }, (_, i) => `${i % 2},${i}`).join('\n');
    const read = readText(`y_true,y_pred\n${rows}\n`);
    const e = evaluate(read.data!);
    assert.ok(e.kind === 'classification');
    const f = e.findings.find((x) => x.rule === 'predictedNotTrue')!;
    const named = Array.from({ length: 20 }, (_, i) => `"${i + 2}" (1 rows)`).join(', ');
    assert.equal(f.message, `The model predicts ${named}, 2478 more, classes that never occur as a true label.`);
  });
});
