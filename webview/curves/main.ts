/**
 * The curves panel: one chart per quantity, every run and split overlaid, growing as the host
 * sends new points. Listens first, then says `ready` with its view (restored from `getState`).
 */

import {
  Chart,
  LineController,
  LineElement,
  PointElement,
  LinearScale,
  LogarithmicScale,
  Legend,
  Filler,
  Title,
} from 'chart.js';
import zoomPlugin from 'chartjs-plugin-zoom';
import type {
  ChartSnapshot,
  CurvesBootstrap,
  CurvesSettings,
  CurvesSnapshot,
  FromCurvesWebview,
  ToCurvesWebview,
  ViewRequest,
} from '../../src/protocol/curves';
import { CURVES_PROTOCOL_VERSION } from '../../src/protocol/curves';
import { unpackArrays } from '../../src/protocol/wireArrays';
import { connect, el, renderErrorBox, reportProblems, updatePart } from '../vscodeApi';
import { buildChart, ownXLabel, seriesColors, type ChartContext, type RunInfo } from './chartConfig';
import { ChartCard } from './chartCard';
import { CurvesModel, type ChartGroup, type ClientSeries } from './model';
import { marksPlugin } from './plugins';
import { runColor } from './palette';
import { DEFAULT_STATE, filterRegExp, sanitizeState, type UiState } from './state';
import { renderSummary, type SummaryRowView } from './summaryTable';
import { renderRunValues, type RunValueView } from './runValues';
import { ReadingProblems } from './readingProblems';
import { chartSnapshot } from './chartSnapshot';
import { chartPng } from './exportImage';
import { Toolbar } from './toolbar';
import type { Range } from './keyboardZoom';
import { onThemeChange, readTheme } from './theme';

Chart.register(
  LineController,
  LineElement,
  PointElement,
  LinearScale,
  LogarithmicScale,
  Legend,
  Filler,
  Title,
  zoomPlugin,
  marksPlugin,
);

const vscode = connect<UiState, FromCurvesWebview>();
const boot = readBootstrap();
let settings: CurvesSettings = boot.settings;
// A panel opened for the first time starts from the user's settings; a restored one from its own state.
let state: UiState = sanitizeState(vscode.getState(), {
  ...DEFAULT_STATE,
  smoothing: boot.defaults.smoothing,
  xMode: boot.defaults.xMode,
});

function readBootstrap(): CurvesBootstrap {
  const fallback: CurvesBootstrap = {
    settings: { palette: [], maxPointsPerSeries: 4000 },
    defaults: { smoothing: 0, xMode: 'step' },
  };
  try {
    const b = JSON.parse(document.body.dataset['bootstrap'] ?? '{}') as Partial<CurvesBootstrap>;
    return { settings: { ...fallback.settings, ...b.settings }, defaults: { ...fallback.defaults, ...b.defaults } };
  } catch {
    return fallback;
  }
}
const model = new CurvesModel();
const cards = new Map<string, ChartCard>();
let theme = readTheme();
const problems = reportProblems((m) => vscode.post(m));
let drawnAt = 0;
let receivedAt = 0;

const app = document.getElementById('app')!;
const toolbar = new Toolbar({
  change: (patch) => setState(patch),
  resetZoom: () => setState({ xRange: null }),
  exportData: (format) => vscode.post({ type: 'export', format, seriesKeys: visibleSeriesKeys(), name: exportName() }),
});
const header = el('header', { className: 'toolbar' }, toolbar.element);
const readingProblems = new ReadingProblems({
  toggled: (open) => {
    if (state.issuesOpen !== open) setState({ issuesOpen: open }, false);
  },
  openAt: (runId, line) => vscode.post({ type: 'openLocation', runId, line }),
});
const grid = el('div', { className: 'charts', attrs: { role: 'list', 'aria-label': 'Charts' } });
const empty = el('p', { className: 'empty', text: 'Reading…' });
// Values of the runs (hparam/…, best_…, a score logged once): numbers above the charts, not charts of one point.
const values = el('section', { className: 'run-values-box', attrs: { hidden: '', 'aria-label': 'Run summary' } });
const summary = el('section', { className: 'summary-box', attrs: { 'aria-label': 'Summary of best and last values' } });
// What the keyboard zoom says it did, for screen readers.
const spoken = el('div', { className: 'visually-hidden', attrs: { role: 'status', 'aria-live': 'polite' } });
app.append(header, readingProblems.element, values, empty, grid, summary, spoken);

/** Fields that change what the host must compute (and so trigger a `view` message). */
function viewOf(s: UiState): ViewRequest {
  return { smoothing: s.smoothing, xMode: s.xMode, xRange: s.xRange, buckets: bucketsFor() };
}

function bucketsFor(): number {
  // About one bucket per pixel of a chart's width (4 points each): enough for a pixel-exact line.
  const width = grid.clientWidth || window.innerWidth || 1000;
  return Math.max(100, Math.min(2000, Math.round(width)));
}

let viewTimer: ReturnType<typeof setTimeout> | undefined;
/**
 * The x extent of the whole runs when a zoom began: zoomed in, the host sends only the range shown, so
 * the keys that zoom out and pan (see keyboardZoom.ts) need it remembered.
 */
let zoomedFrom: Range | undefined;

/** The x extent of the points at hand. */
function dataExtent(): Range | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of model.allSeries())
    for (const x of s.x)
      if (Number.isFinite(x)) {
        if (x < lo) lo = x;
        if (x > hi) hi = x;
      }
  return lo <= hi ? [lo, hi] : undefined;
}

/** Everything there is on the x axis: the extent when the zoom began, and what came since. */
function xExtent(): Range | undefined {
  const now = dataExtent();
  if (!zoomedFrom || !now) return now ?? zoomedFrom;
  return [Math.min(zoomedFrom[0], now[0]), Math.max(zoomedFrom[1], now[1])];
}

function setState(patch: Partial<UiState>, rerender = true): void {
  const before = state;
  state = { ...state, ...patch };
  vscode.setState(state);
  if (!state.xRange || before.xMode !== state.xMode) zoomedFrom = undefined;
  else if (!before.xRange) zoomedFrom = dataExtent();
  const viewChanged =
    before.smoothing !== state.smoothing ||
    before.xMode !== state.xMode ||
    JSON.stringify(before.xRange) !== JSON.stringify(state.xRange);
  const groupChanged =
    before.groupBy !== state.groupBy ||
    before.groupPattern !== state.groupPattern ||
    before.band !== state.band ||
    (state.groupBy !== 'none' && before.xMode !== state.xMode);
  if (viewChanged) {
    // Smoothing drags and zooms come in bursts: ask the host once they settle.
    if (viewTimer) clearTimeout(viewTimer);
    viewTimer = setTimeout(() => vscode.post({ type: 'view', view: viewOf(state) }), 60);
  }
  if (groupChanged) {
    if (state.groupBy === 'none') model.setGroups([]);
    vscode.post({
      type: 'group',
      by: state.groupBy,
      pattern: state.groupPattern,
      band: state.band,
      xMode: state.xMode,
    });
  }
  if (rerender) render();
}

function palette(): readonly string[] {
  return settings.palette.length > 0 ? settings.palette : theme.palette;
}

function runInfos(): Map<string, RunInfo> {
  const colors = palette();
  return new Map(
    model.runs.map((r, i) => [
      r.id,
      {
        name: r.name,
        color: runColor(colors, i, theme.dark),
        xLabel: r.xLabel,
        hidden: state.hiddenRuns.includes(r.id),
      },
    ]),
  );
}

function isVisible(s: ClientSeries, runs: Map<string, RunInfo>): boolean {
  if (state.hidden.includes(s.key) || runs.get(s.runId)?.hidden) return false;
  const re = filterRegExp(state.filter);
  return !re || re.test(s.name) || re.test(s.chartTitle) || re.test(runs.get(s.runId)?.name ?? '');
}

function visibleSeriesKeys(): string[] {
  const runs = runInfos();
  return model
    .allSeries()
    .filter((s) => isVisible(s, runs))
    .map((s) => s.key);
}

function exportName(): string {
  return model.runs.length === 1 ? `${model.runs[0]!.name.replace(/[\\/]/g, '_')}-curves` : 'curves';
}

function chartContext(): ChartContext & { runs: Map<string, RunInfo> } {
  const runs = runInfos();
  return { runs, palette: palette(), state, theme, visible: (s) => isVisible(s, runs), findings: model.findings };
}

/**
 * Draws the panel. `changed` (the charts an update touched) limits the chart work to them: with
 * twenty charts open, an appended training-loss line redraws the loss chart alone. Without it
 * (a setting, the theme, a new view) every chart is built again.
 */
/** Past this many charts, a chart is drawn when it comes near the screen, not all at once. */
const LAZY_AFTER = 12;

function render(changed?: ReadonlySet<string>): void {
  const groups = model.charts();
  const ctx = chartContext();
  const runs = ctx.runs;
  // Values of the runs (a final test score, hparam/…) come from the host apart from the series: the
  // host decides what is a curve (src/core/model/runValues.ts), so the panel and `inspect` agree.
  const shown = groups.filter((g) => g.series.some(ctx.visible) || g.groups.length > 0);
  empty.hidden = shown.length > 0;
  empty.textContent =
    model.runs.length === 0
      ? 'Reading…'
      : groups.length === 0
        ? model.values.length > 0
          ? 'No curves: the run has only the values above.'
          : 'No metrics found yet. Curves appear as soon as the file has a header and a row.'
        : 'No series match the filter.';
  const keep = new Set(shown.map((g) => g.key));
  for (const [key, card] of cards)
    if (!keep.has(key)) {
      card.destroy();
      cards.delete(key);
    }
  // Each chart on its own: one that cannot be drawn shows its error in its place, the others are drawn.
  const failed = new Map<string, HTMLElement>();
  for (const g of shown) {
    const card = cards.get(g.key);
    if (card && changed && !changed.has(g.key)) {
      card.group = g;
      continue;
    }
    try {
      const built = buildChart(g, ctx);
      if (card) card.update(g, built);
      else cards.set(g.key, new ChartCard(g, built, cardCallbacks, shown.length > LAZY_AFTER));
    } catch (e) {
      cards.get(g.key)?.destroy();
      cards.delete(g.key);
      problems.renderError(`chart "${g.title}"`, e);
      failed.set(g.key, renderErrorBox(`chart "${g.title}"`, e));
    }
  }
  const order = shown.map((g) => failed.get(g.key) ?? cards.get(g.key)!.element);
  if (order.some((c, i) => grid.children[i] !== c) || grid.children.length !== order.length)
    grid.replaceChildren(...order);
  try {
    toolbar.render(state, model.runs, (id) => runs.get(id)?.color ?? theme.foreground);
    if (header.childElementCount > 1) header.replaceChildren(toolbar.element);
  } catch (e) {
    problems.renderError('toolbar', e);
    header.replaceChildren(toolbar.element, renderErrorBox('toolbar', e));
  }
  updatePart(problems, 'problems list', readingProblems.list, () =>
    readingProblems.render(model.runs, state.issuesOpen),
  );
  updatePart(problems, 'run summary', values, () =>
    renderRunValues(values, runValueRows(runs), ownXLabel(model.runs.map((r) => r.xLabel))),
  );
  updatePart(problems, 'summary', summary, () =>
    renderSummary(
      summary,
      summaryRows(runs),
      ownXLabel(model.runs.map((r) => r.xLabel)),
      state.summarySort,
      (summarySort) => setState({ summarySort }),
    ),
  );
}

function summaryRows(runs: Map<string, RunInfo>): SummaryRowView[] {
  const byKey = new Map(model.allSeries().map((s) => [s.key, s]));
  return model.summary.flatMap((e) => {
    const s = byKey.get(`${e.runId}\u0000${e.name}`);
    if (s && !isVisible(s, runs)) return [];
    return [{ runId: e.runId, run: runs.get(e.runId)?.name ?? '', metric: e.name, entry: e }];
  });
}

function runValueRows(runs: Map<string, RunInfo>): RunValueView[] {
  const re = filterRegExp(state.filter);
  return model.values.flatMap((entry) => {
    const run = runs.get(entry.runId);
    if (run?.hidden || (re && !re.test(entry.name) && !re.test(run?.name ?? ''))) return [];
    return [{ run: run?.name ?? '', entry }];
  });
}

const cardCallbacks = {
  onZoom: (range: [number, number] | null) => setState({ xRange: range }),
  onToggleSeries: (key: string) =>
    setState({ hidden: state.hidden.includes(key) ? state.hidden.filter((k) => k !== key) : [...state.hidden, key] }),
  onLimits: (chartKey: string, limits: { min?: number; max?: number }) =>
    setState({ limits: { ...state.limits, [chartKey]: limits } }),
  onExportPng: (card: ChartCard) => {
    const built = buildChart(card.group, chartContext());
    vscode.post({
      type: 'export',
      format: 'png',
      seriesKeys: [],
      name: `${exportName()}-${card.group.key}`,
      dataUrl: chartPng(built, card.group.title, theme),
    });
  },
  onToggleTable: (chartKey: string) =>
    setState({
      tables: state.tables.includes(chartKey)
        ? state.tables.filter((k) => k !== chartKey)
        : [...state.tables, chartKey],
    }),
  visibleSeries: (g: ChartGroup) => {
    const runs = runInfos();
    return g.series.filter((s) => isVisible(s, runs) && !s.missingAxis);
  },
  colorOf: (s: ClientSeries, g: ChartGroup) =>
    seriesColors(g, runInfos(), palette(), theme.dark, theme.foreground).get(s.key) ?? theme.foreground,
  runName: (s: ClientSeries) => (model.runs.length > 1 ? (model.run(s.runId)?.name ?? '') : s.name),
  runStart: (s: ClientSeries) =>
    model
      .allSeries()
      .filter((o) => o.runId === s.runId)
      .reduce((m, o) => Math.min(m, o.wallTimes?.[0] ?? Infinity), Infinity),
  state: () => state,
  xExtent,
  announce: (text: string) => {
    spoken.textContent = text;
  },
};

/** Zooms every chart to a window around `step` (Show in chart). */
function focusStep(step: number): void {
  const s = model.allSeries().find((v) => v.steps.length > 0);
  if (!s) return;
  const i = s.steps.findIndex((v) => v >= step);
  const at = s.x[i >= 0 ? i : s.x.length - 1]!;
  const span = s.x[s.x.length - 1]! - s.x[0]! || 1;
  // Whole numbers when the axis counts steps or epochs, so the ticks are whole too.
  const whole = s.x.every((v) => Number.isInteger(v));
  const lo = at - span * 0.15,
    hi = at + span * 0.15;
  setState({ xRange: whole ? [Math.floor(lo), Math.ceil(hi)] : [lo, hi] });
}

function snapshot(): CurvesSnapshot {
  const totalOf = (key: string) => model.allSeries().find((s) => s.key === key)?.total ?? 0;
  const charts: ChartSnapshot[] = [...grid.querySelectorAll<HTMLElement>('article.chart-card')].map((card) =>
    chartSnapshot(card, cards.get(card.dataset['chartKey'] ?? '')!, totalOf),
  );
  return {
    charts,
    xChoices: toolbar.xChoices(),
    runStatuses: toolbar.runStatuses(),
    summaryColumns: [...summary.querySelectorAll('th')].map((th) => th.textContent?.replace(/ [▲▼]$/, '') ?? ''),
    issues: readingProblems.messages(),
    securityViolations: problems.securityViolations.slice(),
    scriptErrors: problems.scriptErrors.slice(),
    state: state as unknown as Record<string, unknown>,
    summaryRows: summary.querySelectorAll('tbody tr').length,
    summaryMetrics: [...summary.querySelectorAll('tbody tr')].map((tr) => tr.children[1]?.textContent ?? ''),
    runValues: [...values.querySelectorAll('tbody td.name')].map((td) => td.textContent ?? ''),
    message: empty.hidden ? '' : (empty.textContent ?? ''),
    receivedMax: model.receivedMax,
    drawnAt,
    receivedAt,
  };
}

window.addEventListener('message', (event: MessageEvent<ToCurvesWebview>) => {
  try {
    handle(unpackArrays(event.data));
  } catch (e) {
    // Whatever failed, the panel says so rather than staying on "Reading…"; probes still answer.
    const part = `panel (on the message "${String((event.data as { type?: unknown } | undefined)?.type)}")`;
    problems.renderError(part, e);
    empty.hidden = true;
    grid.prepend(renderErrorBox(part, e));
  }
});

function handle(m: ToCurvesWebview): void {
  switch (m.type) {
    case 'init':
      if (JSON.stringify(state.sources) !== JSON.stringify(m.sources)) setState({ sources: m.sources }, false);
      model.init(m.runs, m.series, m.summary, m.findings);
      model.values = m.values.slice();
      if (m.groups) model.setGroups(m.groups);
      app.setAttribute('aria-busy', 'false');
      render();
      if (m.focusStep !== undefined) focusStep(m.focusStep);
      break;
    case 'update': {
      receivedAt = Date.now();
      const changed = model.update(m.runs, m.series, m.summary, m.findings, m.groups);
      model.values = m.values.slice();
      render(changed === 'all' ? undefined : changed);
      drawnAt = Date.now();
      break;
    }
    case 'groups':
      model.setGroups(m.groups);
      render();
      break;
    case 'focusStep':
      focusStep(m.step);
      break;
    case 'settings':
      settings = m.settings;
      render();
      break;
    case 'applyState': {
      // Only fields the state knows, each checked as a restored state is.
      const next = sanitizeState({ ...state, ...m.patch }, state);
      const patch: Partial<UiState> = {};
      for (const k of Object.keys(m.patch) as (keyof UiState)[])
        if (k in next) (patch as Record<string, unknown>)[k] = next[k];
      setState(patch);
      break;
    }
    case 'probe':
      vscode.post({ type: 'probeResult', id: m.id, snapshot: snapshot() });
      break;
  }
}

onThemeChange(() => {
  theme = readTheme();
  render();
});

render();
vscode.post({ type: 'ready', version: CURVES_PROTOCOL_VERSION, view: viewOf(state) });
if (state.groupBy !== 'none')
  vscode.post({ type: 'group', by: state.groupBy, pattern: state.groupPattern, band: state.band, xMode: state.xMode });
