/**
 * What one chart card shows, read back for the tests' probe (`CurvesSnapshot.charts`): its scales, its
 * datasets with the points they draw, and the marks of the Metric Lens plugin. A card not drawn yet (far
 * from the screen) is reported from what it will draw, without drawing it.
 */

import type { ChartSnapshot } from '../../src/protocol/curves';
import type { ChartCard } from './chartCard';

export function chartSnapshot(
  element: HTMLElement,
  card: ChartCard,
  totalOf: (seriesKey: string) => number,
): ChartSnapshot {
  const shown = card.shown();
  const opts = shown.options;
  const marks = (opts.plugins as Record<string, { markers: unknown[]; best: unknown[]; ranges: unknown[] }>)[
    'metricLens'
  ];
  const x = shown.x;
  return {
    key: element.dataset['chartKey'] ?? '',
    title: element.querySelector('h3')?.textContent ?? '',
    yScale: String(opts.scales?.['y']?.type ?? ''),
    xScale: String(opts.scales?.['x']?.type ?? ''),
    xTitle: String((opts.scales?.['x'] as { title?: { text?: string } } | undefined)?.title?.text ?? ''),
    xMin: x ? x.min : null,
    xMax: x ? x.max : null,
    note: element.querySelector('.notes')?.textContent ?? '',
    datasets: shown.datasets.map((d) => ({
      label: String(d.label ?? ''),
      runId: d.metricLens.runId,
      split: d.metricLens.split,
      role: d.metricLens.role,
      points: d.data.filter((p) => Number.isFinite(p.y)).length,
      dashed: Array.isArray(d.borderDash) && d.borderDash.length > 0,
      color: String(d.borderColor ?? ''),
      hidden: d.hidden === true,
      total: totalOf(d.metricLens.seriesKey),
    })),
    markers: marks?.markers.length ?? 0,
    bestMarks: marks?.best.length ?? 0,
    ranges: marks?.ranges.length ?? 0,
    draws: card.draws,
  };
}
