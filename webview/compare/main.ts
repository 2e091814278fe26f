/**
 * The Compare Runs panel's webview: the table of runs (`runsTable.ts`: sortable, selectable), a
 * filter box in the core's expression language with its error shown inline, a column chooser,
 * grouping with mean ± std, a baseline with deltas, correlations with a chosen metric, and
 * "Show Curves" for the selected rows. Everything is built with text content only.
 */

import {
  brushFilterText,
  compareCsv,
  compareJson,
  compareMarkdown,
  type Column,
  type CompareTable,
} from '../../src/core/compare';
import {
  COMPARE_PROTOCOL_VERSION,
  type CompareSnapshot,
  type FromCompareWebview,
  type ToCompareWebview,
} from '../../src/protocol/compare';
import { unpackArrays } from '../../src/protocol/wireArrays';
import { connect, el, reportProblems, updatePart } from '../vscodeApi';
import { onThemeChange } from '../curves/theme';
import { Plots } from './plots';
import { RunsTable } from './runsTable';
import { sanitizeState, type CompareUiState } from './state';
import { chooserColumns, computeView, deltaText, statText, type TableView } from './view';

type ValueElement = HTMLElement & { value: string };

const vscode = connect<CompareUiState, FromCompareWebview>();
const scope = readScope();
let state = sanitizeState(vscode.getState(), scope);
vscode.setState(state);
let table: CompareTable | undefined;
let view: TableView | undefined;
const problems = reportProblems((m) => vscode.post(m));

function readScope(): string | null {
  try {
    const b = JSON.parse(document.body.dataset['bootstrap'] ?? '{}') as { scope?: unknown };
    return typeof b.scope === 'string' ? b.scope : null;
  } catch {
    return null;
  }
}

const app = document.getElementById('app')!;
const filter = el('vscode-textfield' as 'input', {
  attrs: {
    placeholder: 'Filter: optimizer.lr < 1e-3 and val_loss.best < 0.3, or words',
    'aria-label': 'Filter runs: comparisons on columns, or words',
    'data-control': 'filter',
  },
}) as unknown as ValueElement;
filter.value = state.filter;
filter.addEventListener('input', () => setState({ filter: filter.value }));
const filterError = el('span', { className: 'filter-error', attrs: { role: 'alert', 'data-part': 'filterError' } });
const groupBy = el('vscode-single-select' as 'select', {
  attrs: { 'aria-label': 'Group by', title: 'Group by', 'data-control': 'groupBy' },
}) as unknown as ValueElement;
groupBy.addEventListener('change', () => setState({ groupBy: groupBy.value || null }));
const correlate = el('vscode-single-select' as 'select', {
  attrs: { 'aria-label': 'Correlate parameters with', title: 'Correlate parameters with', 'data-control': 'correlate' },
}) as unknown as ValueElement;
correlate.addEventListener('change', () => setState({ correlate: correlate.value || null }));
const chooser = el('details', { className: 'column-chooser' }, el('summary', { text: 'Columns' }));
const chooserList = el('div', { className: 'chooser-list', attrs: { role: 'group', 'aria-label': 'Columns shown' } });
chooser.append(chooserList);
const buttons = el(
  'div',
  { className: 'row' },
  button(
    'Show Curves',
    'graph-line',
    'showCurves',
    () => vscode.post({ type: 'showCurves', ids: state.selected.slice() }),
    "Show the selected runs' curves",
  ),
  button(
    'Pin Baseline',
    'pin',
    'pinBaseline',
    () =>
      setState({
        baseline: state.baseline === state.selected[0] || state.selected.length === 0 ? null : state.selected[0]!,
      }),
    'Pin the first selected run as the baseline (again to unpin)',
  ),
  button('Copy CSV', 'copy', 'copyCsv', () => copy('csv'), 'Copy the table as CSV'),
  button('Copy Markdown', 'markdown', 'copyMarkdown', () => copy('markdown'), 'Copy the table as a Markdown table'),
);
const header = el(
  'header',
  { className: 'toolbar controls' },
  el('div', { className: 'row' }, filter, filterError),
  el(
    'div',
    { className: 'row' },
    el('label', { text: 'Group by' }),
    groupBy,
    el('label', { text: 'Correlate with' }),
    correlate,
    chooser,
  ),
  buttons,
);
const status = el('p', { className: 'empty', text: 'Reading the runs…' });
const groupsBox = el('section', { className: 'groups-box', attrs: { 'aria-label': 'Groups' } });
const corrBox = el('section', {
  className: 'correlation-box',
  attrs: { 'aria-label': 'What goes with the chosen metric' },
});
const plots = new Plots({
  state: () => state,
  setState,
  post: (m) => vscode.post(m),
  options,
});
const runsTable = new RunsTable({ state: () => state, setState, problems, total: () => table?.rows.length ?? 0 });
app.append(header, status, groupsBox, runsTable.element, corrBox, plots.element);
onThemeChange(() => render());
let resizeTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('resize', () => {
  // One redraw of the charts when the panel stops being resized.
  if (resizeTimer) clearTimeout(resizeTimer);
  resizeTimer = setTimeout(render, 150);
});
app.removeAttribute('aria-busy');

function button(text: string, icon: string, action: string, onClick: () => void, label: string): HTMLElement {
  const b = el('vscode-button' as 'button', {
    attrs: { secondary: '', icon, title: label, 'aria-label': label, 'data-action': action },
  });
  b.textContent = text;
  b.addEventListener('click', onClick);
  return b;
}

function setState(patch: Partial<CompareUiState>): void {
  state = { ...state, ...patch };
  vscode.setState(state);
  render();
}

function copy(format: 'csv' | 'markdown'): void {
  if (!view) return;
  const text = format === 'csv' ? compareCsv(view.columns, view.rows) : compareMarkdown(view.columns, view.rows);
  vscode.post({ type: 'copy', format, text });
}

function render(): void {
  if (!table) return;
  view = computeView(table, state);
  const v = view;
  status.hidden = table.rows.length > 0;
  status.textContent = 'No training runs found here.';
  updatePart(problems, 'filter', filterError, () => {
    filterError.textContent = v.filterError
      ? `${v.filterError.message} (at character ${v.filterError.position + 1})`
      : '';
    filter.toggleAttribute('invalid', v.filterError !== null);
  });
  updatePart(problems, 'choices', header, () => renderChoices(table!));
  updatePart(problems, 'groups', groupsBox, () => renderGroups(v));
  updatePart(problems, 'table', runsTable.element, () => runsTable.render(v));
  updatePart(problems, 'correlations', corrBox, () => renderCorrelations(v));
  updatePart(problems, 'plots', plots.element, () => plots.render(table!, v, app.clientWidth - 8));
}

function options(select: ValueElement, items: [string, string][], value: string | null): void {
  const key = JSON.stringify(items);
  if (select.dataset['items'] !== key) {
    select.replaceChildren(...items.map(([v, t]) => el('vscode-option' as 'option', { text: t, attrs: { value: v } })));
    select.dataset['items'] = key;
  }
  select.value = value ?? '';
}

function renderChoices(t: CompareTable): void {
  options(
    groupBy,
    [['', 'Nothing'], ['format', 'format'], ...t.params.map((p): [string, string] => [p, p])],
    state.groupBy,
  );
  const metricChoices = t.metrics.map((m): [string, string] => [`${m}.best`, `${m} (best)`]);
  options(correlate, [['', 'No metric'], ...metricChoices], state.correlate);
  const shown = new Set(view!.columns.map((c) => c.key));
  const all = chooserColumns(t);
  const key = JSON.stringify([all.map((c) => c.key), [...shown]]);
  if (chooserList.dataset['items'] === key) return;
  chooserList.dataset['items'] = key;
  const reset = el('button', {
    className: 'link',
    text: 'Default columns',
    attrs: { type: 'button', 'data-action': 'defaultColumns' },
  });
  reset.addEventListener('click', () => setState({ columns: null }));
  chooserList.replaceChildren(
    reset,
    ...all.map((c) => {
      const box = el('input', { attrs: { type: 'checkbox', 'data-column': c.key } });
      box.checked = shown.has(c.key);
      box.addEventListener('change', () => {
        const next = all.filter((x) => (x.key === c.key ? box.checked : shown.has(x.key))).map((x) => x.key);
        setState({ columns: next });
      });
      return el('label', { className: 'chooser-item' }, box, document.createTextNode(` ${c.key}`));
    }),
  );
}

function renderGroups(v: TableView): void {
  if (!v.groups) {
    groupsBox.replaceChildren();
    return;
  }
  const head = el(
    'tr',
    {},
    el('th', { text: state.groupBy ?? '', attrs: { scope: 'col' } }),
    el('th', { text: 'runs', attrs: { scope: 'col' } }),
    ...v.groupColumns.map((c) => el('th', { text: `${c.key} (mean ± std)`, attrs: { scope: 'col' } })),
  );
  const body = v.groups.map((g) =>
    el(
      'tr',
      {},
      el('td', { text: g.value === undefined ? '(none)' : String(g.value) }),
      el('td', { className: 'num', text: String(g.rows.length) }),
      ...v.groupColumns.map((c) => el('td', { className: 'num', text: statText(g.stats[c.key]!) })),
    ),
  );
  groupsBox.replaceChildren(
    el('h3', { text: `Grouped by ${state.groupBy}` }),
    el('table', { className: 'groups data-table' }, el('thead', {}, head), el('tbody', {}, ...body)),
  );
}

function renderCorrelations(v: TableView): void {
  if (!v.correlations) {
    corrBox.replaceChildren();
    return;
  }
  const head = el(
    'tr',
    {},
    ...['parameter', 'Spearman ρ', 'runs', ''].map((t) => el('th', { text: t, attrs: { scope: 'col' } })),
  );
  const body = v.correlations.map((c) =>
    el(
      'tr',
      {},
      el('td', { text: c.param }),
      el('td', { className: 'num', text: c.rho === undefined ? '–' : c.rho.toFixed(3) }),
      el('td', { className: 'num', text: String(c.n) }),
      el('td', { className: 'note', text: c.warning ?? '' }),
    ),
  );
  corrBox.replaceChildren(
    el('h3', { text: `Rank correlation with ${state.correlate}` }),
    el('table', { className: 'correlations data-table' }, el('thead', {}, head), el('tbody', {}, ...body)),
  );
}

function snapshot(): CompareSnapshot {
  const v = view;
  const deltas: Record<string, Record<string, string>> = {};
  if (v?.baseline) {
    for (const r of v.rows) {
      const d = Object.fromEntries(
        v.columns.map((c) => [c.key, deltaText(c, r, v.baseline)]).filter(([, t]) => t !== ''),
      );
      if (Object.keys(d).length > 0) deltas[r.id] = d;
    }
  }
  const brushFilter = brushFilterText(state.brushes);
  const json = v ? compareJson(v.columns, v.rows) : { columns: [], rows: [] };
  return {
    columns: json.columns,
    rows: json.rows,
    filterError: v?.filterError?.message ?? null,
    groups: (v?.groups ?? []).map((g) => ({
      value: g.value === undefined ? '' : String(g.value),
      runs: g.rows.length,
      cells: Object.fromEntries(v!.groupColumns.map((c) => [c.key, statText(g.stats[c.key]!)])),
    })),
    selected: state.selected.slice(),
    baseline: state.baseline,
    deltas,
    correlations: (v?.correlations ?? []).map((c) => ({
      param: c.param,
      n: c.n,
      rho: c.rho ?? null,
      warning: c.warning ?? null,
    })),
    plots: plots.snapshot(brushFilter, runsTable.renderedRows),
    securityViolations: problems.securityViolations.slice(),
    scriptErrors: problems.scriptErrors.slice(),
  };
}

/** JSON turns a NaN or ±Infinity into null: such a metric value is not a number the table can compare. */
function revive(t: CompareTable): CompareTable {
  const rows = t.rows.map((r) => ({
    ...r,
    metrics: Object.fromEntries(
      Object.entries(r.metrics).map(([k, m]) => [
        k,
        {
          best: m.best ?? undefined,
          bestStep: m.bestStep ?? undefined,
          last: m.last === null ? NaN : m.last,
          lastStep: m.lastStep ?? undefined,
        },
      ]),
    ),
  }));
  return { ...t, rows };
}

window.addEventListener('message', (e: MessageEvent<ToCompareWebview>) => {
  // The host packs typed arrays into one buffer (see wireArrays).
  const m = unpackArrays(e.data);
  switch (m.type) {
    case 'table':
      table = revive(m.table);
      render();
      break;
    case 'applyState':
      state = sanitizeState({ ...state, ...m.patch }, scope);
      vscode.setState(state);
      filter.value = state.filter;
      render();
      break;
    case 'probe':
      vscode.post({ type: 'probeResult', id: m.id, snapshot: snapshot() });
      break;
  }
});

vscode.post({ type: 'ready', version: COMPARE_PROTOCOL_VERSION });

export type { Column };
