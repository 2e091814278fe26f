import * as assert from 'node:assert/strict';
import { DelimitedLogParser } from '../../src/core/formats/delimited';
import { FAST_ROWS } from '../../src/core/model/rowBatch';
import { createParser, detectFormat } from '../../src/core/formats';
import { bytes, dumpRun, feedInChunks, fixture, fixtureBytes, prng } from './helpers';
import type { Run } from '../../src/core/model/run';

function parse(text: string | Uint8Array, path = 'log.csv'): Run {
  const p = new DelimitedLogParser(path, path);
  p.push(typeof text === 'string' ? bytes(text) : text);
  p.flush();
  return p.run;
}

function values(run: Run, name: string): number[] {
  const s = run.getSeries(name);
  assert.ok(s, `series ${name}`);
  return Array.from(s.valueArray());
}

describe('DelimitedLogParser on real files', () => {
  it('reads a Keras CSVLogger log: 17 epochs, 0-based, four series', () => {
    const p = feedInChunks(createParser('keras/training.log', 'csv'), fixtureBytes('keras', 'training.log'), [1 << 20]);
    const run = p.run;
    assert.equal(run.format, 'csv');
    assert.deepEqual(
      run.series.map((s) => s.name),
      ['accuracy', 'loss', 'val_accuracy', 'val_loss'],
    );
    const valLoss = run.getSeries('val_loss')!;
    assert.equal(valLoss.length, 17);
    assert.equal(valLoss.first()!.value, 1.4435802698135376);
    assert.equal(valLoss.last()!.value, 1.0745148658752441);
    assert.equal(valLoss.last()!.step, 16);
    // Epoch 10 (0-based) is on line 12 of the file.
    assert.equal(valLoss.step(10), 10);
    assert.equal(valLoss.value(10), 1.023979663848877);
    assert.equal(valLoss.location(10), 12);
    assert.equal(valLoss.epoch(10), 10);
    assert.deepEqual(run.issues, []);
  });

  it("reads Lightning's interleaved CRLF rows: train rows and validation rows with empty cells", () => {
    const run = feedInChunks(
      createParser('lightning_logs/version_0/metrics.csv', 'lightning-csv'),
      fixtureBytes('lightning', 'metrics.csv'),
      [4096],
    ).run;
    assert.equal(run.format, 'lightning-csv');
    const train = run.getSeries('train_loss')!;
    const val = run.getSeries('val_loss')!;
    assert.equal(train.length, 25);
    assert.equal(val.length, 5);
    assert.equal(train.first()!.value, 944.161865234375);
    assert.deepEqual([val.step(0), val.value(0), val.location(0), val.epoch(0)], [4, 681.5775146484375, 7, 0]);
    assert.equal(val.id.split, 'val');
    assert.equal(train.id.key, val.id.key);
    assert.deepEqual(run.issues, []);
  });

  it("reads Ultralytics' space-padded results.csv and counts metrics/* as validation", () => {
    const run = feedInChunks(
      new DelimitedLogParser('runs/detect/train/results.csv', 'train'),
      fixtureBytes('ultralytics', 'results.csv'),
      [777],
    ).run;
    assert.equal(run.format, 'ultralytics-csv');
    assert.equal(run.series.length, 13);
    const box = run.getSeries('train/box_loss')!;
    assert.equal(box.length, 25);
    assert.equal(box.first()!.value, 1.6878);
    assert.equal(box.step(20), 20);
    assert.equal(box.location(20), 22);
    assert.equal(run.getSeries('metrics/mAP50(B)')!.id.split, 'val');
    assert.equal(run.getSeries('val/box_loss')!.id.key, box.id.key);
  });

  it('reads a step-row then epoch-row layout (Lightning style) written by a PyTorch loop', () => {
    const run = parse(fixtureBytes('pytorch-digits', 'sparse_metrics.csv'));
    assert.deepEqual(
      run.series.map((s) => [s.name, s.length]),
      [
        ['train_loss', 100],
        ['val_loss', 50],
        ['val_acc', 50],
      ],
    );
    assert.equal(run.getSeries('val_loss')!.min()!.step, 250);
  });
});

describe('DelimitedLogParser edge cases', () => {
  it('keeps nan and inf as points and counts them', () => {
    const run = parse('epoch,loss\n0,1.5\n1,nan\n2,inf\n3,-inf\n4,NaN\n');
    const s = run.getSeries('loss')!;
    assert.equal(s.length, 5);
    assert.equal(s.nonFiniteCount, 4);
    assert.equal(s.firstNonFiniteIndex, 1);
    assert.equal(s.max()!.value, 1.5);
  });

  it('holds a metric that is only NaN as a series of non-finite points, not an empty one', () => {
    const s = parse('epoch,loss\n0,nan\n1,nan\n').getSeries('loss')!;
    assert.equal(s.length, 2);
    assert.equal(s.nonFiniteCount, 2);
    assert.equal(s.min(), undefined);
  });

  it('skips NA and empty cells instead of drawing zero', () => {
    assert.deepEqual(values(parse('epoch,loss,val_loss\n0,1,NA\n1,0.9,\n2,0.8,0.7\n'), 'val_loss'), [0.7]);
  });

  it('strips a UTF-8 BOM and reads CRLF, tab and semicolon files', () => {
    assert.deepEqual(values(parse('\uFEFFepoch,loss\r\n0,1\r\n1,2\r\n'), 'loss'), [1, 2]);
    assert.deepEqual(values(parse('epoch\tloss\n0\t1\n'), 'loss'), [1]);
    assert.deepEqual(values(parse('epoch;loss;val_loss\n0;1;2\n'), 'val_loss'), [2]);
  });

  it('reads quoted headers, quoted numbers and quoted text with commas and newlines', () => {
    const run = parse('"epoch","loss","note"\n0,"0.5","a, b"\n1,0.4,"line one\nline two"\n2,0.3,x\n');
    assert.deepEqual(values(run, 'loss'), [0.5, 0.4, 0.3]);
    assert.deepEqual(Array.from(run.getSeries('loss')!.locationArray()), [2, 3, 5]);
    assert.equal(run.getSeries('note'), undefined);
  });

  it("ignores pandas' unnamed index column and uses the row as x when there is no step or epoch", () => {
    const run = parse(',loss,val_loss\n0,1.0,1.1\n1,0.9,1.0\n');
    assert.deepEqual(
      run.series.map((s) => s.name),
      ['loss', 'val_loss'],
    );
    assert.deepEqual(Array.from(run.getSeries('loss')!.stepArray()), [0, 1]);
  });

  it('reports a row with the wrong number of fields, with its line, and reads the rest', () => {
    const run = parse('epoch,loss,val_loss\n0,1,2\n1,0.5\n2,0.4,0.6\n');
    assert.deepEqual(values(run, 'loss'), [1, 0.4]);
    assert.deepEqual(run.issues, [{ line: 3, message: 'line 3: 2 fields, header has 3; row skipped' }]);
  });

  it('reports text in a numeric column once and keeps reading', () => {
    const run = parse('epoch,loss\n0,1\n1,oops\n2,bad\n3,0.5\n');
    assert.deepEqual(values(run, 'loss'), [1, 0.5]);
    assert.equal(run.issues.length, 1);
    assert.match(run.issues[0]!.message, /line 3: column "loss" has "oops", not a number/);
  });

  it('does not draw a repeated header (a resumed Keras run) and starts a new segment when epochs restart', () => {
    const s = parse('epoch,loss\n0,1\n1,0.8\nepoch,loss\n0,0.9\n1,0.7\n').getSeries('loss')!;
    assert.deepEqual(Array.from(s.valueArray()), [1, 0.8, 0.9, 0.7]);
    assert.deepEqual(s.segmentStarts, [2]);
  });

  it('holds back a partial last line until its newline, and reads it at flush', () => {
    const p = new DelimitedLogParser('l.csv', 'l');
    p.push(bytes('epoch,loss\n0,1\n1,0.'));
    assert.equal(p.run.getSeries('loss')!.length, 1);
    assert.ok(p.pendingBytes > 0);
    p.push(bytes('5\n2,0.25'));
    assert.deepEqual(values(p.run, 'loss'), [1, 0.5]);
    p.flush();
    assert.deepEqual(values(p.run, 'loss'), [1, 0.5, 0.25]);
  });

  it('reads a header-less numeric table with positional names and says so', () => {
    const run = parse('0,1.5\n1,1.2\n');
    assert.deepEqual(
      run.series.map((s) => s.name),
      ['column 1', 'column 2'],
    );
    assert.match(run.issues[0]!.message, /no header row/);
  });

  it('gives the same run whatever the chunk boundaries (every real fixture, random chunking)', () => {
    const files: [string, string][] = [
      ['keras', 'training.log'],
      ['lightning', 'metrics.csv'],
      ['ultralytics', 'results.csv'],
      ['pytorch-digits', 'sparse_metrics.csv'],
      ['pytorch-digits', 'history.csv'],
    ];
    const rnd = prng(42);
    for (const f of files) {
      const data = fixtureBytes(...f);
      const whole = dumpRun(feedInChunks(new DelimitedLogParser(f.join('/'), 'x'), data, [data.length]).run);
      for (let trial = 0; trial < 20; trial++) {
        const sizes = Array.from({ length: 16 }, () => 1 + Math.floor(rnd() * 97));
        const chunked = dumpRun(feedInChunks(new DelimitedLogParser(f.join('/'), 'x'), data, sizes).run);
        assert.deepEqual(chunked, whole, `${f.join('/')} with chunks ${sizes.join(',')}`);
      }
    }
  });

  it('copies what it keeps: a reader that reuses one Buffer for every chunk gets the same run', () => {
    const data = Buffer.from(fixtureBytes('lightning', 'metrics.csv'));
    const whole = dumpRun(feedInChunks(new DelimitedLogParser('m.csv', 'm'), data, [data.length]).run);
    for (const size of [7, 64, 333]) {
      const p = new DelimitedLogParser('m.csv', 'm');
      const buf = Buffer.alloc(size);
      for (let at = 0; at < data.length; at += size) {
        const n = data.copy(buf, 0, at, Math.min(data.length, at + size));
        p.push(buf.subarray(0, n));
        buf.fill(0x21);
      }
      p.flush();
      assert.deepEqual(dumpRun(p.run), whole, `chunks of ${size}`);
    }
  });

  it('yields a prefix of the full series for every byte prefix of a real file', () => {
    const data = fixtureBytes('lightning', 'metrics.csv');
    const full = feedInChunks(new DelimitedLogParser('m.csv', 'm'), data, [data.length]).run;
    for (let cut = 0; cut <= data.length; cut += 7) {
      const p = new DelimitedLogParser('m.csv', 'm');
      p.push(data.slice(0, cut));
      for (const s of p.run.series) {
        const f = full.getSeries(s.name)!;
        assert.ok(s.length <= f.length);
        for (let i = 0; i < s.length; i++) assert.equal(s.value(i), f.value(i));
      }
    }
  });
});

describe('detectFormat', () => {
  it('recognises training CSVs by name and by header', () => {
    assert.equal(detectFormat('a/lightning_logs/version_3/metrics.csv', ''), 'lightning-csv');
    assert.equal(detectFormat('runs/detect/train/results.csv', ''), 'ultralytics-csv');
    assert.equal(detectFormat('history.csv', ''), 'csv');
    assert.equal(
      detectFormat(fixture('keras', 'training.log'), 'epoch,accuracy,loss,val_accuracy,val_loss\n0,0.41'),
      'csv',
    );
    assert.equal(detectFormat('notes.log', 'Starting training...\nEpoch 1'), undefined);
  });
});

describe('DelimitedLogParser fast rows (read straight into the block of rows)', () => {
  /** A log of `rows` rows in one of many shapes: what the fast path takes, and everything it must hand back. */
  function randomLog(seed: number, rows: number): string {
    const rnd = prng(seed);
    const shape = seed % 6;
    const header =
      shape === 0
        ? ['step', 'loss', 'val_loss', 'acc']
        : shape === 1
          ? ['epoch', 'step', 'loss', 'lr', 'wall_time']
          : shape === 2
            ? ['index', 'step', 'loss', 'acc', 'relative_time']
            : shape === 3
              ? ['step', 'loss', 'note', 'acc']
              : shape === 4
                ? ['epoch', 'loss', 'val_loss']
                : ['step', 'epoch', 'loss', 'timestamp'];
    const eol = seed % 4 === 1 ? '\r\n' : '\n';
    // None, a few (the fast path hands them back, and stops once the metrics fall out of step), or many.
    const oddRate = [0, 0.0002, 0.009][seed % 3]!;
    const lines = [header.join(',')];
    let step = 0;
    for (let r = 0; r < rows; r++) {
      step += rnd() < 0.002 ? -Math.floor(step / 2) : 1;
      const cells = header.map((name) => {
        const odd = rnd() * (0.009 / Math.max(oddRate, 1e-9));
        // Now and then what the fast path does not take: empty, padded, NaN, text, quoted, a number with units.
        if (odd < 0.004) return '';
        if (odd < 0.006) return ` ${rnd().toFixed(3)}`;
        if (odd < 0.007) return 'nan';
        if (odd < 0.008) return name === 'note' ? '"a, b"' : 'oops';
        if (odd < 0.009) return '1.5e';
        switch (name) {
          case 'step':
            return String(step);
          case 'epoch':
            return String(Math.floor(step / 50));
          case 'index':
            return String(r);
          case 'note':
            return rnd() < 0.5 ? 'warmup' : '';
          case 'wall_time':
            return String(1.7e9 + r * 0.5);
          case 'timestamp':
            return String(1.7e12 + r * 500);
          case 'relative_time':
            return (r * 0.25).toFixed(2);
          default:
            return String(rnd() < 0.5 ? rnd() : Math.fround(rnd() * 10));
        }
      });
      lines.push(cells.join(','));
    }
    return lines.join(eol) + eol;
  }

  it('reads every row as the general path does: plain rows, rows it hands back, chunk seams anywhere', () => {
    const rnd = prng(3);
    let fastRows = 0;
    for (let seed = 1; seed <= 24; seed++) {
      const data = bytes(randomLog(seed, 3000 + Math.floor(rnd() * 3000)));
      const sizes = Array.from({ length: 8 }, () => 1 + Math.floor(rnd() * 20000));
      FAST_ROWS.on = false;
      let expected: unknown;
      try {
        expected = dumpRun(feedInChunks(new DelimitedLogParser(`run${seed}.csv`, 'x'), data, [data.length]).run);
      } finally {
        FAST_ROWS.on = true;
      }
      const parser = new DelimitedLogParser(`run${seed}.csv`, 'x');
      assert.deepEqual(
        dumpRun(feedInChunks(parser, data, sizes).run),
        expected,
        `seed ${seed}, chunks ${sizes.join(',')}`,
      );
      fastRows += parser.fastRowsRead;
    }
    assert.ok(fastRows > 10_000, `the fast path read ${fastRows} rows`);
  });

  it('reads a plain log nearly all on the fast path', () => {
    const lines = ['step,epoch,loss,val_loss,lr'];
    for (let i = 0; i < 5000; i++) lines.push(`${i},${Math.floor(i / 100)},${1 / (i + 1)},${2 / (i + 2)},0.001`);
    const parser = new DelimitedLogParser('log.csv', 'x');
    parser.push(bytes(lines.join('\n') + '\n'));
    parser.flush();
    assert.ok(parser.fastRowsRead >= 4998, `${parser.fastRowsRead} fast rows`);
    assert.equal(parser.run.getSeries('loss')!.length, 5000);
    assert.equal(parser.run.getSeries('val_loss')!.value(4999), 2 / 5001);
  });
});
