// Each rule on synthetic curves with known answers: it fires, once, at the point where the problem
// starts; and it stays quiet on the near misses.
import * as assert from 'node:assert/strict';
import { diagnoseRun, RunDiagnoser, type RuleSettings } from '../../../src/core/diagnose';
import type { Finding } from '../../../src/core/model/findings';
import { noiseAlarms } from './evaluation';
import { curve, epochRun, falling, only, type Columns } from './synthetic';

function findings(columns: Columns, settings?: RuleSettings): Finding[] {
  return diagnoseRun(epochRun(columns), settings);
}

function one(columns: Columns, rule: string, settings?: RuleSettings): Finding {
  const f = only(findings(columns, settings), rule);
  assert.equal(f.length, 1, `${rule}: ${JSON.stringify(f.map((x) => x.message))}`);
  return f[0]!;
}

function none(columns: Columns, rule: string, settings?: RuleSettings): void {
  const f = only(findings(columns, settings), rule);
  assert.deepEqual(
    f.map((x) => x.message),
    [],
    rule,
  );
}

const range = (n: number, f: (k: number) => number) => Array.from({ length: n }, (_, k) => f(k));
/** Validation loss falling to 0.30 at epoch 10, then rising by `slope` per epoch. */
const turning = (n: number, slope: number) =>
  range(n, (k) => (k <= 10 ? 0.3 + 0.07 * (10 - k) : 0.3 + slope * (k - 10)));

describe('overfitting', () => {
  it('fires once, on the first epoch after the best validation loss, naming the best and the epochs saved', () => {
    const f = one({ loss: falling(30), val_loss: turning(30, 0.02) }, 'overfitting');
    assert.deepEqual([f.epoch, f.step, f.line, f.metric, f.severity], [11, 11, 13, 'val_loss', 'warning']);
    assert.match(f.message, /its best, 0\.3 at epoch 10/);
    assert.match(f.message, /would have saved 19 epochs/);
    assert.equal(f.detail!['bestEpoch'], 10);
    assert.deepEqual(f.range, { fromStep: 11, toStep: 29 });
    assert.match(f.hint, /^try: early stopping/);
  });

  it('waits for `patience` evaluations after the best', () => {
    none({ loss: falling(15), val_loss: turning(15, 0.02) }, 'overfitting');
    one({ loss: falling(16), val_loss: turning(16, 0.02) }, 'overfitting');
    none({ loss: falling(16), val_loss: turning(16, 0.02) }, 'overfitting', {
      overfitting: { params: { patience: 6 } },
    });
  });

  it('stays quiet when validation loss rose less than minDelta above its best', () => {
    none({ loss: falling(30), val_loss: turning(30, 0.0005) }, 'overfitting');
  });

  it('stays quiet when training loss rose too (that is divergence, not overfitting)', () => {
    none({ loss: range(30, (k) => 0.5 + 0.01 * k), val_loss: turning(30, 0.02) }, 'overfitting');
  });

  it('rarely takes a lucky low evaluation on a noisy, flat validation curve for a turn', () => {
    // Pure noise (±10 %) around a flat level: the rise after the lowest evaluation is chance. With the
    // trend test at z ≥ 1 about one curve in eight still looks like a turn; without it, most would.
    const fired = noiseAlarms(1),
      firedWithoutTrend = noiseAlarms(0);
    assert.ok(fired <= 30, `${fired} of 200`);
    assert.ok(firedWithoutTrend > 2 * fired, `${firedWithoutTrend} vs ${fired}`);
  });
});

describe('generalizationGap', () => {
  const train = range(40, (k) => 1 - 0.5 * Math.exp(-0.2 * k));
  it('fires where training accuracy got 10 points above validation and stayed there, while the gap widens', () => {
    const val = range(40, (k) => 0.8 - 0.3 * Math.exp(-0.3 * k) - 0.003 * Math.max(0, k - 15));
    // Where the gap first reaches 10 points for good, from the formulas.
    let from = 39;
    while (from > 0 && (train[from - 1]! - val[from - 1]!) * 100 >= 10) from--;
    const f = one({ accuracy: train, val_accuracy: val }, 'generalizationGap');
    assert.equal(f.epoch, from);
    assert.equal(f.metric, 'val_accuracy');
  });

  it('stays quiet on a gap of 8 points, and on a large gap that is closing', () => {
    none({ accuracy: range(40, () => 0.98), val_accuracy: range(40, (k) => 0.9 - 0.001 * k * 0) }, 'generalizationGap');
    none({ accuracy: range(40, () => 1), val_accuracy: range(40, (k) => 0.7 + 0.005 * k) }, 'generalizationGap');
  });
});

describe('earlyStopping', () => {
  it('says "best at epoch 8 of 80; stopping there saves 72 epochs" as info', () => {
    // With overfitting on, that finding says the same best and what stopping there saves (see the next test).
    const f = one({ loss: falling(81), val_loss: range(81, (k) => 0.3 + 0.01 * Math.abs(k - 8)) }, 'earlyStopping', {
      overfitting: { enabled: false },
    });
    assert.equal(f.severity, 'info');
    assert.equal(f.epoch, 9);
    assert.match(
      f.message,
      /Best val_loss 0\.3 was at epoch 8 and training went on to epoch 80; stopping there would have saved 72 epochs/,
    );
  });

  it('is not said beside an overfitting finding that names the same best on the same series', () => {
    const columns = { loss: falling(81), val_loss: range(81, (k) => 0.3 + 0.01 * Math.abs(k - 8)) };
    const raw = new RunDiagnoser(epochRun(columns)).diagnoseAll();
    assert.deepEqual(
      ['overfitting', 'earlyStopping'].map((r) => only(raw, r).map((f) => f.detail!['bestEpoch'])),
      [[8], [8]],
    );
    none(columns, 'earlyStopping');
    one(columns, 'overfitting');
  });

  it('stays quiet when the best came late in the run', () => {
    none({ loss: falling(81), val_loss: range(81, (k) => 0.3 + 0.01 * Math.abs(k - 70)) }, 'earlyStopping');
  });
});

describe('divergence', () => {
  it('reports a loss that explodes to ten times its lowest value, where it explodes', () => {
    const loss = range(20, (k) => (k <= 10 ? 2.3 - 0.2 * k : k >= 12 ? 50 + k : 0.4));
    const f = one({ loss }, 'divergence');
    assert.deepEqual([f.epoch, f.severity], [12, 'error']);
    assert.match(f.message, /exploded to 62 at epoch 12/);
    // One evaluation at 50 and back: a spike, not divergence.
    none({ loss: range(20, (k) => (k <= 10 ? 2.3 - 0.2 * k : k === 12 ? 50 : 0.4)) }, 'divergence');
    // Up to 1e20 and down to 5, still far above its lowest (the explode run): divergence where it exploded.
    assert.equal(
      one({ loss: range(20, (k) => (k <= 10 ? 2.3 - 0.2 * k : k === 12 ? 1e20 : k < 12 ? 0.4 : 5)) }, 'divergence')
        .epoch,
      12,
    );
  });

  it('leaves alone a rise the loss has come back from (a learning-rate warm-up bump, as mmdetection logs)', () => {
    // Iterations of warm-up: the loss climbs from 0.45 to 1.2, then falls to 0.3 (kv-chiu-ear in the corpus).
    const warm = range(60, (k) =>
      k < 15 ? 0.45 + 0.05 * k : 1.2 * Math.exp(-(k - 15) / 12) + 0.3 * (1 - Math.exp(-(k - 15) / 12)),
    );
    none({ loss: warm }, 'divergence');
    // The same climb that stays up is divergence.
    assert.equal(
      findings({ loss: range(60, (k) => (k < 15 ? 0.45 + 0.05 * k : 1.2 + 0.01 * k)) }).filter(
        (f) => f.rule === 'divergence',
      ).length,
      1,
    );
  });

  it('reports a steady rise from the point after the lowest loss', () => {
    const f = one({ loss: range(30, (k) => (k <= 10 ? 2.3 - 0.2 * k : 0.3 + 0.085 * (k - 10))) }, 'divergence');
    assert.equal(f.epoch, 11);
    assert.match(f.message, /from its lowest, 0\.3 at epoch 10/);
  });

  it('stays quiet on a converged loss with noise, and on a validation loss rising while training falls', () => {
    none({ loss: [2.3, 1, 0.5, ...curve(40, () => 0.05, 0.2, 3)] }, 'divergence');
    none({ loss: falling(30), val_loss: turning(30, 0.02) }, 'divergence');
  });
});

describe('nonFinite', () => {
  it('points at the first NaN, with its line, once for the metrics that turn NaN on that line', () => {
    const loss = range(20, (k) => (k < 12 ? 1 / (k + 1) : NaN));
    const f = one({ loss, val_loss: loss.map((v) => v * 1.1) }, 'nonFinite');
    assert.deepEqual([f.epoch, f.line, f.severity], [12, 14, 'error']);
    assert.match(f.message, /^loss and val_loss are NaN at epoch 12/);
  });

  it('reports Infinity, and a metric that is never finite', () => {
    assert.match(
      one({ loss: [1, 0.5, Infinity, 0.4] }, 'nonFinite').message,
      /loss is Infinity at epoch 2, then finite again/,
    );
    assert.equal(one({ loss: [NaN, NaN, NaN] }, 'nonFinite').epoch, 0);
  });

  it('does not count the NaN rows before a metric is first measured', () => {
    none({ loss: falling(10), val_loss: [NaN, NaN, NaN, 0.5, 0.4, 0.3, 0.3, 0.3, 0.3, 0.3] }, 'nonFinite');
  });

  it('counts leading NaN when a metric of the same split was measured on those lines (Keras: val_accuracy beside val_loss nan)', () => {
    const f = one(
      {
        loss: falling(10),
        val_accuracy: [0.01, 0.01, 0.01, 0.5, 0.6, 0.7, 0.7, 0.7, 0.7, 0.7],
        val_loss: [NaN, NaN, NaN, 0.5, 0.4, 0.3, 0.3, 0.3, 0.3, 0.3],
      },
      'nonFinite',
    );
    assert.deepEqual([f.metric, f.epoch], ['val_loss', 0]);
    // The rows of a pandas frame without validation hold NaN in every validation column: still a gap.
    none(
      {
        loss: falling(10),
        val_accuracy: [NaN, NaN, NaN, 0.5, 0.6, 0.7, 0.7, 0.7, 0.7, 0.7],
        val_loss: [NaN, NaN, NaN, 0.5, 0.4, 0.3, 0.3, 0.3, 0.3, 0.3],
      },
      'nonFinite',
    );
  });

  it("counts an Infinity before a metric's first finite value (no writer fills a gap with it, unlike NaN)", () => {
    const f = one(
      { loss: falling(10), val_loss: [NaN, Infinity, 0.6, 0.5, 0.4, 0.3, 0.3, 0.3, 0.3, 0.3] },
      'nonFinite',
    );
    assert.match(f.message, /^val_loss is Infinity at epoch 1, then finite again/);
    assert.equal(one({ loss: [-Infinity, 2, 1.5, 1.2, 1, 0.9] }, 'nonFinite').epoch, 0);
  });
});

describe('lossSpike', () => {
  /** A batch-loss series: 1000 steps, falling with 5 % noise; the step-level track has no epochs. */
  function stepRun(values: number[]) {
    const run = epochRun({});
    const s = run.seriesFor('train_loss');
    values.forEach((v, i) => s.append(i * 10, v, i + 2));
    return run;
  }
  const base = curve(1000, (k) => 0.2 + 2 * Math.exp(-k / 100), 0.05, 7);

  it('fires once at a sudden jump, and counts later ones in the same finding', () => {
    const values = base.slice();
    values[600] = values[600]! * 5;
    let f = only(diagnoseRun(stepRun(values)), 'lossSpike');
    assert.equal(f.length, 1);
    assert.equal(f[0]!.step, 6000);
    values[800] = values[800]! * 6;
    f = only(diagnoseRun(stepRun(values)), 'lossSpike');
    assert.equal(f.length, 1);
    assert.equal(f[0]!.step, 6000);
    assert.equal(f[0]!.detail!['spikes'], 2);
    assert.equal(f[0]!.detail!['largestStep'], 8000);
  });

  it('stays quiet on the steep start, on a step up that stays up, and on small jumps near convergence', () => {
    assert.deepEqual(only(diagnoseRun(stepRun(base)), 'lossSpike'), []);
    const stepUp = base.map((v, i) => (i >= 600 ? v * 4 : v));
    assert.deepEqual(only(diagnoseRun(stepRun(stepUp)), 'lossSpike'), []);
    const blip = base.slice();
    blip[900] = blip[900]! * 1.6;
    assert.deepEqual(only(diagnoseRun(stepRun(blip)), 'lossSpike'), []);
  });
});

describe('oscillation', () => {
  it('fires where the loss starts see-sawing', () => {
    const val = range(30, (k) => (k < 5 ? 1 - 0.1 * k : k % 2 === 0 ? 0.3 : 0.55));
    const f = one({ val_loss: val }, 'oscillation');
    assert.ok(f.epoch! >= 2 && f.epoch! <= 5, String(f.epoch));
  });

  it('stays quiet on evaluation noise of a few percent', () => {
    none({ val_loss: [2, 1.2, 0.8, ...curve(30, () => 0.3, 0.03, 5)] }, 'oscillation');
  });
});

describe('plateau', () => {
  it('reports, as info, the first evaluation after the last improvement of the training loss', () => {
    const f = one({ loss: range(30, (k) => (k <= 10 ? 2.3 - 0.2 * k : 0.3)) }, 'plateau');
    assert.deepEqual([f.epoch, f.severity], [11, 'info']);
    assert.match(f.message, /has not improved by 1 % for 19 evaluations, since 0\.3 at epoch 10/);
  });

  it('stays quiet while the loss keeps improving by 2 % per evaluation', () => {
    none({ loss: range(40, (k) => 2 * 0.98 ** k) }, 'plateau');
  });
});

describe('underfitting', () => {
  it('fires when the training loss barely left its first value', () => {
    const f = one(
      { loss: range(10, (k) => 2.3 - 0.005 * k), val_loss: range(10, (k) => 2.31 - 0.004 * k) },
      'underfitting',
    );
    assert.deepEqual([f.epoch, f.metric], [0, 'loss']);
  });

  it('fires when training accuracy stays low and flat', () => {
    const f = one(
      { loss: range(20, (k) => 2.3 - 0.03 * k), accuracy: range(20, (k) => (k < 5 ? 0.1 + 0.04 * k : 0.3)) },
      'underfitting',
    );
    assert.equal(f.metric, 'accuracy');
  });

  it('stays quiet while the loss falls, and when training accuracy is high', () => {
    none({ loss: falling(10) }, 'underfitting');
    none({ loss: falling(20), accuracy: range(20, () => 0.9) }, 'underfitting');
  });
});

describe('chanceLevel', () => {
  const tenClasses: RuleSettings = { chanceLevel: { params: { classes: 10 } } };
  it('fires when validation accuracy sits at 1 / number of classes', () => {
    const f = one({ val_accuracy: curve(12, () => 0.1, 0.05, 2) }, 'chanceLevel', tenClasses);
    assert.equal(f.epoch, 0);
    assert.match(f.message, /at chance for 10 classes \(0\.1\)/);
  });

  it('reads accuracy written as a percentage, and the number of classes from the run', () => {
    one({ val_acc: curve(12, () => 10.5, 0.02, 2) }, 'chanceLevel', tenClasses);
    const run = epochRun({ val_accuracy: curve(12, () => 0.1, 0.05, 2) });
    run.params.set('num_classes', '10');
    assert.equal(only(diagnoseRun(run), 'chanceLevel').length, 1);
  });

  it('knows chance is 0.5 for binary accuracy and for AUC', () => {
    one({ val_binary_accuracy: curve(12, () => 0.52, 0.01, 2) }, 'chanceLevel');
    one({ val_auc: curve(12, () => 0.5, 0.01, 2) }, 'chanceLevel');
  });

  it('stays quiet above chance, and when the number of classes is unknown', () => {
    none({ val_accuracy: curve(12, () => 0.5, 0.02, 2) }, 'chanceLevel', tenClasses);
    none({ val_accuracy: curve(12, () => 0.1, 0.02, 2) }, 'chanceLevel');
  });
});

describe('suspiciousValidation', () => {
  const loss = falling(30);
  it('fires when validation equals training', () => {
    assert.match(one({ loss, val_loss: loss }, 'suspiciousValidation').message, /equals loss at 30 of 30 evaluations/);
  });

  it('fires when validation stays better than training to the end of a run that learned', () => {
    const f = one({ loss, val_loss: loss.map((v) => v * 0.8) }, 'suspiciousValidation');
    assert.equal(f.epoch, 0);
  });

  it('stays quiet when the curves cross as in a healthy run, and when both sit at chance', () => {
    none({ loss, val_loss: loss.map((v, k) => v * (k < 10 ? 0.8 : 1.3)) }, 'suspiciousValidation');
    none({ loss: range(30, () => 2.305), val_loss: range(30, () => 2.303) }, 'suspiciousValidation');
  });
});

describe('messages and the best point', () => {
  it('says how far a spike stands above a level of 0 instead of "Infinity×"', () => {
    const values = range(40, (k) => (k === 20 ? 23.03 : 0));
    const f = one({ loss: values }, 'lossSpike');
    assert.doesNotMatch(f.message, /Infinity/);
    assert.match(f.message, /23\.03 above the level around it \(0\)/);
  });

  it('names the true optimum as the best in earlyStopping, the same as overfitting', () => {
    // The last improvement by more than minDelta is 1.591 at epoch 40; the minimum is 1.5901 at epoch 42.
    const val = range(80, (k) =>
      k < 40 ? 3 - k * 0.03 : k === 40 ? 1.591 : k === 42 ? 1.5901 : k < 50 ? 1.5905 : 1.5905 + (k - 50) * 0.02,
    );
    const raw = new RunDiagnoser(epochRun({ loss: falling(80), val_loss: val })).diagnoseAll();
    const [es] = only(raw, 'earlyStopping');
    assert.equal(es!.detail!['bestEpoch'], 42);
    assert.match(es!.message, /1\.59 was at epoch 42/);
    const [ov] = only(raw, 'overfitting');
    assert.equal(ov!.detail!['bestEpoch'], 42);
  });
});
