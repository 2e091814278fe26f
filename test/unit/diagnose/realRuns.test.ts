// The false alarms of issue 16, pinned on the real runs that showed them (test/fixtures/corpus, tuning
// half only: the evaluation half is never looked at by the rules' tests). Each test first checks that
// the file shows what made the alarm (a component rising, a warm-up bump, a counter climbing), so the
// quiet verdict is about that, and not about a file that changed.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { diagnoseRun, findingsOnce, RunDiagnoser } from '../../../src/core/diagnose';
import type { Finding } from '../../../src/core/model/findings';
import type { Run } from '../../../src/core/model/run';
import type { Series } from '../../../src/core/model/series';
import { readInputRuns } from '../../../src/node/readInputs';
import { epochRun } from './synthetic';
import { FIXTURES } from '../helpers';

async function runsOf(path: string): Promise<Run[]> {
  return (await readInputRuns(join(FIXTURES, 'corpus', path))).runs;
}

const loud = (fs: readonly Finding[]) =>
  fs.filter((f) => f.severity !== 'info').map((f) => `${f.rule} ${f.metric} @ ${f.step}: ${f.message}`);

/** Values of `s` in its last segment (the attempt that ran to the end). */
function lastSegment(s: Series): number[] {
  const from = s.segmentStarts[s.segmentStarts.length - 1] ?? 0;
  return Array.from(s.valueArray(from));
}

describe('real runs that raised false alarms (corpus, tuning half)', () => {
  it('detectron2 output/: components rising while total_loss falls, restarts, and metrics.json beside its event files', async () => {
    const runs = await runsOf('detectron2/gralach-balloon/output');
    assert.equal(runs.length, 2);
    const json = runs.find((r) => r.source.endsWith('metrics.json'))!;
    // What the file shows: attempts appended (the iteration goes back), the last one's loss_box_reg rising from its start while total_loss falls.
    assert.ok(json.getSeries('total_loss')!.segmentStarts.length >= 1);
    const box = lastSegment(json.getSeries('loss_box_reg')!),
      total = lastSegment(json.getSeries('total_loss')!);
    assert.ok(Math.max(...box.slice(0, 15)) > box[0]! * 1.2, `loss_box_reg ${box.slice(0, 15).join(' ')}`);
    assert.ok(total[total.length - 1]! < total[0]! / 5);
    // Was: divergence on loss_rpn_loc and oscillation on loss_box_reg and loss_rpn_loc, each twice (one per source).
    const found = runs.map((run) => ({ run, findings: diagnoseRun(run) }));
    for (const { findings } of found) assert.deepEqual(loud(findings), []);
    const once = findingsOnce(found)
      .flat()
      .map((f) => `${f.rule} ${f.metric}`);
    assert.equal(new Set(once).size, once.length, once.join(', '));
  });

  it("mmdetection: the loss climbing through the learning-rate warm-up, and COCO's -1 for sizes not in the set", async () => {
    for (const path of ['mmdetection/kv-chiu-ear/mmdet_scalars.json', 'mmdetection/kv-chiu-balloon/scalars.json']) {
      const [run] = await runsOf(path);
      const loss = run!.getSeries('loss')!;
      // The bump: the loss rises well above where it started, then ends below it.
      assert.ok(loss.max()!.value > 1.5 * loss.value(0) && loss.value(loss.length - 1) < loss.value(0), path);
      // Was: divergence (error) on loss, loss_bbox and loss_cls.
      assert.deepEqual(loud(diagnoseRun(run!)), [], path);
    }
    const [ear] = await runsOf('mmdetection/kv-chiu-ear/mmdet_scalars.json');
    const small = ear!.series.find((s) => /bbox_mAP_s$/.test(s.name))!;
    assert.deepEqual([small.min()!.value, small.max()!.value], [-1, -1]);
    assert.deepEqual(
      diagnoseRun(ear!).filter((f) => f.rule === 'frozenMetric'),
      [],
    );
  });

  it('a DETR log.txt: cardinality_error (a counter) and its five decoder copies climbing are no divergence', async () => {
    const [run] = await runsOf('detr/gaw4gura-conditional-swin/log.txt');
    const card = run!.getSeries('train_cardinality_error_unscaled')!;
    // It climbs steadily after its lowest (292.1 at epoch 2, 292.6-292.8 from epoch 20): a rise for Kendall's tau.
    assert.ok(card.min()!.index < 5 && card.value(card.length - 1) > card.min()!.value, 'the counter climbs');
    assert.ok(run!.series.filter((s) => /^train_loss_(ce|bbox|giou)_\d$/.test(s.name)).length >= 15, 'aux copies');
    // Was: six divergence errors, one per copy of train_cardinality_error.
    assert.deepEqual(loud(diagnoseRun(run!)), []);
  });

  it('Keras with dropout: validation loss below training and wobbling between 0.009 and 0.03 at 99.5 % accuracy', async () => {
    const [run] = await runsOf('keras/deepender-digits/training_log.csv');
    const val = run!.getSeries('val_loss')!,
      train = run!.getSeries('loss')!;
    let below = 0;
    for (let i = 1; i < val.length; i++) if (val.value(i) < train.value(i)) below++;
    assert.ok(below >= 0.9 * (val.length - 1), 'validation below training');
    const findings = diagnoseRun(run!);
    // Was: suspiciousValidation (warning: "leakage or swapped splits") and oscillation.
    assert.deepEqual(loud(findings), []);
    assert.equal(findings.find((f) => f.rule === 'suspiciousValidation')?.severity, 'info');
  });

  it('YOLOv5: its box, objectness and class losses (no total logged) and mosaic augmentation', async () => {
    const [run] = await runsOf('yolov5/leaferd-bills/results.csv');
    const box = run!.getSeries('val/box_loss')!,
      cls = run!.getSeries('val/cls_loss')!;
    // What the file shows: a class loss ending at under half the box loss, and validation box loss below training (mosaic).
    assert.ok(cls.value(cls.length - 1) < box.value(box.length - 1) / 2);
    assert.ok(box.value(box.length - 1) < run!.getSeries('train/box_loss')!.value(box.length - 1));
    // Was: suspiciousValidation, oscillation (twice), lossSpike and overfitting (twice) as warnings.
    const findings = diagnoseRun(run!);
    assert.deepEqual(loud(findings), []);
    assert.ok(findings.length <= 4, findings.map((f) => f.rule).join(', '));
    // An already-trained model, flat for five epochs: not underfitting.
    const [plates] = await runsOf('ultralytics/license-plates-train18/results.csv');
    assert.deepEqual(loud(diagnoseRun(plates!)), []);
  });

  it('detectron2: bbox/APs is NaN at every evaluation when the set has no small objects, which is not a failure', async () => {
    const runs = await runsOf('detectron2/ghailen/output');
    const aps = runs.map((r) => r.getSeries('bbox/APs')).find((s) => s !== undefined)!;
    assert.equal(aps.nonFiniteCount, aps.length);
    for (const run of runs)
      assert.deepEqual(
        diagnoseRun(run).filter((f) => f.rule === 'nonFinite'),
        [],
      );
  });

  it('a binary classifier at chance: validation accuracy 0.41-0.60 while validation loss stays at ln 2', async () => {
    const [run] = await runsOf('keras/elsanzio-deepfake/training_log.csv');
    const val = run!.getSeries('val_loss')!;
    assert.ok(Math.abs(val.value(val.length - 1) - Math.log(2)) < 0.01);
    const f = diagnoseRun(run!, { chanceLevel: { params: { classes: 2 } } }).filter((x) => x.rule === 'chanceLevel');
    assert.deepEqual(
      f.map((x) => [x.metric, x.severity]),
      [['val_accuracy', 'warning']],
    );
    // The same accuracies with a validation loss that has left ln 2 behind: a model learning slowly, not guessing.
    const learning = epochRun({
      accuracy: Array.from(run!.getSeries('accuracy')!.valueArray()),
      loss: Array.from(run!.getSeries('loss')!.valueArray()),
      val_accuracy: Array.from(run!.getSeries('val_accuracy')!.valueArray()),
      val_loss: [0.69, 0.66, 0.63, 0.6, 0.58, 0.56, 0.55],
    });
    assert.deepEqual(
      diagnoseRun(learning, { chanceLevel: { params: { classes: 2 } } }).filter((x) => x.rule === 'chanceLevel'),
      [],
    );
  });
});

describe('real runs: chance level when nobody said how many classes', () => {
  it('reads k from a cross-entropy at ln k beside an accuracy at 1/k (the deepfake classifier, no setting, no parameter)', async () => {
    const [run] = await runsOf('keras/elsanzio-deepfake/training_log.csv');
    assert.equal(run!.params.size, 0, 'no num_classes in the run');
    const f = diagnoseRun(run!).filter((x) => x.rule === 'chanceLevel');
    assert.deepEqual(
      f.map((x) => [x.metric, x.severity, x.epoch]),
      [['val_accuracy', 'warning', 0]],
    );
    assert.match(f[0]!.message, /chance for 2 classes/);
    // Accuracy at 1/k without the loss at ln k (a model learning slowly), or the loss at ln k with an
    // accuracy far above 1/k: no class count can be read, nothing is said.
    const acc = Array.from(run!.getSeries('val_accuracy')!.valueArray());
    const trainAcc = Array.from(run!.getSeries('accuracy')!.valueArray());
    const trainLoss = Array.from(run!.getSeries('loss')!.valueArray());
    const slow = epochRun({
      accuracy: trainAcc,
      loss: trainLoss,
      val_accuracy: acc,
      val_loss: [0.69, 0.66, 0.63, 0.6, 0.58, 0.56, 0.55],
    });
    assert.deepEqual(
      diagnoseRun(slow).filter((x) => x.rule === 'chanceLevel'),
      [],
    );
    // Two hidden units on digits (10 classes): a validation loss of 1.89, 2.7 % off ln 7, and accuracy 0.21.
    // A model that learned a little is not a uniform guess among 7 classes: k is read only from a loss within 1 % of ln k.
    const [small] = (await readInputRuns(join(FIXTURES, 'runs', 'underfit-small', 'history.csv'))).runs;
    assert.ok(
      Math.abs(small!.getSeries('val_loss')!.value(small!.getSeries('val_loss')!.length - 1) - Math.log(7)) < 0.07,
    );
    assert.deepEqual(
      diagnoseRun(small!).filter((x) => x.rule === 'chanceLevel'),
      [],
    );
    const good = epochRun({
      accuracy: trainAcc,
      loss: trainLoss,
      val_accuracy: acc.map((a) => a + 0.3),
      val_loss: Array.from(run!.getSeries('val_loss')!.valueArray()),
    });
    assert.deepEqual(
      diagnoseRun(good).filter((x) => x.rule === 'chanceLevel'),
      [],
    );
  });
});

describe('real runs: overfitting from the first evaluation of a short run', () => {
  it('Whisper on Hindi: eval_loss lowest at the first of five evaluations, then rising at each one while training falls', async () => {
    const [run] = await runsOf('hf-trainer/merlinmy-whisper-hi/trainer_state.json');
    const ev = Array.from(run!.getSeries('eval_loss')!.valueArray());
    // What the file shows: five evaluations, the first the lowest, each later one higher than the one before.
    assert.equal(ev.length, 5);
    for (let k = 1; k < 5; k++) assert.ok(ev[k]! > ev[k - 1]!, ev.join(' '));
    const f = diagnoseRun(run!).filter((x) => x.rule === 'overfitting');
    assert.deepEqual(
      f.map((x) => [x.metric, x.step]),
      [['eval_loss', 2000]],
    );
    // A fractional epoch is said after the step.
    assert.match(f[0]!.message, /0\.3075 at step 1000 \(epoch 2\.44\)/);
    // The same five values out of order (no rise at each evaluation, no trend): nothing, a short run is not judged on noise.
    const shuffled = epochRun({
      loss: [0.1011, 0.0264, 0.0025, 0.0006, 0.0002],
      eval_loss: [ev[0]!, ev[2]!, ev[1]!, ev[4]!, ev[3]!],
    });
    assert.deepEqual(
      diagnoseRun(shuffled).filter((x) => x.rule === 'overfitting'),
      [],
    );
  });
});

describe('real runs: one problem, one finding', () => {
  it('overfitting and the widening accuracy gap it causes are one problem: the gap is not said again', async () => {
    // 500 digits, a fifth with random labels (the older evaluation's runs): validation loss turns up at
    // epoch 21 and the accuracy gap keeps widening after it.
    const [run] = (await readInputRuns(join(FIXTURES, 'runs', 'overfit-noisy-labels', 'history.csv'))).runs;
    const all = new RunDiagnoser(run!).diagnoseAll().map((f) => f.rule);
    assert.ok(all.includes('overfitting') && all.includes('generalizationGap'), all.join(', '));
    const shown = diagnoseRun(run!).map((f) => f.rule);
    assert.ok(shown.includes('overfitting'));
    assert.ok(!shown.includes('generalizationGap'), shown.join(', '));
  });

  it('frozenMetric: nine per-entity scores stuck at 0 (three entity types never found) are one finding naming them', async () => {
    const [run] = (await readInputRuns(join(FIXTURES, 'hf-trainer-state', 'ner-frozen-entities', 'trainer_state.json')))
      .runs;
    // What the file shows: F1, precision and recall of T024, T039 and T044 exactly 0 at all ten evaluations.
    const stuck = run!.series.filter((s) => /^eval_T0(24|39|44)_(f1|precision|recall)$/.test(s.name));
    assert.equal(stuck.length, 9);
    for (const s of stuck) assert.deepEqual([s.length, s.min()!.value, s.max()!.value], [10, 0, 0], s.name);
    const frozen = diagnoseRun(run!).filter((f) => f.rule === 'frozenMetric');
    assert.equal(frozen.length, 1, frozen.map((f) => f.metric).join(', '));
    const also = String(frozen[0]!.detail!['alsoOn']).split(', ');
    assert.deepEqual([frozen[0]!.metric!, ...also].sort(), stuck.map((s) => s.name).sort());
    assert.match(frozen[0]!.message, /The same on eval_T0\d\d_\w+, /);
  });
});
