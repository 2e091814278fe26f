/**
 * A file that is being written: read incrementally. Remembers the byte offset reached, reads only
 * what was appended, keeps a partial last line for the next read, and starts over when the file
 * shrinks, is replaced (new inode, as atomic writers do), or its already-read bytes changed
 * (Lightning rewrites `metrics.csv` with a wider header when a new metric appears).
 */

import { stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { createParser, writeModeOf, type ParserOptions } from '../core/formats';
import {
  flushSteps,
  MAX_LOG_FILE_BYTES,
  tooLargeMessage,
  type FormatId,
  type Run,
  type RunParser,
} from '../core/model/run';
import { sniffFormat } from './readSource';
import { joinSecondPart, startSecondPart } from './readInParts';
import { TailedFile } from './tailedFile';
import { inTurns, nextTurn } from './turns';
import { PreparedYaml } from './preparedYaml';
import { readSidecars } from './readSidecars';

/** What a refresh found. `reset` means the run was read again from the start. */
export type RefreshResult = 'unchanged' | 'appended' | 'reset' | 'missing' | 'unrecognised' | 'cancelled';

/** Reports progress of a long read and lets the caller stop it. */
export interface ReadControl {
  readonly onProgress?: (bytesRead: number, total: number) => void;
  readonly isCancelled?: () => boolean;
}

export class LiveSource {
  private parser_: RunParser | undefined;
  private readonly file: TailedFile;
  /** A last line without newline was parsed; bytes appended after it must be read from the start. */
  private flushedPartial = false;
  /** A file rewritten whole as it was when last read (size, time, inode): an event that changed nothing reads nothing. */
  private readSignature = '';
  private format: FormatId | undefined;
  /** The run's format when the parameters files beside it were read (see `readParamsBeside`). */
  private paramsReadFor: FormatId | undefined;
  /** Bumped on every reset, so consumers know earlier indices are void. */
  generation = 0;
  private control: ReadControl = {};

  /** Why the file's format could not be told, after a refresh that found it `unrecognised`. */
  unrecognisedReason: string | undefined;

  /** Size and modification time of the file at the last refresh. */
  size = 0;
  lastModified = 0;

  constructor(
    readonly path: string,
    readonly displayPath: string,
    private readonly options: ParserOptions = {},
  ) {
    this.file = new TailedFile(path);
  }

  get parser(): RunParser | undefined {
    return this.parser_;
  }
  get run(): Run | undefined {
    return this.parser_?.run;
  }
  get pendingBytes(): number {
    return this.parser_?.pendingBytes ?? 0;
  }
  get bytesRead(): number {
    return this.file.offset;
  }

  /** Brings the parsed run up to date with the file on disk. */
  async refresh(control: ReadControl = {}): Promise<RefreshResult> {
    this.control = control;
    let st: Stats;
    try {
      st = await stat(this.path);
    } catch {
      if (!this.parser_) return 'missing';
      this.parser_ = undefined;
      this.file.reset();
      this.generation++;
      return 'missing';
    }
    this.size = st.size;
    this.lastModified = st.mtimeMs;
    const mode = this.format ? writeModeOf(this.format) : 'append';
    if (mode === 'rewrite' && this.parser_ && !this.flushedPartial && signature(st) === this.readSignature) {
      // Not rewritten since it was read (the watcher's event for the read itself, a touch of its folder):
      // read again, it would count as written, and the run as live.
      return 'unchanged';
    }
    // Checked before the file's bytes are compared: these start over whatever the bytes say.
    if (!this.parser_ || mode === 'rewrite' || this.flushedPartial) return this.readFromStart(st);
    const change = await this.file.change(st);
    if (change === 'replaced') return this.readFromStart(st);
    if (change === 'same') return 'unchanged';
    if (st.size > MAX_LOG_FILE_BYTES) return this.readFromStart(st);
    if (!(await this.read(st))) return this.cancelled();
    await this.readParamsBeside();
    return 'appended';
  }

  /**
   * Reads the parameters files beside the run (`hparams.yaml` beside a Lightning `metrics.csv`)
   * once its format says which: a file first read empty or before its header is a plain CSV, and
   * becomes Lightning's only when an append brings the header. Read before the refresh says the
   * run changed, so no one sees the run of that format without its parameters.
   */
  private async readParamsBeside(): Promise<void> {
    const run = this.parser_?.run;
    if (!run || run.format === this.paramsReadFor) return;
    this.paramsReadFor = run.format;
    await readSidecars(this.path, run.format, run, nextTurn, new PreparedYaml());
  }

  /**
   * The writer has been quiet: treat a last line without newline as complete. If more bytes are
   * appended later, that line may have been cut, so the next refresh reads from the start.
   */
  async settle(): Promise<boolean> {
    const parser = this.parser_;
    if (!parser || parser.pendingBytes === 0) return false;
    const before = parser.pendingBytes;
    // A step a turn: a damaged TensorBoard header may hide most of a large file (see `TfRecordReader.flushStep`).
    await inTurns(flushSteps(parser));
    if (this.parser_ !== parser) return false;
    // A binary record cut short stays pending (its reader waits for the rest): nothing was completed.
    if (parser.pendingBytes >= before) return false;
    this.flushedPartial = true;
    return true;
  }

  private async readFromStart(st: Stats): Promise<RefreshResult> {
    this.generation++;
    this.flushedPartial = false;
    this.file.reset();
    this.parser_ = undefined;
    if (!this.format || !this.options.format) {
      const sniffed = this.options.format ? { format: this.options.format } : await sniffFormat(this.path);
      this.format = 'format' in sniffed ? sniffed.format : undefined;
      this.unrecognisedReason = 'reason' in sniffed ? sniffed.reason : undefined;
    }
    if (!this.format) return 'unrecognised';
    this.parser_ = createParser(this.displayPath, this.format, this.options);
    this.paramsReadFor = undefined;
    if (st.size > MAX_LOG_FILE_BYTES) {
      // Say so rather than exhaust the editor's memory; a later refresh sees the same and stays put.
      this.parser_.run.report({ offset: 0, message: tooLargeMessage(st.size) });
      this.file.skip(st);
      return 'reset';
    }
    if (!(await this.readWhole(st))) return this.cancelled();
    this.readSignature = signature(st);
    if (writeModeOf(this.format) === 'rewrite') this.parser_.flush();
    await this.readParamsBeside();
    // Most files read whole are finished runs: give back the columns' spare room (appends grow them again).
    this.parser_.run.trim();
    return 'reset';
  }

  /** A cancelled read leaves a partial run: drop it, so the next refresh starts over. */
  private cancelled(): RefreshResult {
    this.parser_ = undefined;
    this.file.reset();
    this.generation++;
    return 'cancelled';
  }

  /**
   * Reads the file from its start. A large log is read in two parts at once (see `readInParts`):
   * a helper thread reads the second half while this one reads the first; the helper leaves an
   * unfinished last line, which this parser reads after the join and keeps for the next append.
   * False when cancelled.
   */
  private async readWhole(st: Stats): Promise<boolean> {
    const parser = this.parser_!;
    const second = await startSecondPart(this.path, this.format!, this.options, parser, st.size, true);
    if (!second) return this.read(st);
    // While the helper reads the second half at about the same pace, the whole is as far along as this half.
    if (!(await this.read(st, second.from, st.size / second.from))) return false;
    const joined = await joinSecondPart(parser, second.read);
    if (this.control.isCancelled?.()) return false;
    if (joined) this.file.moveTo(st.size - joined.unread);
    return this.read(st);
  }

  /**
   * Reads what the file holds past the offset (up to `to`) into the parser, yielding between
   * chunks; progress is the offset reached times `scale`. False when cancelled.
   */
  private read(st: Stats, to = st.size, scale = 1): Promise<boolean> {
    const parser = this.parser_!;
    let first = this.file.offset === 0;
    return this.file.readTo(
      st,
      (chunk) => {
        parser.push(chunk);
        // A read from the start makes room for what the rest of the file will likely bring (see `Run.expect`).
        if (first) {
          first = false;
          parser.run.expect(chunk.length, st.size);
        }
      },
      async (reached) => {
        this.control.onProgress?.(Math.min(st.size, Math.round(reached * scale)), st.size);
        // Lets other work run between chunks, so a long read never freezes the extension host.
        await nextTurn();
        return !this.control.isCancelled?.();
      },
      to,
    );
  }
}

function signature(st: Stats): string {
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}`;
}
