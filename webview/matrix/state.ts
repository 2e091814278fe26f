/** The matrix panel's UI state, kept with `setState` (survives tab switches and reloads), checked field by field. */

import type { Normalization } from './matrixMath';

export interface MatrixUiState {
  readonly sources: readonly string[];
  readonly normalization: Normalization;
  /** The slider's threshold; null = the file's own predicted labels. */
  readonly threshold: number | null;
  readonly sortByError: boolean;
  readonly reportSort: { readonly column: string; readonly descending: boolean };
  readonly target: { readonly kind: 'precision' | 'recall'; readonly value: number } | null;
  /** The cell whose rows are listed. */
  readonly selected: { readonly file: number; readonly i: number; readonly j: number } | null;
}

export const DEFAULT_MATRIX_STATE: MatrixUiState = {
  sources: [],
  normalization: 'none',
  threshold: null,
  sortByError: false,
  reportSort: { column: 'label', descending: false },
  target: null,
  selected: null,
};

export function sanitizeMatrixState(raw: unknown, base: MatrixUiState = DEFAULT_MATRIX_STATE): MatrixUiState {
  if (typeof raw !== 'object' || raw === null) return base;
  const o = raw as Record<string, unknown>;
  const sel = o['selected'] as Record<string, unknown> | null | undefined;
  const target = o['target'] as Record<string, unknown> | null | undefined;
  const sort = o['reportSort'] as Record<string, unknown> | undefined;
  const index = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  return {
    sources: Array.isArray(o['sources'])
      ? o['sources'].filter((s): s is string => typeof s === 'string')
      : base.sources,
    normalization: ['none', 'true', 'pred', 'all'].includes(o['normalization'] as string)
      ? (o['normalization'] as Normalization)
      : base.normalization,
    threshold:
      o['threshold'] === null || (typeof o['threshold'] === 'number' && Number.isFinite(o['threshold']))
        ? (o['threshold'] as number | null)
        : base.threshold,
    sortByError: typeof o['sortByError'] === 'boolean' ? o['sortByError'] : base.sortByError,
    reportSort:
      sort && typeof sort['column'] === 'string'
        ? { column: sort['column'], descending: sort['descending'] === true }
        : base.reportSort,
    target:
      target &&
      (target['kind'] === 'precision' || target['kind'] === 'recall') &&
      typeof target['value'] === 'number' &&
      target['value'] >= 0 &&
      target['value'] <= 1
        ? { kind: target['kind'], value: target['value'] }
        : target === null
          ? null
          : base.target,
    selected:
      sel && index(sel['file']) && index(sel['i']) && index(sel['j'])
        ? { file: sel['file'] as number, i: sel['i'] as number, j: sel['j'] as number }
        : sel === null
          ? null
          : base.selected,
  };
}
