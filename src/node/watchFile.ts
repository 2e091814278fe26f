/**
 * Watches one file for changes, fast and reliably: an `fs.watch` on its folder (inotify: no
 * delay, and it sees the file replaced, deleted or recreated), plus a slow stat poll for the
 * file systems where watching says nothing (network mounts, some containers).
 */

import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';

export interface Disposable {
  dispose(): void;
}

/**
 * Runs `task` when `trigger` is called: the first call at once, then at most once per
 * `intervalMs`, never two at a time, and always once more after the last trigger.
 *
 * A run whose task says it found nothing (resolves `false`) does not count against the interval:
 * the stat poll and repeated watch events start such runs, and a line appended just after one
 * must not wait out the interval behind it (that wait was most of the slowest appends' latency).
 */
export class Coalescer {
  private running = false;
  private dirty = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastStart = -Infinity;
  private disposed = false;

  constructor(
    private readonly task: () => Promise<boolean | void>,
    private readonly intervalMs: number,
  ) {}

  trigger(): void {
    if (this.disposed) return;
    this.dirty = true;
    this.schedule();
  }

  private schedule(): void {
    if (this.running || this.timer || !this.dirty) return;
    const wait = Math.max(0, this.lastStart + this.intervalMs - Date.now());
    if (wait === 0) void this.run();
    else
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.run();
      }, wait);
  }

  private async run(): Promise<void> {
    if (this.disposed) return;
    this.dirty = false;
    this.running = true;
    const previousStart = this.lastStart;
    this.lastStart = Date.now();
    try {
      if ((await this.task()) === false) this.lastStart = previousStart;
    } finally {
      this.running = false;
      this.schedule();
    }
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
  }
}

export interface WatchOptions {
  /** Stat poll period, the safety net under `fs.watch`. */
  readonly pollMs?: number;
}

/** Calls `onChange` (maybe spuriously) whenever the file may have changed, been replaced or removed. */
export function watchFile(path: string, onChange: () => void, options: WatchOptions = {}): Disposable {
  const name = basename(path);
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dirname(path), { persistent: false }, (_event, filename) => {
      if (filename === null || filename === name || filename.toString() === name) onChange();
    });
    watcher.on('error', () => {
      watcher?.close();
      watcher = undefined;
    });
  } catch {
    watcher = undefined;
  }
  let last = '';
  const poll = setInterval(() => {
    stat(path)
      .then(
        (st) => `${st.ino}:${st.size}:${st.mtimeMs}`,
        () => 'missing',
      )
      .then(
        (sig) => {
          if (last !== '' && sig !== last) onChange();
          last = sig;
        },
        () => undefined,
      );
  }, options.pollMs ?? 1000);
  poll.unref?.();
  return {
    dispose() {
      watcher?.close();
      clearInterval(poll);
    },
  };
}

/**
 * Watches a folder run (all files below `path`): a recursive `fs.watch` for immediacy, and a
 * periodic nudge, because a folder run's reader must stat its members anyway to see appends on
 * file systems where watching says nothing.
 */
export function watchFolder(path: string, onChange: () => void, options: WatchOptions = {}): Disposable {
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(path, { persistent: false, recursive: true }, () => onChange());
    watcher.on('error', () => {
      watcher?.close();
      watcher = undefined;
    });
  } catch {
    watcher = undefined;
  }
  const poll = setInterval(onChange, options.pollMs ?? 2000);
  poll.unref?.();
  return {
    dispose() {
      watcher?.close();
      clearInterval(poll);
    },
  };
}
