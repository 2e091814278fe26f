/**
 * Drawing plugins for the curves: a crosshair at the hovered x, markers for NaN/±Infinity (never a
 * silent gap), a ring on each validation metric's best point, and shaded stretches where a finding
 * applies. They read what `buildChart` put in `options.plugins.metricLens`.
 */

import type { Chart, Plugin } from 'chart.js';
import type { MarksOptions } from './chartConfig';

interface HoverState {
  hoverX?: number | undefined;
}

function marksOf(chart: Chart): MarksOptions | undefined {
  return (chart.options.plugins as Record<string, unknown> | undefined)?.['metricLens'] as MarksOptions | undefined;
}

export const marksPlugin: Plugin<'line'> = {
  id: 'metricLensMarks',

  beforeDatasetsDraw(chart) {
    const marks = marksOf(chart as unknown as Chart);
    const x = chart.scales['x'];
    if (!marks || !x) return;
    const { ctx, chartArea } = chart;
    ctx.save();
    for (const r of marks.ranges) {
      const a = Math.max(chartArea.left, x.getPixelForValue(r.x0));
      const b = Math.min(chartArea.right, x.getPixelForValue(r.x1));
      if (b < a) continue;
      ctx.fillStyle = r.color;
      ctx.fillRect(a, chartArea.top, Math.max(2, b - a), chartArea.bottom - chartArea.top);
    }
    ctx.restore();
  },

  afterDatasetsDraw(chart) {
    const marks = marksOf(chart as unknown as Chart);
    const x = chart.scales['x'];
    const y = chart.scales['y'];
    if (!marks || !x || !y) return;
    const { ctx, chartArea } = chart;
    ctx.save();
    for (const m of marks.markers) {
      const px = x.getPixelForValue(m.x);
      if (px < chartArea.left - 1 || px > chartArea.right + 1) continue;
      ctx.fillStyle = m.color;
      ctx.beginPath();
      if (m.kind < 0) {
        const py = chartArea.bottom - 2;
        ctx.moveTo(px - 5, py - 8);
        ctx.lineTo(px + 5, py - 8);
        ctx.lineTo(px, py);
      } else {
        const py = chartArea.top + 2;
        ctx.moveTo(px - 5, py + 8);
        ctx.lineTo(px + 5, py + 8);
        ctx.lineTo(px, py);
      }
      ctx.closePath();
      ctx.fill();
    }
    ctx.font = `${chart.options.font?.size ?? 12}px ${chart.options.font?.family ?? 'sans-serif'}`;
    for (const b of marks.best) {
      const px = x.getPixelForValue(b.x);
      const py = y.getPixelForValue(b.y);
      if (px < chartArea.left || px > chartArea.right || py < chartArea.top || py > chartArea.bottom) continue;
      ctx.strokeStyle = b.color;
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.arc(px, py, 5, 0, Math.PI * 2);
      ctx.stroke();
      if (!b.label) continue;
      ctx.fillStyle = b.color;
      const w = ctx.measureText(b.label).width;
      const tx = px + 8 + w > chartArea.right ? px - 8 - w : px + 8;
      const ty = py - 8 < chartArea.top + 10 ? py + 16 : py - 8;
      ctx.fillText(b.label, tx, ty);
    }
    const hover = (chart as unknown as HoverState).hoverX;
    if (hover !== undefined && hover >= chartArea.left && hover <= chartArea.right) {
      ctx.strokeStyle = marks.crosshairColor;
      ctx.lineWidth = 1;
      ctx.setLineDash([3, 3]);
      ctx.beginPath();
      ctx.moveTo(hover, chartArea.top);
      ctx.lineTo(hover, chartArea.bottom);
      ctx.stroke();
    }
    ctx.restore();
  },

  afterEvent(chart, args) {
    const e = args.event;
    const state = chart as unknown as HoverState;
    const before = state.hoverX;
    if (e.type === 'mouseout') state.hoverX = undefined;
    else if (e.type === 'mousemove' && e.x !== null) state.hoverX = e.x;
    if (state.hoverX !== before) args.changed = true;
  },
};
