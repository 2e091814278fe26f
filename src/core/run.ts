/**
 * A run: one source (a file, or a folder such as an MLflow run) read in one format, with its
 * series and the problems met while reading it. Problems never stop a read: the rest is kept.
 */

import { Series, type LocationKind } from './series';
import type { Split } from './metricName';

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

export class Run {
  private readonly series_ = new Map<string, Series>();
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

  /** The series called `name`, created on first use (with `split` overriding the name's own). */
  seriesFor(name: string, split?: Split): Series {
    let s = this.series_.get(name);
    if (!s) {
      s = new Series(name, this.locationKind, split);
      this.series_.set(name, s);
    }
    return s;
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
