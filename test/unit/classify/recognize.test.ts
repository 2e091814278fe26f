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
    assert.ok(looksLikePredictions('dvclive/plots/sklearn/confusion_matrix.json', '{"confusion_matrix": [{"actual": "0", "predicted": "1"}]}'));
  });

  it('does not take training logs or regression tables for predictions', () => {
    assert.ok(!looksLikePredictions('keras/training.log', head('keras', 'training.log')));
    assert.ok(!looksLikePredictions('history.csv', head('pytorch-digits', 'history.csv')));
    assert.ok(!looksLikePredictions('metrics.jsonl', head('pytorch-digits', 'metrics.jsonl')));
    assert.ok(!looksLikePredictions('notes.csv', 'a,b,c\n1,2,3\n'));
  });
});
