/**
 * Every message between the extension host and the webviews. Types only (plus the version and
 * the guards the host uses on inbound messages): imported with `import type` by the webview.
 *
 * Series travel as typed arrays: VS Code transfers them as binary, so NaN and ±Infinity arrive
 * intact (JSON would turn them into null), and a long series costs no per-number encoding.
 */

import type { Quantity, Split } from './core/metricName';
import type { FormatId, ReadIssue } from './core/run';

export const PROTOCOL_VERSION = 1;

export interface RunPayload {
  readonly id: string;
  readonly name: string;
  /** Workspace-relative path (or absolute when outside the workspace), for display. */
  readonly source: string;
  readonly format: FormatId;
  /** What x counts in this run's series: `step`, `epoch`, `iteration`, `row`. */
  readonly xLabel: string;
  readonly issues: readonly ReadIssue[];
  readonly issueCount: number;
}

/** Points `[start, start + steps.length)` of one series. `start` is 0 for a full send. */
export interface SeriesPayload {
  readonly runId: string;
  readonly name: string;
  readonly split: Split;
  readonly quantity: Quantity;
  /** Series with the same chart key share a chart. */
  readonly chartKey: string;
  readonly chartTitle: string;
  readonly start: number;
  /** Length of the whole series on the host after this payload. */
  readonly total: number;
  readonly steps: Float64Array;
  readonly values: Float64Array;
  readonly lines: Float64Array;
  readonly epochs?: Float64Array;
  readonly wallTimes?: Float64Array;
}

export type ToCurvesWebview =
  /** Everything, after `ready` or when a file was read again from the start. `sources` are the URIs to reopen after a reload. */
  | { readonly type: 'init'; readonly version: number; readonly sources: readonly string[]; readonly runs: readonly RunPayload[]; readonly series: readonly SeriesPayload[] }
  /** New points of existing or new series, and the runs' current issues. */
  | { readonly type: 'append'; readonly runs: readonly RunPayload[]; readonly series: readonly SeriesPayload[] }
  /** A test asks what the panel shows. */
  | { readonly type: 'probe'; readonly id: number };

export interface ChartSnapshot {
  readonly key: string;
  /** As rendered in the chart's heading. */
  readonly title: string;
  readonly datasets: readonly { readonly label: string; readonly runId: string; readonly split: string; readonly points: number; readonly dashed: boolean; readonly color: string }[];
}

/** What the webview really shows, read from its DOM and chart instances. */
export interface CurvesSnapshot {
  readonly charts: readonly ChartSnapshot[];
  readonly issues: readonly string[];
  readonly securityViolations: readonly string[];
  readonly scriptErrors: readonly string[];
}

export type FromCurvesWebview =
  | { readonly type: 'ready'; readonly version: number }
  | { readonly type: 'openLocation'; readonly runId: string; readonly line: number }
  | { readonly type: 'probeResult'; readonly id: number; readonly snapshot: CurvesSnapshot }
  | { readonly type: 'problem'; readonly kind: 'securityViolation' | 'scriptError'; readonly message: string };

/** Narrows an untrusted inbound message; anything else is ignored by the host. */
export function isFromCurvesWebview(m: unknown): m is FromCurvesWebview {
  if (typeof m !== 'object' || m === null) return false;
  const o = m as Record<string, unknown>;
  switch (o['type']) {
    case 'ready':
      return typeof o['version'] === 'number';
    case 'openLocation':
      return typeof o['runId'] === 'string' && isPositiveInteger(o['line']);
    case 'probeResult':
      return typeof o['id'] === 'number' && typeof o['snapshot'] === 'object' && o['snapshot'] !== null;
    case 'problem':
      return (o['kind'] === 'securityViolation' || o['kind'] === 'scriptError') && typeof o['message'] === 'string';
    default:
      return false;
  }
}

function isPositiveInteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 2 ** 31;
}

export function assertNever(x: never): never {
  throw new Error(`unexpected message ${JSON.stringify(x)}`);
}
