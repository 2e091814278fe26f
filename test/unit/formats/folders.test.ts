import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { createParser } from '../../../src/core/formats';
import { readFolderRun } from '../../../src/node/readFolder';
import { bytes, fixture, fixtureBytes } from '../helpers';
import { assertChunkingIndependent } from './formatHelpers';
import { MlflowRunParser } from '../../../src/core/formats/mlflow';
import { DvcliveParser } from '../../../src/core/formats/dvclive';

const MNIST_RUN = fixture('mlflow', 'mnist', 'mlruns', '0', '00e2ba8f3b404a6abced114ac6b51ff8');
const AUTOLOG_RUN = fixture('mlflow', 'keras-autolog', 'mlruns', '1', 'ed05f9cd599442fe9a0c9222184710b8');

// Expected values are read off the files themselves (head/tail of each metric file).
describe('MLflow run folders', () => {
  it("reads metrics/<name> lines as series, params, the run's name from its tag and the experiment's from ../meta.yaml", async () => {
    const run = (await readFolderRun(MNIST_RUN, 'mlruns/0/00e2', 'mlflow', '00e2ba8f')).run;
    assert.equal(run.format, 'mlflow');
    assert.equal(run.name, 'spiffy-snail-442');
    assert.equal(run.group, 'Default');
    assert.deepEqual(
      run.series.map((s) => [s.name, s.length]),
      [
        ['acc', 10],
        ['acc_epoch', 10],
        ['acc_step', 10],
        ['train_loss', 10],
        ['train_loss_epoch', 10],
        ['train_loss_step', 10],
      ],
    );
    const acc = run.getSeries('acc')!;
    assert.deepEqual(
      [acc.step(0), acc.value(0), acc.wallTime(0), acc.location(0)],
      [0, 0.9032666683197021, 1708208368.539, 1],
    );
    assert.deepEqual([acc.last()!.step, acc.last()!.value, acc.wallTime(9)], [9, 0.9950000047683716, 1708208431.736]);
    const step = run.getSeries('train_loss_step')!;
    assert.deepEqual(
      [step.step(3), step.value(3), step.location(3), step.fileOf(3)],
      [3, 0.038447823375463486, 4, 'metrics/train_loss_step'],
    );
    assert.equal(step.id.aggregation, 'step');
    assert.equal(run.params.get('lr'), '0.001');
    assert.equal(run.params.get('betas'), '(0.9, 0.999)');
    assert.equal(run.params.size, 12);
    assert.deepEqual(run.issues, []);
  });

  it('takes params written without a newline, and keeps the folder name when no run name was logged', async () => {
    const run = (await readFolderRun(AUTOLOG_RUN, 'r', 'mlflow', 'ed05f9cd')).run;
    assert.equal(run.name, 'ed05f9cd');
    assert.equal(run.group, 'Speech model simple rnn');
    assert.equal(run.params.get('opt_learning_rate'), '0.002');
    const loss = run.getSeries('loss')!;
    assert.deepEqual(
      [loss.length, loss.value(0), loss.last()!.step, loss.last()!.value],
      [10, 332.6841735839844, 9, 234.7978057861328],
    );
  });

  it('reads a metric whose name has a slash from its sub-folder, and reports a malformed line with file and line', () => {
    const p = new MlflowRunParser('run', 'run');
    p.push(
      'metrics/train/loss',
      bytes('1700000000000 0.5 0\n1700000001000 oops 1\n1700000002000 nan 2\n1700000003000 0.25\n'),
    );
    p.flush();
    const s = p.run.getSeries('train/loss')!;
    assert.deepEqual(Array.from(s.stepArray()), [0, 2, 0]);
    assert.equal(s.nonFiniteCount, 1);
    assert.deepEqual(s.segmentStarts, [2]);
    assert.deepEqual(p.run.issues, [
      {
        file: 'metrics/train/loss',
        line: 2,
        message: 'line 2: expected "<timestamp> <value> <step>", found "1700000001000 oops 1"; line skipped',
      },
    ]);
  });

  it('reads a UTF-16 metric file as its text, and refuses a binary one with one issue naming it', () => {
    const p = new MlflowRunParser('r', 'r');
    p.push('metrics/loss', new Uint8Array(Buffer.from('\ufeff1700000000000 0.5 0\n1700000001000 0.25 1\n', 'utf16le')));
    p.push('metrics/acc', new Uint8Array([0x80, 0x04, 0x95, 0x00, 0x00, 0x01, 0x02]));
    p.flush();
    assert.deepEqual(Array.from(p.run.getSeries('loss')!.valueArray()), [0.5, 0.25]);
    assert.equal(p.run.getSeries('acc'), undefined);
    assert.deepEqual(p.run.issues, [
      {
        file: 'metrics/acc',
        offset: 0,
        message: 'this is a Python pickle (a saved object or model), not text; nothing was read',
      },
    ]);
  });

  it('reads a UTF-16 param and run name as their text, and refuses a binary meta.yaml with one issue naming it', () => {
    const p = new MlflowRunParser('r', 'r');
    p.push('params/lr', new Uint8Array(Buffer.from('\ufeff0.001', 'utf16le')));
    p.push('tags/mlflow.runName', new Uint8Array(Buffer.from('\ufeffbrave-owl-7\n', 'utf16le')));
    p.push('meta.yaml', new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00]));
    p.flush();
    assert.equal(p.run.params.get('lr'), '0.001');
    assert.equal(p.run.name, 'brave-owl-7');
    assert.deepEqual(p.run.issues, [
      { file: 'meta.yaml', offset: 0, message: 'this is gzip-compressed, not text; nothing was read' },
    ]);
  });

  it('reads one metric file opened on its own, named as in the whole run', () => {
    const path = join(MNIST_RUN, 'metrics', 'acc');
    const p = createParser(path.replace(/\\/g, '/'), 'mlflow');
    p.push(fixtureBytes('mlflow', 'mnist', 'mlruns', '0', '00e2ba8f3b404a6abced114ac6b51ff8', 'metrics', 'acc'));
    p.flush();
    assert.deepEqual(
      p.run.series.map((s) => [s.name, s.length]),
      [['acc', 10]],
    );
  });

  it('gives the same run whatever the chunking of a metric file', () => {
    const data = fixtureBytes(
      'mlflow',
      'mnist',
      'mlruns',
      '0',
      'c89566f24f7b4bf0b526c7ac29c426be',
      'metrics',
      'train_loss',
    );
    assertChunkingIndependent(() => {
      const p = new MlflowRunParser('r', 'r');
      return {
        get run() {
          return p.run;
        },
        get pendingBytes() {
          return p.pendingBytes;
        },
        push: (c: Uint8Array) => p.push('metrics/train_loss', c),
        flush: () => p.flush(),
      };
    }, data);
  });
});

describe('DVCLive folders', () => {
  it('reads plots/metrics TSVs named by their path, the metrics.json summary and its step', async () => {
    const run = (await readFolderRun(fixture('dvclive', 'dvclive'), 'dvclive', 'dvclive', 'dvclive')).run;
    assert.equal(run.format, 'dvclive');
    const s = run.getSeries('binary_logloss')!;
    // The TSV: header `step	binary_logloss`, then steps 0–9.
    assert.deepEqual([s.length, s.step(0), s.value(0), s.location(0)], [10, 0, 0.30099675790745334, 2]);
    assert.deepEqual([s.last()!.step, s.last()!.value], [9, 0.16604482463896]);
    assert.equal(s.fileOf(0), 'plots/metrics/binary_logloss.tsv');
    assert.deepEqual([...run.summary], [['binary_logloss', 0.16604482463896]]);
    assert.deepEqual(run.issues, []);
  });

  it('names a metric by its folders (plots/metrics/train/loss.tsv is train/loss) and flattens a nested summary', () => {
    const p = new DvcliveParser('d', 'd');
    p.push(
      'plots/metrics/train/loss.tsv',
      bytes('timestamp\tstep\tloss\r\n1700000000000\t0\t0.5\r\n1700000001000\t1\tnan\r\n'),
    );
    p.push('plots/metrics/eval/loss.tsv', bytes('step\tloss\n0\t0.6\n'));
    p.push(
      'metrics.json',
      bytes('{\n    "train": {\n        "loss": "nan"\n    },\n    "eval": {"loss": 0.6},\n    "step": 1\n}\n'),
    );
    p.flush();
    const train = p.run.getSeries('train/loss')!;
    assert.deepEqual([train.length, train.nonFiniteCount, train.wallTime(0), train.step(1)], [2, 1, 1700000000, 1]);
    assert.equal(p.run.getSeries('eval/loss')!.id.split, 'val');
    assert.equal(p.run.getSeries('eval/loss')!.id.key, train.id.key);
    assert.ok(Number.isNaN(p.run.summary.get('train/loss')));
    assert.equal(p.run.summary.get('eval/loss'), 0.6);
    assert.equal(p.run.summary.has('step'), false);
  });

  it('reads a UTF-16 history as its text, and refuses a binary one with one issue naming it; the other members are read', () => {
    const utf16 = (text: string): Uint8Array => new Uint8Array(Buffer.from('\ufeff' + text, 'utf16le'));
    const history = 'step\tloss\n0\t0.5\n1\t0.25\n';
    const p = new DvcliveParser('d', 'd');
    const wide = utf16(history);
    // In pieces that split a character and the BOM.
    for (let at = 0; at < wide.length; at += 3) p.push('plots/metrics/loss.tsv', wide.subarray(at, at + 3));
    p.push(
      'plots/metrics/acc.tsv',
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(40).fill(0)]),
    );
    p.push('plots/metrics/eval/loss.tsv', bytes('step\tloss\n0\t0.6\n'));
    p.flush();
    const loss = p.run.getSeries('loss')!;
    assert.deepEqual(Array.from(loss.valueArray()), [0.5, 0.25]);
    assert.equal(p.run.getSeries('acc'), undefined);
    assert.equal(p.run.getSeries('eval/loss')!.length, 1);
    assert.deepEqual(p.run.issues, [
      { file: 'plots/metrics/acc.tsv', offset: 0, message: 'this is a PNG image, not text; nothing was read' },
    ]);
  });

  it('reads a UTF-16 metrics.json and params.yaml as their text', () => {
    const p = new DvcliveParser('d', 'd');
    p.push('metrics.json', new Uint8Array(Buffer.from('\ufeff{"loss": 0.25, "step": 3}\n', 'utf16le')));
    p.push('params.yaml', new Uint8Array(Buffer.from('lr: 0.01\n', 'utf16le')));
    p.flush();
    assert.equal(p.run.summary.get('loss'), 0.25);
    assert.equal(p.run.params.get('lr'), '0.01');
    assert.deepEqual(p.run.issues, []);
  });

  it('replaces the summary when metrics.json is rewritten', () => {
    const p = new DvcliveParser('d', 'd');
    p.push('metrics.json', bytes('{"loss": 1, "acc": 0.5}'));
    p.flush('metrics.json');
    p.push('metrics.json', bytes('{"loss": 0.5}'));
    p.flush('metrics.json');
    assert.deepEqual([...p.run.summary], [['loss', 0.5]]);
  });

  it('reads a custom folder (results/train) and an empty summary', async () => {
    const run = (await readFolderRun(fixture('dvclive', 'results', 'train'), 'results/train', 'dvclive', 'train')).run;
    assert.deepEqual(
      [run.getSeries('binary_logloss')!.length, run.getSeries('binary_logloss')!.last()!.value],
      [13, 0.10551926960816202],
    );
    const evaluate = (
      await readFolderRun(fixture('dvclive', 'results', 'evaluate'), 'results/evaluate', 'dvclive', 'evaluate')
    ).run;
    assert.equal(evaluate.series.length, 0);
    assert.equal(evaluate.summary.size, 0);
    assert.deepEqual(evaluate.issues, []);
  });
});
