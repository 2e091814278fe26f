/**
 * Runs being watched, shared by every consumer (curves panels, diagnostics, the Runs view): one
 * watcher and one parse per file however many panels show it.
 */

import * as vscode from 'vscode';
import type { RefreshResult } from '../node/liveSource';
import { LiveFolderSource } from '../node/liveFolderSource';
import { openRunSource, type RunSource } from '../node/runSource';
import { Coalescer, watchFile, watchFolder } from '../node/watchFile';
import type { FormatId, Run } from '../core/model/run';
import { chooseFormat, formatOverride } from './formatOverrides';
import { Disposable } from './dispose';
import { log } from './log';
import { ReadProgress } from './progress';

/** How long a writer must be quiet before a last line without newline counts as complete. */
const SETTLE_MS = 300;
/** Coalescing window for bursts of file events. */
const REFRESH_INTERVAL_MS = 100;
/** A run counts as live while its file changed this recently. */
export const LIVE_MS = 30_000;

export class LiveRun extends Disposable {
  private source: RunSource | undefined;
  private readonly changed = this._register(new vscode.EventEmitter<RefreshResult>());
  /** Fires after the parsed run changed (appended, reset) or the file went missing. */
  readonly onDidChange = this.changed.event;
  private readonly coalescer: Coalescer;
  private settleTimer: ReturnType<typeof setTimeout> | undefined;
  private settleDue = false;
  private readOnce = false;
  private cancelledByUser = false;
  private lastChange = 0;
  readonly displayPath: string;
  readonly ready: Promise<void>;

  constructor(
    readonly uri: vscode.Uri,
    private readonly formatFor: (uri: vscode.Uri) => FormatId | undefined = () => undefined,
  ) {
    super();
    this.displayPath = vscode.workspace.asRelativePath(uri, false);
    this.coalescer = new Coalescer(() => this.refresh(), REFRESH_INTERVAL_MS);
    this._register({ dispose: () => this.coalescer.dispose() });
    this._register({
      dispose: () => {
        if (this.settleTimer) clearTimeout(this.settleTimer);
      },
    });
    this.ready = this.start();
  }

  /** The run as read so far (undefined before the first read, or while the file is missing). */
  get run(): Run | undefined {
    return this.source?.run;
  }
  /** Why the file is read as no format, when its format could not be told. */
  get unrecognisedReason(): string | undefined {
    return this.source?.run ? undefined : this.source?.unrecognisedReason;
  }

  /**
   * Reads the file as `format` from now on (the user's choice for this session, as if a
   * `metricLens.formats` entry said so). The read goes through the coalescer, never beside another.
   */
  async readAs(format: FormatId): Promise<void> {
    chooseFormat(this.uri, format);
    const source = await openRunSource(this.uri.fsPath, this.displayPath, { format });
    if (this.isDisposed || !source) return;
    this.source = source;
    this.coalescer.trigger();
  }
  get isLive(): boolean {
    return Date.now() - this.lastChange < LIVE_MS;
  }
  get lastChangeTime(): number {
    return this.lastChange;
  }
  get lastModified(): number | undefined {
    return this.source?.lastModified;
  }

  /** Picks the reader (a file or a folder run) and the watcher, then reads. */
  private async start(): Promise<void> {
    const format = this.formatFor(this.uri);
    this.source = await openRunSource(this.uri.fsPath, this.displayPath, format ? { format } : {});
    if (this.isDisposed) return;
    if (!this.source) {
      log.warn(`${this.displayPath}: a folder with several runs (or none) cannot be followed as one run`);
      return;
    }
    // The first read comes before the watcher: a refresh the watcher starts must never run while
    // another reads (two reads at once would leave the reader's offset to whichever ends last).
    await this.refresh();
    if (this.isDisposed) return;
    const watcher =
      this.source instanceof LiveFolderSource
        ? watchFolder(this.uri.fsPath, () => this.coalescer.trigger())
        : watchFile(this.uri.fsPath, () => this.coalescer.trigger());
    this._register(watcher);
    // What was written during the first read, before the watcher saw it.
    this.coalescer.trigger();
  }

  /** Reads what changed; false when nothing had (the coalescer then lets the next read start at once). */
  private async refresh(): Promise<boolean> {
    const source = this.source;
    if (!source) return false;
    if (this.settleTimer) {
      clearTimeout(this.settleTimer);
      this.settleTimer = undefined;
    }
    // Settling runs here, inside the coalescer, so it can never interleave with a read.
    const settle = this.settleDue;
    this.settleDue = false;
    if (this.cancelledByUser) return false;
    let result: RefreshResult;
    const progress = new ReadProgress(vscode.l10n.t('Metric Lens: reading {0}', this.displayPath));
    try {
      result = await source.refresh({ onProgress: progress.onProgress, isCancelled: () => progress.signal.aborted });
      if (settle && result === 'unchanged' && (await source.settle())) result = 'appended';
    } catch (e) {
      log.warn(`reading ${this.displayPath} failed: ${e instanceof Error ? e.message : String(e)}`);
      return true;
    } finally {
      progress.done();
    }
    if (this.isDisposed) return false;
    if (result === 'cancelled') {
      // Stop following the file until it is opened again; the user asked us to stop reading it.
      this.cancelledByUser = true;
      log.info(`reading ${this.displayPath} was cancelled`);
      this.changed.fire(result);
      return true;
    }
    if (result !== 'unchanged') {
      // The first read is not a sign of life; a change after it is.
      if (this.readOnce) this.lastChange = Date.now();
      this.readOnce = true;
      log.trace(`${this.displayPath}: ${result}`);
      this.changed.fire(result);
    }
    if (source.pendingBytes > 0) {
      this.settleTimer = setTimeout(() => {
        this.settleDue = true;
        this.coalescer.trigger();
      }, SETTLE_MS);
    }
    return result !== 'unchanged';
  }
}

export interface RunLease extends vscode.Disposable {
  readonly run: LiveRun;
}

export class LiveRunRegistry extends Disposable {
  private readonly runs = new Map<string, { run: LiveRun; refs: number }>();

  /** A shared watcher on `uri`; dispose the lease when done. */
  acquire(uri: vscode.Uri): RunLease {
    const key = uri.toString();
    let entry = this.runs.get(key);
    if (!entry) {
      entry = { run: new LiveRun(uri, formatOverride), refs: 0 };
      this.runs.set(key, entry);
    }
    entry.refs++;
    const held = entry;
    let released = false;
    return {
      run: held.run,
      dispose: () => {
        if (released) return;
        released = true;
        if (--held.refs === 0) {
          held.run.dispose();
          this.runs.delete(key);
        }
      },
    };
  }

  override dispose(): void {
    for (const { run } of this.runs.values()) run.dispose();
    this.runs.clear();
    super.dispose();
  }
}
