/**
 * Which series are values of their run (summary), which are curves and which are step metrics, and
 * which way "best" goes, on real runs: a CIFAR-10 log's "Best test accuracy", MLflow test scores
 * logged once after training, a Hugging Face Trainer's W&B run (its `train/global_step` and
 * end-of-training values), W&B series of unknown kind, Ultralytics' mAP and learning rates.
 */

import * as assert from 'node:assert/strict';
import { readInputRuns } from '../../../src/node/readInputs';
import { seriesRoles, seriesWithRole } from '../../../src/core/model/runValues';
import { summarizeRun } from '../../../src/core/model/summary';
import { bestIndex, betterDirection } from '../../../src/core/model/best';
import { createParser } from '../../../src/core/formats';
import type { Run } from '../../../src/core/model/run';
import { fixture, fixtureBytes } from '../helpers';

async function readOne(...path: string[]): Promise<Run> {
  const input = await readInputRuns(fixture(...path));
  assert.equal(input.runs.length, 1, path.join('/'));
  return input.runs[0]!;
}

const names = (list: readonly { name: string }[]) => list.map((s) => s.name).sort();

describe('values of a run (runValues.ts) on real runs', () => {
  it('a CIFAR-10 log: "Best test accuracy" is a value of the run (split test), the two curves are curves', async () => {
    const run = await readOne('corpus', 'text', 'cifar10-network', 'training.log');
    const roles = seriesRoles(run);
    assert.deepEqual(
      [...roles].map(([s, r]) => [s.name, s.id.split, r]),
      [
        ['Train Loss', 'train', 'curve'],
        ['Test Acc', 'test', 'curve'],
        ['Best test accuracy', 'test', 'summary'],
      ],
    );
    const summary = summarizeRun(run);
    assert.deepEqual(names(summary.series), ['Test Acc', 'Train Loss']);
    assert.deepEqual(summary.summary, [
      { name: 'Best test accuracy', split: 'test', quantity: 'accuracy', value: 0.8538, step: 35, points: 1 },
    ]);
  });

  it('by its name alone: "Best test accuracy" after a single epoch is still a value, the epoch\'s series are curves', () => {
    // The same real log cut to its first epoch and its last line: every series has one point.
    const lines = new TextDecoder()
      .decode(fixtureBytes('corpus', 'text', 'cifar10-network', 'training.log'))
      .split('\n');
    const firstEpoch = lines.findIndex((l) => l.includes('Epoch 1/35'));
    const cut = [...lines.slice(0, firstEpoch + 1), lines.find((l) => l.includes('Best test accuracy'))!, ''].join(
      '\n',
    );
    const parser = createParser('training.log', 'text');
    parser.push(new TextEncoder().encode(cut));
    parser.flush();
    assert.deepEqual(
      [...seriesRoles(parser.run)].map(([s, r]) => [s.name, s.length, r]),
      [
        ['Train Loss', 1, 'curve'],
        ['Test Acc', 1, 'curve'],
        ['Best test accuracy', 1, 'summary'],
      ],
    );
  });

  it('MLflow: test scores logged once after five epochs are values; a run of curves alone has none', async () => {
    const input = await readInputRuns(fixture('mlflow', 'mnist', 'mlruns', '0'));
    const byName = new Map(input.runs.map((r) => [r.name, r]));
    const seal = byName.get('melodic-seal-579')!;
    assert.deepEqual(names(seriesWithRole(seal, 'summary')), [
      'avg_test_acc',
      'avg_test_loss',
      'test_acc',
      'test_loss',
    ]);
    assert.equal(seriesWithRole(seal, 'curve').length, 6);
    assert.deepEqual(seriesWithRole(byName.get('spiffy-snail-442')!, 'summary'), []);
  });

  it("W&B (a Hugging Face Trainer): train/global_step is the x axis, not a curve; the end-of-training values are the run's", async () => {
    const run = await readOne('wandb', 'hf-0.15', 'run-20231104_013541-231sigsv');
    assert.deepEqual(names(seriesWithRole(run, 'stepMetric')), ['train/global_step']);
    assert.deepEqual(names(seriesWithRole(run, 'summary')), [
      'train/total_flos',
      'train/train_loss',
      'train/train_runtime',
      'train/train_samples_per_second',
      'train/train_steps_per_second',
    ]);
    const summary = summarizeRun(run);
    assert.equal(summary.series.find((s) => s.name === 'train/global_step')?.stepMetric, true);
    assert.ok(summary.series.every((s) => s.name === 'train/global_step' || s.stepMetric === undefined));
  });

  it('at the start of a run every series has one point: they are curves, not values', () => {
    // The first row of a real Ultralytics results.csv, as a live run has it after its first epoch.
    const text = new TextDecoder().decode(fixtureBytes('corpus', 'ultralytics', 'dental-tooth', 'results.csv'));
    const firstRow = text.split('\n').slice(0, 2).join('\n') + '\n';
    const parser = createParser('results.csv', 'ultralytics-csv');
    parser.push(new TextEncoder().encode(firstRow));
    parser.flush();
    const roles = [...seriesRoles(parser.run).values()];
    assert.ok(roles.length > 5);
    assert.deepEqual(new Set(roles), new Set(['curve']));
  });
});

describe('which way is better (best.ts) on real series', () => {
  it('a loss is best at its lowest, a mAP at its highest, a learning rate and an n-gram score have no best', async () => {
    const yolo = await readOne('corpus', 'ultralytics', 'dental-tooth', 'results.csv');
    const direction = (run: Run, name: string) => {
      const s = run.getSeries(name)!;
      return betterDirection(s.id.quantity, s.name);
    };
    assert.equal(direction(yolo, 'val/box_loss'), 'lower');
    assert.equal(direction(yolo, 'metrics/mAP50(B)'), 'higher');
    assert.equal(direction(yolo, 'metrics/mAP50-95(B)'), 'higher');
    assert.equal(direction(yolo, 'lr/pg0'), undefined);
    assert.equal(bestIndex(yolo.getSeries('lr/pg0')!), -1);
    const map = yolo.getSeries('metrics/mAP50(B)')!;
    assert.equal(map.value(bestIndex(map)), map.max()!.value);

    // A W&B run's series of unknown kind (`val/ngram_289`): no best, whichever way it moved.
    const wandb = await readOne('wandb', 'crashed-0.25', 'run-20260312_164954-gknsevpj');
    const ngram = wandb.getSeries('val/ngram_289')!;
    assert.equal(ngram.length, 2);
    assert.equal(direction(wandb, 'val/ngram_289'), undefined);
    assert.equal(bestIndex(ngram), -1);
  });
});
