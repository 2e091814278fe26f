/** The summary under the charts: per run and metric, the best and the last value and their steps. Sortable. */

import { MISSING } from '../format';
import { el } from '../vscodeApi';
import type { SummaryEntry } from '../../src/protocol/curves';
import { formatValue } from './axisLabels';
import type { UiState } from './state';

export interface SummaryRowView {
  readonly runId: string;
  readonly run: string;
  readonly metric: string;
  readonly entry: SummaryEntry;
}

/** The columns, their steps named for what the runs' x counts (`epoch` for a Keras history). */
function columns(stepLabel: string): [string, string][] {
  return [
    ['run', 'Run'],
    ['metric', 'Metric'],
    ['best', 'Best'],
    ['bestStep', `Best at ${stepLabel}`],
    ['last', 'Last'],
    ['lastStep', `Last ${stepLabel}`],
  ];
}

export function sortRows(rows: SummaryRowView[], sort: UiState['summarySort']): SummaryRowView[] {
  const value = (r: SummaryRowView): string | number => {
    switch (sort.column) {
      case 'metric':
        return r.metric;
      case 'best':
        return r.entry.best ?? NaN;
      case 'bestStep':
        return r.entry.bestStep ?? NaN;
      case 'last':
        return r.entry.last ?? NaN;
      case 'lastStep':
        return r.entry.lastStep ?? NaN;
      default:
        return r.run;
    }
  };
  const dir = sort.descending ? -1 : 1;
  return rows.slice().sort((a, b) => {
    const va = value(a),
      vb = value(b);
    const c =
      typeof va === 'string'
        ? va.localeCompare(String(vb))
        : Number.isNaN(va)
          ? 1
          : Number.isNaN(vb as number)
            ? -1
            : va - (vb as number);
    return dir * c || a.metric.localeCompare(b.metric);
  });
}

/** Nothing for a value the run does not have; "–" for one that arrived as null (a NaN or ±∞ sent as JSON). */
function shown(v: number | null | undefined, format: (v: number) => string): string {
  return v === undefined ? '' : typeof v === 'number' ? format(v) : MISSING;
}

export function renderSummary(
  container: HTMLElement,
  rows: SummaryRowView[],
  stepLabel: string,
  sort: UiState['summarySort'],
  onSort: (s: UiState['summarySort']) => void,
): void {
  if (rows.length === 0) {
    container.replaceChildren();
    return;
  }
  const head = el(
    'tr',
    {},
    ...columns(stepLabel).map(([key, label]) => {
      const active = sort.column === key;
      const b = el('button', {
        className: 'sort',
        text: label + (active ? (sort.descending ? ' ▼' : ' ▲') : ''),
        attrs: { type: 'button' },
      });
      b.addEventListener('click', () => onSort({ column: key, descending: active ? !sort.descending : false }));
      return el(
        'th',
        { attrs: { scope: 'col', 'aria-sort': active ? (sort.descending ? 'descending' : 'ascending') : 'none' } },
        b,
      );
    }),
  );
  const body = sortRows(rows, sort).map((r) =>
    el(
      'tr',
      {},
      el('td', { text: r.run }),
      el('td', { text: r.metric }),
      el('td', { className: 'num', text: shown(r.entry.best, formatValue) }),
      el('td', { className: 'num', text: shown(r.entry.bestStep, String) }),
      el('td', { className: 'num', text: shown(r.entry.last, formatValue) }),
      el('td', { className: 'num', text: shown(r.entry.lastStep, String) }),
    ),
  );
  container.replaceChildren(
    el('h3', { text: 'Summary' }),
    el('table', { className: 'summary data-table' }, el('thead', {}, head), el('tbody', {}, ...body)),
  );
}
