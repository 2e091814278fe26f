import * as assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { detectColumns, type Predictions, type PredictionsData } from '../../../src/core/classify';
import { prng } from '../helpers';
import { classifyBytes, classifyFixture, readPredictions, readText } from './helpers';

function classification(data: PredictionsData | undefined): Predictions {
  assert.ok(data, 'something was read');
  assert.equal(data.kind, 'classification');
  return data as Predictions;
}

function planOf(names: string[], options = {}): Record<string, unknown> {
  const d = detectColumns(names, options);
  if ('error' in d) return { error: d.error };
  const at = (i: number): string | undefined => (i >= 0 ? names[i] : undefined);
  return {
    true: at(d.plan.true),
    pred: at(d.plan.pred),
    score: at(d.plan.score),
    id: at(d.plan.id),
    proba: d.plan.proba.map((p) => p.label),
  };
}

describe('prediction columns are found by name', () => {
  it('finds the usual names, case- and underscore-insensitively', () => {
    assert.deepEqual(planOf(['id', 'y_true', 'y_pred', 'score']), {
      true: 'y_true',
      pred: 'y_pred',
      score: 'score',
      id: 'id',
      proba: [],
    });
    assert.deepEqual(planOf(['Label', 'Prediction', 'Confidence']), {
      true: 'Label',
      pred: 'Prediction',
      score: 'Confidence',
      id: undefined,
      proba: [],
    });
    assert.deepEqual(planOf(['Actual', 'Predicted']), {
      true: 'Actual',
      pred: 'Predicted',
      score: undefined,
      id: undefined,
      proba: [],
    });
  });

  it('reads the layouts real repositories write (FORMATS-DETAIL §8)', () => {
    assert.deepEqual(planOf(['filename', 'true_label', 'pred_label', 'pred_prob']), {
      true: 'true_label',
      pred: 'pred_label',
      score: 'pred_prob',
      id: 'filename',
      proba: [],
    });
    assert.deepEqual(planOf(['Image', 'Predicted_Class', 'True_Class']), {
      true: 'True_Class',
      pred: 'Predicted_Class',
      score: undefined,
      id: 'Image',
      proba: [],
    });
  });

  it('falls back on names that contain truth or pred (Ground_Truth, AI_Prediction)', () => {
    assert.deepEqual(planOf(['Date', 'Input_Text', 'Ground_Truth', 'AI_Prediction', 'Is_Correct']), {
      true: 'Ground_Truth',
      pred: 'AI_Prediction',
      score: undefined,
      id: undefined,
      proba: [],
    });
  });

  it("takes per-class probability columns by prefix or suffix, and pandas' unnamed index as the id", () => {
    assert.deepEqual(planOf(['', 'y_true', 'p_0', 'p_1', 'p_2']), {
      true: 'y_true',
      pred: undefined,
      score: undefined,
      id: '',
      proba: ['0', '1', '2'],
    });
    assert.deepEqual(planOf(['label', 'prob_cat', 'proba_dog', 'score_Drastic Fall', 'bird_prob'])['proba'], [
      'cat',
      'dog',
      'Drastic Fall',
      'bird',
    ]);
  });

  it('lets the user override every guess, and says which column is missing', () => {
    assert.deepEqual(
      planOf(['a', 'b', 'c', 'x_cat', 'x_dog'], { trueCol: 'b', predCol: 'A', scoreCol: 'c', probaPrefix: 'x_' }),
      { true: 'b', pred: 'a', score: 'c', id: undefined, proba: ['cat', 'dog'] },
    );
    assert.match(
      String(planOf(['a', 'b'], { trueCol: 'truth' })['error']),
      /column "truth" \(--true-col\) is not in the header: "a", "b"/,
    );
    assert.match(String(planOf(['x', 'y_hat'])['error']), /no true-label column found/);
  });
});

describe('PredictionsParser', () => {
  it("reads quoted free text with commas, quotes and newlines, and keeps each row's first line", () => {
    const p = classification(
      readText('id,text,y_true,y_pred\n1,"a, b",cat,cat\n2,"she said ""no""\nthen left",dog,cat\n3,plain,dog,dog\n')
        .data,
    );
    assert.deepEqual([...p.labels], ['cat', 'dog']);
    assert.deepEqual(Array.from(p.yTrue), [0, 1, 1]);
    assert.deepEqual(Array.from(p.yPred), [0, 0, 1]);
    assert.deepEqual(Array.from(p.lines), [2, 3, 5]);
    assert.deepEqual(Array.from(p.ids as Float64Array), [1, 2, 3]);
  });

  it('strips a BOM, reads CRLF, TSV and labels with spaces and commas', () => {
    const p = classification(
      readText('\uFEFFtarget\tprediction\r\nDrastic Fall\tup, then down\r\nup, then down\tup, then down\r\n').data,
    );
    assert.deepEqual([...p.labels], ['Drastic Fall', 'up, then down']);
    assert.deepEqual(Array.from(p.yTrue), [0, 1]);
    assert.deepEqual(p.columns, { true: 'target', pred: 'prediction' });
  });

  it("orders True/False labels as pandas' booleans sort, and makes True the positive class", () => {
    const p = classification(
      readText(',y_true,y_pred,score\n0,True,False,0.2\n1,False,False,0.1\n2,True,True,0.9\n').data,
    );
    assert.deepEqual([...p.labels], ['False', 'True']);
    assert.equal(p.labels[p.positive], 'True');
    assert.deepEqual(p.columns.id, '');
  });

  it('orders numbers by value and treats 1 and 1.0 as one label', () => {
    const p = classification(readText('y_true,y_pred\n10,2\n2,10.0\n100,100\n1e1,2\n').data);
    assert.deepEqual([...p.labels], ['2', '10', '100']);
    assert.deepEqual(Array.from(p.yTrue), [1, 0, 2, 1]);
    assert.deepEqual(Array.from(p.yPred), [0, 1, 2, 0]);
  });

  it('predicts score >= threshold for the positive class when there is no predicted column', () => {
    const text = 'y,prob\na,0.5\nb,0.49\nb,0.7\na,0.1\n';
    assert.deepEqual(Array.from(classification(readText(text).data).yPred), [1, 0, 1, 0]);
    assert.deepEqual(Array.from(classification(readText(text, { threshold: 0.6 }).data).yPred), [0, 0, 1, 0]);
    const flipped = classification(readText(text, { positive: 'a', threshold: 0.3 }).data);
    assert.equal(flipped.positive, 0);
    assert.deepEqual(Array.from(flipped.yPred), [0, 0, 0, 1]);
    assert.equal(flipped.predictedFrom, 'threshold');
  });

  it('predicts the most probable class (the first of equal maxima) from per-class probabilities', () => {
    const p = classification(
      readText('label,p_bird,p_cat,p_dog\ncat,0.2,0.5,0.3\ndog,0.4,0.2,0.4\nbird,0.1,0.1,0.8\n').data,
    );
    assert.deepEqual(Array.from(p.yPred), [1, 0, 2]);
    assert.equal(p.predictedFrom, 'argmax');
    assert.deepEqual(Array.from(p.probaLabels!), [0, 1, 2]);
  });

  it('maps p_0, p_1… to sorted class names by position when no class is called 0', () => {
    const p = classification(readText('y_true,y_pred,p_0,p_1\ncat,cat,0.8,0.2\ndog,cat,0.6,0.4\n').data);
    assert.deepEqual(p.columns.proba, ['p_0', 'p_1']);
    assert.deepEqual(Array.from(p.probaLabels!), [0, 1]);
    assert.deepEqual(Array.from(p.score!), [0.2, 0.4]);
  });

  it('takes bare class-name columns as probabilities (pandas DataFrame(predict_proba, columns=classes_))', () => {
    const p = classification(readText('y_true,note,cat,dog\ncat,x,0.9,0.1\ndog,y,0.3,0.7\n').data);
    assert.deepEqual(p.columns, { true: 'y_true', score: 'dog', proba: ['cat', 'dog'] });
  });

  it('reports each bad row with its line and reads the rest', () => {
    const r = readText('y_true,y_pred,score\ncat,cat,0.1\n,dog,0.2\ndog,dog\ndog,,0.3\ndog,dog,abc\ncat,dog,0.9\n');
    const p = classification(r.data);
    assert.equal(p.n, 3);
    assert.deepEqual(Array.from(p.lines), [2, 6, 7]);
    assert.ok(Number.isNaN(p.score![1]!), 'a score that is not a number is NaN (a finding, not a lost row)');
    assert.deepEqual(r.issues, [
      { line: 3, message: 'line 3: no true label (column "y_true" is empty); row skipped' },
      { line: 4, message: 'line 4: 2 fields, header has 3; row skipped' },
      { line: 5, message: 'line 5: no predicted label (column "y_pred" is empty); row skipped' },
    ]);
  });

  it('says what is missing when nothing can be read', () => {
    assert.deepEqual(
      readText('').issues.map((i) => i.message),
      ['the file is empty'],
    );
    assert.match(readText('a,b\n1,2\n').issues[0]!.message, /no true-label column/);
    assert.match(readText('y_true,note\ncat,x\n').issues[0]!.message, /no predicted-label column/);
    assert.equal(readText('y_true,note\ncat,x\n').data, undefined);
    assert.match(readText('y_true,y_pred\n').issues[0]!.message, /no prediction rows/);
  });

  it('warns about an unknown --positive and keeps the default', () => {
    const r = readText('y,pred\n0,1\n1,1\n', { positive: 'yes' });
    assert.equal(classification(r.data).positive, 1);
    assert.match(r.issues[0]!.message, /the positive class "yes" is not one of the labels \(0, 1\); using "1"/);
  });

  it('recognises regression (continuous true and predicted values) instead of making classes', () => {
    const r = readPredictions(classifyBytes('real', 'regression_predictions.csv'), {}, [13]);
    assert.ok(r.data && r.data.kind === 'regression');
    assert.equal(r.data.n, 20);
    assert.equal(r.data.actual[0], 25.219999313354492);
    assert.equal(r.data.predicted[0], -0.0018200799822807312);
    assert.deepEqual(r.data.columns, { actual: 'Actual', predicted: 'Predicted' });
    // Integers first, then a fraction: the rows already read are converted, not lost.
    const late = readText('actual,predicted\n3,4\n5,5\n2.5,3\n');
    assert.ok(late.data && late.data.kind === 'regression');
    assert.deepEqual(Array.from(late.data.actual), [3, 5, 2.5]);
    assert.deepEqual(Array.from(late.data.lines), [2, 3, 4]);
  });

  it('reads a labelled square confusion matrix, rows = true unless the corner says predicted', () => {
    const m = readPredictions(classifyBytes('catdog_matrix.csv')).data;
    assert.ok(m && m.kind === 'matrix');
    assert.deepEqual(Array.from(m.matrix), [45, 5, 3, 47]);
    assert.equal(m.n, 100);
    const t = readText('Predicted,dog,cat\ndog,47,5\ncat,3,45\n').data;
    assert.ok(t && t.kind === 'matrix');
    assert.deepEqual([...t.labels], ['cat', 'dog']);
    assert.deepEqual(Array.from(t.matrix), [45, 5, 3, 47]);
  });

  it("reads DVCLive's confusion_matrix.json, bare or wrapped, with each sample's line", () => {
    const bare = classification(
      readPredictions(classifyBytes('real', 'dvclive_confusion_matrix.json'), {}, [100]).data,
    );
    assert.deepEqual([...bare.labels], ['False', 'True']);
    assert.equal(bare.n, 206);
    assert.deepEqual(Array.from(bare.lines.subarray(0, 3)), [2, 6, 10]);
    const wrapped = classification(
      readText(
        '{"confusion_matrix": [{"actual": "0", "predicted": "1"},\n {"actual": "1", "predicted": "1"}], "step": 3}',
      ).data,
    );
    assert.deepEqual(Array.from(wrapped.yTrue), [0, 1]);
    assert.deepEqual(Array.from(wrapped.yPred), [1, 1]);
    assert.deepEqual(Array.from(wrapped.lines), [1, 2]);
  });

  it("reads JSON Lines with nested probabilities, escapes and Python's NaN", () => {
    const text =
      '{"id": "a\\"1", "label": "cat", "probs": [0.9, 0.1]}\n{"id": "b", "label": "dog", "probs": {"0": 0.2, "1": NaN}}\nnot json\n{"id": "c", "label": "dog", "probs": [0.4, 0.6]}\n';
    const r = readText(text);
    const p = classification(r.data);
    assert.deepEqual(p.ids, ['a"1', 'b', 'c']);
    assert.deepEqual(p.columns.proba, ['probs_0', 'probs_1']);
    assert.ok(Number.isNaN(p.score![1]!));
    assert.deepEqual(Array.from(p.lines), [1, 2, 4]);
    assert.equal(r.issues.length, 1);
    assert.equal(r.issues[0]!.message, 'line 3: "not json" is not a JSON object (one prediction); skipped');
  });

  it('gives the same result whatever the chunk boundaries, for every fixture', () => {
    const files = [
      ...readdirSync(classifyFixture()).filter((f) => /\.(csv|json)$/.test(f) && f !== 'reference.json'),
      ...readdirSync(classifyFixture('real')).map((f) => `real/${f}`),
    ];
    assert.ok(files.length >= 14);
    const rnd = prng(3);
    for (const f of files) {
      const data = classifyBytes(f);
      const whole = readPredictions(data, {}, [data.length]);
      for (let trial = 0; trial < 5; trial++) {
        const sizes = Array.from({ length: 7 }, () => 1 + Math.floor(rnd() * 89));
        assert.deepEqual(readPredictions(data, {}, sizes), whole, `${f} with chunks ${sizes.join(',')}`);
      }
      assert.deepEqual(readPredictions(data, {}, [1]), whole, `${f} one byte at a time`);
    }
  });
});
