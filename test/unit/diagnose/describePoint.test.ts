import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describePoint } from '../../../src/core/diagnose';
import { readRunFile } from '../../../src/node/readSource';
import { readInputRuns } from '../../../src/node/readInputs';
import { fixture } from '../helpers';

describe('describePoint (hover context)', () => {
  // pytorch-digits/history.csv: val_loss lowest 0.143226 at epoch 24; epoch 49: val_loss 0.176514, loss 0.003727 (line 51).
  it('ranks a validation point among all evaluations, measures it from the best, and pairs it with the training value', async () => {
    const run = await readRunFile(fixture('pytorch-digits', 'history.csv'), 'history.csv');
    const val = run.getSeries('val_loss')!;
    const c = describePoint(run, val, 49)!;
    const finite = Array.from(val.valueArray());
    assert.equal(c.rank, finite.filter((v) => v < 0.176514).length + 1);
    assert.equal(c.of, 50);
    assert.deepEqual([c.best!.epoch, c.best!.value], [24, 0.143226]);
    assert.ok(Math.abs(c.fromBest! - (0.176514 - 0.143226)) < 1e-12);
    assert.equal(c.paired!.metric, 'loss');
    assert.equal(c.paired!.epoch, 49);
    assert.equal(c.paired!.value, Number(readLine(51).split(',')[2]));
    assert.equal(c.trend!.evaluations, 5);
  });

  it('calls the best point rank 1, zero from the best', async () => {
    const run = await readRunFile(fixture('pytorch-digits', 'history.csv'), 'history.csv');
    const c = describePoint(run, run.getSeries('val_loss')!, 24)!;
    assert.deepEqual([c.rank, c.fromBest], [1, 0]);
  });

  it('ranks nothing and names no best on a series of unknown kind (a Hugging Face eval/runtime in seconds)', async () => {
    const run = (await readInputRuns(fixture('wandb', 'hf-0.15', 'run-20231104_013541-231sigsv'))).runs[0]!;
    const runtime = run.getSeries('eval/runtime')!;
    const c = describePoint(run, runtime, 3)!;
    assert.equal(c.of, 12);
    assert.deepEqual([c.rank, c.best, c.fromBest], [undefined, undefined, undefined]);
    // A loss of the same run is still ranked.
    assert.equal(describePoint(run, run.getSeries('eval/loss')!, 3)!.rank !== undefined, true);
  });

  it('sees the falling trend of the training loss over the last five epochs', async () => {
    const run = await readRunFile(fixture('pytorch-digits', 'history.csv'), 'history.csv');
    const c = describePoint(run, run.getSeries('loss')!, 10)!;
    assert.equal(c.trend!.direction, 'falling');
    assert.ok(c.trend!.change < 0);
  });
});

function readLine(n: number): string {
  return readFileSync(fixture('pytorch-digits', 'history.csv'), 'utf8').split('\n')[n - 1]!;
}
