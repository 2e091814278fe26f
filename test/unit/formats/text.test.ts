import * as assert from 'node:assert/strict';
import { TextLogParser } from '../../../src/core/formats/text';
import { bytes, fixtureBytes } from '../helpers';
import { assertChunkingIndependent, assertEveryPrefixIsAPrefix, readFixture } from './formatHelpers';
import type { Run } from '../../../src/core/model/run';

function parse(text: string): Run {
  const p = new TextLogParser('log', 'log');
  p.push(bytes(text));
  p.flush();
  return p.run;
}

function points(run: Run, name: string): [number, number, number, number | undefined][] {
  const s = run.getSeries(name);
  assert.ok(s, `series ${name} in ${run.series.map((x) => x.name).join(', ')}`);
  return Array.from({ length: s.length }, (_, i) => [s.step(i), s.value(i), s.location(i), s.epoch(i)]);
}

// Expected values are read off the log lines themselves (grep -n).
describe('plain-text training logs', () => {
  it('reads `Epoch [k/N], Train Loss: …, Val Acc: 95.56%` lines, percentages as fractions marked percent', () => {
    const run = readFixture('text', 'pytorch-digits', 'train.log');
    assert.equal(run.format, 'text');
    assert.deepEqual(
      run.series.map((s) => [s.name, s.length, s.id.split, s.percent]),
      [
        ['Train Loss', 50, 'train', false],
        ['Train Acc', 50, 'train', true],
        ['Val Loss', 50, 'val', false],
        ['Val Acc', 50, 'val', true],
      ],
    );
    // Line 24: `Epoch [24/50], … Val Acc: 95.56%`; the epoch is the file's own number.
    assert.deepEqual(points(run, 'Val Acc')[23], [24, 0.9556, 24, 24]);
    assert.deepEqual(points(run, 'Val Loss')[49], [50, 0.1765, 50, 50]);
    assert.equal(run.getSeries('Val Loss')!.id.key, run.getSeries('Train Loss')!.id.key);
  });

  it('makes `Step [k/N]` within an epoch a running step, and takes a following line into the epoch', () => {
    const run = readFixture('text', 'text', 'loop-steps.log');
    assert.equal(run.xLabel, 'step');
    const loss = points(run, 'Loss');
    assert.equal(loss.length, 12);
    assert.deepEqual(loss[0], [7, 2.2851, 1, 1]);
    assert.deepEqual(loss[4], [28 + 7, 2.1397, 6, 2]);
    assert.deepEqual(loss[11], [84, 1.5004, 14, 3]);
    assert.deepEqual(run.getSeries('Loss')!.segmentStarts, []);
    const acc = points(run, 'validation images');
    assert.deepEqual(
      acc.map((p) => [p[0], p[1], p[2], p[3]]),
      [
        [28, 0.534, 5, 1],
        [56, 0.7154, 10, 2],
        [84, 0.7758, 15, 3],
      ],
    );
    assert.equal(run.getSeries('validation images')!.percent, true);
  });

  it('strips python-logging prefixes and reads CRLF lines; lines without metrics are not errors', () => {
    const run = readFixture('text', 'text', 'logging-crlf.log');
    assert.deepEqual(
      run.series.map((s) => s.name),
      ['Train Loss', 'Val Loss', 'Val Acc'],
    );
    assert.deepEqual(points(run, 'Val Acc'), [
      [1, 0.534, 2, 1],
      [2, 0.7154, 4, 2],
      [3, 0.7758, 6, 3],
    ]);
    assert.deepEqual(run.issues, []);
  });

  it("keeps only a tqdm bar's last update per line, reading its postfix and not v_num", () => {
    const run = readFixture('text', 'text', 'tqdm-bars.log');
    assert.deepEqual(
      run.series.map((s) => s.name),
      ['train_loss', 'val_loss'],
    );
    assert.deepEqual(points(run, 'val_loss'), [
      [0, 2.159, 1, 0],
      [1, 1.912, 2, 1],
      [2, 1.54, 3, 2],
    ]);
    assert.deepEqual(
      points(run, 'train_loss').map((p) => p[1]),
      [2.154, 1.892, 1.5],
    );
  });

  it("reads Keras' terminal progress (backspaces and \\r between updates): one point per epoch from the final update", () => {
    const run = readFixture('text', 'text', 'keras2-terminal.log');
    assert.deepEqual(
      run.series.map((s) => s.name),
      ['loss', 'accuracy', 'val_loss', 'val_accuracy'],
    );
    // test/fixtures/keras/training.log rows 0–3, as Keras prints them ({:.4f}), epochs numbered from 1.
    assert.deepEqual(points(run, 'loss'), [
      [1, 1.716, 2, 1],
      [2, 1.5262, 4, 2],
      [3, 1.4375, 6, 3],
      [4, 1.3448, 8, 4],
    ]);
    assert.deepEqual(
      points(run, 'val_loss').map((p) => p[1]),
      [1.4436, 7.4172, 1.2864, 1.5442],
    );
  });

  it('reads Keras 3 redirected to a file (a line per update, ANSI colours): the full counter once per epoch, not evaluate()', () => {
    const run = readFixture('text', 'text', 'keras3-redirected.log');
    assert.deepEqual(
      run.series.map((s) => s.name),
      ['accuracy', 'loss', 'val_accuracy', 'val_loss'],
    );
    assert.deepEqual(points(run, 'loss'), [
      [1, 1.716, 6, 1],
      [2, 1.5262, 13, 2],
      [3, 1.4375, 20, 3],
      [4, 1.3448, 27, 4],
    ]);
    assert.deepEqual(points(run, 'val_loss'), [
      [1, 1.4436, 7, 1],
      [2, 7.4172, 14, 2],
      [3, 1.2864, 21, 3],
      [4, 1.5442, 28, 4],
    ]);
  });

  it('reads the other shapes loops print', () => {
    const run = parse(
      [
        'epoch 3: train_loss=0.5 val_loss=0.6 val_acc=0.8',
        'epoch 4 | loss 0.45 | acc 93.5%',
        "{'loss': 0.6931, 'grad_norm': 1.2, 'learning_rate': 5e-05, 'epoch': 5}",
        '[Epoch 6/10] loss: nan acc: 91.2%',
        'Epoch 00006: val_loss improved from 0.60000 to 0.55000, saving model to best.h5',
        'eta: 0:00:12  time: 0.0019  max_mem: 2345M',
      ].join('\n'),
    );
    assert.deepEqual(points(run, 'val_acc'), [[3, 0.8, 1, 3]]);
    assert.deepEqual(points(run, 'loss'), [
      [4, 0.45, 2, 4],
      [5, 0.6931, 3, 5],
      [6, NaN, 4, 6],
    ]);
    assert.deepEqual(
      points(run, 'acc').map((p) => p[1]),
      [0.935, 0.912],
    );
    assert.equal(run.getSeries('acc')!.percent, true);
    assert.equal(run.getSeries('learning_rate')!.value(0), 5e-5);
    assert.equal(run.getSeries('loss')!.nonFiniteCount, 1);
    assert.deepEqual(points(run, 'time'), [[6, 0.0019, 6, 6]]);
    assert.equal(run.getSeries('max_mem'), undefined);
    assert.equal(run.getSeries('eta'), undefined);
  });

  it('reads mmengine and PyTorch-example lines, giving a validation line its split', () => {
    const run = parse(
      [
        '2024/01/01 10:00:00 - mmengine - INFO - Epoch(train)  [1][10/25]  lr: 1.0000e-02  eta: 0:00:00  time: 0.0019  data_time: 0.0004  loss: 1.7388',
        '08/21 02:58:41 - mmengine - INFO - Epoch(val) [1][25/25]    accuracy/top1: 87.5000  data_time: 0.0010  time: 0.0050',
        'Train Epoch: 2 [640/60000 (1%)]\tLoss: 0.531',
        'Test set: Average loss: 0.0342, Accuracy: 9890/10000 (99%)',
      ].join('\n'),
    );
    assert.deepEqual(points(run, 'loss'), [[10, 1.7388, 1, 1]]);
    assert.deepEqual(points(run, 'val/accuracy/top1'), [[10, 87.5, 2, 1]]);
    assert.deepEqual(points(run, 'train/Loss'), [[60640, 0.531, 3, 2]]);
    assert.deepEqual(points(run, 'test/Average loss'), [[60640, 0.0342, 4, 2]]);
    assert.equal(run.getSeries('Accuracy'), undefined);
  });

  it('ignores lines with metrics but no epoch or step before any epoch was named', () => {
    const run = parse('Namespace(lr=0.001, batch_size=32, epochs=10)\nloss: 0.5\n');
    assert.equal(run.series.length, 0);
  });

  it('gives a prefix of the series for every byte prefix, whatever the chunking', () => {
    for (const f of ['keras2-terminal.log', 'loop-steps.log', 'logging-crlf.log']) {
      const data = fixtureBytes('text', f);
      assertEveryPrefixIsAPrefix(() => new TextLogParser('t', 't'), data, 3);
      assertChunkingIndependent(() => new TextLogParser('t', 't'), data, 10);
    }
  });
});
