import * as assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LiveSource } from '../../src/node/liveSource';
import { DelimitedLogParser } from '../../src/core/formats/delimited';
import { dumpRun, feedInChunks, fixtureBytes, prng } from './helpers';
import { FLUSH_STEP_BYTES } from '../../src/core/formats/tfrecord';
import { maskedCrc32c } from '../../src/core/text/crc32c';

describe('LiveSource (incremental reads of a growing file)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'metric-lens-live-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function whole(data: Uint8Array, name: string) {
    return dumpRun(feedInChunks(new DelimitedLogParser(name, name), data, [data.length]).run);
  }

  it('appended in random chunks, gives the same series as one full read', async () => {
    const data = fixtureBytes('lightning', 'metrics.csv');
    const rnd = prng(3);
    for (let trial = 0; trial < 10; trial++) {
      const path = join(dir, `m${trial}.csv`);
      writeFileSync(path, '');
      const live = new LiveSource(path, path, { format: 'csv' });
      let at = 0;
      while (at < data.length) {
        const n = 1 + Math.floor(rnd() * 200);
        appendFileSync(path, data.subarray(at, at + n));
        at += n;
        await live.refresh();
      }
      await live.settle();
      assert.deepEqual(dumpRun(live.parser!.run), whole(data, path));
    }
  });

  it('reads only the new bytes on append', async () => {
    const path = join(dir, 'h.csv');
    writeFileSync(path, 'epoch,loss\n0,1\n');
    const live = new LiveSource(path, path);
    assert.equal(await live.refresh(), 'reset');
    const parser = live.parser;
    appendFileSync(path, '1,0.5\n');
    assert.equal(await live.refresh(), 'appended');
    assert.equal(live.parser, parser, 'same parser, not a re-read');
    assert.equal(live.parser!.run.getSeries('loss')!.length, 2);
    assert.equal(await live.refresh(), 'unchanged');
  });

  it('starts over when the file shrinks', async () => {
    const path = join(dir, 'h.csv');
    writeFileSync(path, 'epoch,loss\n0,1\n1,0.5\n2,0.25\n');
    const live = new LiveSource(path, path);
    await live.refresh();
    truncateSync(path, 0);
    writeFileSync(path, 'epoch,loss\n0,9\n');
    assert.equal(await live.refresh(), 'reset');
    assert.deepEqual(Array.from(live.parser!.run.getSeries('loss')!.valueArray()), [9]);
  });

  it('starts over when the file is replaced by a rename (an atomic writer)', async () => {
    const path = join(dir, 'h.csv');
    writeFileSync(path, 'epoch,loss\n0,1\n');
    const live = new LiveSource(path, path);
    await live.refresh();
    writeFileSync(join(dir, 'tmp.csv'), 'epoch,loss\n0,1\n1,2\n');
    renameSync(join(dir, 'tmp.csv'), path);
    assert.equal(await live.refresh(), 'reset');
    assert.equal(live.parser!.run.getSeries('loss')!.length, 2);
  });

  it('starts over when bytes already read changed (Lightning rewrites with a wider header)', async () => {
    const path = join(dir, 'metrics.csv');
    writeFileSync(path, 'epoch,step,train_loss\n0,0,1.0\n0,1,0.9\n');
    const live = new LiveSource(path, path);
    await live.refresh();
    writeFileSync(path, 'epoch,step,train_loss,val_loss\n0,0,1.0,\n0,1,0.9,\n0,1,,0.95\n');
    assert.equal(await live.refresh(), 'reset');
    assert.deepEqual(
      live.parser!.run.series.map((s) => [s.name, s.length]),
      [
        ['train_loss', 2],
        ['val_loss', 1],
      ],
    );
  });

  it('settles a last line without newline, and re-reads if the writer then continues it', async () => {
    const path = join(dir, 'h.csv');
    writeFileSync(path, 'epoch,loss\n0,1\n1,0.');
    const live = new LiveSource(path, path);
    await live.refresh();
    assert.equal(live.parser!.run.getSeries('loss')!.length, 1);
    assert.equal(await live.settle(), true);
    assert.deepEqual(Array.from(live.parser!.run.getSeries('loss')!.valueArray()), [1, 0]);
    appendFileSync(path, '5\n');
    assert.equal(await live.refresh(), 'reset');
    assert.deepEqual(Array.from(live.parser!.run.getSeries('loss')!.valueArray()), [1, 0.5]);
  });

  it('settles what a damaged TensorBoard header hides a step a turn, letting other work run between', async () => {
    // Issue #15: the records behind a header claiming 1 GiB were read in one turn of the host when the writer
    // went quiet (a 20 MB file: 200 ms).
    const original = fixtureBytes('tfevents', 'ultralytics', 'events.out.tfevents.1675348815.43529bab29be.37247.0');
    const header = new Uint8Array(12);
    new DataView(header.buffer).setBigUint64(0, 1n << 30n, true);
    new DataView(header.buffer).setUint32(8, maskedCrc32c(header.subarray(0, 8)), true);
    const body = original.subarray(8844);
    const path = join(dir, 'events.out.tfevents.1.damaged');
    writeFileSync(path, Buffer.concat([original.subarray(0, 8844), header, ...Array<Uint8Array>(20).fill(body)]));
    const live = new LiveSource(path, path);
    await live.refresh();
    const before = live.parser!.run.pointCount;
    let turns = 0;
    let settled = false;
    const tick = (): void => {
      turns++;
      if (!settled) setImmediate(tick);
    };
    setImmediate(tick);
    assert.equal(await live.settle(), true);
    settled = true;
    assert.ok(turns >= (20 * body.length) / FLUSH_STEP_BYTES - 1, `${turns} turns of other work while settling`);
    assert.ok(live.parser!.run.getSeries('train/box_loss')!.length > 20_000);
    assert.ok(live.parser!.run.pointCount > before);
    assert.match(live.parser!.run.issues[0]!.message, /claims 1 GB, but whole records follow inside it/);
  });

  it('refuses a log over the size limit with its size and the limit, instead of reading it', async () => {
    const path = join(dir, 'huge.csv');
    writeFileSync(path, 'epoch,loss\n0,1\n');
    // A sparse file: 1.1 GiB on paper, nothing on disk.
    truncateSync(path, Math.round(1.1 * 1024 ** 3));
    const live = new LiveSource(path, path);
    assert.equal(await live.refresh(), 'reset');
    const run = live.parser!.run;
    assert.equal(run.pointCount, 0);
    assert.match(
      run.issues[0]!.message,
      /the file is 1\.1 GB, over the 1 GB a training log may have; nothing was read/,
    );
    assert.equal(await live.refresh(), 'unchanged');
    const { readRunFile } = await import('../../src/node/readSource');
    assert.match((await readRunFile(path, path)).issues[0]!.message, /over the 1 GB/);
  });

  it('says missing when the file is deleted, and reads it again when it comes back', async () => {
    const path = join(dir, 'h.csv');
    writeFileSync(path, 'epoch,loss\n0,1\n');
    const live = new LiveSource(path, path);
    await live.refresh();
    rmSync(path);
    assert.equal(await live.refresh(), 'missing');
    assert.equal(live.parser, undefined);
    writeFileSync(path, 'epoch,loss\n0,3\n');
    assert.equal(await live.refresh(), 'reset');
    assert.equal(live.parser!.run.getSeries('loss')!.value(0), 3);
  });

  it('reads a file rewritten whole (trainer_state.json) again only when it was rewritten, not on every event', async () => {
    const path = join(dir, 'trainer_state.json');
    const data = fixtureBytes('hf-trainer-state', 'wangchanberta', 'checkpoint-500', 'trainer_state.json');
    writeFileSync(path, data);
    const live = new LiveSource(path, path, { format: 'hf-trainer-state' });
    assert.equal(await live.refresh(), 'reset');
    const points = live.run!.pointCount;
    // An event for the read itself (or the folder touched): nothing written, nothing read, not live.
    assert.equal(await live.refresh(), 'unchanged');
    assert.equal(await live.refresh(), 'unchanged');
    // The Trainer saves the state again: read whole again.
    writeFileSync(path, Buffer.concat([data, Buffer.from('\n')]));
    assert.equal(await live.refresh(), 'reset');
    assert.equal(live.run!.pointCount, points);
  });
});
