// A large log is read in two parts at once (core/model/splitRead, node/readInParts): the second part's
// parser starts fresh after the header, and its points join the first part's run only when the
// lines before the seam would not have read them otherwise. Whatever the seam, the run must be
// exactly the one a single parser reading the whole file makes — joined or read on in line.
import * as assert from 'node:assert/strict';
import { appendFileSync, readdirSync, readFileSync, statSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createParser, createPartParser, detectFormat } from '../../../src/core/formats';
import { decodeUtf8 } from '../../../src/core/text/lines';
import { isSplittable, type FormatId, type Run } from '../../../src/core/model/run';
import { finishPart, joinPart, startPart } from '../../../src/core/model/splitRead';
import { PARTS } from '../../../src/node/readInParts';
import { feedRange } from '../../../src/node/fileChunks';
import { LiveSource } from '../../../src/node/liveSource';
import { parserForFile, readRunFile } from '../../../src/node/readSource';
import { bytes, dumpRun, FIXTURES } from '../helpers';

/** Everything `dumpRun` has, and the figures a series keeps as points come. */
function dump(run: Run): Record<string, unknown> {
  const figures = run.series.map((s) => [
    s.name,
    s.percent,
    s.maxPointsPerStep,
    s.nonFiniteCount,
    s.firstNonFiniteIndex,
    s.min()?.index,
    s.max()?.index,
    s.hasEpochs,
    s.hasWallTimes,
  ]);
  return { ...dumpRun(run), xLabel: run.xLabel, figures };
}

/**
 * Reads `data` as a file at `path` in two parts with the seam at `seam`; says whether the parts
 * joined. With `more`, as a log being followed: the second part is not flushed (its last line may
 * be unfinished), and `more` is appended after the read, for the joined run to read on.
 */
function readInTwo(
  path: string,
  format: FormatId,
  data: Uint8Array,
  seam: number,
  more?: Uint8Array,
): { run: Run; joined: boolean } {
  const main = createParser(path, format);
  assert.ok(isSplittable(main));
  const prime = main.primeLength(data);
  main.push(data.subarray(0, seam));
  let joined = false;
  const part = createPartParser(path, format);
  if (prime !== undefined && prime <= seam && part) {
    const start = startPart(part, data.slice(0, prime));
    part.push(data.slice(seam));
    if (!more) part.flush();
    const read = finishPart(part, start);
    joined = joinPart(main, read);
    if (joined) main.push(data.subarray(data.length - read.unread));
  }
  if (!joined) main.push(data.subarray(seam));
  if (more) main.push(more);
  main.flush();
  return { run: main.run, joined };
}

function lineStarts(data: Uint8Array): number[] {
  const starts: number[] = [];
  for (let i = 0; i < data.length; i++) if (data[i] === 10 && i + 1 < data.length) starts.push(i + 1);
  return starts;
}

/**
 * Compares every seam (at most `most` of them, spread over the file) with one whole read; returns
 * how many joined. Each seam is read twice: as a finished file, and as a log being followed that
 * then has its own lines (after the header) appended again — the joined run must read on from
 * where the second part ended (line numbers, row counts, the last step, an unfinished last line).
 */
function assertEverySeam(path: string, format: FormatId, data: Uint8Array, most = 40): number {
  const wholeRead = (more?: Uint8Array): unknown => {
    const whole = createParser(path, format);
    whole.push(data);
    if (more) whole.push(more);
    whole.flush();
    return dump(whole.run);
  };
  const header = createParser(path, format);
  assert.ok(isSplittable(header));
  const more = data.subarray(header.primeLength(data) ?? 0);
  const expected = wholeRead();
  const expectedAfterMore = wholeRead(more);
  const starts = lineStarts(data);
  const step = Math.max(1, Math.ceil(starts.length / most));
  let joins = 0;
  for (let k = 0; k < starts.length; k += step) {
    const { run, joined } = readInTwo(path, format, data, starts[k]!);
    assert.deepEqual(dump(run), expected, `${path}: seam at byte ${starts[k]} (${joined ? 'joined' : 'read on'})`);
    if (joined) joins++;
    const followed = readInTwo(path, format, data, starts[k]!, more);
    assert.deepEqual(
      dump(followed.run),
      expectedAfterMore,
      `${path}: seam at byte ${starts[k]} (${followed.joined ? 'joined' : 'read on'}), then the lines appended again`,
    );
  }
  return joins;
}

function logFixtures(): { path: string; format: FormatId }[] {
  const found: { path: string; format: FormatId }[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      // The real-run corpus (corpus/, ~100 runs for the detector's evaluation) would make this test take
      // minutes; the formats it holds are covered by the fixtures in the other folders.
      if (e.isDirectory()) {
        if (e.name !== 'classify' && e.name !== 'corpus') walk(p);
        continue;
      }
      const format = detectFormat(p, decodeUtf8(readFileSync(p).subarray(0, 8192)));
      if (format === 'csv' || format === 'lightning-csv' || format === 'ultralytics-csv' || format === 'jsonl')
        found.push({ path: p, format });
    }
  };
  walk(FIXTURES);
  return found;
}

describe('reading a log in two parts', function () {
  // Every seam of every fixture: seconds of CPU on a quiet machine; a busy one must not fail it.
  this.timeout(180_000);
  it('gives the whole read of every CSV, TSV and JSON Lines fixture, at every seam, and joins the plain ones', () => {
    const fixtures = logFixtures();
    assert.ok(fixtures.length >= 15, `only ${fixtures.length} log fixtures found`);
    let joins = 0;
    for (const { path, format } of fixtures)
      joins += assertEverySeam(relative(FIXTURES, path), format, new Uint8Array(readFileSync(path)));
    // Most seams of most fixtures join: the other way (reading on) must not be all that is tested.
    assert.ok(joins > fixtures.length * 10, `${joins} joins`);
  });

  it('reads on in line where the lines before the seam matter', () => {
    const cases: [string, FormatId, string][] = [
      // A column whose first cell is text is text from then on; a quoted field across lines; the header again; a step going back.
      [
        'mixed.csv',
        'csv',
        'step,loss,note,acc\n0,1.5,a,0.1\n1,1.4,"two\nlines",0.2\n2,1.3,c,0.3\nstep,loss,note,acc\n3,x,d,0.4\n1,1.1,e,0.5\n4,1.0,f,text\n5,0.9,,0.7\n',
      ],
      // No step column: x counts rows from the file's start.
      ['history.csv', 'csv', 'loss,accuracy\n0.9,0.1\n0.8,0.2\n0.7,0.3\n0.6,0.4\n'],
      // Sparse rows (Lightning): a row without a step takes the step before it.
      [
        'metrics.csv',
        'lightning-csv',
        'epoch,step,train_loss,val_loss\n0,9,0.9,\n0,,,0.95\n1,19,0.8,\n1,,,0.85\n2,29,0.7,\n',
      ],
      // mmengine: once rows with `iter` come, rows without it are validation rows at the last train step.
      [
        'scalars.json',
        'jsonl',
        '{"loss": 1.7, "epoch": 1, "iter": 10, "step": 10}\n{"loss": 1.2, "epoch": 1, "iter": 20, "step": 20}\n{"mAP": 0.37, "step": 1}\n{"loss": 1.1, "epoch": 2, "iter": 30, "step": 30}\n{"mAP": 0.4, "step": 2}\n',
      ],
      // mmcv: `iter` counts within an epoch; its x adds the epochs before.
      [
        'x.log.json',
        'jsonl',
        '{"mode": "train", "epoch": 1, "iter": 50, "loss": 0.9}\n{"mode": "train", "epoch": 1, "iter": 100, "loss": 0.7}\n{"mode": "val", "epoch": 1, "iter": 625, "mAP": 0.2}\n{"mode": "train", "epoch": 2, "iter": 50, "loss": 0.6}\n',
      ],
      // No step or epoch: x is the row's number; a broken line is reported with its number.
      [
        'rows.jsonl',
        'jsonl',
        '{"loss": 1}\n{"loss": 0.9}\n{"step": 3, "loss": oops}\n{"step": 4, "loss": 0.8, "new": 1}\n{"step": 5, "loss": NaN}\n',
      ],
    ];
    for (const [path, format, text] of cases) assertEverySeam(path, format, bytes(text));
  });

  it('joins a part that brings a metric the first part never had', () => {
    const text = 'step,loss,val_loss\n0,1.0,\n1,0.9,\n2,0.8,\n3,0.7,0.75\n4,0.6,0.65\n';
    const data = bytes(text);
    const seam = data.indexOf(bytes('3,0.7')[0]!, text.indexOf('3,0.7'));
    const { run, joined } = readInTwo('log.csv', 'csv', data, seam);
    assert.ok(joined);
    assert.deepEqual(Array.from(run.getSeries('val_loss')!.locationArray()), [5, 6]);
    assert.deepEqual(Array.from(run.getSeries('loss')!.locationArray()), [2, 3, 4, 5, 6]);
  });

  it('reads a large file through the worker thread, the same as in one part', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'metric-lens-parts-'));
    const saved = PARTS.minBytes;
    try {
      const lines = ['step,epoch,loss,val_loss'];
      for (let i = 0; i < 20000; i++)
        lines.push(`${i},${Math.floor(i / 100)},${1 / (i + 1)},${i % 7 === 0 ? 2 / (i + 3) : ''}`);
      const path = join(dir, 'metrics.csv');
      writeFileSync(path, lines.join('\n') + '\n');
      const sequential = await parserForFile(path, path);
      await feedRange(path, sequential, 0, statSync(path).size);
      sequential.flush();
      PARTS.minBytes = 0;
      const joinedBefore = PARTS.joined;
      const parts = await readRunFile(path, path);
      assert.equal(PARTS.joined, joinedBefore + 1, 'the second part was read by the worker and joined');
      assert.deepEqual(dump(parts), dump(sequential.run));
    } finally {
      PARTS.minBytes = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('opens a large followed log in two parts, keeps its unfinished last line for the next append, and reads on as one read would', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'metric-lens-parts-'));
    const saved = PARTS.minBytes;
    try {
      for (const format of ['csv', 'jsonl'] as const) {
        const row = (i: number): string =>
          format === 'csv'
            ? `${i},${Math.floor(i / 100)},${1 / (i + 1)},${i % 7 === 0 ? 2 / (i + 3) : ''}`
            : JSON.stringify(
                i % 7 === 0
                  ? { step: i, epoch: Math.floor(i / 100), loss: 1 / (i + 1), val_loss: 2 / (i + 3) }
                  : { step: i, loss: 1 / (i + 1) },
              );
        const lines = format === 'csv' ? ['step,epoch,loss,val_loss'] : [];
        for (let i = 0; i < 20000; i++) lines.push(row(i));
        const path = join(dir, `metrics.${format}`);
        // The writer is in the middle of a line.
        const last = row(20000);
        writeFileSync(path, lines.join('\n') + '\n' + last.slice(0, 7));
        PARTS.minBytes = 0;
        const joinedBefore = PARTS.joined;
        const live = new LiveSource(path, path, { format });
        assert.equal(await live.refresh(), 'reset');
        assert.equal(
          PARTS.joined,
          joinedBefore + 1,
          `${format}: the second half was read by a helper thread and joined`,
        );
        assert.equal(live.pendingBytes, 7, `${format}: the unfinished line waits for the rest`);
        appendFileSync(path, last.slice(7) + '\n' + row(20001) + '\n' + row(3) + '\n');
        assert.equal(await live.refresh(), 'appended');
        const whole = await parserForFile(path, path);
        await feedRange(path, whole, 0, statSync(path).size);
        whole.flush();
        assert.deepEqual(dump(live.run!), dump(whole.run), format);
        assert.equal(live.run!.getSeries('loss')!.length, 20003);
      }
    } finally {
      PARTS.minBytes = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
