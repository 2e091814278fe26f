/**
 * JSON Lines training logs, one object per line: detectron2's `metrics.json` (`iteration`),
 * mmengine's `scalars.json` (train rows: step = iteration; validation rows: step = epoch),
 * mmcv's `*.log.json` (`mode: train|val`, a meta first line, `lr` per parameter group), and the
 * lines hand-written loops print (`{"epoch": 3, "train/loss": 0.41}`). Nested objects become
 * `/`-joined names (`lr/backbone`); bare `NaN`/`Infinity` are numbers.
 */

import { FlatObjectReader, JsonTokenizer } from '../text/json';
import { LineSplitter, longLineMessage, MAX_LINE_BYTES } from '../text/lines';
import { wallSeconds } from '../text/numbers';
import { FAST_ROWS, RowBatch, TO_EPOCH, TO_NOWHERE, TO_STEP, TO_WALL } from '../model/rowBatch';
import { FlatRowTemplate } from './jsonlFastRow';
import { Role, RowReader } from './jsonlRow';
import { Run, type ReadPlace, type SplittableParser } from '../model/run';
import type { Series } from '../model/series';

const NEWLINE = 10;
const CR = 13;

const X_PRIORITY: Record<string, number> = { row: 0, epoch: 1, iteration: 2, step: 2 };

export class JsonLinesParser implements SplittableParser {
  readonly run: Run;
  private readonly lines: LineSplitter;
  private readonly row = new RowReader();
  private readonly tokenizer = new JsonTokenizer(this.row);
  private rows = 0;
  private lastTrainX = NaN;
  // mmcv 1.x counts `iter` within an epoch: offsets make it a running iteration.
  private mmEpoch = NaN;
  private mmOffset = 0;
  private mmLastIter = 0;
  // mmengine: train rows carry `iter`, validation rows do not (and their `step` may be an epoch).
  private iterRows = false;
  private iterRowsHaveEpoch = false;
  /** A row's x came from the rows before it, or their count: see `SplittableParser.usedDefaults`. */
  usedDefaults = false;
  private readonly prefixed = new Map<string, string>();
  private readonly flat = new FlatObjectReader();
  /** The series of the previous row's values, by position: rows repeat their keys, and a lookup per value costs. */
  private readonly lastNames: string[] = [];
  private readonly lastSeries: Series[] = [];

  constructor(source: string, name: string) {
    this.run = new Run(source, 'jsonl', name);
    this.run.xLabel = 'row';
    this.lines = new LineSplitter((line, bytes) => this.run.report({ line, message: longLineMessage(line, bytes) }));
  }

  get pendingBytes(): number {
    return this.lines.pendingBytes;
  }

  push(chunk: Uint8Array): void {
    let pos = 0;
    if (!this.lines.atLineStart) {
      // The splitter finishes the line it holds (and decides about a BOM) first.
      const nl = chunk.indexOf(NEWLINE);
      pos = nl < 0 ? chunk.length : nl + 1;
      this.lines.push(pos === chunk.length ? chunk : chunk.subarray(0, pos), this.onLine);
    }
    if (pos < chunk.length) pos = this.readLines(chunk, pos);
    if (pos < chunk.length) this.lines.push(chunk.subarray(pos), this.onLine);
    this.batch.commit();
  }

  /**
   * The chunk's lines from `pos` (a line start), each read as it is found: against the template of
   * the lines before (see `fastLine`), else the general way (see `readLine`); no search for line
   * ends first. What does not end in the chunk is left to the splitter (returns its start).
   */
  private readLines(chunk: Uint8Array, pos: number): number {
    const n = chunk.length;
    while (pos < n) {
      const line = this.lines.lineNumber;
      let nl = this.template ? this.fastLine(chunk, pos, n, line) : -1;
      if (nl < 0) nl = this.readLine(chunk, pos, n, line);
      if (nl < 0) return pos;
      this.lines.skipLines(1);
      pos = nl + 1;
    }
    return pos;
  }

  /**
   * The line at `pos` read the general way: a flat object as its end is found, anything else once
   * its end is found. The index of its `\n`, or -1 when it does not end in the chunk (or is too long).
   */
  private readLine(chunk: Uint8Array, pos: number, n: number, line: number): number {
    const row = this.row;
    row.start();
    let nl = this.flat.feedToNewline(chunk, pos, n, line, row);
    if (nl >= 0 && nl - pos <= MAX_LINE_BYTES) {
      if (!row.meta) {
        this.onRow(line);
        if (!this.template && this.fast) this.makeTemplate();
      }
      return nl;
    }
    nl = chunk.indexOf(NEWLINE, pos);
    if (nl < 0 || nl - pos > MAX_LINE_BYTES) return -1;
    this.onLine(chunk, pos, nl > pos && chunk[nl - 1] === CR ? nl - 1 : nl, line);
    return nl;
  }

  flush(): void {
    this.lines.flush(this.onLine);
    this.batch.commit();
  }

  /** Rows on their way to their series (see `RowBatch`). */
  private readonly batch = new RowBatch();
  /** The fast path (see `FlatRowTemplate`): the template, whether to make one, and how it has done. */
  private template: FlatRowTemplate | undefined;
  private fast = FAST_ROWS.on;
  private fastRows = 0;
  private fastMisses = 0;
  /** A fast row's step, epoch, wall time, and values read for nothing. */
  private readonly rowAxes = new Float64Array(4);

  /** Rows the fast path read. */
  get fastRowsRead(): number {
    return this.fastRows;
  }

  get linesRead(): number {
    return this.lines.lineNumber - 1;
  }

  place(): ReadPlace {
    return { lines: this.linesRead, rows: this.rows, lastX: this.lastTrainX };
  }

  readOn(after: ReadPlace): void {
    this.lines.skipLines(after.lines);
    this.rows += after.rows;
    if (after.lastX === after.lastX) this.lastTrainX = after.lastX;
  }

  /** Lines stand alone. */
  primeLength(): number {
    return 0;
  }

  /** Once rows with `iter` have come, rows without it are validation rows: that takes the lines before. */
  continuation(): string | undefined {
    return this.iterRows ? undefined : 'jsonl';
  }

  private readonly onLine = (bytes: Uint8Array, start: number, end: number, line: number): void => {
    const t = this.tokenizer;
    const row = this.row;
    row.start();
    // Most lines are a flat object of numbers: one pass; any other line starts over with the tokenizer.
    if (this.flat.feed(bytes, start, end, line, row)) {
      if (!row.meta) this.onRow(line);
      return;
    }
    t.reset();
    row.start();
    t.feedLine(bytes, start, end, line);
    if (t.empty) return;
    if (t.error) {
      this.run.report({ line, message: `${t.error.message}; line skipped` });
      return;
    }
    if (!t.complete) {
      this.run.report({ line, message: `line ${line}: the JSON object does not end on its line; line skipped` });
      return;
    }
    if (!row.isObject) {
      this.run.report({ line, message: `line ${line}: not a JSON object; line skipped` });
      return;
    }
    if (row.meta) return;
    this.onRow(line);
  };

  private onRow(line: number): void {
    const row = this.row;
    let epoch = row.epoch;
    let prefix = '';
    let x: number;
    let xLabel: string;
    if (row.mode !== undefined) {
      // mmcv's x counts on from the rows before (iterations of earlier epochs, the last train row's).
      this.usedDefaults = true;
      xLabel = Number.isNaN(row.step) ? (Number.isNaN(epoch) ? 'row' : 'epoch') : 'iteration';
      if (row.mode === 'train') {
        x = this.mmcvTrainX(row.step, row.stepRank, epoch);
        this.lastTrainX = x;
      } else {
        prefix = `${row.mode}/`;
        x = !Number.isNaN(this.lastTrainX) ? this.lastTrainX : !Number.isNaN(epoch) ? epoch : this.rows;
      }
    } else if (!Number.isNaN(row.step)) {
      xLabel = row.stepRank === Role.Iteration || row.stepRank === Role.Iter ? 'iteration' : 'step';
      const hasIter = !Number.isNaN(row.iter) && row.stepRank !== Role.Iter;
      if (hasIter) {
        this.iterRows = true;
        this.iterRowsHaveEpoch = !Number.isNaN(epoch);
      }
      if (this.iterRows && !hasIter) {
        // mmengine's validation row: with `log_metric_by_epoch` its step is an epoch.
        prefix = 'val/';
        if (Number.isNaN(this.lastTrainX)) this.usedDefaults = true;
        if (this.iterRowsHaveEpoch) {
          epoch = row.step;
          x = Number.isNaN(this.lastTrainX) ? row.step : this.lastTrainX;
        } else {
          x = row.step;
        }
      } else {
        x = row.step;
        this.lastTrainX = x;
      }
    } else if (!Number.isNaN(epoch)) {
      x = epoch;
      xLabel = 'epoch';
    } else {
      x = this.rows;
      xLabel = 'row';
      this.usedDefaults = true;
    }
    this.rows++;
    if (X_PRIORITY[xLabel]! > X_PRIORITY[this.run.xLabel]!) this.run.xLabel = xLabel;

    for (let i = 0; i < row.count; i++) {
      const name = prefix === '' ? row.names[i]! : this.withPrefix(prefix, row.names[i]!);
      if (this.lastSeries[i] === undefined || this.lastNames[i] !== name) {
        this.lastNames[i] = name;
        this.lastSeries[i] = this.run.seriesFor(name);
      }
    }
    this.batch.add(this.lastSeries, row.values, row.count, x, line, epoch, row.wall);
  }

  /**
   * The line at `pos` read against the template (see `FlatRowTemplate`) into the block of rows:
   * the index of its `\n`, or -1 (the general path reads it). A line that does not fit drops the
   * template (the next plain line makes another); too many, and the fast path stops.
   */
  private fastLine(chunk: Uint8Array, pos: number, n: number, line: number): number {
    const template = this.template!;
    const slot = this.batch.slotFor(template.series);
    if (slot < 0) {
      this.template = undefined;
      this.fast = false;
      return -1;
    }
    const axes = this.rowAxes;
    axes[0] = NaN;
    axes[1] = NaN;
    axes[2] = NaN;
    const nl = template.read(chunk, pos, n, this.batch.values, slot, axes);
    if (nl < 0 || nl - pos > MAX_LINE_BYTES) {
      this.template = undefined;
      if (++this.fastMisses > 16 && this.fastMisses * 8 > this.fastRows) this.fast = false;
      return -1;
    }
    const x = axes[0]!,
      epoch = axes[1]!,
      wall = wallSeconds(axes[2]!);
    this.rows++;
    this.lastTrainX = x;
    this.fastRows++;
    this.batch.fill(x, line, epoch, wall);
    return nl;
  }

  /**
   * A template of the row just read, when later rows like it can be read the fast way: one flat
   * object of numbers with a step, no mmcv `mode`, no mmengine `iter` rows, keys each once.
   */
  private makeTemplate(): void {
    const row = this.row;
    const layout = row.keysAndRoles();
    // (A row with `iter` besides its step has made `iterRows` true by now.)
    if (!layout || row.mode !== undefined || this.iterRows || Number.isNaN(row.step)) return;
    if (!FlatRowTemplate.fits(layout.keys) || layout.keys.length > 64) return;
    const slots = new Int32Array(layout.keys.length);
    let metrics = 0;
    let stepTaken = false;
    layout.roles.forEach((role, j) => {
      if (role === Role.Metric) slots[j] = metrics++;
      else if (role === Role.Epoch) slots[j] = TO_EPOCH;
      else if (role === Role.WallTime) slots[j] = TO_WALL;
      else if (role === row.stepRank && !stepTaken) {
        slots[j] = TO_STEP;
        stepTaken = true;
      } else slots[j] = TO_NOWHERE;
    });
    if (!stepTaken || metrics !== row.count || metrics === 0) return;
    this.template = new FlatRowTemplate(layout.keys, slots, this.lastSeries.slice(0, metrics));
  }

  /** mmcv's epoch-based runner logs `iter` within the epoch; add the iterations of the epochs before. */
  private mmcvTrainX(step: number, rank: Role, epoch: number): number {
    if (Number.isNaN(step)) return Number.isNaN(epoch) ? this.rows : epoch;
    if (rank !== Role.Iter || Number.isNaN(epoch)) return step;
    if (epoch !== this.mmEpoch) {
      if (epoch > this.mmEpoch) this.mmOffset += this.mmLastIter;
      else this.mmOffset = 0;
      this.mmEpoch = epoch;
    }
    this.mmLastIter = step;
    return this.mmOffset + step;
  }

  private withPrefix(prefix: string, name: string): string {
    const key = prefix + name;
    let out = this.prefixed.get(key);
    if (out === undefined) {
      out = /^(val|valid|validation|eval|test)[/_]/i.test(name) ? name : key;
      this.prefixed.set(key, out);
    }
    return out;
  }
}
