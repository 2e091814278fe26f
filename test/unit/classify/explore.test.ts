import * as assert from 'node:assert/strict';
import {
  compareConfusions,
  describeRows,
  evaluate,
  groupRows,
  indexCells,
  rowsInCell,
  rowsInCellAtThreshold,
  seriesOfEvaluations,
  type ClassificationEvaluation,
  type Predictions,
} from '../../../src/core/classify';
import { classifyBytes, readPredictions, readText } from './helpers';

function predictions(file: string): Predictions {
  const d = readPredictions(classifyBytes(file)).data;
  assert.ok(d && d.kind === 'classification');
  return d;
}

describe('the rows behind a cell', () => {
  it('lists exactly the rows of each cell of the real digits file, in file order', () => {
    const p = predictions('real/digits_predictions.csv');
    const k = p.labels.length;
    const index = indexCells(p.yTrue, p.yPred, k);
    let total = 0;
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        const rows = Array.from(rowsInCell(index, i, j));
        const expected = Array.from(p.yTrue.keys()).filter((r) => p.yTrue[r] === i && p.yPred[r] === j);
        assert.deepEqual(rows, expected, `cell ${i},${j}`);
        total += rows.length;
      }
    }
    assert.equal(total, p.n);
  });

  it('describes a row with its id, labels, score and line', () => {
    const p = predictions('real/digits_predictions.csv');
    const index = indexCells(p.yTrue, p.yPred, p.labels.length);
    const rows = rowsInCell(index, 8, 1);
    assert.equal(rows.length, 4, 'the digits model calls four 8s a 1');
    const details = describeRows(p, rows, 0, 1);
    const r = rows[0]!;
    assert.deepEqual(details[0], {
      row: r,
      id: (p.ids as Float64Array)[r],
      trueLabel: '8',
      predictedLabel: '1',
      score: p.proba![1]![r],
      line: r + 2,
    });
  });

  it('finds the rows of a cell at any threshold of the binary slider', () => {
    const p = predictions('catdog.csv');
    const byTrue = groupRows(p.yTrue, 2);
    for (const t of [0.2, 0.5, 0.77]) {
      for (const i of [0, 1])
        for (const j of [0, 1]) {
          const rows = Array.from(rowsInCellAtThreshold(p, byTrue, t, i, j));
          const expected = Array.from(p.yTrue.keys()).filter(
            (r) => p.yTrue[r] === i && (p.score![r]! >= t ? 1 : 0) === j,
          );
          assert.deepEqual(rows, expected, `t=${t} cell ${i},${j}`);
        }
    }
  });
});

describe('comparing prediction files', () => {
  it('aligns two files on one label order and ranks the confusions that changed most', () => {
    const before = evaluate(
      readText('y_true,y_pred\n4,9\n4,9\n4,4\n3,8\n3,3\n9,9\n').data!,
    ) as ClassificationEvaluation;
    const after = evaluate(
      readText('y_true,y_pred\n4,4\n4,4\n4,9\n3,8\n3,8\n9,9\n8,8\n').data!,
    ) as ClassificationEvaluation;
    const c = compareConfusions(before.report, after.report);
    assert.deepEqual([...c.labels], ['3', '4', '8', '9']);
    assert.deepEqual(Array.from(c.before), [1, 0, 1, 0, 0, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1]);
    assert.deepEqual(Array.from(c.difference), [-1, 0, 1, 0, 0, 1, 0, -1, 0, 0, 1, 0, 0, 0, 0, 0]);
    assert.deepEqual(
      c.improved.map((x) => [x.trueLabel, x.predictedLabel, x.before, x.after]),
      [['4', '9', 2, 1]],
    );
    assert.deepEqual(
      c.regressed.map((x) => [x.trueLabel, x.predictedLabel, x.before, x.after]),
      [['3', '8', 1, 2]],
    );
    assert.ok(Math.abs(c.improved[0]!.rateChange - (1 / 3 - 2 / 3)) < 1e-15);
  });

  it('follows accuracy, AUC and per-class F1 over a series of files', () => {
    const files = ['catdog.csv', 'catdog_matrix.csv'].map(
      (f) => evaluate(readPredictions(classifyBytes(f)).data!) as ClassificationEvaluation,
    );
    const s = seriesOfEvaluations(files);
    assert.deepEqual([...s.labels], ['cat', 'dog']);
    assert.deepEqual(
      s.points.map((p) => p.accuracy),
      [0.92, 0.92],
    );
    assert.equal(s.points[0]!.rocAuc, files[0]!.binary!.rocAuc);
    assert.ok(Number.isNaN(s.points[1]!.rocAuc), 'a matrix has no scores');
    assert.deepEqual(
      Array.from(s.points[1]!.perClassF1),
      files[0]!.report.perClass.map((c) => c.f1),
    );
  });
});
