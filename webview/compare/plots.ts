/**
 * The Compare Runs panel's charts: the scatter of a chosen metric against a parameter (log axes
 * on their own when the values span decades, or as chosen; points coloured by a third column;
 * hover or arrow keys name the run; Enter selects it) and the parallel coordinates (one line per
 * run; drag along an axis to brush it, which filters the table; arrow keys move a brush on the
 * focused axis, Escape clears it). Rows the filter box removes are not drawn; rows the brushes
 * remove are drawn faint. Each chart exports as PNG through the extension's save dialog.
 */

import { brushFilterText, findColumn, type Brush, type CompareRow, type CompareTable } from '../../src/core/compare';
import type { ComparePlotsSnapshot, FromCompareWebview } from '../../src/protocol/compare';
import { runColor } from '../curves/palette';
import { readTheme } from '../curves/theme';
import { el } from '../vscodeApi';
import { sceneSvg, scenePng } from './plotRender';
import {
  brushFromSpan,
  brushSpan,
  colorKey,
  parallelScene,
  scatterScene,
  type ColorKey,
  type ParallelScene,
  type ScatterScene,
} from './plotScene';
import type { CompareUiState, LogChoice } from './state';
import { displayCell, plotColumns, type TableView } from './view';

type ValueElement = HTMLElement & { value: string };

export interface PlotsHost {
  readonly state: () => CompareUiState;
  readonly setState: (patch: Partial<CompareUiState>) => void;
  readonly post: (m: FromCompareWebview) => void;
  readonly options: (select: ValueElement, items: [string, string][], value: string | null) => void;
}

const HEIGHT = 320;

/** A colour's square in the legend (set through the CSSOM: the page's policy refuses style attributes). */
function swatch(color: string): HTMLElement {
  const s = el('span', { className: 'swatch', attrs: { 'aria-hidden': 'true' } });
  s.style.background = color;
  return s;
}
const logOf = (c: LogChoice): boolean | 'auto' => (c === 'on' ? true : c === 'off' ? false : 'auto');

export class Plots {
  readonly element: HTMLElement;
  private readonly xSelect = this.select('Scatter x axis', 'plotX');
  private readonly ySelect = this.select('Scatter y axis: a metric', 'plotY');
  private readonly colorSelect = this.select('Colour points by', 'plotColor');
  private readonly logX = this.select('Log x axis', 'logX');
  private readonly logY = this.select('Log y axis', 'logY');
  private readonly scatterBox = el('div', { className: 'plot-box', attrs: { 'data-part': 'scatter' } });
  private readonly parallelBox = el('div', { className: 'plot-box', attrs: { 'data-part': 'parallel' } });
  private readonly tooltip = el('div', { className: 'plot-tooltip', attrs: { role: 'status', 'aria-live': 'polite' } });
  private readonly legend = el('p', { className: 'plot-legend' });
  private readonly brushNote = el('span', { attrs: { 'data-part': 'brushFilter' } });
  private readonly brushRow: HTMLElement;
  private readonly parts: HTMLElement[];
  private scatter: ScatterScene | undefined;
  private parallel: ParallelScene | undefined;
  private colors: ColorKey | undefined;
  /** The column the colours stand for, for the PNG's legend. */
  private legendKey: string | undefined;
  private rows: readonly CompareRow[] = [];
  private table: CompareTable | undefined;
  private view: TableView | undefined;
  private focused = -1;

  constructor(private readonly host: PlotsHost) {
    this.xSelect.addEventListener('change', () => this.setPlot({ x: this.xSelect.value || null }));
    this.ySelect.addEventListener('change', () => this.setPlot({ y: this.ySelect.value || null }));
    this.colorSelect.addEventListener('change', () => this.setPlot({ color: this.colorSelect.value }));
    this.logX.addEventListener('change', () => this.setPlot({ logX: this.logX.value as LogChoice }));
    this.logY.addEventListener('change', () => this.setPlot({ logY: this.logY.value as LogChoice }));
    const exportButton = (text: string, action: string, onClick: () => void) => {
      const b = el('vscode-button' as 'button', {
        attrs: { secondary: '', icon: 'device-camera', title: text, 'aria-label': text, 'data-action': action },
      });
      b.textContent = text;
      b.addEventListener('click', onClick);
      return b;
    };
    const clear = el('button', {
      className: 'link',
      text: 'Clear brushes',
      attrs: { type: 'button', 'data-action': 'clearBrushes' },
    });
    clear.addEventListener('click', () => this.host.setState({ brushes: [] }));
    this.brushRow = el('p', { className: 'brush-note' }, this.brushNote, document.createTextNode(' '), clear);
    this.parts = [
      el('h3', { text: 'What drives the result' }),
      el(
        'div',
        { className: 'row controls' },
        el('label', { text: 'Scatter' }),
        this.ySelect,
        el('label', { text: 'against' }),
        this.xSelect,
        el('label', { text: 'colour' }),
        this.colorSelect,
        el('label', { text: 'log x' }),
        this.logX,
        el('label', { text: 'log y' }),
        this.logY,
        exportButton('Export Scatter PNG', 'exportScatter', () => this.exportPng('scatter')),
        exportButton('Export Parallel PNG', 'exportParallel', () => this.exportPng('parallel')),
      ),
      this.legend,
      this.brushRow,
      this.scatterBox,
      this.parallelBox,
      this.tooltip,
    ];
    this.element = el(
      'section',
      { className: 'plots', attrs: { 'aria-label': 'What drives the result' } },
      ...this.parts,
    );
    this.tooltip.hidden = true;
  }

  private select(label: string, control: string): ValueElement {
    return el('vscode-single-select' as 'select', {
      attrs: { 'aria-label': label, title: label, 'data-control': control },
    }) as unknown as ValueElement;
  }

  private setPlot(patch: Partial<CompareUiState['plot']>): void {
    this.host.setState({ plot: { ...this.host.state().plot, ...patch } });
  }

  /** Draws both charts for the table's rows the filter keeps (brushed-out ones faint). */
  render(table: CompareTable, view: TableView, width: number): void {
    const state = this.host.state();
    // A render that failed left an error box in the section's place: its parts come back.
    if (!this.element.contains(this.scatterBox)) this.element.replaceChildren(...this.parts);
    this.table = table;
    this.view = view;
    const cols = plotColumns(table, state, view);
    const brushText = brushFilterText(state.brushes);
    this.brushNote.textContent = brushText ? `Brushed (as a filter): ${brushText}` : '';
    this.brushRow.hidden = brushText === '';
    const paramItems = table.params.map((p): [string, string] => [findColumn(table, p)!.key, p]);
    const metricItems = table.metrics.flatMap((m): [string, string][] => [
      [`${m}.best`, `${m} (best)`],
      [`${m}.last`, `${m} (last)`],
    ]);
    this.host.options(this.xSelect, [...paramItems, ...metricItems, ['steps', 'steps']], cols.x?.key ?? null);
    this.host.options(this.ySelect, metricItems, cols.y?.key ?? null);
    this.host.options(
      this.colorSelect,
      [['', 'nothing'], ...paramItems, ...metricItems, ['status', 'status'], ['format', 'format']],
      cols.color?.key ?? '',
    );
    const logItems: [string, string][] = [
      ['auto', 'auto'],
      ['on', 'on'],
      ['off', 'off'],
    ];
    this.host.options(this.logX, logItems, state.plot.logX);
    this.host.options(this.logY, logItems, state.plot.logY);

    const rows = view.filtered;
    this.rows = rows;
    const kept = new Set(view.rows.map((r) => r.id));
    const faint = new Set(rows.filter((r) => !kept.has(r.id)).map((r) => r.id));
    const theme = readTheme();
    this.colors = colorKey(cols.color, rows, (i) => runColor(theme.palette, i, theme.dark), theme.mutedForeground);
    const colors = this.colors;
    this.legendKey = cols.color?.key;
    this.legend.replaceChildren(
      ...(cols.color
        ? [
            document.createTextNode(`Colour: ${cols.color.key} — `),
            ...colors.legend.flatMap((l, i) => [
              ...(i > 0 ? [document.createTextNode(colors.ramp ? ' → ' : ', ')] : []),
              swatch(l.color),
              document.createTextNode(` ${l.label}`),
            ]),
          ]
        : []),
    );
    const w = Math.max(360, Math.min(width, 1400));
    if (cols.x && cols.y) {
      this.scatter = scatterScene({
        x: cols.x,
        y: cols.y,
        rows,
        faint,
        logX: logOf(state.plot.logX),
        logY: logOf(state.plot.logY),
        color: this.colors,
        width: w,
        height: HEIGHT,
      });
      const svg = sceneSvg(
        this.scatter,
        `Scatter of ${cols.y.key} against ${cols.x.key}, ${this.scatter.points.length} runs`,
      );
      svg.setAttribute('tabindex', '0');
      svg.dataset['xScale'] = this.scatter.xScale.kind;
      svg.dataset['yScale'] = this.scatter.yScale.kind;
      svg.dataset['x'] = cols.x.key;
      svg.dataset['y'] = cols.y.key;
      svg.dataset['color'] = cols.color?.key ?? '';
      svg.addEventListener('pointermove', (e) => this.hoverScatter(svg, e));
      svg.addEventListener('pointerleave', () => (this.tooltip.hidden = true));
      svg.addEventListener('keydown', (e) => this.keyScatter(svg, e));
      const note =
        this.scatter.unplaced > 0
          ? el('p', {
              className: 'note',
              text: `${this.scatter.unplaced} run(s) without a value to place (or ≤ 0 on a log axis) are not drawn.`,
            })
          : null;
      this.scatterBox.replaceChildren(svg, ...(note ? [note] : []));
    } else {
      this.scatter = undefined;
      this.scatterBox.replaceChildren(el('p', { className: 'empty', text: 'No parameter and metric to plot.' }));
    }
    if (cols.axes.length >= 2) {
      this.parallel = parallelScene({
        axes: cols.axes,
        rows,
        faint,
        brushes: state.brushes,
        log: () => 'auto',
        color: this.colors,
        width: w,
        height: HEIGHT,
      });
      const svg = sceneSvg(this.parallel, `Parallel coordinates of ${cols.axes.map((c) => c.key).join(', ')}`);
      this.addBrushing(svg, this.parallel);
      svg.addEventListener('pointermove', (e) => this.hoverLine(e));
      svg.addEventListener('pointerleave', () => (this.tooltip.hidden = true));
      const more =
        cols.hidden > 0
          ? el('p', {
              className: 'note',
              text: `${cols.hidden} more parameter(s) that differ are not drawn: the ${cols.axes.length - 1} that go most with ${cols.y?.key ?? 'the metric'} are.`,
            })
          : null;
      this.parallelBox.replaceChildren(svg, ...(more ? [more] : []));
    } else {
      this.parallel = undefined;
      this.parallelBox.replaceChildren(
        el('p', { className: 'empty', text: 'Parallel coordinates need a parameter that differs between the runs.' }),
      );
    }
  }

  private describe(id: string): string {
    const r = this.rows.find((x) => x.id === id);
    if (!r || !this.table) return '';
    const state = this.host.state();
    const cols = plotColumns(this.table, state, this.view);
    const parts = [cols.x, cols.y, cols.color]
      .filter((c, i, a) => c && a.indexOf(c) === i)
      .map((c) => `${c!.key} ${displayCell(c!, c!.get(r)) || '–'}`);
    return `${r.name} (${r.path}) · ${parts.join(' · ')}`;
  }

  private showTip(text: string, x: number, y: number): void {
    this.tooltip.textContent = text;
    this.tooltip.hidden = text === '';
    this.tooltip.style.left = `${x + 12}px`;
    this.tooltip.style.top = `${y + 12}px`;
  }

  private hoverScatter(svg: SVGSVGElement, e: PointerEvent): void {
    const s = this.scatter;
    if (!s) return;
    const box = svg.getBoundingClientRect();
    const x = e.clientX - box.left,
      y = e.clientY - box.top;
    let best = -1,
      bestD = 12 * 12;
    s.points.forEach((p, i) => {
      const d = (p.cx - x) ** 2 + (p.cy - y) ** 2;
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    });
    if (best < 0) this.tooltip.hidden = true;
    else this.showTip(this.describe(s.points[best]!.id), e.pageX, e.pageY);
  }

  /** Arrow keys walk the points left to right; Enter adds the run to the selection (or takes it out). */
  private keyScatter(svg: SVGSVGElement, e: KeyboardEvent): void {
    const s = this.scatter;
    if (!s || s.points.length === 0) return;
    const order = s.points.map((_, i) => i).sort((a, b) => s.points[a]!.cx - s.points[b]!.cx);
    const at = order.indexOf(this.focused);
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      e.preventDefault();
      const next = at < 0 ? 0 : Math.max(0, Math.min(order.length - 1, at + (e.key === 'ArrowRight' ? 1 : -1)));
      this.focused = order[next]!;
      const p = s.points[this.focused]!;
      const box = svg.getBoundingClientRect();
      this.showTip(this.describe(p.id), box.left + window.scrollX + p.cx, box.top + window.scrollY + p.cy);
      svg.querySelector('.plot-focus')?.remove();
      const ring = document.createElementNS('http://www.w3.org/2000/svg', 'circle');
      ring.setAttribute('class', 'plot-focus');
      ring.setAttribute('cx', String(p.cx));
      ring.setAttribute('cy', String(p.cy));
      ring.setAttribute('r', '7');
      svg.append(ring);
    } else if (e.key === 'Enter' && this.focused >= 0) {
      const id = s.points[this.focused]!.id;
      const sel = this.host.state().selected;
      this.host.setState({ selected: sel.includes(id) ? sel.filter((x) => x !== id) : [...sel, id] });
    }
  }

  private hoverLine(e: PointerEvent): void {
    const id = (e.target as Element | null)?.getAttribute?.('data-run');
    if (!id) {
      this.tooltip.hidden = true;
      return;
    }
    this.showTip(this.describe(id), e.pageX, e.pageY);
  }

  private setBrush(key: string, brush: Brush | undefined): void {
    const others = this.host.state().brushes.filter((b) => b.key !== key);
    this.host.setState({ brushes: brush ? [...others, brush] : others });
  }

  /** Drag along an axis to brush it (a click clears it); each axis also takes the keyboard. */
  private addBrushing(svg: SVGSVGElement, scene: ParallelScene): void {
    for (const a of scene.axes) {
      const handle = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
      const brush = this.host.state().brushes.find((b) => b.key === a.key);
      handle.setAttribute('class', 'axis-handle');
      handle.setAttribute('x', String(a.x - 12));
      handle.setAttribute('y', String(a.top));
      handle.setAttribute('width', '24');
      handle.setAttribute('height', String(a.bottom - a.top));
      handle.setAttribute('tabindex', '0');
      handle.setAttribute('role', 'slider');
      handle.setAttribute('data-axis', a.key);
      handle.setAttribute(
        'aria-label',
        `${a.key} axis: ${brush ? 'brushed' : 'not brushed'}. Drag, or arrow keys, to brush; Escape clears`,
      );
      const tAt = (clientY: number) => {
        const box = svg.getBoundingClientRect();
        return (a.bottom - (clientY - box.top)) / (a.bottom - a.top);
      };
      let start: number | undefined;
      handle.addEventListener('pointerdown', (e) => {
        start = tAt(e.clientY);
        try {
          handle.setPointerCapture(e.pointerId);
        } catch {
          // A pointer the page did not see go down (a synthetic event): the drag still ends on this axis.
        }
        e.preventDefault();
      });
      handle.addEventListener('pointerup', (e) => {
        if (start === undefined) return;
        const end = tAt(e.clientY);
        const t0 = start;
        start = undefined;
        this.setBrush(
          a.key,
          Math.abs(end - t0) * (a.bottom - a.top) < 3 ? undefined : brushFromSpan(a.key, a.scale, t0, end),
        );
      });
      handle.addEventListener('keydown', (e) => {
        const current = this.host.state().brushes.find((b) => b.key === a.key);
        if (e.key === 'Escape' || e.key === 'Delete') {
          e.preventDefault();
          this.setBrush(a.key, undefined);
          return;
        }
        if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
        e.preventDefault();
        // A window a fifth of the axis, moved a tenth at a time.
        const [lo, hi] = current ? brushSpan(a.scale, current) : [0.4, 0.6];
        const d = e.key === 'ArrowUp' ? 0.1 : -0.1;
        const size = Math.max(0.2, hi - lo);
        const nlo = Math.max(0, Math.min(1 - size, current ? lo + d : lo));
        this.setBrush(a.key, brushFromSpan(a.key, a.scale, nlo, nlo + size));
        requestAnimationFrame(() =>
          (this.parallelBox.querySelector(`rect[data-axis="${CSS.escape(a.key)}"]`) as SVGElement | null)?.focus(),
        );
      });
      svg.append(handle);
    }
  }

  private exportPng(which: 'scatter' | 'parallel'): void {
    const scene = which === 'scatter' ? this.scatter : this.parallel;
    if (!scene) return;
    const key = this.legendKey;
    const legend = key && this.colors ? { title: `Colour: ${key} —`, entries: this.colors.legend } : undefined;
    const name =
      which === 'scatter' && this.scatter
        ? `scatter-${this.scatterBox.querySelector('svg')?.dataset['y'] ?? ''}`
        : 'parallel-coordinates';
    this.host.post({ type: 'exportPng', name, dataUrl: scenePng(scene, legend) });
  }

  /** What is drawn, read from the SVG in the page. */
  snapshot(brushFilter: string, renderedRows: number): ComparePlotsSnapshot {
    const svg = this.scatterBox.querySelector('svg');
    const points = [...this.scatterBox.querySelectorAll('circle[data-run]')].map((c) => ({
      id: c.getAttribute('data-run')!,
      cx: Number(c.getAttribute('cx')),
      cy: Number(c.getAttribute('cy')),
      fill: c.getAttribute('fill') ?? '',
      faint: c.hasAttribute('data-faint'),
    }));
    const lines = new Map<string, { id: string; faint: boolean; points: number }>();
    for (const l of this.parallelBox.querySelectorAll('polyline[data-run]')) {
      const id = l.getAttribute('data-run')!;
      const n = (l.getAttribute('points') ?? '').trim().split(/\s+/).length;
      const had = lines.get(id);
      lines.set(id, { id, faint: l.hasAttribute('data-faint'), points: (had?.points ?? 0) + n });
    }
    return {
      scatter: {
        x: svg?.dataset['x'] ?? null,
        y: svg?.dataset['y'] ?? null,
        color: svg?.dataset['color'] || null,
        xScale: svg?.dataset['xScale'] ?? '',
        yScale: svg?.dataset['yScale'] ?? '',
        xTicks: this.scatter ? this.scatter.xScale.ticks.map((t) => t.label) : [],
        points,
      },
      parallel: {
        axes: [...this.parallelBox.querySelectorAll('rect[data-axis]')].map((r) => r.getAttribute('data-axis')!),
        brushes: [...this.parallelBox.querySelectorAll('rect[data-brush]')].map((r) => r.getAttribute('data-brush')!),
        lines: [...lines.values()],
      },
      brushFilter,
      renderedRows,
    };
  }
}
