import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/cli';
import { assertClose, classifyFixture, type Ref } from './helpers';

interface Reference {
  digits?: {
    probabilities?: {
      rocAucMacro: Ref;
      rocAucWeighted: Ref;
      perClass: { label: string; rocAuc: Ref; averagePrecision: Ref }[];
    };
  };
  regression?: { regression?: { mae: Ref; mse: Ref; rmse: Ref; r2: Ref } };
}

/** scikit-learn's numbers for the fixtures (make_reference.py wrote them). */
function reference(): Reference {
  return (JSON.parse(readFileSync(classifyFixture('reference.json'), 'utf8')) as { cases: Reference }).cases;
}

function tempFile(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'ml-classify-')), name);
  writeFileSync(file, text);
  return file;
}

describe('metric-lens classify', () => {
  it('prints the JSON schema of the classification issue, numbers at full precision', async () => {
    const file = classifyFixture('catdog.csv');
    const r = await runCli(['classify', file, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(out), [
      'source',
      'n',
      'labels',
      'confusion',
      'accuracy',
      'balancedAccuracy',
      'mcc',
      'kappa',
      'perClass',
      'macro',
      'weighted',
      'micro',
      'binary',
      'findings',
      'errors',
    ]);
    assert.equal(out['source'], file);
    assert.equal(out['n'], 100);
    assert.deepEqual(out['labels'], ['cat', 'dog']);
    assert.deepEqual(out['confusion'], [
      [45, 5],
      [3, 47],
    ]);
    // scikit-learn: matthews_corrcoef, f1 of "cat", balanced accuracy (note the last digit).
    assert.equal(out['mcc'], 0.8406728074767074);
    assert.equal(out['balancedAccuracy'], 0.9199999999999999);
    assert.deepEqual((out['perClass'] as unknown[])[0], {
      label: 'cat',
      precision: 0.9375,
      recall: 0.9,
      f1: 0.9183673469387755,
      support: 50,
    });
    assert.deepEqual(Object.keys(out['macro'] as object), ['precision', 'recall', 'f1']);
    const binary = out['binary'] as Record<string, unknown>;
    assert.deepEqual(Object.keys(binary), [
      'positive',
      'threshold',
      'rocAuc',
      'averagePrecision',
      'confusionAtThreshold',
    ]);
    assert.equal(binary['positive'], 'dog');
    assert.equal(binary['rocAuc'], 0.9196000000000001);
    assert.deepEqual(binary['confusionAtThreshold'], [
      [45, 5],
      [3, 47],
    ]);
    assert.deepEqual(out['findings'], []);
    assert.deepEqual(out['errors'], []);
  });

  it('adds ovr with per-class probabilities, and no binary section without two classes and a score', async () => {
    const r = await runCli(['classify', classifyFixture('real', 'digits_predictions.csv'), '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as {
      binary?: unknown;
      ovr: {
        rocAucMacro: number;
        rocAucWeighted: number;
        perClass: { label: string; rocAuc: number; averagePrecision: number }[];
      };
    };
    assert.equal(out.binary, undefined);
    assert.deepEqual(Object.keys(out.ovr), ['rocAucMacro', 'rocAucWeighted', 'perClass']);
    // scikit-learn's numbers for the same file (roc_auc_score multi_class='ovr', average_precision_score per class).
    const ref = reference().digits!.probabilities!;
    assertClose(out.ovr.rocAucMacro, ref.rocAucMacro, 'rocAucMacro');
    assertClose(out.ovr.rocAucWeighted, ref.rocAucWeighted, 'rocAucWeighted');
    assert.deepEqual(
      out.ovr.perClass.map((c) => c.label),
      ref.perClass.map((c) => c.label),
    );
    out.ovr.perClass.forEach((c, i) => {
      assert.deepEqual(Object.keys(c), ['label', 'rocAuc', 'averagePrecision']);
      assertClose(c.rocAuc, ref.perClass[i]!.rocAuc, `class ${c.label} ROC AUC`);
      assertClose(c.averagePrecision, ref.perClass[i]!.averagePrecision, `class ${c.label} average precision`);
    });
  });

  it('takes the positive class, threshold and column names from the command line', async () => {
    const file = tempFile('p.csv', 'truth,guess,s\na,a,0.9\nb,a,0.6\nb,b,0.2\na,b,0.45\n');
    const r = await runCli([
      'classify',
      file,
      '--json',
      '--true-col',
      'truth',
      '--pred-col',
      'guess',
      '--score-col',
      's',
      '--positive',
      'a',
      '--threshold',
      '0.5',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as {
      confusion: number[][];
      binary: { positive: string; threshold: number; confusionAtThreshold: number[][] };
    };
    assert.deepEqual(out.confusion, [
      [1, 1],
      [1, 1],
    ]);
    assert.equal(out.binary.positive, 'a');
    assert.deepEqual(out.binary.confusionAtThreshold, [
      [1, 1],
      [1, 1],
    ]);
    const lower = JSON.parse(
      (
        await runCli([
          'classify',
          file,
          '--json',
          '--true-col',
          'truth',
          '--pred-col',
          'guess',
          '--score-col',
          's',
          '--positive',
          'a',
          '--threshold',
          '0.4',
        ])
      ).stdout,
    ) as typeof out;
    assert.deepEqual(lower.binary.confusionAtThreshold, [
      [2, 0],
      [1, 1],
    ]);
  });

  it('answers regression with MAE, RMSE and R²', async () => {
    const r = await runCli(['classify', classifyFixture('real', 'regression_predictions.csv'), '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(out), ['source', 'n', 'regression', 'findings', 'errors']);
    const regression = out['regression'] as Record<string, number>;
    assert.deepEqual(Object.keys(regression), ['mae', 'mse', 'rmse', 'r2']);
    // scikit-learn's mean_absolute_error, mean_squared_error, its square root and r2_score on the same file.
    const ref = reference().regression!.regression!;
    for (const k of ['mae', 'mse', 'rmse', 'r2'] as const) assertClose(regression[k]!, ref[k], k);
  });

  it('exits 1 when --fail-on is met, and lists the findings', async () => {
    const file = classifyFixture('real', 'sentiment_predictions.csv');
    const warn = await runCli(['classify', file, '--json', '--fail-on', 'warning']);
    assert.equal(warn.code, 1);
    const f = (JSON.parse(warn.stdout) as { findings: { rule: string; severity: string; source: string }[] }).findings;
    assert.deepEqual(
      f.map((x) => [x.rule, x.severity, x.source]),
      [['accuracyParadox', 'warning', file]],
    );
    assert.equal((await runCli(['classify', file, '--fail-on', 'error'])).code, 0);
  });

  it('exits 2 on input it cannot read, naming the file, and on wrong usage', async () => {
    const missing = await runCli(['classify', 'no/such/preds.csv', '--json']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no\/such\/preds\.csv: no such file/);
    assert.deepEqual(JSON.parse(missing.stdout).errors, [{ source: 'no/such/preds.csv', message: 'no such file' }]);
    const noColumns = await runCli(['classify', tempFile('x.csv', 'a,b\n1,2\n')]);
    assert.equal(noColumns.code, 2);
    assert.match(noColumns.stderr, /no true-label column found/);
    assert.equal((await runCli(['classify'])).code, 2);
    assert.equal((await runCli(['classify', 'a.csv', '--threshold', 'high'])).code, 2);
    assert.equal((await runCli(['classify', 'a.csv', '--fail-on', 'sometimes'])).code, 2);
  });

  it('writes NaN as a string so the JSON stays valid', async () => {
    const file = tempFile('one.csv', 'y_true,y_pred\n1,1\n1,1\n');
    const out = JSON.parse((await runCli(['classify', file, '--json'])).stdout) as { kappa: unknown; mcc: unknown };
    assert.equal(out.kappa, 'NaN');
    assert.equal(out.mcc, 0);
  });

  it('prints a readable table without --json', async () => {
    const r = await runCli(['classify', classifyFixture('catdog.csv')]);
    assert.equal(r.code, 0);
    assert.match(
      r.stdout,
      /confusion \(rows = true, columns = predicted\):\n\s+cat\s+dog\n\s+cat\s+45\s+5\n\s+dog\s+3\s+47/,
    );
    assert.match(r.stdout, /accuracy 0\.92 {2}balanced accuracy 0\.92 {2}MCC 0\.8407 {2}kappa 0\.84/);
    assert.match(r.stdout, /binary \(positive "dog"\): ROC AUC 0\.9196/);
  });
});
