import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  createFolderParser,
  createParser,
  detectFormat,
  formatFromContent,
  formatFromPath,
  isFolderFormat,
  writeModeOf,
} from '../../../src/core/formats';
import type { FormatId } from '../../../src/core/model/run';
import { fixture } from '../helpers';

const ALL: FormatId[] = [
  'csv',
  'lightning-csv',
  'ultralytics-csv',
  'jsonl',
  'hf-trainer-state',
  'keras-history-json',
  'dvclive',
  'mlflow',
  'tfevents',
  'wandb',
  'text',
];

function head(...path: string[]): string {
  return readFileSync(fixture(...path))
    .subarray(0, 8192)
    .toString('utf8');
}

describe('format detection', () => {
  it('knows the writers by their file names', () => {
    assert.equal(formatFromPath('runs/Jan01/events.out.tfevents.1675348815.host.37247.0'), 'tfevents');
    assert.equal(formatFromPath('out/checkpoint-500/trainer_state.json'), 'hf-trainer-state');
    assert.equal(formatFromPath('mlruns/0/00e2ba8f/metrics/train/loss'), 'mlflow');
    assert.equal(formatFromPath('dvclive/plots/metrics/train/loss.tsv'), 'dvclive');
    assert.equal(formatFromPath('work_dirs/x/20240101_000000/vis_data/scalars.json'), 'jsonl');
    assert.equal(formatFromPath('work_dirs/x/20240101_000000.log.json'), 'jsonl');
    assert.equal(formatFromPath('logs/metrics.jsonl'), 'jsonl');
    assert.equal(formatFromPath('output/metrics.json'), undefined);
    assert.equal(formatFromPath('train.log'), undefined);
  });

  it('tells JSON Lines, trainer state, Keras history, CSV and text logs apart by their first bytes', () => {
    assert.equal(formatFromContent(head('jsonl', 'detectron2', 'metrics.json')), 'jsonl');
    assert.equal(formatFromContent(head('hf-trainer-state', 'multieval', 'trainer_state.json')), 'hf-trainer-state');
    assert.equal(formatFromContent(head('keras-history-json', 'history.json')), 'keras-history-json');
    assert.equal(formatFromContent(head('keras-history-json', 'diverged.json')), 'keras-history-json');
    assert.equal(formatFromContent(head('keras', 'training.log')), 'csv');
    assert.equal(formatFromContent(head('pytorch-digits', 'train.log')), 'text');
    assert.equal(formatFromContent(head('text', 'keras3-redirected.log')), 'text');
    assert.equal(formatFromContent(head('dvclive', 'dvclive', 'metrics.json')), undefined);
    // A first line that looks like a header, but the next line does not match it: a text log.
    assert.equal(
      formatFromContent('Using device: cuda, seed: 3\nEpoch [1/5], Train Loss: 0.5, Val Loss: 0.6, Val Acc: 80.1%\n'),
      'text',
    );
    assert.equal(detectFormat('notes.log', 'Starting training...\nEpoch 1'), undefined);
  });

  it('says how every format is written, and has a reader for each', () => {
    assert.deepEqual(
      ALL.map((f) => [f, writeModeOf(f)]),
      [
        ['csv', 'append'],
        ['lightning-csv', 'append'],
        ['ultralytics-csv', 'append'],
        ['jsonl', 'append'],
        ['hf-trainer-state', 'rewrite'],
        ['keras-history-json', 'rewrite'],
        ['dvclive', 'append'],
        ['mlflow', 'append'],
        ['tfevents', 'append'],
        ['wandb', 'append'],
        ['text', 'append'],
      ],
    );
    for (const f of ALL) {
      const p = createParser('x/y', f);
      p.push(new Uint8Array([0x7b, 0x0a]));
      p.flush();
      assert.equal(p.run.format, f);
      if (isFolderFormat(f)) assert.equal(createFolderParser('x', f, 'x').run.format, f);
    }
  });
});
