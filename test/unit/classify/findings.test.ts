import * as assert from 'node:assert/strict';
import { evaluate, type Evaluation } from '../../../src/core/classify';
import type { Finding } from '../../../src/core/model/findings';
import { classifyBytes, readPredictions, readText } from './helpers';

function findingsOf(text: string): readonly Finding[] {
  const read = readText(text);
  assert.ok(read.data);
  return evaluate(read.data).findings;
}

function rows(n: number, make: (i: number) => string): string {
  return Array.from({ length: n }, (_, i) => make(i)).join('\n') + '\n';
}

describe('findings about predictions', () => {
  it('flags the real sentiment file: accuracy 0.815 below the 0.865 majority baseline', () => {
    const e: Evaluation = evaluate(readPredictions(classifyBytes('real', 'sentiment_predictions.csv')).data!);
    assert.deepEqual(
      e.findings.map((f) => f.rule),
      ['accuracyParadox'],
    );
    const f = e.findings[0]!;
    assert.equal(f.severity, 'warning');
    assert.equal(
      f.message,
      'Accuracy 0.815 is below the 0.865 of always predicting "Stable"; balanced accuracy is 0.46 and recall of "Rise" is 0.111.',
    );
    assert.match(f.hint, /^try: /);
    assert.equal(f.detail?.['majorityBaseline'], 0.865);
  });

  it('flags "98 % accuracy, 12 % recall": a class of support >= 1 % with recall <= 0.5 while accuracy >= 0.9', () => {
    // 960 negatives all right, 5 of 40 positives found: accuracy 0.965, recall 0.125.
    const text = 'y_true,y_pred\n' + rows(1000, (i) => (i < 960 ? '0,0' : i < 965 ? '1,1' : '1,0'));
    const f = findingsOf(text).find((x) => x.rule === 'accuracyParadox');
    assert.ok(f);
    assert.match(f.message, /recall of "1" is 0\.125/);
  });

  it('stays quiet on a good balanced model', () => {
    const text = 'y_true,y_pred\n' + rows(100, (i) => `${i % 2},${i % 10 === 0 ? 1 - (i % 2) : i % 2}`);
    assert.deepEqual(findingsOf(text), []);
  });

  it('flags accuracy at chance level', () => {
    const text = 'y_true,y_pred\n' + rows(100, (i) => `${i % 2},${Math.floor(i / 2) % 2}`);
    const f = findingsOf(text).find((x) => x.rule === 'chanceLevel');
    assert.ok(f);
    assert.equal(
      f.message,
      'Accuracy 0.5 is at or below chance (0.5 for 2 classes): the predictions are no better than guessing.',
    );
  });

  it('names NaN scores with their line, scores outside [0, 1], and a single predicted class', () => {
    const text =
      'y_true,y_pred,score\n' +
      rows(40, (i) => `${i % 2},1,${i === 7 ? 'nan' : i === 9 ? '1.5' : (i % 2) * 0.5 + 0.2}`);
    const found = findingsOf(text);
    const nan = found.find((f) => f.rule === 'nanScore')!;
    assert.equal(nan.line, 9);
    assert.match(nan.message, /^1 row has no usable score in "score" \(NaN or empty\), first on line 9/);
    const range = found.find((f) => f.rule === 'scoreOutOfRange')!;
    assert.equal(range.line, 11);
    assert.equal(range.severity, 'info');
    const one = found.find((f) => f.rule === 'oneClassPredicted')!;
    assert.equal(one.message, 'Every one of the 40 rows is predicted "1", though 2 classes occur as true labels.');
  });

  it('flags class probabilities that do not sum to 1 beyond rounding, but not six-decimal rounding', () => {
    const good = 'label,p_a,p_b,p_c\n' + rows(30, (i) => `${'abc'[i % 3]},0.333333,0.333333,0.333333`);
    assert.equal(findingsOf(good).filter((f) => f.rule === 'probabilitySum').length, 0);
    const bad = 'label,p_a,p_b,p_c\n' + rows(30, (i) => `${'abc'[i % 3]},${i === 4 ? '0.5,0.5,0.5' : '0.8,0.1,0.1'}`);
    const f = findingsOf(bad).find((x) => x.rule === 'probabilitySum')!;
    assert.equal(f.line, 6);
    assert.match(f.message, /^1 row's class probabilities do not sum to 1 \(1\.5 on line 6\)/);
  });

  it('names predicted classes that never occur as true labels', () => {
    const f = evaluate(readPredictions(classifyBytes('never_predicted.csv')).data!).findings.find(
      (x) => x.rule === 'predictedNotTrue',
    )!;
    assert.equal(f.message, 'The model predicts "d" (3 rows), a class that never occurs as a true label.');
  });

  it('judges a precomputed matrix too', () => {
    const e = evaluate(readText(',a,b\na,95,0\nb,5,0\n').data!);
    assert.equal(e.kind, 'matrix');
    assert.deepEqual(
      e.findings.map((f) => f.rule),
      ['accuracyParadox'],
    );
  });
});
