/** A chart as a PNG with its title, legend and axis titles, on the theme's background. */

import { Chart } from 'chart.js';
import type { BuiltChart, Theme, XY } from './chartConfig';

/**
 * Draws a fresh chart from `built` (never from a live chart's resolved options, which are proxies)
 * on a detached canvas and returns it as a data URL.
 */
export function chartPng(built: BuiltChart, title: string, theme: Theme): string {
  const canvas = document.createElement('canvas');
  canvas.width = 1200;
  canvas.height = 700;
  const options = built.config.options ?? {};
  const copy = new Chart<'line', XY[]>(canvas, {
    type: 'line',
    data: built.config.data,
    options: {
      ...options,
      responsive: false,
      animation: false,
      devicePixelRatio: 1,
      plugins: {
        ...options.plugins,
        title: {
          display: true,
          text: title,
          color: theme.foreground,
          font: { family: theme.fontFamily, size: 20, weight: 'bold' },
        },
      },
    },
    plugins: [
      {
        id: 'background',
        beforeDraw(chart) {
          chart.ctx.save();
          chart.ctx.fillStyle = theme.background;
          chart.ctx.fillRect(0, 0, chart.width, chart.height);
          chart.ctx.restore();
        },
      },
    ],
  });
  const url = copy.toBase64Image('image/png');
  copy.destroy();
  return url;
}
