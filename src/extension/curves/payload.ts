/** Turns parsed runs into the messages the curves webview draws from. */

import type { Run } from '../../core/run';
import type { Series } from '../../core/series';
import type { RunPayload, SeriesPayload } from '../../protocol';

export function runPayload(id: string, run: Run): RunPayload {
  return { id, name: run.name, source: run.source, format: run.format, xLabel: run.xLabel, issues: run.issues.slice(), issueCount: run.issueCount };
}

/** Points `[from, series.length)`, copied out of the growing buffers. */
export function seriesPayload(runId: string, s: Series, from = 0): SeriesPayload {
  const to = s.length;
  const epochs = s.epochArray(from, to);
  const wallTimes = s.wallTimeArray(from, to);
  return {
    runId,
    name: s.name,
    split: s.id.split,
    quantity: s.id.quantity,
    chartKey: s.id.key,
    chartTitle: s.id.title,
    start: from,
    total: to,
    steps: s.stepArray(from, to).slice(),
    values: s.valueArray(from, to).slice(),
    lines: s.locationArray(from, to).slice(),
    ...(epochs ? { epochs: epochs.slice() } : {}),
    ...(wallTimes ? { wallTimes: wallTimes.slice() } : {}),
  };
}

/**
 * Tracks how much of each series a webview has, so an update sends only new points. Forget
 * everything (`reset`) when the webview reloads or the file was read again from the start.
 */
export class SentPoints {
  private readonly sent = new Map<string, number>();

  reset(): void { this.sent.clear(); }

  /** Payloads for what is new since the last call, and records it as sent. */
  take(runId: string, run: Run): SeriesPayload[] {
    const out: SeriesPayload[] = [];
    for (const s of run.series) {
      const key = `${runId}\u0000${s.name}`;
      const from = this.sent.get(key) ?? 0;
      if (from === s.length) continue;
      out.push(seriesPayload(runId, s, from));
      this.sent.set(key, s.length);
    }
    return out;
  }

  forgetRun(runId: string): void {
    for (const key of [...this.sent.keys()]) if (key.startsWith(`${runId}\u0000`)) this.sent.delete(key);
  }
}
