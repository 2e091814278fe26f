// How findings are matched to judged problems (corpusMatch.ts), and that the judged corpus is well formed:
// every run is read, every judged series exists in it, and each run sits in the half its path hashes to.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../../../src/core/model/findings';
import { readInputRuns } from '../../../src/node/readInputs';
import { CORPUS, loadJudgments } from './corpusEvaluation';
import {
  ADDED_SETS,
  addRun,
  emptyTally,
  findingMatches,
  halfOf,
  precision,
  recall,
  scoreRun,
  stepTolerance,
  type Judgment,
  type Problem,
} from './corpusMatch';

const finding = (
  rule: string,
  metric: string | undefined,
  step: number,
  severity: Finding['severity'] = 'warning',
): Finding => ({
  rule,
  ...(metric !== undefined ? { metric } : {}),
  step,
  severity,
  source: 'run',
  message: '',
  hint: '',
});

describe('matching findings to judged problems', () => {
  const overfit: Problem = { rule: 'overfitting', metrics: ['val_loss'], from: 20 };

  it('matches the same rule on a judged series within the tolerance, and nothing else', () => {
    assert.ok(findingMatches(finding('overfitting', 'val_loss', 23), overfit, 3));
    assert.ok(findingMatches(finding('overfitting', 'val_loss', 17), overfit, 3));
    assert.ok(!findingMatches(finding('overfitting', 'val_loss', 24), overfit, 3), 'one step too late');
    assert.ok(!findingMatches(finding('overfitting', 'val_loss', 16), overfit, 3), 'one step too early');
    assert.ok(!findingMatches(finding('overfitting', 'loss', 20), overfit, 3), 'another series');
    assert.ok(!findingMatches(finding('overfitting', undefined, 20), overfit, 3), 'no series');
    assert.ok(!findingMatches(finding('lossSpike', 'val_loss', 20), overfit, 3), 'another rule');
  });

  it('takes an agreed equivalent rule or one the judgment accepts, anywhere in a stretch', () => {
    assert.ok(findingMatches(finding('generalizationGap', 'val_loss', 20), overfit, 0));
    const stretch: Problem = { rule: 'frozenMetric', metrics: ['mAP'], from: 5, to: 35, alsoAccept: ['plateau'] };
    assert.ok(findingMatches(finding('plateau', 'mAP', 30), stretch, 0));
    assert.ok(!findingMatches(finding('plateau', 'mAP', 36), stretch, 0));
    assert.ok(
      findingMatches(finding('underfitting', 'x', 999), { rule: 'underfitting', metrics: [] }, 0),
      'no place, any series',
    );
  });

  it('takes a finding whose stretch (from its best to now) covers where the judge put the start', () => {
    // facecar-medium: overfitting named from the true best (24) to the end (133); the judge puts the turn at 98.
    const late: Problem = { rule: 'overfitting', metrics: ['val_loss'], from: 98, to: 110 };
    const named = (fromStep: number, toStep: number) => ({
      ...finding('overfitting', 'val_loss', fromStep),
      range: { fromStep, toStep },
    });
    assert.ok(findingMatches(named(25, 133), late, 3));
    assert.ok(findingMatches(named(25, 98), late, 3), 'ending at the judged start');
    assert.ok(!findingMatches(named(25, 90), late, 3), 'a stretch ending before the judged start');
    assert.ok(!findingMatches(finding('overfitting', 'val_loss', 25), late, 3), 'no stretch named');
    const byEpoch: Problem = { ...late, axis: 'epoch' };
    assert.ok(!findingMatches({ ...named(25, 133), epoch: 25 }, byEpoch, 3), 'stretches are steps, not epochs');
  });

  it('compares epochs when the judgment is in epochs', () => {
    const p: Problem = { rule: 'overfitting', metrics: [], from: 8, axis: 'epoch' };
    assert.ok(findingMatches({ ...finding('overfitting', 'val_loss', 400), epoch: 9 }, p, 3));
    assert.ok(!findingMatches(finding('overfitting', 'val_loss', 8), p, 3), 'a finding without an epoch');
  });

  it('scores the first match of a problem true, more copies duplicates, debatable ones aside, the rest false', () => {
    const j: Judgment = {
      problems: [{ rule: 'lossSpike', metrics: ['loss_ce', 'loss_ce_0', 'loss_ce_1'], from: 100 }],
      debatable: [{ rule: 'plateau' }],
    };
    const fs = [
      finding('lossSpike', 'loss_ce', 100),
      finding('lossSpike', 'loss_ce_0', 100),
      finding('plateau', 'loss', 500),
      finding('oscillation', 'loss', 3),
    ];
    const s = scoreRun(fs, j, () => 10);
    assert.deepEqual(s.verdicts, ['true', 'duplicate', 'debatable', 'false']);
    assert.deepEqual(s.found, [true]);
    const t = emptyTally();
    const perRule = new Map();
    addRun(t, perRule, fs, j, s);
    assert.deepEqual(t.warned, { true: 1, duplicate: 1, debatable: 1, false: 1 });
    assert.equal(precision(t), 1 / 3);
    assert.equal(recall(t), 1);
    assert.equal(perRule.get('oscillation').warned.false, 1);
  });

  it('scores a finding that says what other rules said of one problem as one finding, finding what they name', () => {
    // miniproj-zero-map: a detector learning nothing, judged as two problems (its losses frozen, its mAP at 0).
    const j: Judgment = {
      problems: [
        { rule: 'frozenMetric', metrics: ['mAP'], from: 1 },
        { rule: 'underfitting', metrics: ['val/box_loss'] },
      ],
    };
    const merged = { ...finding('underfitting', 'val/box_loss', 1), sameProblem: [finding('frozenMetric', 'mAP', 1)] };
    const s = scoreRun([merged, finding('frozenMetric', 'mAP', 1)], j, () => 0);
    assert.deepEqual(s.found, [true, true]);
    assert.deepEqual(s.verdicts, ['true', 'duplicate'], 'the frozen mAP was said already');
    // One problem said by two rules together: one true finding.
    const one: Judgment = { problems: [{ rule: 'chanceLevel', metrics: [], alsoAccept: ['underfitting'] }] };
    const atChance = { ...finding('chanceLevel', 'acc', 5), sameProblem: [finding('underfitting', 'loss', 0)] };
    assert.deepEqual(scoreRun([atChance], one, () => 0).verdicts, ['true']);
    assert.deepEqual(scoreRun([atChance], { problems: [], debatable: [{ rule: 'underfitting' }] }, () => 0).verdicts, [
      'debatable',
    ]);
    assert.deepEqual(scoreRun([atChance], { problems: [] }, () => 0).verdicts, ['false']);
  });

  it('counts a problem found only at the severity it needs, and leaves info findings out of precision', () => {
    const j: Judgment = {
      problems: [
        { rule: 'overfitting', metrics: [], from: 4 },
        { rule: 'plateau', metrics: [], from: 9 },
      ],
    };
    const fs = [
      finding('overfitting', 'v', 4, 'info'),
      finding('plateau', 'v', 9, 'info'),
      finding('lossSpike', 'v', 1, 'info'),
    ];
    const s = scoreRun(fs, j, () => 0);
    assert.deepEqual(s.found, [false, true]);
    const t = emptyTally();
    addRun(t, new Map(), fs, j, s);
    assert.equal(precision(t), undefined, 'no warning: no precision');
    assert.equal(recall(t), 0.5);
  });

  it("allows 3 of a series' own intervals or 5 % of its span, whichever is wider", () => {
    assert.equal(stepTolerance([0, 1, 2, 3, 4, 5]), 3);
    assert.equal(stepTolerance([10, 20, 30]), 30);
    assert.equal(stepTolerance(Array.from({ length: 1001 }, (_, i) => i)), 50);
    assert.equal(stepTolerance([7]), 0);
  });

  it('splits by the SHA-1 of the path: stable, and both halves taken', () => {
    assert.equal(halfOf('yolov5/ashot-fire/results.csv'), halfOf('yolov5/ashot-fire/results.csv'));
    // sha1('a') = 86f7…: 0x86 is even; sha1('b') = e9d7…: 0xe9 is odd.
    assert.equal(halfOf('a'), 'tuning');
    assert.equal(halfOf('b'), 'evaluation');
  });
});

describe('the judged real-run corpus (test/fixtures/corpus/judgments.json)', () => {
  const runs = loadJudgments();

  it('puts each run in the half its path hashes to (runs of the sets added after the split in neither)', () => {
    const known = ['tuning', 'evaluation', ...ADDED_SETS];
    for (const r of runs) {
      assert.ok(known.includes(r.half), `${r.path}: unknown set "${r.half}"`);
      if (!ADDED_SETS.includes(r.half)) assert.equal(r.half, halfOf(r.path), r.path);
    }
    assert.ok(runs.filter((r) => r.half === 'fresh').length >= 30, 'the fresh held-out runs');
    assert.ok(runs.filter((r) => r.half === 'heldout3').length >= 30, 'the fourth-round held-out runs');
    assert.ok(runs.filter((r) => r.half === 'heldout4').length >= 25, 'the fifth-round held-out runs');
    assert.ok(runs.filter((r) => r.half === 'heldout5').length >= 15, 'the sixth-round held-out runs');
    assert.equal(new Set(runs.map((r) => r.path)).size, runs.length, 'a run listed twice');
  });

  for (const r of runs) {
    it(`${r.path}: is read, and every judged series is in it`, async () => {
      assert.ok(existsSync(join(CORPUS, r.path)), 'missing');
      const input = await readInputRuns(join(CORPUS, r.path));
      const names = new Set(input.runs.flatMap((run) => run.series.map((s) => s.name)));
      assert.ok(names.size > 0);
      for (const p of r.problems) {
        assert.ok(
          p.metrics.some((m) => names.has(m)) || p.metrics.length === 0,
          `${p.rule}: none of ${p.metrics.join(', ')} is read`,
        );
      }
    });
  }
});
