import * as assert from 'node:assert/strict';
import { discoverRuns, type DiscoveredRun } from '../../../src/core/discovery/discover';
import { listFiles } from '../../../src/node/listFiles';
import { FIXTURES } from '../helpers';

function summary(runs: DiscoveredRun[]): string[] {
  return runs.map((r) => `${r.format ?? '?'} ${r.kind} ${r.path} [${r.files.join(', ')}]`);
}

describe('run discovery', () => {
  it('finds every run in the fixture workspace, one per run', async () => {
    // The fixture folders of the formats (others' fixtures may come and go).
    const mine = new Set([
      'mlflow',
      'dvclive',
      'tfevents',
      'hf-trainer-state',
      'jsonl',
      'text',
      'keras-history-json',
      'keras',
      'lightning',
      'pytorch-digits',
      'ultralytics',
    ]);
    const runs = discoverRuns((await listFiles(FIXTURES)).filter((f) => mine.has(f.split('/')[0]!)));
    const byPath = new Map(runs.map((r) => [r.path, r]));
    const mlflow = byPath.get('mlflow/mnist/mlruns/0/00e2ba8f3b404a6abced114ac6b51ff8')!;
    assert.equal(mlflow.format, 'mlflow');
    assert.deepEqual(
      mlflow.files.filter((f) => !f.startsWith('params/')),
      [
        '../meta.yaml',
        'meta.yaml',
        'metrics/acc',
        'metrics/acc_epoch',
        'metrics/acc_step',
        'metrics/train_loss',
        'metrics/train_loss_epoch',
        'metrics/train_loss_step',
        'tags/mlflow.runName',
      ],
    );
    // The stray nested mlruns/mlruns/0 has no runs; the autolog run has one.
    assert.deepEqual(
      runs.filter((r) => r.format === 'mlflow').map((r) => r.path),
      [
        'mlflow/keras-autolog/mlruns/1/ed05f9cd599442fe9a0c9222184710b8',
        'mlflow/mnist-failed/mlruns/0/24005fa4a9124421b61899b4a82e6510',
        'mlflow/mnist/mlruns/0/00e2ba8f3b404a6abced114ac6b51ff8',
        'mlflow/mnist/mlruns/0/c89566f24f7b4bf0b526c7ac29c426be',
      ],
    );
    assert.deepEqual(summary(runs.filter((r) => r.format === 'dvclive')), [
      'dvclive folder dvclive/dvclive [metrics.json, plots/metrics/binary_logloss.tsv]',
      'dvclive folder dvclive/results/train [metrics.json, plots/metrics/binary_logloss.tsv]',
    ]);
    assert.deepEqual(summary(runs.filter((r) => r.format === 'tfevents')), [
      'tfevents folder tfevents/keras-imdb/imdb-model-1690485351 [train/events.out.tfevents.1690485354.e-bnbobg-5l77j-0.80091.0.v2, validation/events.out.tfevents.1690485359.e-bnbobg-5l77j-0.80091.1.v2]',
      'tfevents folder tfevents/keras-nan/20220213-124139 [train/events.out.tfevents.1644732123.huangyuan3hdeMacBook-Pro.local.73068.4.v2, validation/events.out.tfevents.1644728574.huangyuan3hdeMacBook-Pro.local.73068.1.v2]',
      'tfevents folder tfevents/ultralytics [events.out.tfevents.1675348815.43529bab29be.37247.0]',
    ]);
    assert.deepEqual(summary(runs.filter((r) => r.format === 'hf-trainer-state')), [
      'hf-trainer-state file hf-trainer-state/multieval/trainer_state.json []',
      'hf-trainer-state file hf-trainer-state/ner-frozen-entities/trainer_state.json []',
      'hf-trainer-state file hf-trainer-state/ner-late-zero/trainer_state.json []',
      'hf-trainer-state file hf-trainer-state/results/checkpoint-10350/trainer_state.json []',
      'hf-trainer-state file hf-trainer-state/wangchanberta/checkpoint-500/trainer_state.json []',
    ]);
    assert.equal(byPath.get('hf-trainer-state/results/checkpoint-10350/trainer_state.json')!.name, 'results');
    assert.equal(byPath.get('lightning/metrics.csv')!.format, 'csv');
    assert.equal(byPath.get('ultralytics/results.csv')!.format, 'csv');
    assert.equal(byPath.get('jsonl/detectron2/metrics.json')!.format, undefined);
    assert.equal(byPath.get('text/keras2-terminal.log')!.format, undefined);
    assert.equal(byPath.get('pytorch-digits/metrics.jsonl')!.format, 'jsonl');
    // Not runs: predictions, a generator script, DVCLive's sklearn plots, the roc.json inside them.
    for (const p of [
      'pytorch-digits/predictions.csv',
      'text/make_text_logs.py',
      'dvclive/dvclive/plots/sklearn/roc.json',
    ])
      assert.equal(byPath.get(p), undefined, p);
  });

  it("treats Keras' train/ and validation/ as splits of one run, and other sub-folders as runs of their own", () => {
    const runs = discoverRuns([
      'logs/fit/20220213-124139/train/events.out.tfevents.1.v2',
      'logs/fit/20220213-124139/train/plugins/profile/2022_02_13/host.xplane.pb',
      'logs/fit/20220213-124139/validation/events.out.tfevents.2.v2',
      'runs/Jan01_host/events.out.tfevents.3.host.1.0',
      'runs/Jan01_host/loss_train/events.out.tfevents.4.host.1.0',
      'lightning_logs/version_0/events.out.tfevents.5',
      'lightning_logs/version_0/hparams.yaml',
      'lightning_logs/version_1/metrics.csv',
    ]);
    assert.deepEqual(summary(runs), [
      'tfevents folder lightning_logs/version_0 [events.out.tfevents.5]',
      'lightning-csv file lightning_logs/version_1/metrics.csv []',
      'tfevents folder logs/fit/20220213-124139 [train/events.out.tfevents.1.v2, validation/events.out.tfevents.2.v2]',
      'tfevents folder runs/Jan01_host [events.out.tfevents.3.host.1.0]',
      'tfevents folder runs/Jan01_host/loss_train [events.out.tfevents.4.host.1.0]',
    ]);
    assert.equal(runs.find((r) => r.path === 'logs/fit/20220213-124139')!.name, '20220213-124139');
  });

  it("takes a train/ folder as a split only beside a sibling split folder: Ultralytics' runs/detect/train/ is a run", () => {
    const runs = discoverRuns([
      'runs/detect/train/events.out.tfevents.1675348815.43529bab29be.37247.0',
      'runs/detect/train/results.csv',
      'runs/detect/train2/events.out.tfevents.1675350000.43529bab29be.1.0',
      'logs/fit/1/train/events.out.tfevents.1.v2',
      'logs/fit/1/validation/events.out.tfevents.2.v2',
    ]);
    assert.deepEqual(
      summary(runs).filter((r) => r.startsWith('tfevents')),
      [
        'tfevents folder logs/fit/1 [train/events.out.tfevents.1.v2, validation/events.out.tfevents.2.v2]',
        'tfevents folder runs/detect/train [events.out.tfevents.1675348815.43529bab29be.37247.0]',
        'tfevents folder runs/detect/train2 [events.out.tfevents.1675350000.43529bab29be.1.0]',
      ],
    );
    assert.equal(runs.find((r) => r.path === 'runs/detect/train')!.name, 'train');
  });

  it('reads one trainer_state.json per output folder: the root copy, else the highest checkpoint', () => {
    const runs = discoverRuns([
      'a/checkpoint-500/trainer_state.json',
      'a/checkpoint-1500/trainer_state.json',
      'a/checkpoint-1000/trainer_state.json',
      'b/checkpoint-9/trainer_state.json',
      'b/trainer_state.json',
      'b/runs/Jan01/events.out.tfevents.1.h.2.0',
    ]);
    assert.deepEqual(summary(runs), [
      'hf-trainer-state file a/checkpoint-1500/trainer_state.json []',
      'tfevents folder b/runs/Jan01 [events.out.tfevents.1.h.2.0]',
      'hf-trainer-state file b/trainer_state.json []',
    ]);
  });

  it("never looks inside node_modules, .git, virtualenvs, __pycache__ or MLflow's .trash", () => {
    const runs = discoverRuns([
      'node_modules/pkg/history.csv',
      '.git/logs/HEAD.log',
      'env/pyvenv.cfg',
      'env/lib/python3.11/site-packages/x/train.log',
      '.venv/lib/events.out.tfevents.1',
      'src/__pycache__/train.log',
      'mlruns/.trash/abc/meta.yaml',
      'mlruns/.trash/abc/metrics/loss',
      'mlruns/0/meta.yaml',
      'mlruns/0/abc/meta.yaml',
      'mlruns/0/abc/metrics/loss',
      'mlruns/0/abc/artifacts/model/MLmodel',
      'C:\\work\\dvclive\\metrics.json',
      'C:\\work\\dvclive\\plots\\metrics\\acc.tsv',
      'train.log',
    ]);
    assert.deepEqual(summary(runs), [
      'dvclive folder C:/work/dvclive [metrics.json, plots/metrics/acc.tsv]',
      'mlflow folder mlruns/0/abc [../meta.yaml, meta.yaml, metrics/loss]',
      '? file train.log []',
    ]);
  });

  it('names a run that is the listed folder itself by the folder', () => {
    const runs = discoverRuns(['meta.yaml', 'metrics/loss', 'params/lr'], { rootName: 'ed05f9cd' });
    assert.deepEqual(
      runs.map((r) => [r.format, r.path, r.name]),
      [['mlflow', '', 'ed05f9cd']],
    );
  });

  it('finds the runs among the 10 000 files of a workspace (untimed: a timed assertion flakes on a loaded machine)', () => {
    const paths: string[] = [];
    for (let i = 0; i < 3000; i++) {
      paths.push(`src/pkg${i % 50}/module${i}.py`, `data/images/${i}.png`, `node_modules/p${i}/index.js`);
      if (i % 10 === 0)
        paths.push(
          `logs/run${i}/train/events.out.tfevents.${i}.v2`,
          `logs/run${i}/validation/events.out.tfevents.${i}.v2`,
        );
      if (i % 20 === 0)
        paths.push(`mlruns/1/r${i}/meta.yaml`, `mlruns/1/r${i}/metrics/loss`, `mlruns/1/r${i}/params/lr`);
      if (i % 40 === 0) paths.push(`out/checkpoint-${i}/trainer_state.json`, `exp${i}/train.log`);
    }
    paths.push('mlruns/1/meta.yaml');
    assert.ok(paths.length >= 10_000);
    const runs = discoverRuns(paths);
    assert.equal(runs.filter((r) => r.format === 'tfevents').length, 300);
    assert.equal(runs.filter((r) => r.format === 'mlflow').length, 150);
    assert.equal(runs.filter((r) => r.format === 'hf-trainer-state').length, 1);
    assert.equal(runs.filter((r) => r.format === undefined).length, 75);
  });
});
