/**
 * A run: one source (a file, or a folder such as an MLflow run) read in one format, with its
 * series and the problems met while reading it. Problems never stop a read: the rest is kept.
 */

import { Axis, type AxisColumns } from './axis';
import { Series, type LocationKind } from './series';
import type { Split } from './metricName';
import { formatSize, quoted } from '../text/messages';
import { GiB } from '../text/sizes';

export type FormatId =
  | 'csv'
  | 'lightning-csv'
  | 'ultralytics-csv'
  | 'jsonl'
  | 'hf-trainer-state'
  | 'keras-history-json'
  | 'dvclive'
  | 'mlflow'
  | 'tfevents'
  | 'wandb'
  | 'text';

/** How a run ended, where its writer records it (W&B's exit record, MLflow's meta.yaml, a Trainer's steps). */
export interface RunStatus {
  /**
   * `running`: no end recorded yet (still being written, or its process was killed); `incomplete`:
   * saved before its planned end (a Hugging Face checkpoint, or a run that stopped there).
   */
  readonly state: 'finished' | 'crashed' | 'running' | 'killed' | 'incomplete' | 'unknown';
  readonly exitCode?: number;
  /** When the run started, as its writer wrote it (ISO 8601). */
  readonly startedAt?: string;
  /** The program and its arguments. */
  readonly command?: string;
  readonly host?: string;
  /** What the reader wants the user to know about the run as a whole (a cut-off tail, skipped media). */
  readonly notes?: readonly string[];
}

/** Every format, as a user names one (`metricLens.formats`, `--format`). */
export const FORMAT_IDS: readonly FormatId[] = [
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

export interface ReadIssue {
  /** 1-based line, for text formats. */
  readonly line?: number;
  /** Byte offset of a record, for binary formats. */
  readonly offset?: number;
  /** A file inside a folder source, relative to it, when not the source itself. */
  readonly file?: string | undefined;
  readonly message: string;
}

/** Past this many, issues are counted, not kept: a broken 10 M-line file must not cost memory per line. */
export const MAX_KEPT_ISSUES = 200;

/** Series one run keeps at most: a file with a new metric name on every line must not cost memory per line. */
export const MAX_SERIES = 10_000;

/**
 * The largest training-log file read. A point costs about 15 bytes and a log line of five metrics
 * about 40: a 1 GiB log would hold some 130 M points, more than an editor's process should carry.
 */
export const MAX_LOG_FILE_BYTES = GiB;

/** The message for a log over the limit (the run shows it; nothing of the file is read). */
export function tooLargeMessage(bytes: number): string {
  return `the file is ${formatSize(bytes)}, over the ${formatSize(MAX_LOG_FILE_BYTES)} a training log may have; nothing was read (split the log, or log less often)`;
}

/** A run its writer says is running (no end recorded), whose files have not been written for this long, is killed. */
export const KILLED_AFTER_MS = 10 * 60 * 1000;

export class Run {
  private readonly series_ = new Map<string, Series>();
  /** Steps, locations and epochs the series share while their points come in lockstep (see `Axis`). */
  private readonly axis = new Axis();
  private readonly issues_: ReadIssue[] = [];
  private droppedIssues = 0;
  /** What the x value of the points counts: `step`, `epoch`, `iteration`, or `row` when the file has neither. */
  xLabel = 'step';
  /** Hyper-parameters found beside the run (MLflow params, hparams.yaml). */
  readonly params = new Map<string, string>();
  /** Latest values a writer keeps beside the history (DVCLive's `metrics.json`), by `/`-joined name. */
  readonly summary = new Map<string, number>();
  /** What groups this run with others, when the writer names it (an MLflow experiment's name). */
  group: string | undefined;
  /** How the run ended, when its writer says (W&B). */
  status: RunStatus | undefined;
  /**
   * Series that can be an x axis of the others (W&B's `trainer/global_step`, declared by
   * `define_metric(step_metric=…)` or named `…/global_step`): a point's x is the axis's value at the
   * point's step, or its last value before (as W&B's `step_sync` fills it in).
   */
  readonly stepMetrics = new Set<string>();

  constructor(
    readonly source: string,
    public format: FormatId,
    public name: string,
    readonly locationKind: LocationKind = 'line',
  ) {}

  /** Series in the order they first appeared. */
  get series(): readonly Series[] {
    return [...this.series_.values()];
  }
  get issues(): readonly ReadIssue[] {
    return this.issues_;
  }
  get issueCount(): number {
    return this.issues_.length + this.droppedIssues;
  }

  getSeries(name: string): Series | undefined {
    return this.series_.get(name);
  }

  /**
   * The series called `name`, created on first use (with `split` overriding the name's own). Past
   * `MAX_SERIES`, a new name gets a series that keeps nothing (and the first point sent to it is reported).
   */
  seriesFor(name: string, split?: Split): Series {
    let s = this.series_.get(name);
    if (!s) {
      if (this.series_.size >= MAX_SERIES) return (this.dropped ??= new DroppedSeries(this, name));
      s = new Series(name, this.locationKind, split, this.axis);
      this.series_.set(name, s);
    }
    return s;
  }

  private dropped: DroppedSeries | undefined;

  /** Gives back the columns' unused capacity: a read finished (appending later grows them again). */
  trim(): void {
    this.axis.trim();
    for (const s of this.series_.values()) s.trim();
  }

  /**
   * The points of this run as plain arrays, to send from a worker thread that read a later part of
   * a file (see `appendPart`). Series in lockstep on the run's axis send it once.
   */
  part(): RunPart {
    const all = [...this.series_.values()];
    const lockstep = all.every((s) => s.fills(this.axis));
    return {
      xLabel: this.xLabel,
      ...(lockstep ? { axis: this.axis.columns() } : {}),
      series: all.map((s) => ({
        name: s.name,
        split: s.id.split,
        percent: s.percent,
        values: s.valueArray(),
        ...(lockstep ? {} : { axis: axisOf(s) }),
      })),
    };
  }

  /**
   * Appends the points a parser of a later part of this run's file read (its `part()`), their
   * lines moved by `shift`. The same points, in the same series, as one parser reading on would
   * have made: the caller has checked that nothing before the part changes how it reads.
   */
  appendPart(part: RunPart, shift: number): void {
    const targets = part.series.map((p) => this.seriesFor(p.name, p.split));
    for (let k = 0; k < targets.length; k++) if (part.series[k]!.percent) targets[k]!.percent = true;
    if (part.axis && targets.every((t) => t.fills(this.axis))) {
      this.axis.pushColumns(part.axis, shift);
      for (let k = 0; k < targets.length; k++) targets[k]!.appendOnAxis(part.series[k]!.values);
      return;
    }
    for (let k = 0; k < targets.length; k++) {
      const { values, axis = part.axis! } = part.series[k]!;
      const t = targets[k]!;
      for (let i = 0; i < values.length; i++) {
        const e = axis.epochs?.[i],
          w = axis.wallTimes?.[i];
        t.append(
          axis.steps[i]!,
          values[i]!,
          axis.locations[i]! + shift,
          e === undefined || e !== e ? undefined : e,
          w === undefined || w !== w ? undefined : w,
        );
      }
    }
  }

  /**
   * A read of `totalBytes` that has read `bytesRead` of them so far: room for the points the rest
   * will bring if it goes on as it began (rows in lockstep on the shared axis), so the columns grow
   * once instead of doubling their way there. A guess: past it they double as usual.
   */
  expect(bytesRead: number, totalBytes: number): void {
    const rows = this.axis.length;
    if (rows === 0 || bytesRead <= 0 || totalBytes <= bytesRead) return;
    const size = Math.ceil(((rows * totalBytes) / bytesRead) * 1.03);
    this.axis.reserve(size);
    for (const s of this.series_.values()) if (s.fills(this.axis)) s.reserve(size);
  }

  /**
   * `revises`: `issue` replaces the one said before at the same place (line or offset, and file), which a
   * reader said before it knew where the trouble ends (a damaged stretch of a TensorBoard file read as it
   * grows): one problem is one issue however the file came. Not kept (past the cap), it was counted already.
   */
  report(issue: ReadIssue, revises = false): void {
    if (revises) {
      for (let k = this.issues_.length - 1; k >= 0; k--) {
        const said = this.issues_[k]!;
        if (said.offset === issue.offset && said.line === issue.line && said.file === issue.file) {
          this.issues_[k] = issue;
          return;
        }
      }
      if (this.droppedIssues > 0) return;
    }
    if (this.issues_.length < MAX_KEPT_ISSUES) this.issues_.push(issue);
    else this.droppedIssues++;
  }

  get pointCount(): number {
    let n = 0;
    for (const s of this.series_.values()) n += s.length;
    return n;
  }
}

/** A run's points as plain arrays (see `Run.part`): typed arrays a worker thread transfers without a copy. */
export interface RunPart {
  readonly xLabel: string;
  /** The axis every series' points are on, when they are in lockstep; else each series has its own. */
  readonly axis?: AxisColumns;
  readonly series: readonly {
    readonly name: string;
    readonly split: Split;
    readonly percent: boolean;
    readonly values: Float64Array;
    readonly axis?: AxisColumns;
  }[];
}

function axisOf(s: Series): AxisColumns {
  const epochs = s.epochArray(),
    wallTimes = s.wallTimeArray();
  return {
    steps: s.stepArray(),
    locations: s.locationArray(),
    ...(epochs ? { epochs } : {}),
    ...(wallTimes ? { wallTimes } : {}),
  };
}

/** Where the points of metrics past `MAX_SERIES` go: nowhere. The first one is reported where it is. */
class DroppedSeries extends Series {
  private reported = false;

  constructor(
    private readonly run: Run,
    private readonly firstName: string,
  ) {
    super(firstName, run.locationKind);
  }

  override append(_step: number, _value: number, location: number): void {
    if (this.reported) return;
    this.reported = true;
    const message = `more than ${MAX_SERIES} metrics: ${quoted(this.firstName)} and the metrics first seen after it are not read`;
    this.run.report(
      this.run.locationKind === 'offset'
        ? { offset: location, message }
        : { line: location, message: `line ${location}: ${message}` },
    );
  }
}

/**
 * A parser reads a source incrementally: `push` hands it bytes appended since the last call,
 * `flush` says the stream is at its end for now (a last line without a newline is complete).
 */
export interface RunParser {
  readonly run: Run;
  push(chunk: Uint8Array): void;
  flush(): void;
  /**
   * `flush` in steps of bounded work, for a parser whose flush may have much to do (a TensorBoard file whose
   * damaged header hides the rest of the file): true while more remains. See `flushSteps`.
   */
  flushStep?(): boolean;
  /** Bytes held back because their line (or record) is not complete yet. */
  readonly pendingBytes: number;
}

/**
 * One step of `parser`'s flush (of `file`, a member of a folder run): the whole flush for a parser whose flush
 * is always cheap. True while more remains, for a caller on a shared thread to take in a later turn.
 */
export function flushSteps(parser: RunParser | FolderRunParser, file?: string): () => boolean {
  return () => {
    if (parser.flushStep) return parser.flushStep(file);
    parser.flush(file);
    return false;
  };
}

/**
 * A parser whose file can be read in two parts at once: this parser the first, a fresh one (in
 * another thread) the second, after reading the first part's header. Their runs join (see
 * `Run.appendPart`) when the fresh parser read its part as this one would have gone on to: both
 * say the same `continuation()` at the seam, and the fresh one used no default where this one
 * would have known better from the lines before (`usedDefaults`) and met no problem.
 */
export interface SplittableParser extends RunParser {
  /**
   * How many of the file's first bytes (`head`) a parser of a later part reads first: the header
   * line. 0 when lines stand alone; undefined when `head` does not hold all of it.
   */
  primeLength(head: Uint8Array): number | undefined;
  /**
   * What decides how the lines from here on are read (columns and their roles), as a key: two
   * parsers with equal keys read them alike. Undefined when it takes more than a key can say.
   */
  continuation(): string | undefined;
  /** Set when a line was read with a default that the lines before it might have decided otherwise. */
  readonly usedDefaults: boolean;
  /** Complete lines read so far. */
  readonly linesRead: number;
  /** Where it stands after the lines it read (see `ReadPlace`). */
  place(): ReadPlace;
  /**
   * Reads on after a later part that was read apart and joined to its run (see `splitRead`): takes
   * on where that part's parser stood at its end (`place`, its counts less those of its prime), so
   * lines appended after the part are read as one parser reading on would read them.
   */
  readOn(after: ReadPlace): void;
}

/**
 * Where a parser stands after the lines it read: what the lines after them may depend on.
 * Plain data (it crosses threads).
 */
export interface ReadPlace {
  /** Complete lines read. */
  readonly lines: number;
  /** Rows of data read (a row with no step of its own, nor one before it, is placed by their count). */
  readonly rows: number;
  /** Where the last row with a step was placed (a row without one is placed there); NaN before any. */
  readonly lastX: number;
  /** Per column of a table, whether a number has been read in it (a column whose first cell is text is not a metric). */
  readonly seen?: readonly boolean[];
}

export function isSplittable(p: RunParser): p is SplittableParser {
  return typeof (p as Partial<SplittableParser>).continuation === 'function';
}

/**
 * How a writer updates its file: appended to (read only the new bytes), or rewritten whole
 * (Hugging Face's `trainer_state.json`, JSON summaries: read it all again on every change).
 */
export type WriteMode = 'append' | 'rewrite';

/**
 * A parser for a run that is a folder (an MLflow run, a DVCLive directory, a TensorBoard log
 * directory). Files are named relative to the run's folder with `/`. Appended members get their
 * new bytes as they come; a 'rewrite' member (a summary, a `meta.yaml`) is pushed whole and takes
 * effect at its `flush`, replacing what it said before, so it can be read again on every change.
 */
export interface FolderRunParser {
  readonly run: Run;
  /** How `file` is written, or `undefined` when it is not part of the run. */
  memberMode(file: string): WriteMode | undefined;
  /** Whether members can lie under `folder` (lets a reader skip artifact trees). */
  exploresFolder(folder: string): boolean;
  /** Files outside the folder that belong to the run (MLflow's `../meta.yaml` names the experiment). */
  readonly outsideMembers: readonly string[];
  push(file: string, chunk: Uint8Array): void;
  /** `file` (every member when absent) is at its end for now. */
  flush(file?: string): void;
  /** `flush` in steps of bounded work (see `RunParser.flushStep`). */
  flushStep?(file?: string): boolean;
  /** Bytes held back because their line (or record) is not complete yet, over all members. */
  readonly pendingBytes: number;
  /**
   * Member `file` was last written `quietMs` ago (the caller reads the clock: the core has none), for a
   * reader whose run's state depends on it (a W&B run with no exit record is killed once quiet long
   * enough). True when the run's status changed.
   */
  noteQuiet?(file: string, quietMs: number): boolean;
}
