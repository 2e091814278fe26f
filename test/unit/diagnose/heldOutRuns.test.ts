/**
 * False alarms and misses the held-out runs showed (the evaluation half and the fresh runs, scored and read
 * in the second round, tuned on in the third), each pinned on a trimmed copy of the real file.
 */

import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { diagnoseRun } from '../../../src/core/diagnose';
import type { Run } from '../../../src/core/model/run';
import { readInputRuns } from '../../../src/node/readInputs';
import { FIXTURES } from '../helpers';
import { curve, epochRun } from './synthetic';

async function onlyRun(...path: string[]): Promise<Run> {
  const { runs } = await readInputRuns(join(FIXTURES, ...path));
  assert.equal(runs.length, 1);
  return runs[0]!;
}

describe('held-out runs: frozenMetric', () => {
  it('rare entity types at 0 to the end, from the start or after a blip, are one finding (not one per type)', async () => {
    const run = await onlyRun('hf-trainer-state', 'ner-late-zero', 'trainer_state.json');
    // What the file shows: T007 0 at all ten evaluations; T046 and T116 above 0 once or twice, then 0 to the end.
    const f1 = (name: string) => Array.from(run.series.find((s) => s.name === name)!.valueArray(0));
    assert.ok(f1('eval_T007_f1').every((x) => x === 0));
    for (const name of ['eval_T046_f1', 'eval_T116_f1']) {
      const v = f1(name);
      assert.ok(v.some((x) => x > 0) && v.slice(-6).every((x) => x === 0), `${name}: ${v.join(', ')}`);
    }
    const frozen = diagnoseRun(run).filter((f) => f.rule === 'frozenMetric');
    assert.equal(frozen.length, 1, frozen.map((f) => `${f.metric} @ ${f.step}`).join(', '));
    assert.match(frozen[0]!.metric!, /^eval_T007_/);
    const also = String(frozen[0]!.detail!['alsoOn']);
    for (const name of ['eval_T046_f1', 'eval_T116_f1']) assert.ok(also.includes(name), also);
    assert.match(frozen[0]!.message, /Also stuck at 0 to the end: /);
    // T017's F1 (0.43 -> 0.51) is no stuck score.
    assert.ok(!also.includes('T017'), also);
  });
});

describe('held-out runs: oscillation', () => {
  it('a noisy validation loss that keeps falling (0.29 to 0.13, moves of a quarter of its level) is no see-saw', async () => {
    const run = await onlyRun('corpus', 'history-json', 'galexy-plant-deepercnn', 'history_metrics.json');
    const v = Array.from(run.getSeries('val_loss')!.valueArray(0));
    // What the file shows: val_loss 0.84 at the first epoch, 0.29 at the tenth, 0.12-0.17 over the last 30.
    assert.ok(v[9]! < 0.3 && Math.max(...v.slice(20)) < 0.17 && Math.min(...v.slice(20)) > 0.12, v.join(', '));
    assert.deepEqual(
      diagnoseRun(run).filter((f) => f.rule === 'oscillation'),
      [],
    );
  });

  it('a validation loss blowing up twice (0.04 → 1.18 → 0.006 → 0.84) is two spikes, not a see-saw from the warm-up', async () => {
    const run = await onlyRun('corpus', 'csv', 'charvi-driving', 'training_log.csv');
    const shown = diagnoseRun(run).filter((f) => f.severity !== 'info');
    assert.deepEqual(
      shown.map((f) => `${f.rule} ${f.metric} @ ${f.step}`),
      ['lossSpike val_loss @ 10'],
    );
  });
});

describe('held-out runs: names the rules must read (fourth round)', () => {
  it('a plain log writing PascalCase TrainLoss / ValLoss is judged as a training and a validation loss', async () => {
    const run = await onlyRun('corpus', 'text', 'akash05-skin-lesion', 'training.log');
    const val = run.getSeries('ValLoss')!;
    assert.equal(val.id.split, 'val');
    assert.equal(run.getSeries('TrainLoss')!.id.split, 'train');
    // What the file shows: a run resumed from its epoch-20 checkpoint (epochs 21-30, backbone unfrozen) whose
    // validation loss climbs from 1.14 to 1.28 while its training loss falls.
    const resumed = Array.from(val.valueArray(0)).slice(-10);
    assert.ok(resumed[0]! > 1.13 && Math.max(...resumed) > 1.25, resumed.join(', '));
    const shown = diagnoseRun(run).filter((f) => f.severity !== 'info');
    assert.deepEqual(
      shown.map((f) => `${f.rule} ${f.metric}`),
      ['overfitting ValLoss'],
    );
    const step = shown[0]!.step!;
    assert.ok(step >= 21 && step <= 25, String(step));
  });
});

describe('held-out runs: a model that learns nothing (fourth round)', () => {
  it('a detector whose three validation losses never move in 100 epochs gets one underfitting warning naming them', async () => {
    const run = await onlyRun('corpus', 'ultralytics', 'miniproj-zero-map', 'results.csv');
    // What the file shows: val/cls_loss 5.832-5.835, val/box_loss 3.213-3.226, val/dfl_loss 4.144-4.159 for 100 epochs.
    for (const name of ['val/cls_loss', 'val/box_loss', 'val/dfl_loss']) {
      const v = Array.from(run.getSeries(name)!.valueArray(0));
      assert.equal(v.length, 100);
      assert.ok(Math.max(...v) / Math.min(...v) < 1.005, `${name}: ${Math.min(...v)}-${Math.max(...v)}`);
    }
    const under = diagnoseRun(run).filter((f) => f.rule === 'underfitting');
    assert.equal(under.length, 1, under.map((f) => `${f.metric} @ ${f.step}`).join(', '));
    assert.equal(under[0]!.severity, 'warning');
    assert.match(under[0]!.message, /for all 100 evaluations/);
    const named = `${under[0]!.metric} ${String(under[0]!.detail!['alsoOn'])}`;
    for (const name of ['val/cls_loss', 'val/box_loss', 'val/dfl_loss']) assert.ok(named.includes(name), named);
  });

  it('a loss that fell and then froze (a learning rate cut to nothing) is a plateau, not a model that learns nothing', async () => {
    const run = await onlyRun('runs', 'plateau', 'history.csv');
    const v = Array.from(run.getSeries('val_loss')!.valueArray(0));
    // What the file shows: val_loss 1.98 -> 0.271 in 12 epochs, then 0.27126-0.27129 for the last 28.
    assert.ok(v[0]! > 1.9 && Math.max(...v.slice(12)) - Math.min(...v.slice(12)) < 1e-4, v.join(', '));
    const rules = diagnoseRun(run).map((f) => f.rule);
    assert.ok(rules.includes('plateau') && !rules.includes('underfitting'), rules.join(', '));
  });
});

describe('held-out runs: per-batch noise (fourth round)', () => {
  it('single-batch losses near 0.03 spread over decades are judged by their own ratios: no spike', async () => {
    const run = await onlyRun('corpus', 'lightning', 'hcdescamps-v0', 'metrics.csv');
    const s = run.getSeries('train_loss')!;
    // What the file shows: one batch's loss every 50 steps, 34 a epoch; from the second epoch between 0.0003 and 0.35.
    assert.equal(s.epoch(1), s.epoch(0));
    const late = Array.from(s.valueArray(40));
    assert.ok(Math.min(...late) < 0.001 && Math.max(...late) > 0.3, `${Math.min(...late)}-${Math.max(...late)}`);
    assert.deepEqual(
      diagnoseRun(run)
        .filter((f) => f.rule === 'lossSpike')
        .map((f) => f.message),
      [],
    );
  });

  it('a batch five times the level of batch losses with 5 % noise is still a spike', () => {
    const run = epochRun({});
    const s = run.seriesFor('train_loss');
    // 40 epochs of 20 batches each, falling towards 0.2 with 5 % noise, one batch at five times its level.
    const values = curve(800, (k) => 0.2 + 2 * Math.exp(-k / 100), 0.05, 7);
    values[600] = values[600]! * 5;
    values.forEach((v, i) => s.append(i * 10, v, i + 2, Math.floor(i / 20)));
    const spikes = diagnoseRun(run).filter((f) => f.rule === 'lossSpike');
    assert.deepEqual(
      spikes.map((f) => f.step),
      [6000],
    );
  });
});

describe('held-out runs: a short run that does not learn (fourth round)', () => {
  it('four epochs whose training loss never falls (0.51, 0.54, 0.59, 0.51) are underfitting', async () => {
    const run = await onlyRun('corpus', 'lightning', 'cloudduoduo-v1', 'metrics.csv');
    // What the file shows: 4 validations (val_loss 0.5105, 0.5101, 0.5128, 0.5171) and a train_loss every 50 steps.
    assert.equal(run.getSeries('val_loss')!.length, 4);
    const under = diagnoseRun(run).filter((f) => f.rule === 'underfitting');
    assert.deepEqual(
      under.map((f) => `${f.severity} ${f.metric}`),
      ['warning train_loss'],
    );
  });
});
