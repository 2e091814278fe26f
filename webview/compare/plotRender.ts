/**
 * Draws a chart's marks (see `plotScene`): as SVG in the panel, themed with VS Code's CSS
 * variables (it follows a theme change by itself), each run's mark carrying `data-run`; and on a
 * canvas for the PNG export, with the theme's colours read at that moment.
 */

import type { Theme } from '../curves/chartConfig';
import { readTheme } from '../curves/theme';
import type { Mark, Role, Scene } from './plotScene';

const SVG = 'http://www.w3.org/2000/svg';

const ROLE_VAR: Record<Role, string> = {
  fg: 'var(--vscode-foreground)',
  muted: 'var(--vscode-descriptionForeground)',
  grid: 'var(--vscode-editorWidget-border, rgba(128,128,128,0.35))',
  brush: 'var(--vscode-focusBorder)',
  faint: 'var(--vscode-disabledForeground, rgba(128,128,128,0.5))',
};

function svgEl(name: string, attrs: Record<string, string | number>): SVGElement {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

/** The scene as an SVG element (width and height in CSS pixels). */
export function sceneSvg(scene: Scene, label: string): SVGSVGElement {
  const svg = svgEl('svg', {
    width: scene.width,
    height: scene.height,
    viewBox: `0 0 ${scene.width} ${scene.height}`,
    role: 'img',
    'aria-label': label,
    class: 'plot',
  }) as SVGSVGElement;
  const back = svgEl('g', { class: 'plot-back' });
  const data = svgEl('g', { class: 'plot-data' });
  const front = svgEl('g', { class: 'plot-front' });
  svg.append(back, data, front);
  for (const m of scene.marks) {
    switch (m.kind) {
      case 'line':
        (m.role === 'grid' ? back : front).append(
          svgEl('line', { x1: m.x1, y1: m.y1, x2: m.x2, y2: m.y2, stroke: ROLE_VAR[m.role], 'stroke-width': 1 }),
        );
        break;
      case 'path':
        data.append(
          svgEl('polyline', {
            points: m.points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' '),
            fill: 'none',
            stroke: m.faint ? ROLE_VAR.faint : m.color,
            'stroke-width': m.faint ? 1 : 1.5,
            'stroke-opacity': m.faint ? 0.35 : 0.85,
            'data-run': m.id,
            ...(m.faint ? { 'data-faint': '' } : {}),
          }),
        );
        break;
      case 'circle':
        data.append(
          svgEl('circle', {
            cx: m.cx.toFixed(1),
            cy: m.cy.toFixed(1),
            r: m.r,
            fill: m.faint ? ROLE_VAR.faint : m.color,
            'fill-opacity': m.faint ? 0.4 : 0.9,
            stroke: 'var(--vscode-editor-background)',
            'stroke-width': 0.5,
            'data-run': m.id,
            ...(m.faint ? { 'data-faint': '' } : {}),
          }),
        );
        break;
      case 'text': {
        const t = svgEl('text', {
          x: m.x,
          y: m.y,
          'text-anchor': m.anchor,
          fill: ROLE_VAR[m.role],
          'font-size': 11,
          ...(m.bold ? { 'font-weight': 'bold' } : {}),
          ...(m.rotate ? { transform: `rotate(-90 ${m.x} ${m.y})` } : {}),
        });
        t.textContent = m.text;
        front.append(t);
        break;
      }
      case 'rect':
        back.append(
          svgEl('rect', {
            x: m.x,
            y: m.y,
            width: m.w,
            height: m.h,
            fill: ROLE_VAR[m.role],
            'fill-opacity': 0.3,
            stroke: ROLE_VAR[m.role],
            'data-brush': m.key,
          }),
        );
        break;
    }
  }
  return svg;
}

function roleColor(theme: Theme, role: Role): string {
  switch (role) {
    case 'fg':
      return theme.foreground;
    case 'muted':
      return theme.mutedForeground;
    case 'grid':
      return theme.grid;
    case 'brush':
      return getComputedStyle(document.documentElement).getPropertyValue('--vscode-focusBorder').trim() || '#007fd4';
    case 'faint':
      return theme.mutedForeground;
  }
}

/**
 * The scene as a PNG data URL at twice its size, on the theme's background, with its title (and
 * `legend` below it) — what the Export PNG button sends to the extension to save.
 */
export interface PngLegend {
  /** What the colours stand for ("Colour: optimizer.name —"). */
  readonly title: string;
  readonly entries: readonly { readonly label: string; readonly color: string }[];
}

export function scenePng(scene: Scene, legend: PngLegend | undefined): string {
  const theme = readTheme();
  const scale = 2,
    head = 40;
  const canvas = document.createElement('canvas');
  canvas.width = scene.width * scale;
  canvas.height = (scene.height + head) * scale;
  const ctx = canvas.getContext('2d')!;
  ctx.scale(scale, scale);
  ctx.fillStyle = theme.background;
  ctx.fillRect(0, 0, scene.width, scene.height + head);
  ctx.fillStyle = theme.foreground;
  ctx.font = `bold 14px ${theme.fontFamily}`;
  ctx.textAlign = 'left';
  ctx.fillText(scene.title, 12, 18);
  ctx.font = `11px ${theme.fontFamily}`;
  ctx.fillStyle = theme.mutedForeground;
  if (legend) {
    // Each entry's colour as a square before its label, as the panel's legend shows it.
    let x = 12;
    ctx.fillText(legend.title, x, 33);
    x += ctx.measureText(legend.title).width + 6;
    for (const e of legend.entries) {
      ctx.fillStyle = e.color;
      ctx.fillRect(x, 24, 10, 10);
      ctx.fillStyle = theme.mutedForeground;
      ctx.fillText(e.label, x + 14, 33);
      x += 14 + ctx.measureText(e.label).width + 12;
    }
  }
  ctx.translate(0, head);
  drawMarks(ctx, scene.marks, theme);
  return canvas.toDataURL('image/png');
}

function drawMarks(ctx: CanvasRenderingContext2D, marks: readonly Mark[], theme: Theme): void {
  // The same layering as on screen: grid and brushes, then the runs, then axes and labels.
  const layer = (m: Mark) =>
    m.kind === 'rect' || (m.kind === 'line' && m.role === 'grid')
      ? 0
      : m.kind === 'path' || m.kind === 'circle'
        ? 1
        : 2;
  for (const pass of [0, 1, 2]) {
    for (const m of marks) {
      if (layer(m) !== pass) continue;
      ctx.save();
      switch (m.kind) {
        case 'line':
          ctx.strokeStyle = roleColor(theme, m.role);
          ctx.lineWidth = 1;
          ctx.beginPath();
          ctx.moveTo(m.x1, m.y1);
          ctx.lineTo(m.x2, m.y2);
          ctx.stroke();
          break;
        case 'path':
          ctx.strokeStyle = m.faint ? theme.mutedForeground : m.color;
          ctx.globalAlpha = m.faint ? 0.35 : 0.85;
          ctx.lineWidth = m.faint ? 1 : 1.5;
          ctx.beginPath();
          m.points.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
          ctx.stroke();
          break;
        case 'circle':
          ctx.fillStyle = m.faint ? theme.mutedForeground : m.color;
          ctx.globalAlpha = m.faint ? 0.4 : 0.9;
          ctx.beginPath();
          ctx.arc(m.cx, m.cy, m.r, 0, 2 * Math.PI);
          ctx.fill();
          break;
        case 'text':
          ctx.fillStyle = roleColor(theme, m.role);
          ctx.font = `${m.bold ? 'bold ' : ''}11px ${theme.fontFamily}`;
          ctx.textAlign = m.anchor === 'middle' ? 'center' : m.anchor === 'end' ? 'right' : 'left';
          if (m.rotate) {
            ctx.translate(m.x, m.y);
            ctx.rotate(-Math.PI / 2);
            ctx.fillText(m.text, 0, 0);
          } else {
            ctx.fillText(m.text, m.x, m.y);
          }
          break;
        case 'rect':
          ctx.fillStyle = roleColor(theme, m.role);
          ctx.globalAlpha = 0.3;
          ctx.fillRect(m.x, m.y, m.w, m.h);
          break;
      }
      ctx.restore();
    }
  }
}
