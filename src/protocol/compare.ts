/**
 * The host↔webview protocol of the Compare Runs panel. What every panel shares is in `common.ts`.
 * The table is sent whole (one row per run, a few hundred bytes each); the webview sorts, filters
 * and groups it with the core's own functions, so it shows what `metric-lens compare` prints.
 * Numbers travel as JSON: a NaN last value arrives as null and is shown as missing.
 */

import type { CompareTable } from '../core/compare/table';
import { isReady, messageGuard, MAX_KEYS, type CommonFromWebview, type CommonToWebview } from './common';
import { MiB } from '../core/text/sizes';

export const COMPARE_PROTOCOL_VERSION = 1;

export type ToCompareWebview = { readonly type: 'table'; readonly table: CompareTable } | CommonToWebview;

/** What the compare webview shows (for tests): the columns and the rows' cells as `metric-lens compare --json` gives them. */
export interface CompareSnapshot {
  readonly columns: readonly string[];
  readonly rows: readonly Readonly<Record<string, number | string | null>>[];
  readonly filterError: string | null;
  readonly groups: readonly {
    readonly value: string;
    readonly runs: number;
    readonly cells: Readonly<Record<string, string>>;
  }[];
  readonly selected: readonly string[];
  readonly baseline: string | null;
  /** Per row id, the baseline deltas shown for its metric cells. */
  readonly deltas: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly correlations: readonly {
    readonly param: string;
    readonly n: number;
    readonly rho: number | null;
    readonly warning: string | null;
  }[];
  readonly plots: ComparePlotsSnapshot;
  readonly securityViolations: readonly string[];
  readonly scriptErrors: readonly string[];
}

/** What the charts draw, read from the page's SVG (for tests). */
export interface ComparePlotsSnapshot {
  readonly scatter: {
    readonly x: string | null;
    readonly y: string | null;
    readonly color: string | null;
    readonly xScale: string;
    readonly yScale: string;
    readonly xTicks: readonly string[];
    /** Each run's point in CSS pixels of the chart, its fill, and whether it is brushed out. */
    readonly points: readonly {
      readonly id: string;
      readonly cx: number;
      readonly cy: number;
      readonly fill: string;
      readonly faint: boolean;
    }[];
  };
  readonly parallel: {
    readonly axes: readonly string[];
    readonly brushes: readonly string[];
    readonly lines: readonly { readonly id: string; readonly faint: boolean; readonly points: number }[];
  };
  /** The filter text that keeps what the brushes keep ('' for none). */
  readonly brushFilter: string;
  /** Table rows in the page (the table draws only those in view and around). */
  readonly renderedRows: number;
}

export type FromCompareWebview =
  | { readonly type: 'ready'; readonly version: number }
  | { readonly type: 'showCurves'; readonly ids: readonly string[] }
  | { readonly type: 'copy'; readonly format: 'csv' | 'markdown'; readonly text: string }
  /** A chart drawn as PNG, for the host to save where the user chooses. */
  | { readonly type: 'exportPng'; readonly name: string; readonly dataUrl: string }
  | CommonFromWebview<CompareSnapshot>;

const MAX_COPY_CHARS = 16 * MiB;
const MAX_PNG_CHARS = 64 * MiB;

export const isFromCompareWebview = messageGuard<FromCompareWebview>({
  ready: isReady,
  showCurves: (o) =>
    Array.isArray(o['ids']) &&
    o['ids'].length <= MAX_KEYS &&
    o['ids'].every((k) => typeof k === 'string' && k.length <= 4096),
  copy: (o) =>
    (o['format'] === 'csv' || o['format'] === 'markdown') &&
    typeof o['text'] === 'string' &&
    o['text'].length <= MAX_COPY_CHARS,
  exportPng: (o) =>
    typeof o['name'] === 'string' &&
    o['name'].length <= 200 &&
    typeof o['dataUrl'] === 'string' &&
    o['dataUrl'].length <= MAX_PNG_CHARS &&
    o['dataUrl'].startsWith('data:image/png;base64,'),
});
