import * as assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { createParser } from '../../../src/core/formats';
import { TfEventsFolderParser, TfEventsParser } from '../../../src/core/formats/tfevents';
import { FLUSH_STEP_BYTES, TfRecordReader } from '../../../src/core/formats/tfrecord';
import { crc32c, maskedCrc32c } from '../../../src/core/text/crc32c';
import { bytes, dumpRun, feedInChunks, fixture, fixtureBytes } from '../helpers';
import { assertChunkingIndependent, assertEveryPrefixIsAPrefix } from './formatHelpers';

const ULTRALYTICS = ['tfevents', 'ultralytics', 'events.out.tfevents.1675348815.43529bab29be.37247.0'] as const;
const KERAS_NAN_VAL = [
  'tfevents',
  'keras-nan',
  '20220213-124139',
  'validation',
  'events.out.tfevents.1644728574.huangyuan3hdeMacBook-Pro.local.73068.1.v2',
] as const;
const IMDB = fixture('tfevents', 'keras-imdb', 'imdb-model-1690485351');

function read(...path: string[]) {
  return feedInChunks(createParser(fixture(...path), 'tfevents'), fixtureBytes(...path), [1 << 16]).run;
}

// Expected numbers come from an independent pure-Python decoder (every CRC checked), not from this parser.
describe('TensorBoard event files', () => {
  it('has the CRC-32C check value of the Castagnoli polynomial', () => {
    assert.equal(crc32c(bytes('123456789')), 0xe3069283);
    // FORMATS-DETAIL 7b: the first record of a PyTorch file is a 24-byte length with masked CRC a3 7f 4b 22.
    assert.equal(maskedCrc32c(new Uint8Array([0x18, 0, 0, 0, 0, 0, 0, 0])), 0x224b7fa3);
  });

  it("reads Ultralytics' simple_value scalars, keeping all 1 375 values of a loss logged 55 times per step", () => {
    const run = read(...ULTRALYTICS);
    assert.equal(run.format, 'tfevents');
    assert.equal(run.locationKind, 'offset');
    assert.deepEqual(
      run.series.map((s) => [s.name, s.length]),
      [
        ['train/box_loss', 1375],
        ['train/cls_loss', 1375],
        ['train/dfl_loss', 1375],
        ['metrics/precision(B)', 27],
        ['metrics/recall(B)', 27],
        ['metrics/mAP50(B)', 27],
        ['metrics/mAP50-95(B)', 27],
        ['val/box_loss', 25],
        ['val/cls_loss', 25],
        ['val/dfl_loss', 25],
      ],
    );
    const box = run.getSeries('train/box_loss')!;
    assert.deepEqual([box.step(0), box.value(0), box.location(0)], [1, 2.1379001140594482, 40]);
    assert.deepEqual([box.last()!.step, box.last()!.value, box.location(1374)], [25, 0.9386799931526184, 223360]);
    assert.equal(box.maxPointsPerStep, 55);
    assert.deepEqual(box.pointsAtStep(60), { first: 55, count: 55 });
    assert.ok(box.wallTime(0)! > 1675348815 && box.wallTime(0)! < 1675348815 + 86400);
    const val = run.getSeries('val/box_loss')!;
    assert.deepEqual([val.step(0), val.value(0), val.location(0)], [1, 2.335050106048584, 8844]);
    assert.equal(val.id.key, box.id.key);
    assert.deepEqual(run.issues, []);
  });

  it("reads Keras' tensor scalars from a validation file that holds only NaN, as validation series", () => {
    const run = read(...KERAS_NAN_VAL);
    assert.deepEqual(
      run.series.map((s) => s.name),
      [
        'validation/evaluation_loss_vs_iterations',
        'validation/evaluation_mae_vs_iterations',
        'validation/epoch_loss',
        'validation/epoch_mae',
      ],
    );
    const loss = run.getSeries('validation/epoch_loss')!;
    assert.equal(loss.length, 20);
    assert.equal(loss.nonFiniteCount, 20);
    assert.equal(loss.min(), undefined);
    assert.deepEqual(
      [loss.step(0), loss.location(0), loss.epoch(0), loss.step(19), loss.location(19)],
      [0, 213, 0, 19, 6061],
    );
    assert.deepEqual([loss.id.split, loss.id.quantity, loss.id.aggregation], ['val', 'loss', 'epoch']);
  });

  it('skips graphs, histograms and files without scalars', () => {
    const run = read(
      'tfevents',
      'keras-nan',
      '20220213-124139',
      'train',
      'events.out.tfevents.1644732123.huangyuan3hdeMacBook-Pro.local.73068.4.v2',
    );
    assert.equal(run.series.length, 0);
    assert.deepEqual(run.issues, []);
  });

  it("merges a Keras run's train/ and validation/ folders into one run whose splits pair up", () => {
    const parser = new TfEventsFolderParser(IMDB, 'imdb-model-1690485351');
    for (const split of ['train', 'validation']) {
      for (const f of readdirSync(`${IMDB}/${split}`)) {
        const data = fixtureBytes('tfevents', 'keras-imdb', 'imdb-model-1690485351', split, f);
        assert.equal(parser.memberMode(`${split}/${f}`), 'append');
        parser.push(`${split}/${f}`, data);
      }
    }
    parser.flush();
    const run = parser.run;
    assert.deepEqual(
      run.series.map((s) => [s.name, s.length]),
      [
        ['train/epoch_loss', 20],
        ['train/epoch_accuracy', 20],
        ['validation/evaluation_loss_vs_iterations', 20],
        ['validation/evaluation_accuracy_vs_iterations', 20],
        ['validation/epoch_loss', 20],
        ['validation/epoch_accuracy', 20],
      ],
    );
    const train = run.getSeries('train/epoch_loss')!;
    const val = run.getSeries('validation/epoch_loss')!;
    assert.deepEqual([train.id.split, val.id.split, train.id.key, val.id.key], ['train', 'val', 'loss', 'loss']);
    assert.deepEqual(
      [train.value(0), train.location(0), train.last()!.value, train.location(19)],
      [0.5466302633285522, 52615, 0.019987531006336212, 149005],
    );
    assert.deepEqual([val.value(0), val.location(0), val.last()!.value], [0.42648032307624817, 256, 0.518250048160553]);
    assert.equal(val.fileOf(3), 'validation/events.out.tfevents.1690485359.e-bnbobg-5l77j-0.80091.1.v2');
    assert.equal(parser.memberMode('train/plugins/profile/x.pb'), undefined);
    assert.equal(parser.memberMode('other/events.out.tfevents.1.x'), undefined);
  });

  it('waits for the rest of a record cut short (a writer mid-write), without reporting anything', () => {
    const data = fixtureBytes(...KERAS_NAN_VAL);
    const p = new TfEventsParser('f', 'f');
    p.push(data.slice(0, 250));
    p.flush();
    assert.ok(p.pendingBytes > 0);
    assert.deepEqual(p.run.issues, []);
    p.push(data.slice(250));
    p.flush();
    assert.equal(p.pendingBytes, 0);
    assert.deepEqual(dumpRun(p.run), dumpRun(feedInChunks(new TfEventsParser('f', 'f'), data, [data.length]).run));
  });

  it('reports a record whose data fails its checksum, with its offset, and reads on', () => {
    const data = fixtureBytes(...ULTRALYTICS).slice();
    data[8844 + 12 + 20]! ^= 0xff; // inside the data of the record at byte 8844 (first val/box_loss)
    const run = feedInChunks(new TfEventsParser('f', 'f'), data, [4096]).run;
    assert.deepEqual(run.issues, [
      { offset: 8844, message: 'the record at byte 8844 fails its checksum (damaged data); skipped' },
    ]);
    assert.equal(run.getSeries('val/box_loss')!.length, 24);
    assert.equal(run.getSeries('train/box_loss')!.length, 1375);
  });

  it('slides past a damaged length to the next valid record and says which bytes it skipped', () => {
    const data = fixtureBytes(...ULTRALYTICS).slice();
    data[8844]! ^= 0x01; // the length of the record at byte 8844
    const run = feedInChunks(new TfEventsParser('f', 'f'), data, [333]).run;
    assert.equal(run.issues.length, 1);
    assert.match(run.issues[0]!.message, /^bytes 8844–8894 are not TensorBoard records/);
    assert.equal(run.issues[0]!.offset, 8844);
    assert.equal(run.getSeries('val/box_loss')!.length, 24);
    assert.equal(run.getSeries('val/cls_loss')!.length, 25);
  });

  it('reports a stretch of damaged bytes once, with its range forwards, when a live reader settles after every tiny push', () => {
    // Issue #15: settling after every push over damaged bytes said one issue a push (up to the 200 kept), and
    // the push that completed the next header said its stretch backwards ("bytes 1406–1395").
    const data = fixtureBytes(...ULTRALYTICS).slice();
    data[8844]! ^= 0x01; // the length of the record at byte 8844: bytes 8844–8894 are no record
    data[20_000]! ^= 0x01; // and a second stretch further on
    const whole = feedInChunks(new TfEventsParser('f', 'f'), data, [data.length]).run;
    assert.equal(whole.issues.length, 2);
    const settling = (sizes: number[]) => {
      const p = new TfEventsParser('f', 'f');
      for (let at = 0, k = 0; at < data.length; k++) {
        const n = sizes[k % sizes.length]!;
        p.push(data.slice(at, at + n));
        at += n;
        p.flush();
      }
      return p.run;
    };
    for (const sizes of [[1], [5], [7, 3], [333]]) {
      const run = settling(sizes);
      for (const { message } of run.issues) {
        const [, from, to] = /^bytes (\d+)–(\d+)/.exec(message) ?? [];
        if (from !== undefined) assert.ok(Number(from) <= Number(to), `backwards: ${message} (chunks ${sizes})`);
      }
      assert.deepEqual(run.issues, whole.issues, `chunks ${sizes}`);
      assert.equal(run.issueCount, 2, `chunks ${sizes}`);
      assert.deepEqual(dumpRun(run), dumpRun(whole), `chunks ${sizes}`);
    }
  });

  it('says a record header that claims 1 GiB (valid checksum) in the middle of a file is damaged, with its offset, and reads on', () => {
    // Issue #15: the rest of the file went into the "record still coming" and was dropped without a word.
    const original = fixtureBytes(...ULTRALYTICS);
    const header = new Uint8Array(12);
    new DataView(header.buffer).setBigUint64(0, 1n << 30n, true);
    new DataView(header.buffer).setUint32(8, maskedCrc32c(header.subarray(0, 8)), true);
    const data = new Uint8Array(Buffer.concat([original.subarray(0, 8844), header, original.subarray(8844)]));
    for (const sizes of [[data.length], [333], [4096]]) {
      const run = feedInChunks(new TfEventsParser('f', 'f'), data, sizes).run;
      assert.deepEqual(
        run.issues,
        [
          {
            offset: 8844,
            message:
              'the record at byte 8844 claims 1 GB, but whole records follow inside it from byte 8856: its length is damaged; bytes 8844–8856 skipped',
          },
        ],
        `chunks ${sizes}`,
      );
      assert.equal(run.getSeries('val/box_loss')!.length, 25);
      assert.equal(run.getSeries('train/box_loss')!.length, 1375);
    }
    // A record cut short by a writer mid-write still waits without a word.
    const cut = feedInChunks(new TfEventsParser('f', 'f'), original.subarray(0, 8844 + 30), [4096]).run;
    assert.deepEqual(cut.issues, []);
  });

  it('reads on inside a record whose claimed length holds whole records, read whole, in chunks or settling (fuzz)', () => {
    // npm run fuzz (tfevents, seed 20261207, cases 2064, 11005, 22585…): a record whose bytes were cut out claims
    // the records after it. A reader flushing after every push found them inside it and read on; one push
    // skipped them all by the claimed length, with its failing checksum: what was read depended on the chunks.
    const frame = (data: Uint8Array, claimed = data.length) => {
      const out = new Uint8Array(12 + data.length + (data.length > 0 ? 4 : 0));
      const view = new DataView(out.buffer);
      view.setBigUint64(0, BigInt(claimed), true);
      view.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
      out.set(data, 12);
      if (data.length > 0) view.setUint32(12 + data.length, maskedCrc32c(data), true);
      return out;
    };
    const payload = (n: number, v: number) => new Uint8Array(n).fill(v);
    // A (100 bytes), B's header alone claiming 300 (its data cut out), C and D (50 each) inside that, E (400).
    const parts = [frame(payload(100, 1)), frame(new Uint8Array(0), 300), frame(payload(50, 2))];
    parts.push(frame(payload(50, 3)), frame(payload(400, 4)));
    const data = new Uint8Array(Buffer.concat(parts));
    const b = parts[0]!.length;
    const read = (sizes: number[], settle: boolean) => {
      const records: number[] = [];
      const issues: string[] = [];
      const r = new TfRecordReader(
        (_buf, _s, _e, offset) => records.push(offset),
        (offset, message) => issues.push(`${offset}: ${message}`),
      );
      for (let at = 0, k = 0; at < data.length; k++) {
        const n = sizes[k % sizes.length]!;
        r.push(data.subarray(at, at + n));
        at += n;
        if (settle) r.flush();
      }
      r.flush();
      return { records, issues };
    };
    const want = [0, b + 12, b + 12 + 66, b + 12 + 132];
    for (const [sizes, settle] of [
      [[data.length], false],
      [[7], false],
      [[1], true],
      [[5, 64], true],
    ] as const) {
      const got = read([...sizes], settle);
      assert.deepEqual(got.records, want, `chunks ${sizes}${settle ? ', settling' : ''}: ${got.issues.join('; ')}`);
      assert.ok(
        got.issues.includes(
          `${b}: the record at byte ${b} claims 300 bytes, but whole records follow inside it from byte ${b + 12}: its length is damaged; bytes ${b}–${b + 12} skipped`,
        ),
        got.issues.join('; '),
      );
    }
  });

  it('reads what a damaged header hides a bounded step at a time (FLUSH_STEP_BYTES), with the same result as one flush', () => {
    // Issue #15: a 20 MB file behind a header claiming 1 GiB was read in one flush, 200 ms on the host's thread.
    const original = fixtureBytes(...ULTRALYTICS);
    const header = new Uint8Array(12);
    new DataView(header.buffer).setBigUint64(0, 1n << 30n, true);
    new DataView(header.buffer).setUint32(8, maskedCrc32c(header.subarray(0, 8)), true);
    // 300 KB of bytes that are no record (the search for one inside is cut too), then the records, 20 times over.
    const junk = new Uint8Array(300_000).fill(0xa5);
    const body = original.subarray(8844);
    const data = new Uint8Array(
      Buffer.concat([original.subarray(0, 8844), header, junk, ...Array<Uint8Array>(20).fill(body)]),
    );
    const stepped = feedInChunks(new TfEventsParser('f', 'f'), data, [1 << 18], false);
    const counts: number[] = [];
    let more = true;
    while (more) {
      const before = stepped.run.pointCount;
      more = stepped.flushStep();
      counts.push(stepped.run.pointCount - before);
    }
    // Every record here holds one value in at least 40 bytes: a step reads at most FLUSH_STEP_BYTES of them.
    const most = Math.max(...counts);
    assert.ok(most <= FLUSH_STEP_BYTES / 40, `a step read ${most} records`);
    assert.ok(counts.length > (20 * body.length + junk.length) / FLUSH_STEP_BYTES, `${counts.length} steps`);
    assert.equal(stepped.flushStep(), false, 'a flush that is over has nothing left to do');
    const once = feedInChunks(new TfEventsParser('f', 'f'), data, [1 << 18]).run;
    assert.deepEqual(dumpRun(stepped.run), dumpRun(once));
    // Every value the records hold, as without the damaged header and the bytes that are no record.
    const clean = new Uint8Array(Buffer.concat([original.subarray(0, 8844), ...Array<Uint8Array>(20).fill(body)]));
    const whole = feedInChunks(new TfEventsParser('f', 'f'), clean, [clean.length]).run;
    const values = (r: typeof once) =>
      r.series.map((x) => [x.name, Array.from(x.stepArray()), Array.from(x.valueArray())]);
    assert.deepEqual(values(once), values(whole));
    assert.ok(once.getSeries('train/box_loss')!.length > 20_000);
    assert.match(
      once.issues[0]!.message,
      /^the record at byte 8844 claims 1 GB, but whole records follow inside it from byte 308856/,
    );
  });

  it('gives a prefix of the series for every byte prefix, whatever the chunking', () => {
    assertEveryPrefixIsAPrefix(() => new TfEventsParser('f', 'f'), fixtureBytes(...KERAS_NAN_VAL), 7);
    assertChunkingIndependent(() => new TfEventsParser('f', 'f'), fixtureBytes(...ULTRALYTICS), 10);
  });
  it("reads an Ultralytics event file in runs/detect/train/ by its tags' own prefixes, not as a Keras training split", () => {
    // Ultralytics writes each run to runs/detect/train/, train2/…: the folder's name is the run's, not a split.
    const path = 'runs/detect/train/events.out.tfevents.1675348815.43529bab29be.37247.0';
    const run = feedInChunks(createParser(path, 'tfevents'), fixtureBytes(...ULTRALYTICS), [1 << 16]).run;
    const names = run.series.map((s) => s.name);
    assert.deepEqual(names, [
      'train/box_loss',
      'train/cls_loss',
      'train/dfl_loss',
      'metrics/precision(B)',
      'metrics/recall(B)',
      'metrics/mAP50(B)',
      'metrics/mAP50-95(B)',
      'val/box_loss',
      'val/cls_loss',
      'val/dfl_loss',
    ]);
    assert.equal(run.getSeries('val/box_loss')!.id.split, 'val');
    assert.equal(run.getSeries('metrics/mAP50(B)')!.id.split, 'val');
    assert.equal(run.getSeries('train/box_loss')!.id.split, 'train');
    // Keras' plain tags in a split folder still take the folder's name.
    const keras = read(...KERAS_NAN_VAL);
    assert.ok(
      keras.series.every((s) => s.name.startsWith('validation/')),
      keras.series.map((s) => s.name).join(', '),
    );
  });
});
