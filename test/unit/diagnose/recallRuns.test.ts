/**
 * Repeats and misses of the judged corpus runs (fifth round of issue 16: the held-out set of the fourth round,
 * scored once and read, with the other tuned sets), each pinned on the real file that showed it.
 */

import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { diagnoseRun } from '../../../src/core/diagnose';
import { groupSeries } from '../../../src/core/diagnose/pairing';
import { Run } from '../../../src/core/model/run';
import { readInputRuns } from '../../../src/node/readInputs';
import { FIXTURES } from '../helpers';
import { epochRun, falling } from './synthetic';

async function onlyRun(...path: string[]): Promise<Run> {
  const { runs } = await readInputRuns(join(FIXTURES, ...path));
  assert.equal(runs.length, 1);
  return runs[0]!;
}

const said = (run: Run, rule: string) =>
  diagnoseRun(run)
    .filter((f) => f.rule === rule)
    .map((f) => `${f.severity} ${f.metric} @ ${f.step}`);

describe('corpus runs: one problem, one finding (fifth round)', () => {
  it('a Keras CSV with two runs appended that both overfit says it once, naming the second run', async () => {
    const run = await onlyRun('corpus', 'keras', 'aisignlang-asl', 'training_log.csv');
    // What the file shows: three runs appended (epochs 0-36, 0-37, 0-9); val_loss lowest 3.44 at 31 then up
    // to 3.98 in the first, lowest 4.05 at 32 then up to 4.54 in the second, while loss keeps falling.
    assert.deepEqual(run.getSeries('val_loss')!.segmentStarts, [37, 75]);
    assert.deepEqual(said(run, 'overfitting'), ['warning val_loss @ 32']);
    const f = diagnoseRun(run).find((x) => x.rule === 'overfitting')!;
    assert.match(f.message, /The same again at line 72\.$/);
  });

  it('loss spikes on the training and the validation side of one loss are one finding naming both', async () => {
    const run = await onlyRun('corpus', 'csv', 'ci2lab-fjordvision', 'training_log.csv');
    // What the file shows: Validation Loss ~0.08 jumping to 0.35-0.54 at 31-54, Training Loss ~0.1 to 0.38 at 95.
    assert.deepEqual(said(run, 'lossSpike'), ['warning Validation Loss @ 31']);
    const f = diagnoseRun(run).find((x) => x.rule === 'lossSpike')!;
    assert.match(f.message, /The same on Training Loss at line \d+\.$/);
  });
});

describe('corpus runs: a test split evaluated along training (fifth round)', () => {
  it("DETR's per-epoch test_loss is judged as the validation loss: a noisy rise after its best is overfitting", async () => {
    const run = await onlyRun('corpus', 'detr', 'pukarbaral-sten', 'log.txt');
    // What the file shows: test_loss lowest 13.19 at epoch 36, then 13.4-14.6 and 14.2-16.4 over 61-79,
    // while train_loss falls 11.3 -> 8.1.
    const test = Array.from(run.getSeries('test_loss')!.valueArray(0));
    assert.equal(Math.min(...test), test[36]);
    assert.deepEqual(said(run, 'overfitting'), ['warning test_loss @ 37']);
  });

  it('a validation series is still preferred to a test series of the same metric', () => {
    const run = new Run('run.csv', 'csv', 'run');
    for (const name of ['train_loss', 'val_loss', 'test_loss']) run.seriesFor(name).append(0, 1, 2, 0);
    const [g] = groupSeries(run);
    assert.deepEqual([g!.train?.name, g!.val?.name], ['train_loss', 'val_loss']);
  });
});

describe('corpus runs: a plateau placed where the loss bent (fifth round)', () => {
  it('a training loss creeping down 4 % in 95 epochs after its fall is a plateau from the bend, not from its last 1 % step', async () => {
    const run = await onlyRun('corpus', 'csv', 'cata-background', 'training_log.csv');
    // What the file shows: avg_loss 0.146 -> 0.131 by epoch 3, then 0.1313 (5) creeping to 0.126 (100).
    const v = Array.from(run.getSeries('avg_loss')!.valueArray(0));
    assert.ok(v[4]! < 0.1315 && v[99]! > 0.125, v.join(', '));
    const plateau = diagnoseRun(run, undefined, 0).filter((f) => f.rule === 'plateau' && f.metric === 'avg_loss');
    assert.deepEqual(
      plateau.map((f) => `${f.severity} @ ${f.step}`),
      ['info @ 7'],
    );
    assert.match(plateau[0]!.message, /improved by less than 1 % per 10 evaluations for 94 evaluations/);
  });
});

describe('corpus runs: an accuracy with no training twin that turned down (sixth round)', () => {
  it("a classifier's validation top-1 accuracy falling from its best while the training loss falls is overfitting", async () => {
    const run = await onlyRun('corpus', 'ultralytics', 'javakhang-acne-cls-train5', 'results.csv');
    // What the file shows: metrics/accuracy_top1 best 0.736 at epoch 22, then about 0.62 to epoch 100, while
    // train/loss falls 0.72 -> 0.10 and val/loss stays flat at 2.0-2.1 (no loss turns up; no training accuracy).
    const acc = Array.from(run.getSeries('metrics/accuracy_top1')!.valueArray(0));
    assert.equal(Math.max(...acc), acc[21]);
    assert.deepEqual(said(run, 'overfitting'), ['warning metrics/accuracy_top1 @ 23']);
    const f = diagnoseRun(run).find((x) => x.rule === 'overfitting')!;
    assert.match(f.message, /^metrics\/accuracy_top1 fell to 0\.6128 \(−16\.76 %\) .* its best, 0\.7362 at epoch 22, /);
  });

  it('a target-domain test accuracy best at the first epoch, then lower while the source loss falls, is overfitting', async () => {
    const run = await onlyRun('corpus', 'text', 'kingkong-paddy-dann', 'DANN_S2T.log');
    // What the file shows: test_acc 39.8 at epoch 1, then 35-38 to 34.8 at 20; total_Loss 0.49 -> 0.015.
    assert.deepEqual(said(run, 'overfitting'), ['warning test_acc @ 2']);
  });

  it('a loss that turns up is said instead of an accuracy without a twin (one problem, one finding)', () => {
    // val_loss lowest at epoch 10 then rising, val_accuracy highest there then falling, train_loss falling;
    // no training accuracy. Without the loss, the accuracy alone is said (the same turn).
    const n = 30;
    const trainLoss = falling(n, 0.05, 0.15, 0);
    const valLoss = Array.from({ length: n }, (_, k) => 0.5 + 0.02 * Math.abs(k - 10));
    const valAcc = Array.from({ length: n }, (_, k) => 0.9 - 0.01 * Math.abs(k - 10));
    const both = epochRun({ train_loss: trainLoss, val_loss: valLoss, val_accuracy: valAcc });
    assert.deepEqual(said(both, 'overfitting'), ['warning val_loss @ 11']);
    const accOnly = epochRun({ train_loss: trainLoss, val_accuracy: valAcc });
    assert.deepEqual(said(accOnly, 'overfitting'), ['warning val_accuracy @ 11']);
  });
});

describe('corpus runs: a run that ends on a jump (sixth round)', () => {
  it("a validation loss jumping 13-fold at the run's last epoch is a spike, judged on the points before it", async () => {
    const run = await onlyRun('corpus', 'csv', 'njw04-asl-aug', 'aug_train_log.csv');
    // What the file shows: val_loss 0.29 -> 0.019 over epochs 1-9, then 0.250 at 10 (val_acc 0.9945 -> 0.919).
    assert.deepEqual(said(run, 'lossSpike'), ['warning val_loss @ 10']);
    const f = diagnoseRun(run).find((x) => x.rule === 'lossSpike')!;
    assert.match(f.message, /^val_loss jumped to 0\.2501 at epoch 10, its last point, 9\.581× the level before it/);
  });

  it('the last point is judged only with a full window before it, and only when it is the last', () => {
    const val = [0.3, 0.1, 0.05, 0.03, 0.025, 0.024, 0.02];
    const train = falling(val.length + 1, 0.01, 0.5, 0);
    assert.deepEqual(said(epochRun({ loss: train, val_loss: [...val, 0.25] }), 'lossSpike'), ['warning val_loss @ 7']);
    // Four points before it: too few to know the level.
    assert.deepEqual(said(epochRun({ loss: train, val_loss: [...val.slice(3), 0.25] }), 'lossSpike'), []);
    // An attempt that ended on the jump and was restarted (steps going back): its model is not the run's last.
    const restarted = new Run('run.csv', 'csv', 'run');
    const points = [...val, 0.25, ...val];
    points.forEach((v, k) => {
      const step = k <= val.length ? k : k - val.length - 1;
      restarted.seriesFor('val_loss').append(step, v, k + 2, step);
      restarted.seriesFor('loss').append(step, 1 / (step + 1), k + 2, step);
    });
    assert.deepEqual(restarted.getSeries('val_loss')!.segmentStarts, [8]);
    assert.deepEqual(said(restarted, 'lossSpike'), []);
  });
});

describe('corpus runs: a two-epoch run at chance (sixth round)', () => {
  const sevenClasses = { chanceLevel: { params: { classes: 7 } } };
  const chance = (run: Run) =>
    diagnoseRun(run, sevenClasses)
      .filter((f) => f.rule === 'chanceLevel')
      .map((f) => `${f.severity} ${f.metric} @ ${f.step}`);

  it('validation accuracy below 1/7 at both epochs with the validation loss at ln 7 is chance level', async () => {
    const run = await onlyRun('corpus', 'keras', 'ashish-fer', 'training_log.csv');
    // What the file shows: val_accuracy 0.075 and 0.074 (7 facial emotions: chance 0.143), val_loss 1.892 and
    // 1.891 (ln 7 = 1.946), while training accuracy rises 0.19 -> 0.31.
    assert.deepEqual(chance(run), ['warning val_accuracy @ 0']);
  });

  it('a short run is judged only when the loss sits at ln k at every evaluation, and on two at least', () => {
    const acc = [0.075, 0.074];
    assert.deepEqual(chance(epochRun({ val_accuracy: acc, val_loss: [1.892, 1.891] })), ['warning val_accuracy @ 0']);
    // The loss has left ln 7 at the second epoch: a slow start, not (yet) a model at chance.
    assert.deepEqual(chance(epochRun({ val_accuracy: acc, val_loss: [1.892, 1.6] })), []);
    // No loss to back it: two accuracies are too few.
    assert.deepEqual(chance(epochRun({ val_accuracy: acc })), []);
    assert.deepEqual(chance(epochRun({ val_accuracy: [0.075], val_loss: [1.892] })), []);
  });
});
