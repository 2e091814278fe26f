// Issue #15 item 1: a line or cell a regular expression backtracked over (a run of one character with a
// character at its end that fails the match) took time as the square of its length — a 150 KB line of a
// train.log blocked the editor for 23 s. Each case here is 150 KB, read in milliseconds once
// linear and in minutes when quadratic (the test's timeout then fails it; no time is asserted).
import * as assert from 'node:assert/strict';
import { PredictionsParser } from '../../src/core/classify';
import { createParser } from '../../src/core/formats';
import { bytes, dumpRun, feedInChunks, fixtureBytes } from './helpers';

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

describe('a TensorBoard record pushed a few bytes at a time, with a flush after each push (a live reader settling)', function () {
  this.timeout(10_000);

  it('looks at each byte of a large record once, not at all of it at each flush', () => {
    // Issue #15 (found by the fuzzer): a 154 KB event file whose graph record is most of it, pushed 5 bytes at a
    // time with a flush after each, took 50 s: each flush searched the whole carried record again for whole
    // records inside it. Linear now: milliseconds (minutes when quadratic: the timeout fails it).
    const data = fixtureBytes(
      'tfevents/keras-imdb/imdb-model-1690485351/train/events.out.tfevents.1690485354.e-bnbobg-5l77j-0.80091.0.v2',
    );
    const whole = feedInChunks(createParser('logs/train/events.out.tfevents.1', 'tfevents'), data, [data.length]).run;
    const p = createParser('logs/train/events.out.tfevents.1', 'tfevents');
    for (let at = 0; at < data.length; at += 5) {
      p.push(data.subarray(at, at + 5));
      p.flush();
    }
    assert.deepEqual(dumpRun(p.run), dumpRun(whole));
    assert.ok(whole.series.length > 0);
  });
});
