/**
 * The panel's UI state: everything the user set (smoothing, scales, x axis, zoom, hidden series,
 * filters, grouping). Kept with `setState`, so it survives live updates, tab switches and window
 * reloads without `retainContextWhenHidden`. Whatever comes back from storage is checked field by
 * field: an old or damaged state falls back to defaults instead of breaking the panel.
 */

import { isXMode, type XMode } from '../../src/core/curves/xAxis';

export type GroupBy = 'none' | 'folder' | 'regex' | 'config';

export interface UiState {
  readonly sources: readonly string[];
  readonly smoothing: number;
  readonly xMode: XMode;
  readonly xRange: readonly [number, number] | null;
  readonly yLog: boolean;
  readonly xLog: boolean;
  readonly includeZero: boolean;
  readonly ignoreOutliers: boolean;
  /** Per chart key: fixed y limits. */
  readonly limits: Readonly<Record<string, { readonly min?: number; readonly max?: number }>>;
  readonly hidden: readonly string[];
  readonly hiddenRuns: readonly string[];
  readonly filter: string;
  readonly groupBy: GroupBy;
  readonly groupPattern: string;
  readonly band: 'std' | 'minmax';
  readonly issuesOpen: boolean;
  readonly summarySort: { readonly column: string; readonly descending: boolean };
  /** Charts shown as data tables (the accessible alternative). */
  readonly tables: readonly string[];
}

export const DEFAULT_STATE: UiState = {
  sources: [],
  smoothing: 0,
  xMode: 'step',
  xRange: null,
  yLog: false,
  xLog: false,
  includeZero: false,
  ignoreOutliers: false,
  limits: {},
  hidden: [],
  hiddenRuns: [],
  filter: '',
  groupBy: 'none',
  groupPattern: '',
  band: 'std',
  issuesOpen: false,
  summarySort: { column: 'run', descending: false },
  tables: [],
};

export function sanitizeState(raw: unknown, defaults: UiState = DEFAULT_STATE): UiState {
  if (typeof raw !== 'object' || raw === null) return defaults;
  const o = raw as Record<string, unknown>;
  const bool = (k: keyof UiState) => (typeof o[k] === 'boolean' ? (o[k] as boolean) : (defaults[k] as boolean));
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);
  const range = o['xRange'];
  const limits: Record<string, { min?: number; max?: number }> = {};
  if (typeof o['limits'] === 'object' && o['limits'] !== null) {
    for (const [k, v] of Object.entries(o['limits'] as Record<string, unknown>)) {
      if (typeof v !== 'object' || v === null) continue;
      const { min, max } = v as { min?: unknown; max?: unknown };
      limits[k] = {
        ...(typeof min === 'number' && Number.isFinite(min) ? { min } : {}),
        ...(typeof max === 'number' && Number.isFinite(max) ? { max } : {}),
      };
    }
  }
  const sort = o['summarySort'] as { column?: unknown; descending?: unknown } | undefined;
  return {
    sources: strings(o['sources']),
    smoothing:
      typeof o['smoothing'] === 'number' && o['smoothing'] >= 0 && o['smoothing'] <= 0.99
        ? o['smoothing']
        : defaults.smoothing,
    xMode: isXMode(o['xMode']) ? o['xMode'] : defaults.xMode,
    xRange:
      Array.isArray(range) &&
      range.length === 2 &&
      range.every((r) => typeof r === 'number' && Number.isFinite(r)) &&
      range[0] < range[1]
        ? [range[0], range[1]]
        : null,
    yLog: bool('yLog'),
    xLog: bool('xLog'),
    includeZero: bool('includeZero'),
    ignoreOutliers: bool('ignoreOutliers'),
    limits,
    hidden: strings(o['hidden']),
    hiddenRuns: strings(o['hiddenRuns']),
    filter: typeof o['filter'] === 'string' ? o['filter'].slice(0, 500) : '',
    groupBy: ['none', 'folder', 'regex', 'config'].includes(o['groupBy'] as string)
      ? (o['groupBy'] as GroupBy)
      : 'none',
    groupPattern: typeof o['groupPattern'] === 'string' ? o['groupPattern'].slice(0, 500) : '',
    band: o['band'] === 'minmax' ? 'minmax' : 'std',
    issuesOpen: bool('issuesOpen'),
    summarySort: {
      column: typeof sort?.column === 'string' ? sort.column : 'run',
      descending: sort?.descending === true,
    },
    tables: strings(o['tables']),
  };
}

/** A user-typed filter as a case-insensitive regular expression; invalid patterns match as plain text. */
export function filterRegExp(filter: string): RegExp | undefined {
  if (filter.trim() === '') return undefined;
  try {
    return new RegExp(filter, 'i');
  } catch {
    return new RegExp(filter.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
  }
}
