// What a series is (total, component, copy, counter, tiny term, a score), the budget per run, and one
// run read twice: each on curves made to show it, with the near miss that must stay quiet.
import * as assert from 'node:assert/strict';
import { diagnoseRun, findingsOnce, MORE_FINDINGS, RunDiagnoser, sameRun } from '../../../src/core/diagnose';
import { familyOf } from '../../../src/core/diagnose/seriesKinds';
import { Run } from '../../../src/core/model/run';
import { curve, epochRun, falling, only } from './synthetic';

const range = (n: number, f: (k: number) => number) => Array.from({ length: n }, (_, k) => f(k));
/** Falls to 0.3 at epoch 10, then climbs steadily: a divergence. */
const climbing = (n: number, scale = 1) =>
  range(n, (k) => scale * (k <= 10 ? 0.3 + 0.2 * (10 - k) : 0.3 + 0.15 * (k - 10)));

describe('series kinds: totals, components, copies, counters', () => {
  it('names copies by their family: decoder layers, unscaled twins, DINO layers', () => {
    assert.equal(familyOf('train_loss_ce_3'), 'train_loss_ce');
    assert.equal(familyOf('train_loss_ce_3_unscaled'), 'train_loss_ce');
    assert.equal(familyOf('train_cardinality_error_unscaled'), 'train_cardinality_error');
    assert.equal(familyOf('d4.loss_cls'), 'loss_cls');
    assert.equal(familyOf('decode.d2.loss_mask'), 'decode.loss_mask');
    assert.equal(familyOf('metrics/mAP50(B)'), 'metrics/mAP50(B)');
    assert.equal(familyOf('top_5'), 'top_5');
  });

  it('judges the total loss: a component rising while the total falls is no divergence', () => {
    const cols = {
      total_loss: falling(40, 0.5, 0.1),
      loss_box_reg: climbing(40, 0.5),
      loss_cls: falling(40, 0.1, 0.1),
    };
    assert.deepEqual(only(diagnoseRun(epochRun(cols)), 'divergence'), []);
    // Without the total, the same climbing term is judged on its own.
    assert.equal(only(diagnoseRun(epochRun({ loss_box_reg: climbing(40) })), 'divergence').length, 1);
  });

  it('does not judge counters and error rates as losses, nor terms a thousandth of the total', () => {
    const cols = {
      train_loss: falling(40, 0.5, 0.1),
      train_cardinality_error_unscaled: climbing(40, 30),
      train_class_error: climbing(40, 20),
    };
    assert.deepEqual(
      diagnoseRun(epochRun(cols))
        .filter((f) => f.severity !== 'info')
        .map((f) => f.message),
      [],
    );
    const tiny = { loss: range(40, (k) => 1e-6 * (1 + (k % 2 === 0 ? 5 : 0))) };
    assert.deepEqual(
      diagnoseRun(epochRun(tiny))
        .filter((f) => f.severity !== 'info')
        .map((f) => f.message),
      [],
    );
  });

  it('says a problem shared by a loss and its decoder copies once, naming the copies', () => {
    const cols: Record<string, number[]> = { train_loss_ce: climbing(40) };
    for (let d = 0; d < 5; d++) cols[`train_loss_ce_${d}`] = climbing(40, 1 + d / 10);
    cols['train_loss_ce_unscaled'] = climbing(40, 0.5);
    const div = only(diagnoseRun(epochRun(cols)), 'divergence');
    assert.equal(div.length, 1, div.map((f) => f.message).join('\n'));
    assert.equal(div[0]!.metric, 'train_loss_ce');
    assert.match(div[0]!.message, /The same on train_loss_ce_0, train_loss_ce_1, .*, train_loss_ce_unscaled\.$/);
    assert.equal(
      div[0]!.detail!['alsoOn'],
      'train_loss_ce_0, train_loss_ce_1, train_loss_ce_2, train_loss_ce_3, train_loss_ce_4, train_loss_ce_unscaled',
    );
  });
});

describe('the budget per run', () => {
  // Eight unrelated losses that each turn NaN, and two scores frozen at 0: ten warnings and errors.
  const cols: Record<string, number[]> = {};
  for (let k = 0; k < 8; k++) cols[`head${k}_loss`] = range(30, (j) => (j >= 10 + k ? NaN : 1 - j * 0.01));
  cols['val_accuracy'] = range(30, () => 0);
  cols['val_f1'] = range(30, () => 0);

  it('shows at most 5 warnings and errors, the most severe first, and lists the rest in one information finding', () => {
    const all = new RunDiagnoser(epochRun(cols)).diagnoseAll();
    assert.ok(all.filter((f) => f.severity !== 'info').length >= 10);
    const shown = diagnoseRun(epochRun(cols));
    const loud = shown.filter((f) => f.severity !== 'info');
    assert.equal(loud.length, 5);
    assert.ok(loud.every((f) => f.severity === 'error'));
    const more = only(shown, MORE_FINDINGS);
    assert.equal(more.length, 1);
    assert.equal(more[0]!.severity, 'info');
    assert.match(more[0]!.message, /^\d+ more findings on this run.*nonFinite on head\d_loss \(line \d+\)/);
    assert.ok(shown.length <= 8, `${shown.length} findings`);
  });

  it('keeps working with the settings: a rule switched off frees its places, and 0 shows everything', () => {
    const off = diagnoseRun(epochRun(cols), { nonFinite: { enabled: false } });
    assert.deepEqual(only(off, 'nonFinite'), []);
    assert.doesNotMatch(only(off, MORE_FINDINGS)[0]?.message ?? '', /nonFinite/);
    // The two scores stuck over the same evaluations are one problem: one finding naming both.
    assert.equal(only(off, 'frozenMetric').length, 1);
    assert.equal(only(off, 'frozenMetric')[0]!.detail!['alsoOn'], 'val_f1');
    const every = diagnoseRun(epochRun(cols), undefined, 0);
    assert.equal(only(every, MORE_FINDINGS).length, 0);
    assert.ok(every.filter((f) => f.severity !== 'info').length >= 9);
  });
});

describe('what a metric means', () => {
  it('leaves an AUC beside PCK and EPE alone (the area under the PCK curve), and judges ROC AUC at 0.5', () => {
    const flat = range(20, (k) => 0.5 + 0.001 * (k % 2));
    const pose = { loss: falling(20), 'val/PCK': range(20, () => 0.6), 'val/AUC': flat, 'val/EPE': range(20, () => 3) };
    assert.deepEqual(only(diagnoseRun(epochRun(pose)), 'chanceLevel'), []);
    assert.equal(only(diagnoseRun(epochRun({ loss: falling(20), val_auc: flat })), 'chanceLevel').length, 1);
    assert.equal(
      only(diagnoseRun(epochRun({ loss: falling(20), 'val/PCK': flat, val_roc_auc: flat })), 'chanceLevel').length,
      1,
    );
  });

  it('shows a validation loss below training as information, and as a warning only when far below from the start', () => {
    // Dropout: validation 20 % below training all along.
    const train = falling(40, 0.3, 0.15, 0.01);
    const dropout = one(epochRun({ loss: train, val_loss: train.map((v) => 0.8 * v) }), 'suspiciousValidation');
    assert.equal(dropout.severity, 'info');
    // Swapped or leaked: validation a third of training from the first evaluation.
    const swapped = one(epochRun({ loss: train, val_loss: train.map((v) => 0.3 * v) }), 'suspiciousValidation');
    assert.equal(swapped.severity, 'warning');
  });
});

function one(run: ReturnType<typeof epochRun>, rule: string) {
  const f = only(diagnoseRun(run), rule);
  assert.equal(f.length, 1, `${rule}: ${JSON.stringify(f.map((x) => x.message))}`);
  return f[0]!;
}

describe('frozenMetric', () => {
  it('fires on a validation mAP of 0 at every evaluation', () => {
    const f = one(epochRun({ loss: falling(7), 'coco/bbox_mAP': range(7, () => 0) }), 'frozenMetric');
    assert.equal(f.metric, 'coco/bbox_mAP');
    assert.equal(f.epoch, 0);
    assert.match(f.message, /coco\/bbox_mAP is 0 at all 7 evaluations/);
  });

  it('fires on an accuracy that fell to one value and stayed there, not on one that rose and settled, nor on a perfect score', () => {
    const collapsed = range(30, (k) => (k < 10 ? 0.5 + k * 0.03 : 0.1));
    assert.equal(one(epochRun({ loss: falling(30), val_accuracy: collapsed }), 'frozenMetric').epoch, 10);
    const settled = range(30, (k) => (k < 10 ? 0.5 + k * 0.03 : 0.77));
    assert.deepEqual(only(diagnoseRun(epochRun({ loss: falling(30), val_accuracy: settled })), 'frozenMetric'), []);
    assert.deepEqual(
      only(diagnoseRun(epochRun({ loss: falling(30), val_accuracy: range(30, () => 1) })), 'frozenMetric'),
      [],
    );
    // A loss or a counter held constant is no score.
    assert.deepEqual(
      only(diagnoseRun(epochRun({ loss: falling(30), memory: range(30, () => 3021) })), 'frozenMetric'),
      [],
    );
  });
});

describe('one run read from two sources', () => {
  it('reports each problem once: the first reading keeps its findings, the second only what it adds', () => {
    const cols = {
      loss: falling(30),
      val_loss: curve(30, (k) => (k <= 10 ? 0.3 + 0.07 * (10 - k) : 0.3 + 0.02 * (k - 10))),
    };
    const text = epochRun(cols, 'output/metrics.json');
    const events = epochRun({ ...cols, extra_acc: range(30, () => 0) }, 'output');
    assert.ok(sameRun(text, events));
    const [a, b] = findingsOnce([
      { run: text, findings: diagnoseRun(text) },
      { run: events, findings: diagnoseRun(events) },
    ]);
    assert.ok(a!.some((f) => f.rule === 'overfitting'));
    assert.ok(b!.length > 0);
    assert.deepEqual(
      b!.filter((f) => f.metric !== 'extra_acc').map((f) => `${f.rule} ${f.metric}`),
      [],
    );
    // Another run in the same folder is not a twin.
    const other = epochRun({ loss: falling(30, 0.02, 0.3), val_loss: falling(30, 0.05, 0.2) }, 'output/other.csv');
    assert.equal(sameRun(text, other), false);
  });
});

describe('overlappingRuns', () => {
  /** A folder run: `files` event files one after another, each with its steps. */
  function folderRun(files: readonly [string, number, number][]): Run {
    const run = new Run('logs', 'tfevents', 'logs', 'offset');
    run.xLabel = 'step';
    const s = run.seriesFor('train/loss');
    let offset = 0;
    for (const [file, from, to] of files) {
      s.noteFile(file);
      for (let step = from; step <= to; step++) s.append(step, 2 / (1 + step / 10), (offset += 40));
    }
    return run;
  }

  it('reports two event files of one folder that overlap in steps, where the second starts again', () => {
    const run = folderRun([
      ['events.out.tfevents.1.a', 0, 500],
      ['events.out.tfevents.2.b', 0, 300],
    ]);
    const f = one(run, 'overlappingRuns');
    assert.equal(f.severity, 'info');
    assert.equal(f.step, 0);
    assert.equal(f.offset, 501 * 40 + 40);
    assert.match(
      f.message,
      /2 files of this folder overlap in steps .*events\.out\.tfevents\.2\.b starts again at step 0 after events\.out\.tfevents\.1\.a reached 500/,
    );
    // The second run's start is not a spike against the first one's end, nor a divergence.
    assert.deepEqual(
      diagnoseRun(run)
        .filter((x) => x.severity !== 'info')
        .map((x) => x.message),
      [],
    );
  });

  it('says nothing of a run resumed into a new file at the step where it stopped, nor of a restart inside one file', () => {
    assert.deepEqual(
      only(
        diagnoseRun(
          folderRun([
            ['events.1', 0, 500],
            ['events.2', 501, 900],
          ]),
        ),
        'overlappingRuns',
      ),
      [],
    );
    assert.deepEqual(
      only(
        diagnoseRun(
          folderRun([
            ['events.1', 0, 500],
            ['events.1', 0, 300],
          ]),
        ),
        'overlappingRuns',
      ),
      [],
    );
  });
});

describe('terms of a loss whose total is not logged (YOLO)', () => {
  it('shows a problem on one term as information, and at its severity when every term shows it', () => {
    const n = 40;
    const falls = (scale: number) => falling(n, 0.2 * scale, 0.15, 0.01).map((v) => v * scale);
    const one = { 'train/box_loss': falls(0.05), 'train/obj_loss': falls(0.02), 'train/cls_loss': climbing(n, 0.01) };
    const div = only(diagnoseRun(epochRun(one)), 'divergence');
    assert.deepEqual(
      div.map((f) => [f.metric, f.severity]),
      [['train/cls_loss', 'info']],
    );
    const all = {
      'train/box_loss': climbing(n, 0.05),
      'train/obj_loss': climbing(n, 0.02),
      'train/cls_loss': climbing(n, 0.01),
    };
    const every = only(diagnoseRun(epochRun(all)), 'divergence');
    assert.equal(every.length, 3);
    assert.ok(every.every((f) => f.severity === 'error'));
  });
});
