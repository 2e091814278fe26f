/**
 * The curves panel: one chart per quantity, train and validation overlaid, growing as the host
 * sends new points. Listens first, then says `ready`.
 */

import { Chart, LineController, LineElement, PointElement, LinearScale, Tooltip, Legend } from 'chart.js';
import type { ChartSnapshot, CurvesSnapshot, FromCurvesWebview, RunPayload, ToCurvesWebview } from '../../src/protocol';
import { PROTOCOL_VERSION } from '../../src/protocol';
import { connect, el, reportProblems } from '../vscodeApi';
import { chartConfig, updateDatasets, type LineDataset, type RunLabel } from './chartConfig';
import { CurvesModel, type ChartGroup, type XY } from './model';
import { onThemeChange, readTheme } from './theme';

Chart.register(LineController, LineElement, PointElement, LinearScale, Tooltip, Legend);

interface UiState {
  readonly sources: readonly string[];
  readonly issuesOpen: boolean;
}

const vscode = connect<UiState, FromCurvesWebview>();
let state: UiState = vscode.getState() ?? { sources: [], issuesOpen: false };
const model = new CurvesModel();
const charts = new Map<string, { chart: Chart<'line', XY[]>; card: HTMLElement; title: HTMLElement }>();
let theme = readTheme();
const problems = { securityViolations: [] as string[], scriptErrors: [] as string[] };

const app = document.getElementById('app')!;
const header = el('header', { className: 'toolbar' });
const runsLine = el('span', { className: 'runs', attrs: { 'aria-live': 'polite' } });
header.append(el('span', { className: 'codicon codicon-graph-line', attrs: { 'aria-hidden': 'true' } }), runsLine);
const issuesBox = el('details', { className: 'issues', attrs: { hidden: '' } });
const issuesSummary = el('summary');
const issuesList = el('ul');
issuesBox.append(issuesSummary, issuesList);
issuesBox.addEventListener('toggle', () => saveState({ issuesOpen: issuesBox.open }));
const grid = el('div', { className: 'charts', attrs: { role: 'list' } });
const empty = el('p', { className: 'empty', text: 'Reading…' });
app.append(header, issuesBox, empty, grid);

function saveState(patch: Partial<UiState>): void {
  state = { ...state, ...patch };
  vscode.setState(state);
}

function runLabels(): Map<string, RunLabel> {
  return new Map(model.runs.map((r, index) => [r.id, { name: r.name, index, xLabel: r.xLabel }]));
}

function render(full: boolean, changed?: Set<string>): void {
  const groups = model.charts();
  const labels = runLabels();
  empty.hidden = groups.length > 0;
  empty.textContent = model.runs.length === 0 ? 'Reading…' : 'No metrics found yet. Curves appear as soon as the file has a header and a row.';
  if (full) {
    for (const c of charts.values()) c.chart.destroy();
    charts.clear();
    grid.replaceChildren();
  }
  for (const g of groups) {
    const existing = charts.get(g.key);
    if (!existing) {
      createChart(g, labels);
    } else if (!changed || changed.has(g.key)) {
      existing.chart.data.datasets = updateDatasets(existing.chart.data.datasets as LineDataset[], g, labels, theme);
      existing.chart.update('none');
      existing.card.dataset['points'] = String(pointCount(g));
    }
  }
  // Keep the cards in the model's order (a new quantity may sort before existing ones).
  const order = groups.map((g) => charts.get(g.key)?.card).filter((c): c is HTMLElement => !!c);
  if (order.some((c, i) => grid.children[i] !== c)) grid.replaceChildren(...order);
  renderRunsLine();
  renderIssues(model.runs);
}

function createChart(g: ChartGroup, labels: Map<string, RunLabel>): void {
  const title = el('h3', { text: g.title });
  const canvas = el('canvas', { attrs: { role: 'img', 'aria-label': `${g.title} by step` } });
  const box = el('div', { className: 'canvas-box' }, canvas);
  const card = el('article', { className: 'chart-card', attrs: { role: 'listitem' } }, title, box);
  card.dataset['chartKey'] = g.key;
  card.dataset['points'] = String(pointCount(g));
  grid.appendChild(card);
  const chart = new Chart<'line', XY[]>(canvas, chartConfig(g, labels, theme));
  charts.set(g.key, { chart, card, title });
}

function pointCount(g: ChartGroup): number {
  return g.series.reduce((n, s) => n + s.points.length, 0);
}

function renderRunsLine(): void {
  const parts = model.runs.map((r) => `${r.source} (${r.format})`);
  runsLine.textContent = parts.join(' · ');
}

function renderIssues(runs: readonly RunPayload[]): void {
  const all = runs.flatMap((r) => r.issues.map((i) => ({ run: r, issue: i })));
  const total = runs.reduce((n, r) => n + r.issueCount, 0);
  issuesBox.hidden = total === 0;
  if (total === 0) return;
  issuesSummary.textContent = `${total} ${total === 1 ? 'problem' : 'problems'} reading ${runs.filter((r) => r.issueCount > 0).map((r) => r.source).join(', ')}`;
  issuesList.replaceChildren(...all.map(({ run, issue }) => {
    const li = el('li', { text: issue.message });
    if (issue.line !== undefined) {
      const line = issue.line;
      const open = el('button', { className: 'link', text: 'open', attrs: { type: 'button', title: `Open ${run.source} at line ${line}` } });
      open.addEventListener('click', () => vscode.post({ type: 'openLocation', runId: run.id, line }));
      li.append(' ', open);
    }
    return li;
  }));
  if (state.issuesOpen) issuesBox.open = true;
}

function snapshot(): CurvesSnapshot {
  const chartSnapshots: ChartSnapshot[] = [...grid.querySelectorAll<HTMLElement>('article.chart-card')].map((card) => {
    const key = card.dataset['chartKey'] ?? '';
    const c = charts.get(key);
    const datasets = (c?.chart.data.datasets ?? []) as LineDataset[];
    return {
      key,
      title: card.querySelector('h3')?.textContent ?? '',
      datasets: datasets.map((d) => ({
        label: String(d.label ?? ''),
        runId: d.metricLens.runId,
        split: d.metricLens.split,
        points: d.data.length,
        dashed: Array.isArray(d.borderDash) && d.borderDash.length > 0,
        color: String(d.borderColor ?? ''),
      })),
    };
  });
  return {
    charts: chartSnapshots,
    issues: [...issuesList.querySelectorAll('li')].map((li) => li.firstChild?.textContent ?? ''),
    securityViolations: problems.securityViolations.slice(),
    scriptErrors: problems.scriptErrors.slice(),
  };
}

window.addEventListener('message', (event: MessageEvent<ToCurvesWebview>) => {
  const m = event.data;
  switch (m.type) {
    case 'init':
      saveState({ sources: m.sources });
      model.init(m.runs, m.series);
      app.setAttribute('aria-busy', 'false');
      render(true);
      break;
    case 'append': {
      const { changedCharts } = model.append(m.runs, m.series);
      render(false, changedCharts);
      break;
    }
    case 'probe':
      vscode.post({ type: 'probeResult', id: m.id, snapshot: snapshot() });
      break;
  }
});

reportProblems((kind, message) => {
  (kind === 'securityViolation' ? problems.securityViolations : problems.scriptErrors).push(message);
  vscode.post({ type: 'problem', kind, message });
});

onThemeChange(() => {
  theme = readTheme();
  render(true);
});

vscode.post({ type: 'ready', version: PROTOCOL_VERSION });
