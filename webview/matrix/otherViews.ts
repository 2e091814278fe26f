/** Regression files, two files compared, and a series of files. */

import type { ComparisonPayload, RegressionPayload, SeriesPayloadOfFiles } from '../../src/protocol/matrix';
import { count, fixed, isFiniteNumber } from '../format';
import { el } from '../vscodeApi';
import { smallChart, type ChartTheme } from './charts';
import { metric } from './viewParts';
import { renderHeatmap, type HeatmapColors } from './heatmap';

export function regressionView(r: RegressionPayload, theme: ChartTheme): HTMLElement {
  const lo = Math.min(...r.actual, ...r.predicted);
  const hi = Math.max(...r.actual, ...r.predicted);
  const residuals = Array.from(r.actual, (a, i) => a - r.predicted[i]!);
  const scatter = smallChart(
    'Predicted vs actual',
    'actual',
    'predicted',
    [
      { label: 'rows', x: r.actual, y: r.predicted, scatter: true },
      { label: 'perfect', x: [lo, hi], y: [lo, hi], dashed: true, color: theme.muted },
    ],
    theme,
    { square: true },
  );
  const resid = smallChart(
    'Residuals (actual − predicted)',
    'actual',
    'residual',
    [
      { label: 'residuals', x: r.actual, y: residuals, scatter: true, color: theme.second },
      { label: 'zero', x: [lo, hi], y: [0, 0], dashed: true, color: theme.muted },
    ],
    theme,
  );
  return el(
    'div',
    { className: 'regression' },
    el('p', {
      className: 'note',
      text: 'The true and predicted values are continuous: this is a regression, answered with regression metrics.',
    }),
    el(
      'div',
      { className: 'metrics' },
      metric('MAE', r.mae, 'mae'),
      metric('RMSE', r.rmse, 'rmse'),
      metric('R²', r.r2, 'r2'),
      metric('MSE', r.mse, 'mse'),
      metric('Rows', r.n, 'n', true),
    ),
    el('div', { className: 'charts-row' }, scatter.element, resid.element),
    r.actual.length < r.n
      ? el('p', {
          className: 'note',
          text: `The charts show ${count(r.actual.length)} of ${count(r.n)} rows, evenly spread; the metrics use every row.`,
        })
      : el('span'),
  );
}

export function compareView(c: ComparisonPayload, names: readonly string[], colors: HeatmapColors): HTMLElement {
  const order = c.labels.map((_, i) => i);
  const list = (title: string, items: ComparisonPayload['improved']) =>
    el(
      'section',
      {},
      el('h3', { text: title }),
      items.length === 0
        ? el('p', { className: 'note', text: 'None.' })
        : el(
            'ol',
            {},
            ...items.map((p) =>
              el('li', {
                text: `${p.trueLabel} → ${p.predictedLabel}: ${p.before} → ${p.after} (${isFiniteNumber(p.rateChange) && p.rateChange > 0 ? '+' : ''}${fixed(isFiniteNumber(p.rateChange) ? p.rateChange * 100 : null, 1)} points of the true class)`,
              }),
            ),
          ),
    );
  return el(
    'div',
    { className: 'compare' },
    el(
      'div',
      { className: 'charts-row' },
      renderHeatmap(
        { matrix: c.before, labels: c.labels, order, normalization: 'none', colors, caption: names[0] ?? 'before' },
        undefined,
      ),
      renderHeatmap(
        { matrix: c.after, labels: c.labels, order, normalization: 'none', colors, caption: names[1] ?? 'after' },
        undefined,
      ),
    ),
    el('h2', { text: 'Difference (second − first)' }),
    renderHeatmap(
      {
        matrix: c.difference,
        labels: c.labels,
        order,
        normalization: 'none',
        colors,
        signed: true,
        caption: 'counts: fewer (better off the diagonal) in the first hue, more in the second',
      },
      undefined,
    ),
    el(
      'div',
      { className: 'charts-row' },
      list('Confusions that shrank most', c.improved),
      list('Confusions that grew most', c.regressed),
    ),
  );
}

export function seriesView(s: SeriesPayloadOfFiles, theme: ChartTheme): HTMLElement {
  const x = s.points.map((_, i) => i);
  const names = s.points.map((p) => p.source.split('/').pop() ?? p.source);
  const lines = [
    { label: 'accuracy', x, y: s.points.map((p) => p.accuracy), points: true },
    { label: 'balanced accuracy', x, y: s.points.map((p) => p.balancedAccuracy), points: true, color: theme.second },
    { label: 'macro F1', x, y: s.points.map((p) => p.macroF1), points: true, dashed: true },
  ];
  if (s.points.some((p) => Number.isFinite(p.rocAuc)))
    lines.push({ label: 'ROC AUC', x, y: s.points.map((p) => p.rocAuc), points: true, color: theme.marker });
  const chart = smallChart('Metrics over the files', 'file (in name order)', 'value', lines, theme);
  const perClass = smallChart(
    'F1 per class',
    'file (in name order)',
    'F1',
    s.labels.slice(0, 12).map((label, c) => ({ label, x, y: s.points.map((p) => p.perClassF1[c]!), points: true })),
    theme,
  );
  const table = el(
    'table',
    { className: 'data-table' },
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        ...['#', 'file', 'rows', 'accuracy', 'balanced accuracy', 'macro F1', 'ROC AUC'].map((h) =>
          el('th', { text: h, attrs: { scope: 'col' } }),
        ),
      ),
    ),
    el(
      'tbody',
      {},
      ...s.points.map((p, i) =>
        el(
          'tr',
          {},
          el('td', { className: 'num', text: String(i) }),
          el('td', { text: names[i]! }),
          el('td', { className: 'num', text: String(p.n) }),
          ...[p.accuracy, p.balancedAccuracy, p.macroF1, p.rocAuc].map((v) =>
            el('td', { className: 'num', text: fixed(v) }),
          ),
        ),
      ),
    ),
  );
  return el(
    'div',
    { className: 'series' },
    el('div', { className: 'charts-row' }, chart.element, perClass.element),
    table,
  );
}
