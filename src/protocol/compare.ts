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
  readonly securityViolations: readonly string[];
  readonly scriptErrors: readonly string[];
}

export type FromCompareWebview =
  | { readonly type: 'ready'; readonly version: number }
  | { readonly type: 'showCurves'; readonly ids: readonly string[] }
  | { readonly type: 'copy'; readonly format: 'csv' | 'markdown'; readonly text: string }
  | CommonFromWebview<CompareSnapshot>;

const MAX_COPY_CHARS = 16 * MiB;

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
});
