/**
 * The small files of a folder run that their writer rewrites whole (a `meta.yaml`, a summary
 * `metrics.json`, one MLflow param per file): their bytes are collected until the member's flush
 * and then read at once, replacing what the previous version said.
 */

import type { Run } from '../model/run';
import { copyBytes } from '../text/lines';
import { formatSize } from '../text/messages';
import { MiB } from '../text/sizes';
import { wholeText } from './textBytes';

/** A rewritten member is held whole in memory until read: past this size it is dropped, not read. */
export const MAX_SUMMARY_BYTES = 16 * MiB;

/** The issue for a member over `MAX_SUMMARY_BYTES`. */
export function tooLargeSummaryMessage(bytes: number): string {
  return `the file is ${formatSize(bytes)}, over the ${formatSize(MAX_SUMMARY_BYTES)} a summary file (read whole on every change) may have; not read`;
}

interface Collected {
  parts: Uint8Array[];
  /** Bytes pushed since the last take, including those dropped once over the limit. */
  size: number;
}

export class RewriteBuffers {
  private readonly parts = new Map<string, Collected>();
  private bytes = 0;

  get pendingBytes(): number {
    return this.bytes;
  }

  add(file: string, chunk: Uint8Array): void {
    // Nothing pushed and an empty push read alike: an empty file is no new version.
    if (chunk.length === 0) return;
    let c = this.parts.get(file);
    if (!c) {
      c = { parts: [], size: 0 };
      this.parts.set(file, c);
    }
    c.size += chunk.length;
    if (c.size > MAX_SUMMARY_BYTES) {
      for (const p of c.parts) this.bytes -= p.length;
      c.parts = [];
      return;
    }
    // A copy (not `slice`, which on a Node Buffer is a view): the caller may reuse its buffer.
    c.parts.push(copyBytes(chunk));
    this.bytes += chunk.length;
  }

  /** Files with collected bytes. */
  files(): string[] {
    return [...this.parts.keys()];
  }

  /**
   * The whole content collected for `file`, now forgotten; `undefined` when nothing was pushed, or
   * when it was over `MAX_SUMMARY_BYTES` (then `onTooLarge` is told its size).
   */
  take(file: string, onTooLarge: (bytes: number) => void): Uint8Array | undefined {
    const c = this.parts.get(file);
    if (!c) return undefined;
    this.parts.delete(file);
    if (c.size > MAX_SUMMARY_BYTES) {
      onTooLarge(c.size);
      return undefined;
    }
    const list = c.parts;
    this.bytes -= c.size;
    if (list.length === 1) return list[0]!;
    const out = new Uint8Array(c.size);
    let at = 0;
    for (const p of list) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  /**
   * The text collected for `file` (see `take`), ready to parse: `undefined` when there is none, or
   * when it is too large or not text, which is then reported on `run`, naming the member file.
   */
  takeText(file: string, run: Run): Uint8Array | undefined {
    const taken = this.take(file, (size) => run.report({ file, line: 1, message: tooLargeSummaryMessage(size) }));
    return taken && wholeText(taken, (message) => run.report({ file, offset: 0, message }));
  }
}
