// The coalescer between a file's watcher and its reads: at most one read per interval, except that
// a read which found nothing (a stat poll's, a repeated watch event's) holds back nothing. Checked by
// what runs synchronously on `trigger` (a run starts at once or waits for a timer), never by time.
import * as assert from 'node:assert/strict';
import { Coalescer } from '../../src/node/watchFile';

/** A coalescer whose task counts its runs and answers what `found` says; a long interval. */
function counting(found: () => boolean | void): { c: Coalescer; runs: () => number; settled: () => Promise<void> } {
  let runs = 0;
  let last: Promise<void> = Promise.resolve();
  let done: () => void = () => undefined;
  const c = new Coalescer(() => {
    runs++;
    last = new Promise<void>((r) => (done = r));
    // The task ends on the next turn, as a read does.
    return Promise.resolve().then(() => {
      done();
      return found();
    });
  }, 60_000);
  return {
    c,
    runs: () => runs,
    settled: async () => {
      await last;
      // The coalescer's own `finally` runs after the task's promise.
      await new Promise((r) => setImmediate(r));
    },
  };
}

describe('Coalescer (reads of a watched file)', () => {
  it('runs the first trigger at once, and a second within the interval not before it', async () => {
    const { c, runs, settled } = counting(() => true);
    c.trigger();
    assert.equal(runs(), 1);
    await settled();
    c.trigger();
    assert.equal(runs(), 1, 'a read that found something holds the next back for the interval');
    c.dispose();
  });

  it('starts the next read at once after a read that found nothing', async () => {
    const { c, runs, settled } = counting(() => false);
    c.trigger();
    await settled();
    c.trigger();
    assert.equal(runs(), 2, 'an empty read (a poll) must not delay the line appended after it');
    await settled();
    c.trigger();
    assert.equal(runs(), 3);
    c.dispose();
  });

  it('holds back a trigger that came during a read that found something, for the interval', async () => {
    const { c, runs, settled } = counting(() => true);
    c.trigger();
    c.trigger();
    await settled();
    assert.equal(runs(), 1, 'the second read waits for its timer');
    c.dispose();
  });

  it('never runs two at a time, and once more after a trigger during a run', async () => {
    const { c, runs, settled } = counting(() => false);
    c.trigger();
    c.trigger();
    c.trigger();
    assert.equal(runs(), 1);
    await settled();
    assert.equal(runs(), 2, 'the triggers during the run give one more run');
    await settled();
    assert.equal(runs(), 2);
    c.dispose();
  });
});
