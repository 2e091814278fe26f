/** A chart as a PNG with its title, legend and axis titles, on the theme's background, at twice the size. */

import { Chart } from 'chart.js';
import type { ChartConfiguration } from 'chart.js';
import type { XY } from './chartConfig';
import type { Theme } from './chartConfig';

export function chartPng(source: Chart<'line', XY[]>, title: string, theme: Theme): string {
  const canvas = document.createElement('canvas');
  const width = 1200, height = 700;
  canvas.width = width;
  canvas.height = height;
  const cfg: ChartConfiguration<'line', XY[]> = {
    type: 'line',
    data: { datasets: source.data.datasets.map((d) => ({ ...d })) },
    options: {
      ...source.options,
      responsive: false,
      animation: false,
      devicePixelRatio: 1,
      plugins: {
        ...source.options.plugins,
        title: { display: true, text: title, color: theme.foreground, font: { family: theme.fontFamily, size: 20, weight: 'bold' } },
        zoom: undefined,
      } as never,
    },
    plugins: [{
      id: 'background',
      beforeDraw(chart) {
        const ctx = chart.ctx;
        ctx.save();
        ctx.fillStyle = theme.background;
        ctx.fillRect(0, 0, chart.width, chart.height);
        ctx.restore();
      },
    }],
  };
  const copy = new Chart<'line', XY[]>(canvas, cfg);
  const url = copy.toBase64Image('image/png');
  copy.destroy();
  return url;
}
