/**
 * The confusion-matrix panel: one predictions file (matrix, threshold explorer, report,
 * calibration, rows), two files compared, or a series. Listens first, then says `ready`.
 */

import type {
  FromMatrixWebview,
  MatrixFile,
  MatrixRow,
  MatrixSnapshot,
  ToMatrixWebview,
  ClassificationPayload,
  EvaluationPayload,
  MatrixFinding,
} from '../../src/protocol/matrix';
import { MATRIX_PROTOCOL_VERSION } from '../../src/protocol/matrix';
import { readTheme } from '../curves/theme';
import { unpackArrays } from '../../src/protocol/wireArrays';
import { connect, el, renderErrorBox, renderPart, reportProblems } from '../vscodeApi';
import type { ChartTheme } from './charts';
import { ClassificationView } from './classificationView';
import type { HeatmapColors } from './heatmap';
import type { Rgb } from './matrixMath';
import { count } from '../format';
import { compareView, regressionView, seriesView } from './otherViews';
import { renderRows } from './rowsView';
import { DEFAULT_MATRIX_STATE, sanitizeMatrixState, type MatrixUiState } from './state';

const vscode = connect<MatrixUiState, FromMatrixWebview>();
let state: MatrixUiState = sanitizeMatrixState(vscode.getState(), DEFAULT_MATRIX_STATE);
const problems = reportProblems((m) => vscode.post(m));

const app = document.getElementById('app')!;
const header = el('header', { className: 'toolbar' });
const findingsBox = el('section', { className: 'findings', attrs: { 'aria-label': 'Findings' } });
const issuesBox = el('details', { className: 'issues', attrs: { hidden: '' } });
const body = el('div', { className: 'body' });
const rowsBox = el('div', { className: 'rows-box', attrs: { 'aria-live': 'polite' } });
app.append(header, findingsBox, issuesBox, body, rowsBox);
body.append(el('p', { className: 'empty', text: 'Reading…' }));

let init: Extract<ToMatrixWebview, { type: 'init' }> | undefined;
let views: ClassificationView[] = [];
let rows:
  { file: number; i: number; j: number; threshold: number | null; total: number; list: MatrixRow[] } | undefined;
const images = new Map<number, { dataUrl?: string; error?: string }>();
let nextRequest = 1;
let pendingRows = 0;
let pendingImages = 0;

function setState(patch: Partial<MatrixUiState>): void {
  const before = state;
  state = { ...state, ...patch };
  vscode.setState(state);
  for (const v of views) v.update();
  const sel = state.selected;
  const selectionChanged =
    JSON.stringify(before.selected) !== JSON.stringify(sel) || (sel !== null && before.threshold !== state.threshold);
  if (selectionChanged) {
    rows = undefined;
    images.clear();
    if (sel) requestRows(0);
    else rowsBox.replaceChildren();
  }
}

function requestRows(offset: number): void {
  const sel = state.selected;
  if (!sel) return;
  pendingRows = nextRequest++;
  vscode.post({
    type: 'rows',
    requestId: pendingRows,
    file: sel.file,
    i: sel.i,
    j: sel.j,
    threshold: state.threshold,
    offset,
    limit: 100,
  });
}

function rgbOf(css: string, fallback: Rgb): Rgb {
  const probe = document.createElement('canvas').getContext('2d');
  if (!probe || !css) return fallback;
  probe.fillStyle = '#000';
  probe.fillStyle = css;
  const v = probe.fillStyle;
  const m = /^#([0-9a-f]{6})$/i.exec(v);
  if (m) {
    const n = parseInt(m[1]!, 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }
  const r = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)/.exec(v);
  return r ? [Number(r[1]), Number(r[2]), Number(r[3])] : fallback;
}

function themeColors(): { heat: HeatmapColors; chart: ChartTheme } {
  const css = getComputedStyle(document.documentElement);
  const chartPalette = readTheme();
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    heat: {
      background: rgbOf(v('--vscode-editor-background', '#1e1e1e'), [30, 30, 30]),
      foreground: rgbOf(v('--vscode-foreground', '#cccccc'), [204, 204, 204]),
      right: rgbOf(v('--vscode-charts-blue', '#3794ff'), [55, 148, 255]),
      wrong: rgbOf(v('--vscode-charts-red', '#f14c4c'), [241, 76, 76]),
    },
    chart: {
      foreground: v('--vscode-foreground', '#cccccc'),
      muted: v('--vscode-descriptionForeground', '#9d9d9d'),
      grid: v('--vscode-editorWidget-border', 'rgba(128,128,128,0.35)'),
      fontFamily: v('--vscode-font-family', 'sans-serif'),
      fontSize: parseFloat(v('--vscode-font-size', '13')) || 13,
      accent: v('--vscode-charts-blue', '#3794ff'),
      second: v('--vscode-charts-orange', '#d18616'),
      marker: v('--vscode-charts-red', '#f14c4c'),
      palette: chartPalette.palette,
      dark: chartPalette.dark,
    },
  };
}

/**
 * Draws the panel from `init`. Each part is built on its own (`renderPart`): one that throws shows
 * its error in its place and is reported to the host's log, and the others are drawn.
 */
function render(): void {
  if (!init) return;
  const m = init;
  const { heat, chart } = themeColors();
  header.replaceChildren(
    ...m.files.map((f) =>
      renderPart(problems, 'file line', () =>
        el(
          'div',
          { className: 'file-line' },
          el('span', { className: 'codicon codicon-table', attrs: { 'aria-hidden': 'true' } }),
          el('strong', { text: f.source }),
          el('span', { className: 'muted', text: describeFile(f) }),
        ),
      ),
    ),
  );
  findingsBox.replaceChildren(renderPart(problems, 'findings', () => renderFindings(m.findings)));
  issuesBox.replaceChildren(renderPart(problems, 'problems list', () => renderIssues(m.files)));
  views = [];
  const parts: Node[] = [];
  if (m.mode === 'single') {
    const e = m.evaluations[0] ?? null;
    parts.push(renderPart(problems, 'evaluation', () => viewFor(e, m.files[0]!, 0, heat, chart)));
  } else if (m.mode === 'compare') {
    if (m.comparison)
      parts.push(
        renderPart(problems, 'comparison', () =>
          compareView(
            m.comparison!,
            m.files.map((f) => f.source),
            heat,
          ),
        ),
      );
    else parts.push(el('p', { className: 'empty', text: 'Two classification files are needed to compare.' }));
    m.evaluations.forEach((e, i) =>
      parts.push(
        el(
          'details',
          { className: 'file-detail' },
          el('summary', { text: m.files[i]!.source }),
          renderPart(problems, `evaluation of ${m.files[i]!.source}`, () => viewFor(e, m.files[i]!, i, heat, chart)),
        ),
      ),
    );
  } else {
    if (m.series) parts.push(renderPart(problems, 'series of files', () => seriesView(m.series!, chart)));
  }
  body.replaceChildren(...parts);
  if (state.selected) requestRows(0);
}

function viewFor(
  e: EvaluationPayload | null,
  file: MatrixFile,
  index: number,
  heat: HeatmapColors,
  chart: ChartTheme,
): HTMLElement {
  if (!e)
    return el('p', {
      className: 'empty',
      text: `${file.source} could not be read as predictions: see the problems above.`,
    });
  if (e.kind === 'regression') return regressionView(e, chart);
  const v = new ClassificationView(e as ClassificationPayload, file, {
    state: () => state,
    setState,
    colors: heat,
    chartTheme: chart,
    fileIndex: index,
    problems,
  });
  views.push(v);
  return v.element;
}

function describeFile(f: MatrixFile): string {
  const cols = Object.entries(f.columns)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? `${v.length} columns` : String(v)}`)
    .join(', ');
  const kind =
    f.kind === 'matrix'
      ? 'a confusion matrix'
      : f.kind === 'regression'
        ? 'regression'
        : f.kind === 'unreadable'
          ? 'unreadable'
          : 'classification';
  const from =
    f.predictedFrom === 'threshold'
      ? '; predicted labels from score ≥ threshold'
      : f.predictedFrom === 'argmax'
        ? '; predicted labels: the most probable class'
        : '';
  return ` — ${kind}, ${count(f.n)} rows${cols ? ` (${cols})` : ''}${from}`;
}

function renderFindings(all: readonly (readonly MatrixFinding[])[]): DocumentFragment {
  const items = all.flatMap((list, file) => list.map((f) => ({ f, file })));
  const out = document.createDocumentFragment();
  out.append(
    ...items.map(({ f, file }) => {
      const icon = el('span', {
        className: `codicon codicon-${f.severity === 'info' ? 'info' : f.severity}`,
        attrs: { 'aria-label': f.severity },
      });
      const li = el(
        'div',
        { className: `finding ${f.severity}`, attrs: { 'data-rule': f.rule } },
        icon,
        el('span', { text: ` ${f.message} ` }),
        el('span', { className: 'muted', text: f.hint }),
      );
      if (f.line !== undefined) {
        const line = f.line;
        const open = el('button', { className: 'link', text: `line ${line}`, attrs: { type: 'button' } });
        open.addEventListener('click', () => vscode.post({ type: 'openLine', file, line }));
        li.append(' ', open);
      }
      return li;
    }),
  );
  return out;
}

function renderIssues(files: readonly MatrixFile[]): DocumentFragment {
  const total = files.reduce((n, f) => n + f.issueCount, 0);
  issuesBox.hidden = total === 0;
  const out = document.createDocumentFragment();
  if (total === 0) return out;
  out.append(
    el('summary', {
      text: `${total} ${total === 1 ? 'problem' : 'problems'} reading ${files
        .filter((f) => f.issueCount > 0)
        .map((f) => f.source)
        .join(', ')}`,
    }),
    el(
      'ul',
      {},
      ...files.flatMap((f, file) =>
        f.issues.map((i) => {
          const li = el('li', { text: i.message });
          if (i.line !== undefined) {
            const line = i.line;
            const open = el('button', { className: 'link', text: 'open', attrs: { type: 'button' } });
            open.addEventListener('click', () => vscode.post({ type: 'openLine', file, line }));
            li.append(' ', open);
          }
          return li;
        }),
      ),
    ),
  );
  return out;
}

function renderRowList(): void {
  if (!rows || !init) return;
  const file = init.files[rows.file];
  const e = init.evaluations[rows.file];
  if (!file || !e || e.kind === 'regression') return;
  const title = `True "${e.labels[rows.i]}" predicted as "${e.labels[rows.j]}"${rows.threshold !== null ? ` at threshold ${rows.threshold}` : ''}`;
  rowsBox.replaceChildren(
    renderPart(problems, 'rows behind the cell', () =>
      renderRows(title, rows!.list, rows!.total, images, file.imageIds, {
        openLine: (line) => vscode.post({ type: 'openLine', file: rows!.file, line }),
        more: () => requestRows(rows!.list.length),
        close: () => setState({ selected: null }),
      }),
    ),
  );
}

function snapshot(): MatrixSnapshot {
  const table = body.querySelector('table.heatmap');
  const labels = table ? [...table.querySelectorAll('tbody th.true')].map((th) => th.textContent ?? '') : [];
  const cells = table
    ? [...table.querySelectorAll('tbody tr')].map((tr) =>
        [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''),
      )
    : [];
  const metrics: Record<string, string> = {};
  for (const m of body.querySelectorAll<HTMLElement>('.metric'))
    metrics[m.dataset['metric'] ?? ''] = m.querySelector('.metric-value')?.textContent ?? '';
  return {
    mode: init?.mode ?? '',
    labels,
    cells,
    normalization: state.normalization,
    classes: (() => {
      const e = init?.evaluations[0];
      return e && e.kind !== 'regression' ? e.labels.length : 0;
    })(),
    drawnAs: table ? 'table' : body.querySelector('canvas.heatmap-canvas') ? 'canvas' : 'none',
    withoutMatrix: body.querySelector('.without-matrix')?.textContent ?? '',
    matrixControls: [...body.querySelectorAll<HTMLElement>('.matrix-section [data-control]')].map(
      (e) => e.dataset['control'] ?? '',
    ),
    topConfusions: [...body.querySelectorAll('ol.confusions li')].map((li) => li.textContent ?? ''),
    threshold: state.threshold,
    metrics,
    reportRows: body.querySelectorAll('table.report tbody tr:not(.average)').length,
    rows: [...rowsBox.querySelectorAll('table.rows-table tbody tr')].map((tr) =>
      [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''),
    ),
    images: rowsBox.querySelectorAll('.thumbs img').length,
    findings: [...findingsBox.querySelectorAll('.finding')].map((f) => (f as HTMLElement).dataset['rule'] ?? ''),
    issues: [...issuesBox.querySelectorAll('li')].map((li) => li.firstChild?.textContent ?? ''),
    charts: [...body.querySelectorAll<HTMLElement>('figure.small-chart')].map((f) => f.dataset['chart'] ?? ''),
    message: [...body.querySelectorAll(':scope > p.empty')].map((p) => p.textContent ?? '').join(' '),
    securityViolations: problems.securityViolations.slice(),
    scriptErrors: problems.scriptErrors.slice(),
    state: state as unknown as Record<string, unknown>,
  };
}

window.addEventListener('message', (event: MessageEvent<ToMatrixWebview>) => {
  try {
    handle(unpackArrays(event.data));
  } catch (e) {
    // Whatever failed, the panel says so rather than staying on "Reading…"; probes still answer.
    const part = `panel (on the message "${String((event.data as { type?: unknown } | undefined)?.type)}")`;
    problems.renderError(part, e);
    body.querySelector(':scope > p.empty')?.remove();
    body.prepend(renderErrorBox(part, e));
  }
});

function handle(m: ToMatrixWebview): void {
  switch (m.type) {
    case 'init':
      init = m;
      if (JSON.stringify(state.sources) !== JSON.stringify(m.sources)) {
        state = { ...state, sources: m.sources };
        vscode.setState(state);
      }
      app.setAttribute('aria-busy', 'false');
      render();
      break;
    case 'loading':
      if (!init) body.replaceChildren(el('p', { className: 'empty', text: m.message }));
      break;
    case 'rows': {
      if (m.requestId !== pendingRows || !state.selected) break;
      const sel = state.selected;
      const list = m.offset === 0 || !rows ? m.rows.slice() : [...rows.list, ...m.rows];
      rows = { file: sel.file, i: sel.i, j: sel.j, threshold: state.threshold, total: m.total, list };
      renderRowList();
      if (init?.files[sel.file]?.imageIds) {
        const want = list
          .slice(0, 48)
          .map((r) => r.row)
          .filter((r) => !images.has(r));
        if (want.length > 0) {
          pendingImages = nextRequest++;
          vscode.post({ type: 'images', requestId: pendingImages, file: sel.file, rows: want });
        }
      }
      break;
    }
    case 'images':
      if (m.requestId !== pendingImages) break;
      for (const i of m.images) images.set(i.row, i);
      renderRowList();
      break;
    case 'applyState':
      setState(sanitizeMatrixState({ ...state, ...m.patch }, state));
      break;
    case 'probe':
      vscode.post({ type: 'probeResult', id: m.id, snapshot: snapshot() });
      break;
  }
}

new MutationObserver(() => render()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
vscode.post({ type: 'ready', version: MATRIX_PROTOCOL_VERSION });
