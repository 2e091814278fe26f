/** The matrix panel's small charts (ROC, PR, calibration, regression scatter, metrics over files), with Chart.js. */

import {
  Chart,
  LineController,
  ScatterController,
  LineElement,
  PointElement,
  LinearScale,
  Legend,
  Tooltip,
  type ChartDataset,
} from 'chart.js';
import { el } from '../vscodeApi';

Chart.register(LineController, ScatterController, LineElement, PointElement, LinearScale, Legend, Tooltip);

export interface ChartTheme {
  readonly foreground: string;
  readonly muted: string;
  readonly grid: string;
  readonly fontFamily: string;
  readonly fontSize: number;
  readonly accent: string;
  readonly second: string;
  readonly marker: string;
  /** The theme's chart colours, for one line per class. */
  readonly palette: readonly string[];
  readonly dark: boolean;
}

export interface Line {
  readonly label: string;
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  readonly color?: string;
  readonly dashed?: boolean;
  readonly points?: boolean;
  /** Draw as dots only (a scatter). */
  readonly scatter?: boolean;
  /** Step-wise (PR curves are). */
  readonly stepped?: boolean;
}

export interface SmallChart {
  readonly element: HTMLElement;
  readonly chart: Chart;
  /** Moves the highlighted point (the threshold's place on the curve). */
  setMarker(x: number, y: number): void;
}

export function smallChart(
  title: string,
  xTitle: string,
  yTitle: string,
  lines: readonly Line[],
  theme: ChartTheme,
  opts: { square?: boolean; unit?: boolean } = {},
): SmallChart {
  const font = { family: theme.fontFamily, size: theme.fontSize };
  const canvas = el('canvas', { attrs: { role: 'img', 'aria-label': title } });
  const box = el('div', { className: opts.square ? 'chart-box square' : 'chart-box' }, canvas);
  const element = el(
    'figure',
    { className: 'small-chart', attrs: { 'data-chart': title } },
    el('figcaption', { text: title }),
    box,
  );
  const datasets: ChartDataset<'line'>[] = lines.map((l) => ({
    label: l.label,
    data: Array.from({ length: l.x.length }, (_, i) => ({ x: l.x[i]!, y: l.y[i]! })),
    borderColor: l.color ?? theme.accent,
    backgroundColor: l.color ?? theme.accent,
    borderDash: l.dashed ? [5, 4] : [],
    borderWidth: l.scatter ? 0 : 2,
    showLine: !l.scatter,
    pointRadius: l.scatter ? 2 : l.points ? 3 : 0,
    stepped: l.stepped ? 'after' : false,
    tension: 0,
  }));
  const marker: ChartDataset<'line'> = {
    label: 'threshold',
    data: [],
    borderColor: theme.marker,
    backgroundColor: theme.marker,
    pointRadius: 6,
    pointStyle: 'circle',
    showLine: false,
  };
  datasets.push(marker);
  const axis = (text: string) => ({
    type: 'linear' as const,
    ...(opts.unit ? { min: 0, max: 1 } : {}),
    title: { display: true, text, color: theme.muted, font },
    ticks: { color: theme.muted, font, maxTicksLimit: 6 },
    grid: { color: theme.grid },
  });
  const chart = new Chart(canvas, {
    type: 'line',
    data: { datasets },
    options: {
      animation: false,
      parsing: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: { x: axis(xTitle), y: axis(yTitle) },
      plugins: {
        legend: {
          display: lines.length > 1,
          position: 'bottom',
          labels: {
            color: theme.foreground,
            font,
            boxWidth: 14,
            boxHeight: 2,
            filter: (item) => item.text !== 'threshold',
          },
        },
        tooltip: { enabled: true },
      },
    },
  });
  return {
    element,
    chart,
    setMarker(x, y) {
      marker.data = Number.isFinite(x) && Number.isFinite(y) ? [{ x, y }] : [];
      chart.update('none');
    },
  };
}
