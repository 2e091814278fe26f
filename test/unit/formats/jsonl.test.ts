import * as assert from 'node:assert/strict';
import { JsonLinesParser } from '../../../src/core/formats/jsonl';
import { FAST_ROWS } from '../../../src/core/model/rowBatch';
import { bytes, dumpRun, feedInChunks, fixtureBytes, prng } from '../helpers';
import { assertChunkingIndependent, assertEveryPrefixIsAPrefix, readFixture } from './formatHelpers';
import type { Run } from '../../../src/core/model/run';

function parse(text: string): Run {
  const p = new JsonLinesParser('log.jsonl', 'log');
  p.push(bytes(text));
  p.flush();
  return p.run;
}

describe('JSON Lines logs', () => {
  it("reads detectron2's metrics.json: iteration as step, every other key a series", () => {
    const run = readFixture('jsonl', 'jsonl', 'detectron2', 'metrics.json');
    assert.equal(run.format, 'jsonl');
    assert.equal(run.xLabel, 'iteration');
    // Python: the keys of the 5 lines, `iteration` left out.
    assert.deepEqual(
      run.series.map((s) => s.name),
      [
        'data_time',
        'eta_seconds',
        'fast_rcnn/cls_accuracy',
        'fast_rcnn/false_negative',
        'fast_rcnn/fg_cls_accuracy',
        'loss_box_reg',
        'loss_cls',
        'loss_mask',
        'loss_rpn_cls',
        'loss_rpn_loc',
        'lr',
        'mask_rcnn/accuracy',
        'mask_rcnn/false_negative',
        'mask_rcnn/false_positive',
        'roi_head/num_bg_samples',
        'roi_head/num_fg_samples',
        'rpn/num_neg_anchors',
        'rpn/num_pos_anchors',
        'time',
        'total_loss',
      ],
    );
    const total = run.getSeries('total_loss')!;
    assert.equal(total.length, 5);
    assert.deepEqual([total.first()!.step, total.first()!.value], [19, 2.0359768134658225]);
    assert.deepEqual([total.last()!.step, total.last()!.value], [99, 1.280293806164991]);
    assert.deepEqual([total.step(2), total.value(2), total.location(2)], [59, 1.54623559769243, 3]);
    assert.deepEqual(run.issues, []);
  });

  it("reads a hand-written loop's lines with step and epoch, and keys with slashes", () => {
    const run = readFixture('jsonl', 'pytorch-digits', 'metrics.jsonl');
    const val = run.getSeries('val/loss')!;
    assert.equal(val.id.split, 'val');
    assert.equal(val.length, 50);
    assert.deepEqual([val.step(0), val.epoch(0), val.value(0)], [10, 0, 1.9329935312271118]);
    assert.equal(run.getSeries('train/loss')!.id.key, val.id.key);
  });

  it("keeps mmcv's train and val rows apart, skips its meta line, and turns `lr` per group into series", () => {
    // Shapes from mmcv's TextLoggerHook (FORMATS-DETAIL section 6c).
    const run = parse(
      [
        '{"env_info": "sys.platform: linux", "config": "model = dict()", "seed": 0}',
        '{"mode": "train", "epoch": 1, "iter": 50, "lr": {"backbone": 0.001, "head": 0.01}, "loss": 0.9, "time": 2.4}',
        '{"mode": "train", "epoch": 1, "iter": 100, "lr": {"backbone": 0.001, "head": 0.01}, "loss": 0.7, "time": 2.3}',
        '{"mode": "val", "epoch": 1, "iter": 625, "lr": {"backbone": 0.001, "head": 0.01}, "bbox_mAP": 0.2}',
        '{"mode": "train", "epoch": 2, "iter": 50, "lr": {"backbone": 0.001, "head": 0.01}, "loss": 0.6, "time": 2.2}',
      ].join('\n'),
    );
    assert.deepEqual(
      run.series.map((s) => s.name),
      ['lr/backbone', 'lr/head', 'loss', 'time', 'val/lr/backbone', 'val/lr/head', 'val/bbox_mAP'],
    );
    const loss = run.getSeries('loss')!;
    // `iter` counts within an epoch; epoch 2's iteration 50 comes after epoch 1's 100.
    assert.deepEqual(Array.from(loss.stepArray()), [50, 100, 150]);
    assert.deepEqual([loss.epoch(2), loss.location(2)], [2, 5]);
    const map = run.getSeries('val/bbox_mAP')!;
    assert.equal(map.id.split, 'val');
    assert.deepEqual([map.step(0), map.epoch(0), map.location(0)], [100, 1, 4]);
    assert.equal(run.getSeries('seed'), undefined);
  });

  it("keeps mmengine's validation rows (step = epoch) apart from its train rows (step = iteration)", () => {
    const run = parse(
      [
        '{"lr": 0.02, "data_time": 0.01, "loss": 1.7, "time": 0.3, "epoch": 1, "iter": 10, "memory": 1234, "step": 10}',
        '{"lr": 0.02, "data_time": 0.01, "loss": 1.2, "time": 0.3, "epoch": 1, "iter": 20, "memory": 1234, "step": 20}',
        '{"coco/bbox_mAP": 0.374, "data_time": 0.02, "time": 0.1, "step": 1}',
      ].join('\n'),
    );
    const map = run.getSeries('val/coco/bbox_mAP')!;
    assert.deepEqual([map.step(0), map.epoch(0)], [20, 1]);
    assert.equal(run.getSeries('val/time')!.length, 1);
    assert.equal(run.getSeries('time')!.length, 2);
    assert.equal(run.xLabel, 'step');
  });

  it('keeps NaN and Infinity, counts them, and reports a malformed line with its number', () => {
    const run = parse(
      '{"step": 1, "loss": 0.5}\n{"step": 2, "loss": NaN}\n{"step": 3, "loss": oops}\n{"step": 4, "loss": Infinity}\n[1, 2]\n{"step": 5, "loss": "nan"}\n',
    );
    const loss = run.getSeries('loss')!;
    assert.deepEqual(Array.from(loss.stepArray()), [1, 2, 4, 5]);
    assert.equal(loss.nonFiniteCount, 3);
    assert.deepEqual(run.issues, [
      { line: 3, message: 'line 3: "oops" is not a JSON value; line skipped' },
      { line: 5, message: 'line 5: not a JSON object; line skipped' },
    ]);
  });

  it('starts a new segment when the step goes back (a resumed run appending to the same file)', () => {
    const loss = parse(
      '{"iteration": 19, "loss": 1}\n{"iteration": 39, "loss": 0.9}\n{"iteration": 19, "loss": 1.1}\n',
    ).getSeries('loss')!;
    assert.deepEqual(loss.segmentStarts, [2]);
  });

  it('uses the row number as x when the lines have no step or epoch, and reads CRLF', () => {
    const run = parse('{"loss": 3}\r\n{"loss": 2}\r\n');
    assert.equal(run.xLabel, 'row');
    assert.deepEqual(Array.from(run.getSeries('loss')!.stepArray()), [0, 1]);
  });

  it('gives a prefix of the series for every byte prefix of a real file, whatever the chunking', () => {
    const data = fixtureBytes('jsonl', 'detectron2', 'metrics.json');
    const make = () => new JsonLinesParser('m', 'm');
    assertEveryPrefixIsAPrefix(make, data, 3);
    assertChunkingIndependent(make, data);
  });

  it('reads lines as it finds their ends as the line splitter does: every kind of line, any chunking, a BOM, CRLF', () => {
    const rnd = prng(9);
    const kinds = [
      (i: number) => `{"step": ${i}, "loss": ${rnd()}, "acc": ${Math.fround(rnd())}}`,
      (i: number) => `  {"step":${i},"loss":${rnd()},"note":"plain","ok":true,"none":null}  `,
      (i: number) => `{"step": ${i}, "lr": {"backbone": ${rnd()}, "head": 0.1}}`,
      (i: number) => `{"step": ${i}, "loss": NaN, "name": "esc\\"aped"}`,
      () => '',
      () => '   ',
      (i: number) => `[${i}, 2]`,
      (i: number) => `{"step": ${i}, "loss": 1.5e}`,
      (i: number) => `{"step": ${i}, "loss": "unterminated}`,
      (i: number) => `{"step": ${i}, "loss": 0.5}{"step": ${i}}`,
      (i: number) => `{"mode": "val", "epoch": ${i}, "accuracy": ${rnd()}}`,
      // A string cut by a line end: two broken lines, not one object.
      (i: number) => `{"step": ${i}, "note": "cut\n", "loss": 0.5}`,
    ];
    for (const [eol, bom] of [
      ['\n', ''],
      ['\r\n', '\ufeff'],
      ['\n', '\ufeff'],
    ] as const) {
      const lines: string[] = [];
      for (let i = 0; i < 400; i++) lines.push(kinds[rnd() < 0.7 ? 0 : Math.floor(rnd() * kinds.length)]!(i));
      const data = bytes(bom + lines.join(eol) + (rnd() < 0.5 ? eol : ''));
      const make = () => new JsonLinesParser('m', 'm');
      // One byte at a time, no line is whole in a chunk: the splitter finds every line end.
      const bySplitter = dumpRun(feedInChunks(make(), data, [1]).run);
      assert.ok(Object.keys(bySplitter['series'] as object).length >= 3);
      assert.deepEqual(
        dumpRun(feedInChunks(make(), data, [data.length]).run),
        bySplitter,
        `${JSON.stringify(eol)} ${bom ? 'BOM' : ''}`,
      );
      assertChunkingIndependent(make, data, 30, 5);
    }
  });
});

describe('JSON Lines fast rows (read against the template of the lines before)', () => {
  /** A log in one of many shapes, with now and then a line that is not like the others. */
  function randomLog(seed: number, rows: number): string {
    const rnd = prng(seed);
    const shape = seed % 5;
    const oddRate = [0, 0.0005, 0.01][seed % 3]!;
    const lines: string[] = [];
    let step = 0;
    for (let r = 0; r < rows; r++) {
      step += rnd() < 0.002 ? -Math.floor(step / 2) : 1;
      const v = (): string => String(rnd() < 0.5 ? rnd() : Math.fround(rnd() * 100));
      let line =
        shape === 0
          ? `{"step": ${step}, "loss": ${v()}, "acc": ${v()}}`
          : shape === 1
            ? `{"iteration":${step},"loss":${v()},"lr":${v()},"time":${v()},"epoch":${Math.floor(step / 100)}}`
            : shape === 2
              ? `{"epoch": ${Math.floor(step / 10)}, "step": ${step}, "train/loss": ${v()}, "timestamp": ${1.7e12 + r * 500}}`
              : shape === 3
                ? `{"_step":${step},"step":${step * 2},"loss":${v()},"wall_time":${1.7e9 + r}}`
                : `  {"global_step": ${step} , "loss" : -${v()} }  `;
      const odd = rnd() * (0.01 / Math.max(oddRate, 1e-9));
      // What the template does not take: another key set, a string, a nested object, NaN, a bad number, a broken line.
      if (odd < 0.002) line = `{"step": ${step}, "val_loss": ${v()}}`;
      else if (odd < 0.004) line = line.replace(/}\s*$/, ', "note": "x"}');
      else if (odd < 0.005) line = line.replace(/}\s*$/, ', "lr": {"head": 0.1}}');
      else if (odd < 0.006) line = line.replace(/"loss" ?: ?-?[0-9.e+-]+/, '"loss": NaN');
      else if (odd < 0.007) line = line.replace(/"loss" ?: ?-?[0-9.e+-]+/, '"loss": 1.5x');
      else if (odd < 0.008) line = line.slice(0, line.length >> 1);
      else if (odd < 0.009) line = '';
      else if (odd < 0.01) line = line.replace(/"loss"/, '"loss2"');
      lines.push(line);
    }
    return lines.join(seed % 4 === 1 ? '\r\n' : '\n') + '\n';
  }

  it('reads every line as the general path does: template lines, lines that differ, chunk seams anywhere', () => {
    const rnd = prng(4);
    let fastRows = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const data = bytes(randomLog(seed, 2000 + Math.floor(rnd() * 3000)));
      FAST_ROWS.on = false;
      let expected: unknown;
      try {
        expected = dumpRun(feedInChunks(new JsonLinesParser('m', 'm'), data, [data.length]).run);
      } finally {
        FAST_ROWS.on = true;
      }
      const sizes = Array.from({ length: 8 }, () => 1 + Math.floor(rnd() * 30000));
      const parser = new JsonLinesParser('m', 'm');
      assert.deepEqual(
        dumpRun(feedInChunks(parser, data, sizes).run),
        expected,
        `seed ${seed}, chunks ${sizes.join(',')}`,
      );
      fastRows += parser.fastRowsRead;
    }
    assert.ok(fastRows > 20_000, `the fast path read ${fastRows} lines`);
  });
});
