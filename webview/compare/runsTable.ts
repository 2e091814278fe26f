/**
 * The Compare Runs panel's table of runs: a button per header to sort (aria-sort), a checkbox per
 * row to select, the baseline pinned with deltas beside its values. Past `VIRTUAL_FROM` rows it
 * scrolls in a box of its own under a header that stays in view, and holds only the rows in view
 * and a screenful around them; Tab and Shift+Tab still reach every row, drawing it first.
 */

import type { CompareRow } from '../../src/core/compare';
import { el, updatePart, type Problems } from '../vscodeApi';
import type { CompareUiState } from './state';
import { deltaText, differsFromBaseline, displayCell, type TableView } from './view';

export interface RunsTableHost {
  readonly state: () => CompareUiState;
  readonly setState: (patch: Partial<CompareUiState>) => void;
  readonly problems: Problems;
  /** How many runs the table has before the filter. */
  readonly total: () => number;
}

/**
 * Past this many rows, the table's body holds only the rows in view and a screenful around them,
 * between two spacer rows as tall as the rows left out (1 000 runs: a few dozen rows in the page,
 * whatever the sort). Rows are of one height (CSS), so where each one falls is known.
 */
const VIRTUAL_FROM = 200;

interface RowWindow {
  readonly view: TableView;
  readonly body: HTMLElement;
  readonly selected: ReadonlySet<string>;
  /** The rows drawn: `[first, last)` of the view's rows. */
  first: number;
  last: number;
}

export class RunsTable {
  readonly element = el('section', { className: 'compare-box', attrs: { 'aria-label': 'Runs' } });
  private rowPx = 24;
  private window: RowWindow | undefined;
  private frame = 0;

  constructor(private readonly host: RunsTableHost) {
    const onScroll = () => {
      if (this.frame) return;
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        updatePart(host.problems, 'table', this.element, () => this.renderRows());
      });
    };
    // The page scrolls a short table; a long one scrolls in its own box (see `render`).
    window.addEventListener('scroll', onScroll, { passive: true });
    this.element.addEventListener('scroll', onScroll, { passive: true });
    this.element.addEventListener('keydown', (e) => this.onKey(e));
  }

  /** The rows in the page (a virtualised table's are fewer than its rows). */
  get renderedRows(): number {
    return this.element.querySelectorAll('tbody tr:not(.spacer)').length;
  }

  render(v: TableView): void {
    const { state, setState } = this.host;
    const selected = new Set(state().selected);
    const all = el('input', {
      attrs: { type: 'checkbox', 'aria-label': 'Select every run shown', 'data-action': 'selectAll' },
    });
    all.checked = v.rows.length > 0 && v.rows.every((r) => selected.has(r.id));
    all.addEventListener('change', () => setState({ selected: all.checked ? v.rows.map((r) => r.id) : [] }));
    const sort = state().sort;
    const head = el(
      'tr',
      {},
      el('th', { attrs: { scope: 'col' } }, all),
      ...v.columns.map((c) => {
        const active = sort?.key === c.key;
        const b = el('button', {
          className: 'sort',
          text: c.key + (active ? (sort.descending ? ' ▼' : ' ▲') : ''),
          attrs: { type: 'button', 'data-sort': c.key },
        });
        b.addEventListener('click', () =>
          setState({ sort: { key: c.key, descending: active ? !sort.descending : false } }),
        );
        return el(
          'th',
          {
            className: `col-${c.kind}`,
            attrs: { scope: 'col', 'aria-sort': active ? (sort.descending ? 'descending' : 'ascending') : 'none' },
          },
          b,
        );
      }),
    );
    const caption = el('caption', {
      text: `${v.rows.length} of ${this.host.total()} runs${v.baseline ? ` · baseline: ${v.baseline.name}` : ''}`,
    });
    const body = el('tbody', {});
    const t = el('table', { className: 'compare data-table' }, caption, el('thead', {}, head), body);
    this.element.classList.toggle('virtual', v.rows.length > VIRTUAL_FROM);
    // Drawn again (a new table from the host, a sort): a body as tall as its rows keeps the box where
    // it was scrolled to, which an empty one would send back to the top before the rows are drawn.
    const scrolled = this.element.scrollTop;
    body.append(this.spacer(v.rows.length));
    this.element.replaceChildren(t);
    this.element.scrollTop = scrolled;
    this.window = { view: v, body, selected, first: -1, last: -1 };
    this.renderRows();
  }

  /** A row as tall as `n` rows, standing for the rows not drawn. */
  private spacer(n: number): HTMLElement {
    const tr = el('tr', { className: 'spacer', attrs: { 'aria-hidden': 'true' } });
    tr.style.height = `${n * this.rowPx}px`;
    return tr;
  }

  /** Draws the rows in view (all of them up to `VIRTUAL_FROM`), keeping the focus on the row that had it. */
  private renderRows(): void {
    const w = this.window;
    if (!w) return;
    const rows = w.view.rows;
    let first = 0,
      last = rows.length;
    if (rows.length > VIRTUAL_FROM) {
      const box = this.element.getBoundingClientRect();
      const top = w.body.getBoundingClientRect().top - Math.max(0, box.top);
      const screen = Math.ceil(Math.min(box.height, window.innerHeight) / this.rowPx);
      first = Math.max(0, Math.floor(-top / this.rowPx) - screen);
      last = Math.min(rows.length, first + 3 * screen);
    }
    if (first === w.first && last === w.last) return;
    w.first = first;
    w.last = last;
    const focused = document.activeElement;
    const focusedRow = focused instanceof HTMLElement && w.body.contains(focused) ? focused.dataset['row'] : undefined;
    const shown = rows.slice(first, last).map((r) => rowElement(r, w.view, w.selected, this.host));
    w.body.replaceChildren(
      ...(first > 0 ? [this.spacer(first)] : []),
      ...shown,
      ...(last < rows.length ? [this.spacer(rows.length - last)] : []),
    );
    w.body.parentElement!.setAttribute('aria-rowcount', String(rows.length + 1));
    shown.forEach((tr, i) => tr.setAttribute('aria-rowindex', String(first + i + 2)));
    // The rows' height as drawn (the CSS asks 24 px; a theme's font may make it more).
    const h = shown[0]?.getBoundingClientRect().height;
    if (h && h > 0) this.rowPx = h;
    // Rows drawn again while the keyboard moves through them: the focus stays on its row.
    if (focusedRow !== undefined) this.rowBox(focusedRow)?.focus({ preventScroll: true });
  }

  /** Tab (Shift+Tab) on a row's checkbox when the next (previous) row is not drawn: scroll to it, draw it, focus it. */
  private onKey(e: KeyboardEvent): void {
    const w = this.window;
    const id = e.target instanceof HTMLInputElement ? e.target.dataset['row'] : undefined;
    if (e.key !== 'Tab' || e.altKey || e.ctrlKey || e.metaKey || !w || id === undefined) return;
    const rows = w.view.rows;
    const j = rows.findIndex((r) => r.id === id) + (e.shiftKey ? -1 : 1);
    // Past the first or last row the focus leaves the table as usual; a drawn row the browser reaches itself.
    if (j < 0 || j >= rows.length || (j >= w.first && j < w.last)) return;
    e.preventDefault();
    const box = this.element;
    const bodyTop = w.body.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
    box.scrollTop = bodyTop + j * this.rowPx - box.clientHeight / 2;
    this.renderRows();
    this.rowBox(rows[j]!.id)?.focus();
  }

  private rowBox(id: string): HTMLElement | null {
    return this.window?.body.querySelector<HTMLElement>(`input[data-row="${CSS.escape(id)}"]`) ?? null;
  }
}

function rowElement(r: CompareRow, v: TableView, selected: ReadonlySet<string>, host: RunsTableHost): HTMLElement {
  const box = el('input', { attrs: { type: 'checkbox', 'aria-label': `Select ${r.name}`, 'data-row': r.id } });
  box.checked = selected.has(r.id);
  box.addEventListener('change', () => {
    const chosen = host.state().selected;
    host.setState({ selected: box.checked ? [...chosen, r.id] : chosen.filter((id) => id !== r.id) });
  });
  const isBase = v.baseline === r;
  const tr = el(
    'tr',
    { className: `${selected.has(r.id) ? 'selected' : ''}${isBase ? ' baseline' : ''}`, attrs: { 'data-id': r.id } },
    el(
      'td',
      {},
      box,
      ...(isBase
        ? [el('span', { className: 'codicon codicon-pin', attrs: { title: 'Baseline', 'aria-label': 'Baseline' } })]
        : []),
    ),
  );
  for (const c of v.columns) {
    const value = c.get(r);
    const text = value === null ? '–' : displayCell(c, value);
    const td = el('td', {
      className: `${typeof value === 'number' ? 'num' : ''}${differsFromBaseline(c, r, v.baseline) ? ' differs' : ''}`,
      text,
      attrs: { 'data-column': c.key },
    });
    if (c.key === 'path') td.title = r.path;
    if (c.key === 'status' && r.statusNote) td.title = r.statusNote;
    const d = deltaText(c, r, v.baseline);
    if (d) td.append(el('span', { className: 'delta', text: ` (${d})`, attrs: { 'data-delta': d } }));
    tr.append(td);
  }
  return tr;
}
