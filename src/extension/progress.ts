/**
 * The cancellable progress notification of a read that takes a while (a log or a predictions file
 * of hundreds of MB). It appears only once the work has run for `SHOW_AFTER_MS`, so short reads
 * never show one; it says how much is read ("120 of 800 MB"); Cancel aborts `signal`.
 */

import * as vscode from 'vscode';
import { MiB } from '../core/text/sizes';

const SHOW_AFTER_MS = 400;

export class ReadProgress {
  private readonly controller = new AbortController();
  private readonly started = Date.now();
  private report: ((done: number, total: number) => void) | undefined;
  private finish: (() => void) | undefined;
  private finished = false;

  /** `title`: the notification's title, localised by the caller ("Metric Lens: reading train.log"). */
  constructor(private readonly title: string) {}

  /** Aborted when the user cancels. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Bytes `done` of `total`: shows the notification once the work has taken a while, and moves it on. */
  readonly onProgress = (done: number, total: number): void => {
    if (!this.report && !this.finished && Date.now() - this.started > SHOW_AFTER_MS) this.show();
    this.report?.(done, total);
  };

  /** The work is over: the notification (if shown) goes away. */
  done(): void {
    this.finished = true;
    this.finish?.();
  }

  private show(): void {
    let last = 0;
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: this.title, cancellable: true },
      (progress, token) =>
        new Promise<void>((resolve) => {
          token.onCancellationRequested(() => this.controller.abort());
          this.finish = resolve;
          this.report = (done, total) => {
            const pct = Math.floor((100 * done) / Math.max(1, total));
            if (pct > last) {
              progress.report({
                increment: pct - last,
                message: `${Math.round(done / MiB)} of ${Math.round(total / MiB)} MB`,
              });
              last = pct;
            }
          };
          if (this.finished) resolve();
        }),
    );
  }
}

/** Runs `work` with a `ReadProgress` titled `title`, and ends it however the work ends. */
export async function withReadProgress<T>(
  title: string,
  work: (onProgress: (done: number, total: number) => void, signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const progress = new ReadProgress(title);
  try {
    return await work(progress.onProgress, progress.signal);
  } finally {
    progress.done();
  }
}
