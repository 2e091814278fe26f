// Issue #15 item 1: a line or cell a regular expression backtracked over (a run of one character with a
// character at its end that fails the match) took time as the square of its length — a 150 KB line of a
// train.log blocked the editor for 23 s. Each case here is 150 KB, read in milliseconds once
// linear and in minutes when quadratic (the test's timeout then fails it; no time is asserted).
import * as assert from 'node:assert/strict';
import { PredictionsParser } from '../../src/core/classify';
import { createParser } from '../../src/core/formats';
import { bytes, feedInChunks } from './helpers';

const RUN = 150_000;

describe('file content read in linear time (no backtracking regular expression)', function () {
  this.timeout(5_000);

  it('reads a `|`-separated text line holding 150 000 spaces (a bar segment), and the lines after it', () => {
    const text = `epoch 1 | loss 0.5\nepoch 2 | loss 1${' '.repeat(RUN)}2 3\nepoch 3 | loss 0.25 | acc ${' '.repeat(RUN)}% \n`;
    const run = feedInChunks(createParser('train.log', 'text'), bytes(text), [1 << 16]).run;
    assert.deepEqual(Array.from(run.getSeries('loss')!.valueArray()), [0.5, 0.25]);
    assert.deepEqual(Array.from(run.getSeries('loss')!.stepArray()), [1, 3]);
    assert.equal(run.getSeries('acc'), undefined);
  });

  it('reads a metric name holding 150 000 quotes', () => {
    const text = `epoch 1 a${"'".repeat(RUN)}b: 1\nepoch 2 loss: 2\n`;
    const run = feedInChunks(createParser('train.log', 'text'), bytes(text), [1 << 16]).run;
    assert.deepEqual(Array.from(run.getSeries('loss')!.valueArray()), [2]);
    assert.equal(run.series.length, 2);
  });

  it('reads a predictions score of 150 000 digits followed by a letter as no score, and the rows after it', () => {
    const p = new PredictionsParser('p.csv');
    p.push(bytes(`y_true,score\n1,0.9\n0,${'7'.repeat(RUN)}x\n0,0.2\n`));
    p.flush();
    const r = p.result();
    assert.equal(r.data?.n, 3);
  });

  it('reads a predictions label of 150 000 digits followed by a letter as a label', () => {
    const p = new PredictionsParser('p.csv');
    p.push(bytes(`y_true,y_pred\n1,1\n${'7'.repeat(RUN)}x,1\n0,0\n`));
    p.flush();
    const r = p.result();
    assert.equal(r.data?.n, 3);
  });
});
