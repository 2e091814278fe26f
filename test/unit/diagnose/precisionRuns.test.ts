/**
 * Precision, sixth round of issue 16: false findings and repeats read on the tuned sets (heldout4 among them, read
 * since it was scored once), each pinned on the real corpus run that showed it (provenance in
 * test/fixtures/corpus/SOURCES.md).
 */

import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { diagnoseRun } from '../../../src/core/diagnose';
import type { Run } from '../../../src/core/model/run';
import { readInputRuns } from '../../../src/node/readInputs';
import { FIXTURES } from '../helpers';

async function corpusRun(...path: string[]): Promise<Run> {
  const { runs } = await readInputRuns(join(FIXTURES, 'corpus', ...path));
  assert.equal(runs.length, 1);
  return runs[0]!;
}

describe('precision: a rise within the series own noise', () => {
  it('single-batch losses of a model that never learns (5.1 to 7.0 around 6.05 for 2,774 steps) do not diverge', async () => {
    const run = await corpusRun('dvclive', 'manojlovska-plant', 'dvclive');
    const loss = run.getSeries('loss')!;
    const v = Array.from(loss.valueArray(0));
    // What the file shows: one loss a step, no epoch, no evaluation; the median of each 500 steps stays 6.0-6.1.
    assert.equal(v.length, 2774);
    for (let a = 0; a < v.length; a += 500) {
      const block = v.slice(a, a + 500).sort((x, y) => x - y);
      const median = block[block.length >> 1]!;
      assert.ok(median > 5.95 && median < 6.15, `median ${median} at ${a}`);
    }
    assert.deepEqual(
      diagnoseRun(run)
        .filter((f) => f.rule === 'divergence')
        .map((f) => f.message),
      [],
    );
  });
});

describe('precision: one problem, one finding', () => {
  it('a model at chance (val/acc 0.1058 at all five evaluations, loss at ln 10) is one warning, not three', async () => {
    const run = await corpusRun('dvclive', 'abhraimrb-pytorch', 'dvclive');
    // What the file shows: the same validation accuracy at every evaluation, a training loss at 2.28-2.33.
    const acc = run.getSeries('val/acc')!;
    assert.deepEqual(new Set(Array.from(acc.valueArray(0), (x) => x.toFixed(4))), new Set(['0.1058']));
    const shown = diagnoseRun(run).filter((f) => f.severity !== 'info');
    assert.deepEqual(
      shown.map((f) => `${f.rule} ${f.metric}`),
      ['chanceLevel val/acc'],
    );
    const [f] = shown;
    assert.deepEqual(
      f!.sameProblem!.map((g) => `${g.rule} ${g.metric}`),
      ['underfitting train/loss', 'frozenMetric val/acc'],
    );
    // It still says what each rule saw.
    assert.match(
      f!.message,
      /at chance for 10 classes.* Also: train\/loss has not gone below .* val\/acc is 0\.1058 at all 5/,
    );
  });

  it('a detector with every loss frozen and its mAP at 0 for 100 epochs is one warning naming both', async () => {
    const run = await corpusRun('ultralytics', 'miniproj-zero-map', 'results.csv');
    const shown = diagnoseRun(run).filter((f) => f.severity !== 'info');
    assert.deepEqual(
      shown.map((f) => [f.rule, f.metric, ...(f.sameProblem ?? []).map((g) => `${g.rule} ${g.metric}`)]),
      [['underfitting', 'val/box_loss', 'frozenMetric metrics/precision(B)']],
    );
  });

  it('a frozen IoU beside a Dice of 0.96 (no model failing to learn) stays a finding of its own', async () => {
    const run = await corpusRun('dvclive', 'juanjrr-sign', 'dvclive');
    const shown = diagnoseRun(run).filter((f) => f.severity !== 'info');
    assert.deepEqual(
      shown.map((f) => [f.rule, f.metric, f.sameProblem]),
      [['frozenMetric', 'validation/iou', undefined]],
    );
  });
});
