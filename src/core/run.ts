/**
 * A run: one source (a file, or a folder such as an MLflow run) read in one format, with its
 * series and the problems met while reading it. Problems never stop a read: the rest is kept.
 */

import { Axis, Series, type LocationKind } from './series';
import type { Split } from './metricName';
import { formatSize, quoted } from './messages';

export type FormatId =
  | 'csv' | 'lightning-csv' | 'ultralytics-csv' | 'jsonl' | 'hf-trainer-state'
  | 'keras-history-json' | 'dvclive' | 'mlflow' | 'tfevents' | 'text';

export interface ReadIssue {
  /** 1-based line, for text formats. */
  readonly line?: number;
  /** Byte offset of a record, for binary formats. */
  readonly offset?: number;
  /** A file inside a folder source, relative to it, when not the source itself. */
  readonly file?: string;
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
export const MAX_LOG_FILE_BYTES = 1024 ** 3;

/** The message for a log over the limit (the run shows it; nothing of the file is read). */
export function tooLargeMessage(bytes: number): string {
  return `the file is ${formatSize(bytes)}, over the ${formatSize(MAX_LOG_FILE_BYTES)} a training log may have; nothing was read (split the log, or log less often)`;
}

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

  constructor(
    readonly source: string,
    public format: FormatId,
    public name: string,
    readonly locationKind: LocationKind = 'line',
  ) {}

  /** Series in the order they first appeared. */
  get series(): readonly Series[] { return [...this.series_.values()]; }
  get issues(): readonly ReadIssue[] { return this.issues_; }
  get issueCount(): number { return this.issues_.length + this.droppedIssues; }

  getSeries(name: string): Series | undefined { return this.series_.get(name); }

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

  report(issue: ReadIssue): void {
    if (this.issues_.length < MAX_KEPT_ISSUES) this.issues_.push(issue);
    else this.droppedIssues++;
  }

  get pointCount(): number {
    let n = 0;
    for (const s of this.series_.values()) n += s.length;
    return n;
  }
}

/** Where the points of metrics past `MAX_SERIES` go: nowhere. The first one is reported where it is. */
class DroppedSeries extends Series {
  private reported = false;

  constructor(private readonly run: Run, private readonly firstName: string) {
    super(firstName, run.locationKind);
  }

  override append(_step: number, _value: number, location: number): void {
    if (this.reported) return;
    this.reported = true;
    const message = `more than ${MAX_SERIES} metrics: ${quoted(this.firstName)} and the metrics first seen after it are not read`;
    this.run.report(this.run.locationKind === 'offset' ? { offset: location, message } : { line: location, message: `line ${location}: ${message}` });
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
  /** Bytes held back because their line (or record) is not complete yet. */
  readonly pendingBytes: number;
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
  /** Bytes held back because their line (or record) is not complete yet, over all members. */
  readonly pendingBytes: number;
}
