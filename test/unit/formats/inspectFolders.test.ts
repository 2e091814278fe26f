import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/cli';
import { fixture } from '../helpers';

interface Report {
  runs: {
    source: string;
    format: string;
    name: string;
    series: { name: string; points: number; first: unknown; last: unknown; nonFinite: number }[];
    summary: { name: string; split: string; quantity: string; value: unknown; step: unknown; points: number }[];
  }[];
  errors: unknown[];
}

async function inspect(...args: string[]): Promise<{ code: number; report: Report; stderr: string }> {
  const r = await runCli(['inspect', ...args, '--json']);
  return { code: r.code, report: JSON.parse(r.stdout) as Report, stderr: r.stderr };
}

describe('metric-lens inspect on every format', () => {
  it('reads one file of each single-file format and names its format', async () => {
    const cases: [string, string, string, number][] = [
      [fixture('jsonl', 'detectron2', 'metrics.json'), 'jsonl', 'total_loss', 5],
      [
        fixture('hf-trainer-state', 'results', 'checkpoint-10350', 'trainer_state.json'),
        'hf-trainer-state',
        'eval_loss',
        10,
      ],
      [fixture('keras-history-json', 'history.json'), 'keras-history-json', 'val_loss', 17],
      [
        fixture('tfevents', 'ultralytics', 'events.out.tfevents.1675348815.43529bab29be.37247.0'),
        'tfevents',
        'train/box_loss',
        1375,
      ],
      [fixture('text', 'keras3-redirected.log'), 'text', 'val_loss', 4],
      [
        fixture('mlflow', 'mnist', 'mlruns', '0', '00e2ba8f3b404a6abced114ac6b51ff8', 'metrics', 'acc'),
        'mlflow',
        'acc',
        10,
      ],
    ];
    for (const [file, format, series, points] of cases) {
      const { code, report } = await inspect(file);
      assert.equal(code, 0, file);
      assert.equal(report.runs[0]!.format, format);
      assert.equal(report.runs[0]!.series.find((s) => s.name === series)!.points, points, `${format} ${series}`);
    }
  });

  it('finds the runs in a folder: an MLflow experiment gives one run per run, named as logged', async () => {
    const { code, report } = await inspect(fixture('mlflow', 'mnist', 'mlruns', '0'));
    assert.equal(code, 0);
    assert.deepEqual(
      report.runs.map((r) => [r.format, r.name, r.series.length, r.summary.length]),
      [
        ['mlflow', 'spiffy-snail-442', 6, 0],
        ['mlflow', 'melodic-seal-579', 6, 4],
      ],
    );
    // The test scores logged once after training are values of the run, not series of one point.
    const testLoss = report.runs[1]!.summary.find((s) => s.name === 'test_loss')!;
    assert.deepEqual(testLoss, {
      name: 'test_loss',
      split: 'test',
      quantity: 'loss',
      value: 0.12099038809537888,
      step: 0,
      points: 1,
    });
    assert.equal(
      report.runs[1]!.series.find((s) => s.name === 'test_loss'),
      undefined,
    );
  });

  it('reads a Keras log folder as one run with train and validation series, NaN counted', async () => {
    const { report } = await inspect(fixture('tfevents', 'keras-nan'));
    assert.equal(report.runs.length, 1);
    assert.equal(report.runs[0]!.format, 'tfevents');
    const v = report.runs[0]!.series.find((s) => s.name === 'validation/epoch_loss')!;
    assert.deepEqual([v.points, v.nonFinite, v.first], [20, 20, { step: 0, value: 'NaN' }]);
  });

  it('reads a DVCLive folder named on the command line as one dvclive run', async () => {
    const { report } = await inspect(fixture('dvclive', 'dvclive'));
    assert.deepEqual(
      report.runs.map((r) => [r.format, r.name, r.series.map((s) => s.name)]),
      [['dvclive', 'dvclive', ['binary_logloss']]],
    );
  });

  it('names a DVCLive metric once when its value column carries the whole name (newer DVCLive: train/loss.tsv with a train/loss column)', async () => {
    // A real load-forecasting run (corpus, fresh runs): plots/metrics/train/loss.tsv holds `step` and `train/loss`.
    const { report } = await inspect(fixture('corpus', 'dvclive', 'marcos-load-forecast', 'dvclive'));
    const names = report.runs.flatMap((r) => r.series.map((s) => s.name)).sort();
    assert.ok(names.includes('train/loss') && names.includes('eval/loss'), names.join(', '));
    assert.deepEqual(
      names.filter((n) => /^(train|eval)\/(train|eval)\//.test(n)),
      [],
    );
  });

  it('leaves out text files without metrics, and exits 2 for a folder without any run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ml-inspect-'));
    writeFileSync(join(dir, 'notes.log'), 'nothing to see\n');
    const empty = await runCli(['inspect', dir, '--json']);
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /no training logs found/);
    writeFileSync(join(dir, 'train.log'), 'Epoch 1/2\n10/10 - 1s - loss: 0.5 - val_loss: 0.6\n');
    const { code, report } = await inspect(dir);
    assert.equal(code, 0);
    assert.deepEqual(
      report.runs.map((r) => [r.format, r.series.map((s) => s.name)]),
      [['text', ['loss', 'val_loss']]],
    );
  });
});
