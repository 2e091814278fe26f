/**
 * The run summary above the charts: values of a run that are not curves (`hparam/…` written by
 * `add_hparams`, `best_…`, a test score logged once), one compact row each — run, name, value, step
 * — as W&B's run summary and TensorBoard's HParams table show them, instead of charts of one point.
 */

import { MISSING } from '../format';
import { el } from '../vscodeApi';
import type { RunValueEntry } from '../../src/protocol/curves';
import { formatValue } from './axisLabels';

export interface RunValueView {
  readonly run: string;
  readonly entry: RunValueEntry;
}

/** A value that arrived as null (NaN or ±∞ sent as JSON) shows "–". */
function shownValue(v: number | null): string {
  return typeof v === 'number' ? formatValue(v) : MISSING;
}

export function renderRunValues(container: HTMLElement, rows: readonly RunValueView[], stepLabel: string): void {
  container.hidden = rows.length === 0;
  if (rows.length === 0) {
    container.replaceChildren();
    return;
  }
  // The run column only when the panel shows several runs.
  const manyRuns = new Set(rows.map((r) => r.entry.runId)).size > 1;
  const headings = [...(manyRuns ? ['Run'] : []), 'Name', 'Value', stepLabel === 'step' ? 'Step' : `At ${stepLabel}`];
  const head = el('tr', {}, ...headings.map((h) => el('th', { text: h, attrs: { scope: 'col' } })));
  const body = rows.map(({ run, entry }) => {
    const step = entry.step === undefined ? '' : String(entry.step);
    const cells = [
      ...(manyRuns ? [el('td', { text: run })] : []),
      el('td', { className: 'name', text: entry.name }),
      el('td', {
        className: 'num',
        text: shownValue(entry.value as number | null),
        // A best-so-far logged every epoch: its value is the last, and the row says how many there were.
        ...(entry.points > 1 ? { attrs: { title: `the last of ${entry.points} values logged` } } : {}),
      }),
      el('td', { className: 'num', text: step }),
    ];
    return el('tr', {}, ...cells);
  });
  container.replaceChildren(
    el('h3', { text: 'Run summary' }),
    el('p', { className: 'notes', text: 'Values of the run, not curves: hparam/…, best_…, final_…, or logged once.' }),
    el('table', { className: 'run-values data-table' }, el('thead', {}, head), el('tbody', {}, ...body)),
  );
}
