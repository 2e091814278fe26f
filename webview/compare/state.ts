/**
 * The Compare Runs panel's UI state (sort, filter, columns, grouping, selection, baseline, the
 * metric correlated), kept with `setState` so it survives reloads. What comes back from storage
 * is checked field by field; an old or damaged state falls back to defaults.
 */

export interface CompareUiState {
  /** The folder compared (a URI), or null for the workspace: the panel serializer reopens it. */
  readonly scope: string | null;
  readonly sort: { readonly key: string; readonly descending: boolean } | null;
  readonly filter: string;
  /** The columns chosen; null: the default ones (the parameters that differ, each metric's best and last). */
  readonly columns: readonly string[] | null;
  readonly groupBy: string | null;
  readonly selected: readonly string[];
  readonly baseline: string | null;
  readonly correlate: string | null;
}

export const DEFAULT_STATE: CompareUiState = {
  scope: null,
  sort: null,
  filter: '',
  columns: null,
  groupBy: null,
  selected: [],
  baseline: null,
  correlate: null,
};

const MAX_ITEMS = 10_000;

export function sanitizeState(raw: unknown, scope: string | null): CompareUiState {
  if (typeof raw !== 'object' || raw === null) return { ...DEFAULT_STATE, scope };
  const o = raw as Record<string, unknown>;
  const text = (v: unknown, max = 1000) => (typeof v === 'string' && v.length <= max ? v : null);
  const strings = (v: unknown) =>
    Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string').slice(0, MAX_ITEMS) : [];
  const sort = o['sort'] as { key?: unknown; descending?: unknown } | null | undefined;
  return {
    scope,
    sort: sort && typeof sort.key === 'string' ? { key: sort.key, descending: sort.descending === true } : null,
    filter: text(o['filter']) ?? '',
    columns: Array.isArray(o['columns']) ? strings(o['columns']) : null,
    groupBy: text(o['groupBy']),
    selected: strings(o['selected']),
    baseline: text(o['baseline'], 4096),
    correlate: text(o['correlate']),
  };
}
