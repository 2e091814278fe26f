// Issue #15: True/False labels beside 0/1 predictions gave accuracy 0 (compared as text, they share no label).
// Read as scikit-learn reads the file through pandas (boolean_labels_reference.py, Debian's python3-sklearn):
// 1 as True and 0 as False, with a message naming the columns. A column mixing both spellings stays text.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { evaluate } from '../../../src/core/classify';
import { assertClose, classifyBytes, classifyFixture, readPredictions, readText, squareOf } from './helpers';

const ref = JSON.parse(readFileSync(classifyFixture('boolean_labels_reference.json'), 'utf8')) as {
  labels: string[];
  confusion: number[][];
  accuracy: number;
  f1: number;
  asTextAccuracy: number;
};

describe('True/False labels beside 0/1 predictions', () => {
  it('reads them as scikit-learn does through pandas (1 is True), and says so naming the columns', () => {
    const read = readPredictions(classifyBytes('boolean_labels.csv'), {}, [1 << 20], 'boolean_labels.csv');
    assert.deepEqual(
      read.issues.map((i) => [i.line, i.message]),
      [
        [
          1,
          'column "y_true" holds booleans ("False", "True") and column "y_pred" holds "0", "1": read as scikit-learn reads ' +
            'them through pandas, 1 as True and 0 as False (as text they would share no label and every row would ' +
            'count as an error)',
        ],
      ],
    );
    const e = evaluate(read.data!);
    assert.equal(e.kind, 'classification');
    if (e.kind !== 'classification') return;
    assert.deepEqual(e.report.labels, ref.labels);
    assert.deepEqual(squareOf(e.report.confusion!, 2), ref.confusion);
    assertClose(e.report.accuracy, ref.accuracy, 'accuracy');
    assertClose(e.report.perClass[1]!.f1, ref.f1, 'F1 of True');
    assert.ok(ref.asTextAccuracy === 0 && ref.accuracy > 0.5, 'the reference tells the two readings apart');
  });

  it('reads predictions spelled true/false against true labels 0/1 the same way, the other way round', () => {
    const read = readText('label,pred\n1,true\n0,false\n1,false\n0,false\n');
    assert.match(
      read.issues[0]!.message,
      /^column "pred" holds booleans \("false", "true"\) and column "label" holds "0", "1"/,
    );
    const e = evaluate(read.data!);
    assert.ok(e.kind === 'classification');
    assert.deepEqual(e.report.labels, ['False', 'True']);
    assert.equal(e.report.accuracy, 0.75);
  });

  it('keeps labels as text when a column mixes True and 1 (pandas reads such a column as text too)', () => {
    const read = readText('y_true,y_pred\nTrue,1\n1,0\nFalse,0\n');
    assert.ok(!read.issues.some((i) => /booleans/.test(i.message)));
    const e = evaluate(read.data!);
    assert.ok(e.kind === 'classification');
    assert.deepEqual(e.report.labels, ['0', '1', 'False', 'True']);
  });
});
