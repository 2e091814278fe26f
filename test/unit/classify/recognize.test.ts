import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { looksLikePredictions } from '../../../src/core/classify';
import { fixture } from '../helpers';

const head = (...p: string[]) => readFileSync(fixture(...p), 'utf8').slice(0, 4096);

describe('looksLikePredictions', () => {
  it('recognises the real prediction files and confusion matrices', () => {
    assert.ok(looksLikePredictions('pytorch-digits/predictions.csv', head('pytorch-digits', 'predictions.csv')));
    assert.ok(looksLikePredictions('x.csv', 'Text,Ground_Truth,AI_Prediction,Is_Correct\n'));
    assert.ok(looksLikePredictions('p.jsonl', '{"id": 1, "y_true": "cat", "score": 0.9}\n'));
    assert.ok(
      looksLikePredictions(
        'dvclive/plots/sklearn/confusion_matrix.json',
        '{"confusion_matrix": [{"actual": "0", "predicted": "1"}]}',
      ),
    );
  });

  it('does not take training logs or regression tables for predictions', () => {
    assert.ok(!looksLikePredictions('keras/training.log', head('keras', 'training.log')));
    assert.ok(!looksLikePredictions('history.csv', head('pytorch-digits', 'history.csv')));
    assert.ok(!looksLikePredictions('metrics.jsonl', head('pytorch-digits', 'metrics.jsonl')));
    assert.ok(!looksLikePredictions('notes.csv', 'a,b,c\n1,2,3\n'));
  });
});

describe('regression detection', () => {
  it('keeps every row when one row brings a new non-integer true and predicted value at once', async () => {
    const { PredictionsParser } = await import('../../../src/core/classify');
    const p = new PredictionsParser('r.csv');
    p.push(new TextEncoder().encode('y_true,y_pred\n1,1\n2,2\n3,3\n2.5,2.7\n4,4.5\n'));
    p.flush();
    const d = p.result().data;
    assert.ok(d && d.kind === 'regression');
    assert.deepEqual(Array.from(d.actual), [1, 2, 3, 2.5, 4]);
    assert.deepEqual(Array.from(d.predicted), [1, 2, 3, 2.7, 4.5]);
  });
});
