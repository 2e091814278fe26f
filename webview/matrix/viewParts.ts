/** What the views of one file in the matrix panel share: their context, and how a number is shown. */

import { count as countText, fixed } from '../format';
import { el, type Problems } from '../vscodeApi';
import type { ChartTheme } from './charts';
import type { HeatmapColors } from './heatmap';
import type { MatrixUiState } from './state';

export interface ViewContext {
  readonly state: () => MatrixUiState;
  readonly setState: (patch: Partial<MatrixUiState>) => void;
  readonly colors: HeatmapColors;
  readonly chartTheme: ChartTheme;
  readonly fileIndex: number;
  /** Where a part that fails to render is reported (the other parts still render). */
  readonly problems: Problems;
}

/** A number as the panel shows it (4 decimals), full precision in the title; "–" when it is not a number (see `format.ts`). */
export function metric(label: string, value: number | null | undefined, key: string, count = false): HTMLElement {
  const shown = count ? countText(value) : fixed(value);
  const v = el('span', {
    className: 'metric-value',
    text: shown,
    attrs: { title: typeof value === 'number' ? String(value) : '' },
  });
  const e = el(
    'div',
    { className: 'metric', attrs: { 'data-metric': key } },
    el('span', { className: 'metric-label', text: label }),
    v,
  );
  return e;
}

export function fmtT(t: number): string {
  return Number.isInteger(t) ? String(t) : String(+t.toPrecision(6));
}
