// Which columns are paired as true and predicted labels, on real files (test/fixtures/classify-real/SOURCES.md)
// whose names alone pair the wrong ones.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { PredictionOptions, PredictionsRead } from '../../../src/core/classify';
import { BOUNDS } from '../fuzz/properties';
import { fixture } from '../helpers';
import { readPredictions } from './helpers';

function readReal(file: string, options: PredictionOptions = {}): PredictionsRead {
  return readPredictions(new Uint8Array(readFileSync(fixture('classify-real', file))), options, undefined, file);
}

function classification(read: PredictionsRead) {
  assert.ok(read.data && read.data.kind === 'classification', read.issues.map((i) => i.message).join('; '));
  return read.data;
}

describe('pairing true and predicted labels by what the columns hold', () => {
  it('reads label_numeric as the truth when Label (GON+, GON-) shares no label with prediction (0, 1), and says so', () => {
    const read = readReal('glaucoma_gon_test_predictions.csv');
    const d = classification(read);
    assert.equal(d.columns.true, 'label_numeric');
    assert.equal(d.columns.pred, 'prediction');
    assert.deepEqual(d.labels, ['0', '1']);
    const message = read.issues.map((i) => i.message).find((m) => m.includes('no label in common'));
    assert.ok(message, 'an issue says why another column was taken');
    for (const name of ['"Label"', '"prediction"', '"label_numeric"', '"GON+"'])
      assert.ok(message.includes(name), `${message} names ${name}`);
  });

  it("replaces the predicted column when another one holds the true column's labels (predicted_cluster → predicted_genre)", () => {
    assert.equal(classification(readReal('audio_genre_test_predictions.csv')).columns.pred, 'predicted_genre');
    assert.equal(classification(readReal('car_llm_predictions.csv')).columns.pred, 'predicted_class');
  });

  it("takes true_label over label, the ensemble prediction over a rule's, and the score named like it (PCOS)", () => {
    // label, Binary_Label, true_label; dt_rule_prediction, cnn_prediction (a probability), ensemble_prediction.
    const d = classification(readReal('pcos_test_predictions.csv'));
    assert.deepEqual(
      [d.columns.true, d.columns.pred, d.columns.score],
      ['true_label', 'ensemble_prediction', 'ensemble_score'],
    );
  });

  it('keeps the columns the user named, and says that they share no label, naming them', () => {
    const read = readReal('glaucoma_gon_test_predictions.csv', { trueCol: 'Label' });
    const d = classification(read);
    assert.equal(d.columns.true, 'Label');
    const message = read.issues.map((i) => i.message).find((m) => m.includes('no label in common'));
    assert.ok(
      message && message.includes('"Label"') && message.includes('"prediction"') && message.includes('--true-col'),
      message,
    );
  });

  it('says nothing when the named columns share labels', () => {
    for (const file of [
      'lc25000_test_predictions.csv',
      'skin_lesions_predictions.csv',
      'diabetic_retinopathy_predictions.csv',
    ]) {
      const read = readReal(file);
      classification(read);
      assert.deepEqual(
        read.issues.map((i) => i.message),
        [],
        file,
      );
    }
  });

  it('reads a "prediction" column of probabilities beside two true labels as the score (cnn_prediction)', () => {
    const read = readReal('pcos_lime_metadata.csv');
    const d = classification(read);
    assert.deepEqual(d.labels, ['Normal', 'PCOS']);
    assert.equal(d.columns.score, 'cnn_prediction');
    assert.equal(d.columns.pred, undefined);
    assert.equal(d.predictedFrom, 'threshold');
    assert.ok(
      read.issues.some((i) => i.message.includes('"cnn_prediction"') && i.message.includes('holds probabilities')),
    );
  });

  it('finds the true column that a predicted one is named after (fake beside predicted_fake)', () => {
    const d = classification(readReal('fake_accounts_test_predictions.csv'));
    assert.equal(d.columns.true, 'fake');
    assert.equal(d.columns.pred, 'predicted_fake');
  });

  it('never makes a class of a probability column that names none: a binary file takes the first as its score', () => {
    const read = readReal('breast_cancer_test_predictions.csv');
    const d = classification(read);
    assert.deepEqual(d.labels, ['0', '1']);
    assert.equal(d.columns.score, 'Probability_Malignant');
    assert.ok(read.issues.some((i) => i.message.includes('"Probability_Malignant" names no class')));
    const heart = classification(readReal('heart_disease_test_predictions.csv'));
    assert.deepEqual(heart.labels, ['0', '1']);
    assert.equal(heart.columns.score, 'Prob_Logistic_Regression');
  });

  it('matches per-class columns to numeric classes by the number they end in, or by position', () => {
    const simclr = classification(readReal('simclr_cifar10_test_predictions.csv'));
    assert.equal(simclr.labels.length, 10);
    assert.equal(simclr.proba?.length, 10);
    const emotion = classification(readReal('emotion_test_predictions.csv'));
    assert.deepEqual(emotion.labels, ['0', '1', '2', '3', '4', '5', '6']);
    assert.deepEqual(emotion.columns.proba, [
      'prob_angry',
      'prob_disgusted',
      'prob_fearful',
      'prob_happy',
      'prob_neutral',
      'prob_sad',
      'prob_surprised',
    ]);
  });

  it('keeps each pairing message short however long the column names and labels are (fuzz, predictions #129)', () => {
    // A mutated file made a header cell of 300 characters and labels of 100: the message naming both columns and
    // five labels of each was 414 characters and more, past what a problems list shows on a line.
    const long = (c: string, i: number) => `${c.repeat(100)}${i}`;
    const rows = (cells: (i: number) => string[]) =>
      Array.from({ length: 12 }, (_, i) => cells(i % 6).join(',')).join('\n') + '\n';
    const files: Record<string, string> = {
      'no label in common, nor': `actual${'x'.repeat(300)},pred${'y'.repeat(300)}\n${rows((i) => [long('a', i), long('b', i)])}`,
      'labels instead': `actual${'x'.repeat(300)},pred${'y'.repeat(300)},z${'w'.repeat(300)}\n${rows((i) => [long('a', i), long('b', i), long('b', (i + 1) % 6)])}`,
      'holds probabilities': `actual${'x'.repeat(300)},pred${'y'.repeat(300)}\n${rows((i) => [long('a', i % 2), `0.${i + 1}37`])}`,
    };
    for (const [what, text] of Object.entries(files)) {
      const read = readPredictions(new TextEncoder().encode(text));
      const messages = read.issues.map((i) => i.message);
      assert.ok(messages.length > 0, `${what}: an issue says what was paired`);
      for (const m of messages) assert.ok(m.length <= BOUNDS.maxMessageLength, `${what}: ${m.length} characters: ${m}`);
      // Each the message meant, naming a column by the start of its name.
      assert.ok(
        messages.some((m) => m.includes(what) && m.includes('column "')),
        `${what}: ${messages.join(' | ')}`,
      );
    }
  });
});
