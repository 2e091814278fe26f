import * as assert from 'node:assert/strict';
import { createParser } from '../../../src/core/formats';
import { bytes, feedInChunks, fixtureBytes } from '../helpers';
import { assertChunkingIndependent, assertEveryPrefixIsAPrefix, readFixture } from './formatHelpers';

describe("Hugging Face's trainer_state.json", () => {
  const file = ['hf-trainer-state', 'results', 'checkpoint-10350', 'trainer_state.json'] as const;

  it('reads train rows and eval rows of log_history, step as x and the fractional epoch', () => {
    const run = readFixture('hf-trainer-state', ...file);
    assert.equal(run.format, 'hf-trainer-state');
    // Python's json.load: these keys of log_history, without step, epoch and the eval throughput ones.
    assert.deepEqual(
      run.series.map((s) => s.name),
      ['grad_norm', 'learning_rate', 'loss', 'eval_accuracy', 'eval_loss', 'eval_macro_f1'],
    );
    const loss = run.getSeries('loss')!;
    assert.equal(loss.length, 20);
    assert.deepEqual([loss.first()!.step, loss.epoch(0), loss.first()!.value], [500, 0.4830917874396135, 1.497]);
    assert.deepEqual([loss.last()!.step, loss.epoch(19), loss.last()!.value], [10000, 9.66183574879227, 1.1573]);
    const evalLoss = run.getSeries('eval_loss')!;
    assert.equal(evalLoss.length, 10);
    assert.deepEqual([evalLoss.first()!.step, evalLoss.first()!.value], [1035, 1.4883331060409546]);
    assert.deepEqual([evalLoss.last()!.step, evalLoss.last()!.value], [10350, 1.4856339693069458]);
    // Each point's location is the line of its own value: the third eval_loss is on line 77, the second loss on line 23.
    assert.equal(evalLoss.location(2), 77);
    assert.equal(loss.location(1), 23);
    assert.equal(evalLoss.id.split, 'val');
    assert.equal(evalLoss.id.key, loss.id.key);
    assert.deepEqual(run.issues, []);
  });

  it('reads several eval datasets as their own series (eval_g0_* … eval_g5_*)', () => {
    const run = readFixture('hf-trainer-state', 'hf-trainer-state', 'multieval', 'trainer_state.json');
    const g0 = run.getSeries('eval_g0_accuracy')!;
    assert.equal(g0.length, 31);
    assert.deepEqual([g0.first()!.step, g0.epoch(0), g0.first()!.value], [0, 0, 0.7082294264339152]);
    assert.deepEqual([g0.last()!.step, g0.last()!.value], [12030, 0.5935162094763092]);
    assert.equal(run.getSeries('eval_g5_loss')!.last()!.value, 4.835134983062744);
    assert.equal(run.getSeries('loss')!.length, 30);
    assert.equal(run.getSeries('eval_g0_runtime'), undefined);
  });

  it("keeps the summary row's train_loss but not its runtime, and reads bare NaN", () => {
    const text =
      '{\n  "log_history": [\n    {\n      "epoch": 0.5,\n      "grad_norm": NaN,\n      "learning_rate": 5e-05,\n      "loss": 0.69,\n      "step": 10\n    },\n' +
      '    {\n      "epoch": 1.0,\n      "step": 20,\n      "total_flos": 12345.0,\n      "train_loss": 0.6,\n      "train_runtime": 3.2,\n      "train_samples_per_second": 10.0\n    }\n  ]\n}\n';
    const run = feedInChunks(createParser('trainer_state.json', 'hf-trainer-state'), bytes(text), [7]).run;
    assert.deepEqual(
      run.series.map((s) => s.name),
      ['grad_norm', 'learning_rate', 'loss', 'train_loss'],
    );
    assert.equal(run.getSeries('grad_norm')!.nonFiniteCount, 1);
    assert.deepEqual([run.getSeries('train_loss')!.step(0), run.getSeries('train_loss')!.location(0)], [20, 14]);
  });

  it('reports a file cut short (being rewritten) and keeps the rows before the cut', () => {
    const data = fixtureBytes(...file);
    const run = feedInChunks(createParser('t.json', 'hf-trainer-state'), data.slice(0, 1000), [1000]).run;
    assert.ok(run.getSeries('loss')!.length >= 2);
    assert.match(run.issues[0]!.message, /ends before its JSON is complete/);
  });

  it('gives a prefix of the series for every byte prefix, whatever the chunking', () => {
    const data = fixtureBytes(...file);
    const make = () => createParser('t.json', 'hf-trainer-state');
    assertEveryPrefixIsAPrefix(make, data, 5);
    assertChunkingIndependent(make, data);
  });
});

describe('Keras history JSON', () => {
  it('reads {metric: [values]} with the index as epoch', () => {
    const run = readFixture('keras-history-json', 'keras-history-json', 'history.json');
    assert.deepEqual(
      run.series.map((s) => [s.name, s.length]),
      [
        ['accuracy', 17],
        ['loss', 17],
        ['val_accuracy', 17],
        ['val_loss', 17],
      ],
    );
    const v = run.getSeries('val_loss')!;
    assert.deepEqual(
      [v.first()!.value, v.last()!.value, v.last()!.step, v.epoch(16)],
      [1.4435802698135376, 1.0745148658752441, 16, 16],
    );
    assert.equal(run.xLabel, 'epoch');
  });

  it('holds a metric that is only NaN (a diverged run) as non-finite points, each on its own line', () => {
    const run = readFixture('keras-history-json', 'keras-history-json', 'diverged.json');
    const v = run.getSeries('val_loss')!;
    assert.equal(v.length, 4);
    assert.equal(v.nonFiniteCount, 4);
    assert.equal(v.min(), undefined);
    // json.dump(indent=2): "val_loss": [ is line 8, its values on lines 9–12.
    assert.deepEqual(Array.from(v.locationArray()), [9, 10, 11, 12]);
    assert.equal(run.getSeries('mae')!.value(2), Infinity);
  });

  it('gives a prefix of the series for every byte prefix', () => {
    const data = fixtureBytes('keras-history-json', 'history.json');
    assertEveryPrefixIsAPrefix(() => createParser('h.json', 'keras-history-json'), data, 2);
  });
});
