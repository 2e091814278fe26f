/**
 * Precision, sixth round of issue 16: false findings and repeats read on the tuned sets (heldout4 among them, read
 * since it was scored once), each pinned on the real corpus run that showed it (provenance in
 * test/fixtures/corpus/SOURCES.md).
 */

import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { diagnoseRun } from '../../../src/core/diagnose';
import type { Run } from '../../../src/core/model/run';
import { readFileSync } from 'node:fs';
import { createParser } from '../../../src/core/formats';
import { readInputRuns } from '../../../src/node/readInputs';
import { bytes, feedInChunks, fixture, FIXTURES } from '../helpers';

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
    // Nor are its losses' plateaus and its best evaluation noted: they never learned (four notes before).
    assert.deepEqual(
      diagnoseRun(run).map((f) => f.rule),
      ['underfitting'],
    );
  });

  it('a loss barely learning (underfitting) gets no plateau note of its own beside it', async () => {
    const run = await corpusRun('lightning', 'diogo-lstm-v2', 'metrics.csv');
    assert.deepEqual(
      diagnoseRun(run).map((f) => `${f.rule} ${f.metric}`),
      ['underfitting train_loss'],
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

describe('precision: what a writer leaves NaN or noisy by design', () => {
  it("detectron2's AP of a category with no validation instances (NaN at every evaluation) is no NaN finding", async () => {
    const run = await corpusRun('detectron2', 'kmerrick-water-meters', 'metrics.json');
    const ap = run.getSeries('bbox/AP-numbers')!;
    // What the file shows: NaN at all four evaluations, beside per-category APs of 26-67 and a loss falling 4.6 -> 0.41.
    assert.deepEqual(
      Array.from(ap.valueArray(0), (x) => Number.isNaN(x)),
      [true, true, true, true],
    );
    assert.deepEqual(
      diagnoseRun(run).map((f) => `${f.rule} ${f.metric}`),
      [],
    );
  });

  it('a NaN in a loss of the same detectron2 file is still said', () => {
    const text = readFileSync(fixture('corpus', 'detectron2', 'kmerrick-water-meters', 'metrics.json'), 'utf8');
    const lines = text.split('\n');
    // The 60th record's total loss written NaN, as detectron2 writes a loss that blew up.
    assert.match(lines[60]!, /"total_loss": [0-9.]+/);
    lines[60] = lines[60]!.replace(/"total_loss": [0-9.]+/, '"total_loss": NaN');
    const broken = feedInChunks(createParser('metrics.json', 'jsonl'), bytes(lines.join('\n')), [1 << 20]).run;
    assert.deepEqual(
      diagnoseRun(broken)
        .filter((f) => f.rule === 'nonFinite')
        .map((f) => f.metric),
      ['total_loss'],
    );
  });

  it("a Trainer's loss of one logging step (0.41 among 0.0007-0.17 at fractional epochs) is judged in ratios: no spike", async () => {
    const run = await corpusRun('hf-trainer', 'alicelouis-vislung', 'trainer_state.json');
    const loss = run.getSeries('loss')!;
    // What the file shows: a loss every 10 steps, at epochs 10.51, 10.58, 10.66 …, spread over decades.
    const at = Array.from({ length: loss.length }, (_, i) => loss.step(i)).indexOf(1450);
    assert.equal(loss.epoch(at)!.toFixed(2), '10.58');
    assert.deepEqual(
      [at - 3, at - 1, at, at + 1, at + 3].map((i) => loss.value(i).toFixed(4)),
      ['0.0007', '0.0733', '0.4108', '0.0772', '0.0040'],
    );
    assert.deepEqual(
      diagnoseRun(run)
        .filter((f) => f.rule === 'lossSpike')
        .map((f) => f.message),
      [],
    );
  });
});

describe('precision: training that blew up is one problem', () => {
  it('a loss rising from epoch 6 and NaN from epoch 14 (train and validation) is one error at the rise', async () => {
    const { runs } = await readInputRuns(join(FIXTURES, 'runs', 'nan', 'metrics.csv'));
    // What the file shows (generated: test/fixtures/runs/runs.json): the training loss climbs, then every loss is NaN.
    const loss = runs[0]!.getSeries('train_loss')!;
    assert.ok(Array.from(loss.valueArray(0)).some((x) => Number.isNaN(x)));
    const shown = diagnoseRun(runs[0]!, { chanceLevel: { params: { classes: 10 } } }).filter(
      (f) => f.severity !== 'info',
    );
    assert.deepEqual(
      shown.map((f) => [f.rule, f.metric, f.epoch, f.severity]),
      [['divergence', 'train_loss', 6, 'error']],
    );
    assert.deepEqual(
      shown[0]!.sameProblem!.map((g) => `${g.rule} ${g.metric} @ ${g.epoch}`),
      ['chanceLevel val_acc @ 10', 'nonFinite train_loss @ 14', 'nonFinite val_loss @ 14'],
    );
    assert.match(shown[0]!.message, /undoing .* After it: val_acc is .* train_loss is NaN at epoch 14/);
  });

  it('a see-saw that starts before the divergence is said on its own', async () => {
    const { runs } = await readInputRuns(join(FIXTURES, 'runs', 'high-lr', 'history.csv'));
    assert.deepEqual(
      diagnoseRun(runs[0]!)
        .filter((f) => f.severity !== 'info')
        .map((f) => [f.rule, f.epoch, f.sameProblem]),
      [
        ['oscillation', 2, undefined],
        ['divergence', 8, undefined],
      ],
    );
  });
});
