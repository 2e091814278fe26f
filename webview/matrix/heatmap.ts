/**
 * A confusion matrix as a heatmap. Up to 50 classes: an HTML table, a number in every cell, each
 * cell focusable and clickable (the rows behind it), readable text on every shade. More classes: a
 * canvas (a thousand classes is a million cells), values on hover, click for the rows.
 */

import { el } from '../vscodeApi';
import { cellColor, formatCell, normalize, readableText, rgbCss, type Normalization, type Rgb } from './matrixMath';

export const TABLE_LIMIT = 50;

export interface HeatmapColors {
  readonly background: Rgb;
  readonly foreground: Rgb;
  readonly right: Rgb;
  readonly wrong: Rgb;
}

export interface HeatmapInput {
  readonly matrix: ArrayLike<number>;
  readonly labels: readonly string[];
  readonly order: readonly number[];
  readonly normalization: Normalization;
  readonly colors: HeatmapColors;
  /** A signed matrix (a difference): negative values in the "right" hue, positive in the "wrong" hue. */
  readonly signed?: boolean;
  readonly selected?: { readonly i: number; readonly j: number } | null;
  readonly caption: string;
}

export function renderHeatmap(input: HeatmapInput, onCell: ((i: number, j: number) => void) | undefined): HTMLElement {
  return input.labels.length <= TABLE_LIMIT ? tableHeatmap(input, onCell) : canvasHeatmap(input, onCell);
}

function shade(input: HeatmapInput, values: Float64Array, k: number): (i: number, j: number) => { bg: Rgb; fg: Rgb } {
  let maxDiag = 0,
    maxOff = 0,
    maxAbs = 0;
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      const v = values[i * k + j]!;
      if (!Number.isFinite(v)) continue;
      maxAbs = Math.max(maxAbs, Math.abs(v));
      if (i === j) maxDiag = Math.max(maxDiag, v);
      else maxOff = Math.max(maxOff, v);
    }
  const c = input.colors;
  return (i, j) => {
    const v = values[i * k + j]!;
    const bg = input.signed
      ? cellColor(Math.abs(v), maxAbs, v < 0, c.background, c.right, c.wrong)
      : cellColor(v, i === j ? maxDiag : maxOff, i === j, c.background, c.right, c.wrong);
    return { bg, fg: readableText(bg, c.foreground) };
  };
}

function tableHeatmap(input: HeatmapInput, onCell: ((i: number, j: number) => void) | undefined): HTMLElement {
  const k = input.labels.length;
  const values = input.signed
    ? Float64Array.from(input.matrix as ArrayLike<number>)
    : normalize(input.matrix, k, input.normalization);
  const colorOf = shade(input, values, k);
  const head = el(
    'tr',
    {},
    el('th', { className: 'corner', text: 'true ╲ predicted', attrs: { scope: 'col' } }),
    ...input.order.map((j) =>
      el('th', {
        className: 'pred',
        text: input.labels[j]!,
        attrs: { scope: 'col', title: `predicted ${input.labels[j]!}` },
      }),
    ),
  );
  const body = input.order.map((i) =>
    el(
      'tr',
      {},
      el('th', {
        className: 'true',
        text: input.labels[i]!,
        attrs: { scope: 'row', title: `true ${input.labels[i]!}` },
      }),
      ...input.order.map((j) => {
        const v = values[i * k + j]!;
        const count = input.matrix[i * k + j]!;
        const text = input.signed ? (v > 0 ? `+${v}` : String(v)) : formatCell(v, input.normalization);
        const td = el('td', {
          className: i === j ? 'cell diag' : 'cell',
          text,
          attrs: {
            'data-i': String(i),
            'data-j': String(j),
            'aria-label': `true ${input.labels[i]!}, predicted ${input.labels[j]!}: ${text}${input.normalization !== 'none' && !input.signed ? ` (${count} rows)` : ''}`,
          },
        });
        const { bg, fg } = colorOf(i, j);
        td.style.backgroundColor = rgbCss(bg);
        td.style.color = rgbCss(fg);
        if (input.selected && input.selected.i === i && input.selected.j === j) td.classList.add('selected');
        if (onCell) {
          td.tabIndex = 0;
          td.setAttribute('role', 'button');
          td.addEventListener('click', () => onCell(i, j));
          td.addEventListener('keydown', (e) => {
            if (e.key === 'Enter' || e.key === ' ') {
              e.preventDefault();
              onCell(i, j);
            }
          });
        }
        return td;
      }),
    ),
  );
  return el(
    'table',
    { className: 'heatmap' },
    el('caption', { text: input.caption }),
    el('thead', {}, head),
    el('tbody', {}, ...body),
  );
}

function canvasHeatmap(input: HeatmapInput, onCell: ((i: number, j: number) => void) | undefined): HTMLElement {
  const k = input.labels.length;
  const values = input.signed
    ? Float64Array.from(input.matrix as ArrayLike<number>)
    : normalize(input.matrix, k, input.normalization);
  const colorOf = shade(input, values, k);
  // One pixel per cell, scaled up crisply.
  const canvas = el('canvas', {
    className: 'heatmap-canvas',
    attrs: {
      width: String(k),
      height: String(k),
      role: 'img',
      'aria-label': `${input.caption}: ${k} × ${k} cells; hover for values, use the top-confusions list for the largest`,
    },
  });
  const ctx = canvas.getContext('2d');
  if (ctx) {
    const img = ctx.createImageData(k, k);
    for (let a = 0; a < k; a++)
      for (let b = 0; b < k; b++) {
        const { bg } = colorOf(input.order[a]!, input.order[b]!);
        const p = (a * k + b) * 4;
        img.data[p] = bg[0];
        img.data[p + 1] = bg[1];
        img.data[p + 2] = bg[2];
        img.data[p + 3] = 255;
      }
    ctx.putImageData(img, 0, 0);
  }
  const tip = el('div', { className: 'heat-tip', attrs: { hidden: '' } });
  const cellAt = (e: MouseEvent): [number, number] | undefined => {
    const r = canvas.getBoundingClientRect();
    const b = Math.floor(((e.clientX - r.left) / r.width) * k);
    const a = Math.floor(((e.clientY - r.top) / r.height) * k);
    return a >= 0 && a < k && b >= 0 && b < k ? [input.order[a]!, input.order[b]!] : undefined;
  };
  canvas.addEventListener('mousemove', (e) => {
    const c = cellAt(e);
    if (!c) {
      tip.hidden = true;
      return;
    }
    const [i, j] = c;
    tip.textContent = `true ${input.labels[i]!} → predicted ${input.labels[j]!}: ${formatCell(values[i * k + j]!, input.signed ? 'none' : input.normalization)}`;
    tip.hidden = false;
  });
  canvas.addEventListener('mouseleave', () => {
    tip.hidden = true;
  });
  if (onCell)
    canvas.addEventListener('click', (e) => {
      const c = cellAt(e);
      if (c) onCell(c[0], c[1]);
    });
  return el(
    'figure',
    { className: 'heatmap-big' },
    el('figcaption', { text: `${input.caption} (${k} classes: hover a cell for its value, click it for its rows)` }),
    canvas,
    tip,
  );
}
