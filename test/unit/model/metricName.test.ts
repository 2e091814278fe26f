import * as assert from 'node:assert/strict';
import { axisRole, identifyMetric } from '../../../src/core/model/metricName';

describe('identifyMetric', () => {
  const cases: [string, string, string, string][] = [
    // raw, split, quantity, key
    ['loss', 'train', 'loss', 'loss'],
    ['train_loss', 'train', 'loss', 'loss'],
    ['train/loss', 'train', 'loss', 'loss'],
    ['Train Loss', 'train', 'loss', 'loss'],
    ['val_loss', 'val', 'loss', 'loss'],
    ['val/loss', 'val', 'loss', 'loss'],
    ['eval_loss', 'val', 'loss', 'loss'],
    ['validation_loss', 'val', 'loss', 'loss'],
    ['loss/val', 'val', 'loss', 'loss'],
    ['loss/validation', 'val', 'loss', 'loss'],
    ['Val Loss', 'val', 'loss', 'loss'],
    ['valLoss', 'val', 'loss', 'loss'],
    // PascalCase (a plain log's `TrainLoss=1.87 … ValLoss=1.30 ValAcc=60.94%`, corpus/text/akash05-skin-lesion).
    ['ValLoss', 'val', 'loss', 'loss'],
    ['TrainLoss', 'train', 'loss', 'loss'],
    ['ValAcc', 'val', 'accuracy', 'accuracy'],
    ['test_loss', 'test', 'loss', 'loss'],
    ['acc', 'train', 'accuracy', 'accuracy'],
    ['accuracy', 'train', 'accuracy', 'accuracy'],
    ['Acc', 'train', 'accuracy', 'accuracy'],
    ['val_acc', 'val', 'accuracy', 'accuracy'],
    ['Val Acc', 'val', 'accuracy', 'accuracy'],
    ['val_accuracy', 'val', 'accuracy', 'accuracy'],
    ['eval_accuracy', 'val', 'accuracy', 'accuracy'],
    ['lr', 'other', 'lr', 'lr'],
    ['learning_rate', 'other', 'lr', 'lr'],
    ['train/box_loss', 'train', 'loss', 'box_loss'],
    ['val/box_loss', 'val', 'loss', 'box_loss'],
    ['eval_f1', 'val', 'f1', 'f1'],
    ['metrics/precision(B)', 'val', 'precision', 'metrics_precision_b'],
    ['epoch_loss', 'train', 'loss', 'loss'],
    ['epoch_accuracy', 'train', 'accuracy', 'accuracy'],
    ['batch_loss', 'train', 'loss', 'loss'],
    ['evaluation_loss_vs_iterations', 'val', 'loss', 'loss_vs_iterations'],
    // A split word inside the name (wandb.run.summary["Best Test Accuracy"], add_hparams' "hparam/Final_Val_Accuracy").
    ['Best test accuracy', 'test', 'accuracy', 'best_accuracy'],
    ['hparam/Final_Val_Accuracy', 'val', 'accuracy', 'hparam_final_accuracy'],
    ['hparam/best_val_accuracy', 'val', 'accuracy', 'hparam_best_accuracy'],
    // `metrics/` means validation for Ultralytics' scores, not for another writer's loss.
    ['Metrics/Loss', 'train', 'loss', 'metrics_loss'],
    ['metrics/mAP50(B)', 'val', 'other', 'metrics_map50_b'],
  ];
  for (const [raw, split, quantity, key] of cases) {
    it(`reads "${raw}" as ${split} ${quantity} on the "${key}" chart`, () => {
      const id = identifyMetric(raw);
      assert.deepEqual([id.split, id.quantity, id.key], [split, quantity, key]);
      assert.equal(id.raw, raw);
    });
  }

  it('marks summary values of a run (hparam/…, best_…, final_…) so that no rule judges them as curves', () => {
    for (const raw of [
      'hparam/Final_Val_Accuracy',
      'hparam/accuracy',
      'best_val_loss',
      'Best test accuracy',
      'final_loss',
      'bestAcc',
    ]) {
      assert.equal(identifyMetric(raw).summary, true, raw);
    }
    for (const raw of ['val_loss', 'best', 'train/box_loss', 'metrics/mAP50(B)'])
      assert.equal(identifyMetric(raw).summary, undefined, raw);
  });

  it('pairs every spelling of validation loss with training loss', () => {
    const keys = new Set(
      [
        'loss',
        'train_loss',
        'train/loss',
        'Train Loss',
        'val_loss',
        'val/loss',
        'eval_loss',
        'validation_loss',
        'loss/val',
        'Val Loss',
      ].map((n) => identifyMetric(n).key),
    );
    assert.deepEqual([...keys], ['loss']);
  });

  it("keeps Lightning's step and epoch aggregates apart but on the same chart", () => {
    const step = identifyMetric('train_loss_step');
    const epoch = identifyMetric('train_loss_epoch');
    assert.equal(step.aggregation, 'step');
    assert.equal(epoch.aggregation, 'epoch');
    assert.equal(step.key, 'loss');
    assert.equal(epoch.key, 'loss');
  });

  it('titles a chart with the name as written, minus the split marker', () => {
    assert.equal(identifyMetric('val/box_loss').title, 'box_loss');
    assert.equal(identifyMetric('metrics/mAP50(B)').title, 'metrics/mAP50(B)');
    assert.equal(identifyMetric('val_loss').title, 'loss');
    assert.equal(identifyMetric('learning_rate').title, 'learning rate');
    assert.equal(identifyMetric('<img src=x onerror=alert(1)>').title, '<img src=x onerror=alert(1)>');
  });
});

describe('axisRole', () => {
  it('tells axes from metrics', () => {
    assert.equal(axisRole('step'), 'step');
    assert.equal(axisRole('global_step'), 'step');
    assert.equal(axisRole(' epoch '), 'epoch');
    assert.equal(axisRole('timestamp'), 'wallTime');
    assert.equal(axisRole('time'), undefined);
    assert.equal(axisRole('loss'), undefined);
  });
});
