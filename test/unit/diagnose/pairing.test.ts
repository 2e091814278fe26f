// Which series the rules compare, and on what: step-level and epoch-level rows (Lightning), several
// segments (a resumed run), fractional epochs (Hugging Face).
import * as assert from 'node:assert/strict';
import { RunDiagnoser, diagnoseRun } from '../../../src/core/diagnose';
import { groupSeries } from '../../../src/core/diagnose/pairing';
import { SeriesTrack } from '../../../src/core/diagnose/track';
import { readRunFile } from '../../../src/node/readSource';
import { fixture } from '../helpers';
import { epochRun, falling, only } from './synthetic';

describe('pairing and evaluation curves', () => {
  it('averages Lightning step rows per epoch and pairs them with the epoch-level validation rows', async () => {
    const run = await readRunFile(fixture('pytorch-digits', 'sparse_metrics.csv'), 'sparse_metrics.csv');
    const loss = groupSeries(run).find((g) => g.key === 'loss')!;
    assert.deepEqual([loss.train?.name, loss.val?.name], ['train_loss', 'val_loss']);
    const t = new SeriesTrack(loss.train!);
    t.update();
    const c = t.curve(0)!;
    assert.equal(c.length, 50);
    // Epoch 0's two step rows (lines 2 and 3 of the file): 2.242636 and 1.961501.
    assert.equal(c.values[0], (2.242636 + 1.961501) / 2);
    assert.equal(c.steps[0], 10);
  });

  it('prefers the per-epoch aggregate of a metric logged both per step and per epoch', async () => {
    const run = await readRunFile(
      fixture('runs', 'samples', 'lightning-mnist', 'lightning_logs', 'version_18', 'metrics.csv'),
      'metrics.csv',
    );
    const groups = groupSeries(run);
    assert.equal(groups.find((g) => g.key === 'loss')!.train!.name, 'train_loss_epoch');
    assert.equal(groups.find((g) => g.key === 'accuracy')!.train!.name, 'acc_epoch');
  });

  it('leaves summary values of a run (best_…, hparam/…) out of the curves the rules compare', () => {
    // A validation loss that rises from epoch 10 (overfitting), logged again under summary names.
    const val = Array.from({ length: 30 }, (_, k) => (k <= 10 ? 0.3 + 0.07 * (10 - k) : 0.3 + 0.02 * (k - 10)));
    const run = epochRun({ loss: falling(30), 'hparam/final_val_loss': val, best_val_loss: val.map((v) => v + 1) });
    const groups = groupSeries(run);
    assert.deepEqual(
      groups.map((g) => [g.key, g.train?.name, g.val?.name]),
      [['loss', 'loss', undefined]],
    );
    const findings = diagnoseRun(run);
    assert.ok(
      findings.every((f) => !/best_val_loss|hparam/.test(`${f.metric} ${f.message}`)),
      findings.map((f) => f.message).join('\n'),
    );
    // The same curve under a plain name is judged.
    const plain = diagnoseRun(epochRun({ loss: falling(30), val_loss: val }));
    assert.ok(plain.some((f) => f.rule === 'overfitting'));
  });

  it('reads a real log\'s last line "Best test accuracy: 85.38%" as a test value of the run, not a curve to compare', async () => {
    const run = await readRunFile(fixture('corpus', 'text', 'cifar10-network', 'training.log'), 'training.log');
    const best = run.getSeries('Best test accuracy')!;
    assert.deepEqual([best.length, best.id.split, best.id.quantity, best.id.summary], [1, 'test', 'accuracy', true]);
    assert.ok(
      groupSeries(run).every((g) => g.train !== best && g.val !== best),
      'a summary value is paired with no curve',
    );
    // The curves of the same file are judged as curves.
    assert.deepEqual(
      ['Train Loss', 'Test Acc'].map((n) => run.getSeries(n)?.id.summary),
      [undefined, undefined],
    );
  });

  it('diagnoses each segment of a resumed run on its own, at its own lines', () => {
    // Epochs 0–29 overfit from epoch 11; then the run is resumed from epoch 5 and trained to 34 again.
    const run = epochRun({});
    const loss = run.seriesFor('loss');
    const val = run.seriesFor('val_loss');
    const trainValues = falling(30);
    const valAt = (k: number) => (k <= 10 ? 0.3 + 0.07 * (10 - k) : 0.3 + 0.02 * (k - 10));
    let line = 2;
    for (const [from, to] of [
      [0, 30],
      [5, 35],
    ] as const) {
      for (let k = from; k < to; k++, line++) {
        loss.append(k, trainValues[Math.min(k, 29)]!, line, k);
        val.append(k, valAt(k), line, k);
      }
    }
    assert.deepEqual(val.segmentStarts, [30]);
    const each = only(new RunDiagnoser(run).diagnoseAll(), 'overfitting');
    assert.deepEqual(
      each.map((x) => [x.epoch, x.line]),
      [
        [11, 13],
        [11, 38],
      ],
    );
    // Shown once: the resumed run repeating the problem is the same problem, named where it shows again.
    const shown = only(diagnoseRun(run), 'overfitting');
    assert.deepEqual(
      shown.map((x) => [x.epoch, x.line]),
      [[11, 13]],
    );
    assert.match(shown[0]!.message, /The same again at line 38\.$/);
  });

  it('pairs Hugging Face training rows (fractional epochs) with the evaluation that follows them', async () => {
    const run = await readRunFile(fixture('runs', 'samples', 'hf-trainer', 'trainer_state.json'), 'trainer_state.json');
    const f = only(diagnoseRun(run), 'overfitting');
    assert.equal(f.length, 1);
    // SOURCES.md: eval loss lowest at epoch 3 (1.3262), rising from epoch 4; training loss 1.3268 at step 4000 → 1.1573 at 10000.
    assert.deepEqual([f[0]!.metric, f[0]!.epoch, f[0]!.step], ['eval_loss', 4, 4140]);
    assert.match(f[0]!.message, /its best, 1\.326 at epoch 3/);
  });
});
