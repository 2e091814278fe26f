/**
 * The Compare Runs panel's UI state (sort, filter, columns, grouping, selection, baseline, the
 * metric correlated), kept with `setState` so it survives reloads. What comes back from storage
 * is checked field by field; an old or damaged state falls back to defaults.
 */

import { MAX_BRUSHES, type Brush } from '../../src/core/compare/brush';

/** A chart axis's scale: logarithmic when the values span decades (`auto`), always, or never. */
export type LogChoice = 'auto' | 'on' | 'off';

export interface PlotChoice {
  /** The scatter's x column (a parameter, or any column); null: the parameter that goes most with y. */
  readonly x: string | null;
  /** The chosen metric (the scatter's y, the parallel coordinates' last axis); null: the correlated one, or the first. */
  readonly y: string | null;
  /** The column colouring points and lines; '' for none, null for the default (none). */
  readonly color: string | null;
  readonly logX: LogChoice;
  readonly logY: LogChoice;
}

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
  readonly plot: PlotChoice;
  /** Brushes on the parallel coordinates' axes: they filter the table with the filter box. */
  readonly brushes: readonly Brush[];
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
  plot: { x: null, y: null, color: null, logX: 'auto', logY: 'auto' },
  brushes: [],
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
    plot: sanitizePlot(o['plot'], text),
    brushes: sanitizeBrushes(o['brushes']),
  };
}

function sanitizePlot(raw: unknown, text: (v: unknown) => string | null): PlotChoice {
  if (typeof raw !== 'object' || raw === null) return DEFAULT_STATE.plot;
  const o = raw as Record<string, unknown>;
  const log = (v: unknown): LogChoice => (v === 'on' || v === 'off' ? v : 'auto');
  return { x: text(o['x']), y: text(o['y']), color: text(o['color']), logX: log(o['logX']), logY: log(o['logY']) };
}

function sanitizeBrushes(raw: unknown): Brush[] {
  if (!Array.isArray(raw)) return [];
  const out: Brush[] = [];
  for (const b of raw.slice(0, MAX_BRUSHES) as unknown[]) {
    if (typeof b !== 'object' || b === null) continue;
    const o = b as Record<string, unknown>;
    const key = o['key'];
    if (typeof key !== 'string' || key.length > 1000 || out.some((x) => x.key === key)) continue;
    if (o['kind'] === 'range' && typeof o['lo'] === 'number' && typeof o['hi'] === 'number') {
      out.push({ key, kind: 'range', lo: o['lo'], hi: o['hi'] });
    } else if (o['kind'] === 'values' && Array.isArray(o['values'])) {
      const values = (o['values'] as unknown[]).filter((v): v is string => typeof v === 'string').slice(0, MAX_ITEMS);
      out.push({ key, kind: 'values', values });
    }
  }
  return out;
}
