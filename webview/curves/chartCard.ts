/**
 * One chart card: heading, per-chart controls (y limits, PNG, data table), the Chart.js canvas with
 * drag/wheel zoom and shift-drag pan, the crosshair tooltip, notes, and the accessible table view.
 */

import { Chart } from 'chart.js';
import type { BuiltChart, LineDataset, XY } from './chartConfig';
import { formatValue, formatX } from './axisLabels';
import type { ChartGroup, ClientSeries } from './model';
import type { UiState } from './state';
import { hoverRows } from './hover';
import { el } from '../vscodeApi';
import { describeRange, keyboardRange, type Range } from './keyboardZoom';

export interface CardCallbacks {
  /** The user zoomed or panned this chart to `[min, max]`, or reset it (null). */
  onZoom(range: [number, number] | null): void;
  onToggleSeries(seriesKey: string): void;
  onLimits(chartKey: string, limits: { min?: number; max?: number }): void;
  onExportPng(card: ChartCard): void;
  onToggleTable(chartKey: string): void;
  visibleSeries(group: ChartGroup): ClientSeries[];
  colorOf(s: ClientSeries, group: ChartGroup): string;
  readonly runName: (s: ClientSeries) => string;
  readonly runStart: (s: ClientSeries) => number;
  state(): UiState;
  /** The x extent of everything the panel shows (what `0` goes back to), if known. */
  xExtent(): Range | undefined;
  /** Says a change aloud (a live region), for screen readers. */
  announce(text: string): void;
}

/**
 * Draws a card's chart once it comes near the screen. A run with hundreds of quantities (a W&B
 * evaluation logging 1 000 keys once) would otherwise build hundreds of Chart.js instances before
 * the panel shows anything: seconds per hundred.
 */
const nearScreen =
  typeof IntersectionObserver === 'undefined'
    ? undefined
    : new IntersectionObserver(
        (entries) => {
          for (const e of entries) if (e.isIntersecting) lazyCards.get(e.target)?.draw();
        },
        { rootMargin: '600px 0px' },
      );
const lazyCards = new WeakMap<Element, ChartCard>();

export class ChartCard {
  readonly element: HTMLElement;
  private chart_: Chart<'line', XY[]> | undefined;
  /** What to draw when the chart is first drawn (a card not yet near the screen). */
  private pending: BuiltChart | undefined;
  private readonly canvas: HTMLCanvasElement;
  private readonly title: HTMLElement;
  private readonly notes: HTMLElement;
  private readonly hover: HTMLElement;
  private readonly canvasBox: HTMLElement;
  private readonly tableBox: HTMLElement;
  private readonly minInput: HTMLInputElement;
  private readonly maxInput: HTMLInputElement;
  private readonly tableButton: HTMLElement;
  group: ChartGroup;
  /** How many times the chart was drawn from new data (tests check an update redraws only its charts). */
  draws = 1;

  /** `lazy`: draw the chart only once the card is near the screen (or its chart is asked for). */
  constructor(
    group: ChartGroup,
    built: BuiltChart,
    private readonly cb: CardCallbacks,
    lazy = false,
  ) {
    this.group = group;
    this.title = el('h3', { text: group.title });
    this.minInput = limitInput('y min', `Lowest y value shown on the ${group.title} chart (empty: automatic)`);
    this.maxInput = limitInput('y max', `Highest y value shown on the ${group.title} chart (empty: automatic)`);
    const onLimits = () =>
      cb.onLimits(group.key, { ...numberOf(this.minInput.value, 'min'), ...numberOf(this.maxInput.value, 'max') });
    this.minInput.addEventListener('change', onLimits);
    this.maxInput.addEventListener('change', onLimits);
    const png = iconButton('device-camera', `Save the ${group.title} chart as PNG`, 'export-png');
    png.addEventListener('click', () => cb.onExportPng(this));
    this.tableButton = iconButton('table', `Show the ${group.title} chart as a data table`, 'toggle-table');
    this.tableButton.addEventListener('click', () => cb.onToggleTable(group.key));
    const head = el(
      'div',
      { className: 'card-head' },
      this.title,
      el('span', { className: 'spacer' }),
      this.minInput,
      this.maxInput,
      this.tableButton,
      png,
    );

    // Focusable: the keys zoom and pan the x axis (see keyboardZoom.ts) as the mouse does.
    const canvas = el('canvas', {
      attrs: {
        role: 'img',
        tabindex: '0',
        'aria-label': `${group.title} chart; plus and minus zoom, the arrows pan, 0 shows everything; use the table button for the numbers`,
        'aria-keyshortcuts': '+ - ArrowLeft ArrowRight Home End 0',
      },
    });
    this.hover = el('div', { className: 'hover', attrs: { hidden: '', role: 'presentation' } });
    this.canvasBox = el('div', { className: 'canvas-box' }, canvas, this.hover);
    this.tableBox = el('div', { className: 'table-box', attrs: { hidden: '' } });
    this.notes = el('p', { className: 'notes' });
    this.element = el(
      'article',
      { className: 'chart-card', attrs: { role: 'listitem', 'aria-label': group.title } },
      head,
      this.canvasBox,
      this.tableBox,
      this.notes,
    );
    this.element.dataset['chartKey'] = group.key;

    this.canvas = canvas;
    if (lazy && nearScreen) {
      this.pending = built;
      lazyCards.set(this.element, this);
      nearScreen.observe(this.element);
    } else {
      this.chart_ = new Chart<'line', XY[]>(canvas, this.withInteraction(built));
    }
    canvas.addEventListener('mousemove', (e) => this.showHover(e));
    canvas.addEventListener('mouseleave', () => {
      this.hover.hidden = true;
    });
    canvas.addEventListener('dblclick', () => cb.onZoom(null));
    canvas.addEventListener('keydown', (e) => this.onKey(e));
    this.applyChrome(built);
  }

  /** The chart, drawn now if it was waiting to come near the screen. */
  get chart(): Chart<'line', XY[]> {
    return this.draw();
  }

  /** Draws the chart if it is not drawn yet; returns it. */
  draw(): Chart<'line', XY[]> {
    if (!this.chart_) {
      nearScreen?.unobserve(this.element);
      this.chart_ = new Chart<'line', XY[]>(this.canvas, this.withInteraction(this.pending!));
      this.pending = undefined;
    }
    return this.chart_;
  }

  update(group: ChartGroup, built: BuiltChart): void {
    this.group = group;
    this.draws++;
    this.applyChrome(built);
    if (!this.chart_) {
      this.pending = built;
      return;
    }
    const cfg = this.withInteraction(built);
    this.chart_.data.datasets = cfg.data.datasets;
    this.chart_.options = cfg.options!;
    this.chart_.update('none');
  }

  destroy(): void {
    nearScreen?.unobserve(this.element);
    this.chart_?.destroy();
    this.element.remove();
  }

  get datasets(): LineDataset[] {
    return this.chart.data.datasets as LineDataset[];
  }

  /** What the card draws, or will once near the screen (not drawing it), and its x range once drawn. */
  shown(): {
    options: NonNullable<BuiltChart['config']['options']>;
    datasets: LineDataset[];
    x?: { min: number; max: number };
  } {
    if (this.chart_) {
      const x = this.chart_.scales['x'];
      return { options: this.chart_.options, datasets: this.datasets, ...(x ? { x: { min: x.min, max: x.max } } : {}) };
    }
    const cfg = this.pending!.config;
    return { options: cfg.options!, datasets: cfg.data.datasets as LineDataset[] };
  }

  private applyChrome(built: BuiltChart): void {
    const state = this.cb.state();
    this.title.textContent = this.group.title;
    const limits = state.limits[this.group.key] ?? {};
    if (document.activeElement !== this.minInput)
      this.minInput.value = limits.min !== undefined ? String(limits.min) : '';
    if (document.activeElement !== this.maxInput)
      this.maxInput.value = limits.max !== undefined ? String(limits.max) : '';
    this.notes.textContent = built.notes.join(' ');
    this.notes.hidden = built.notes.length === 0;
    const asTable = state.tables.includes(this.group.key);
    this.canvasBox.hidden = asTable;
    this.tableBox.hidden = !asTable;
    this.tableButton.setAttribute('aria-pressed', String(asTable));
    if (asTable) this.renderTable();
    this.element.dataset['points'] = String(this.group.series.reduce((n, s) => n + s.x.length, 0));
  }

  /** Adds zoom/pan and legend behaviour, which need this card's callbacks. */
  private withInteraction(built: BuiltChart): BuiltChart['config'] {
    const cfg = built.config;
    const plugins = cfg.options!.plugins!;
    const report = ({ chart }: { chart: Chart }) => {
      const x = chart.scales['x'];
      if (x) this.cb.onZoom([x.min, x.max]);
    };
    (plugins as Record<string, unknown>)['zoom'] = {
      zoom: {
        drag: { enabled: true, backgroundColor: 'rgba(128,128,128,0.2)', threshold: 8 },
        wheel: { enabled: true, modifierKey: 'ctrl' },
        mode: 'x',
        onZoomComplete: report,
      },
      pan: { enabled: true, mode: 'x', modifierKey: 'shift', onPanComplete: report },
    };
    plugins.legend = {
      ...plugins.legend,
      onClick: (_e, item) => {
        const ds = this.chart.data.datasets[item.datasetIndex ?? -1] as LineDataset | undefined;
        if (ds) this.cb.onToggleSeries(ds.metricLens.seriesKey);
      },
    };
    return cfg;
  }

  /** A zoom or pan key on the focused chart: the range it asks for, applied to every chart and said aloud. */
  private onKey(e: KeyboardEvent): void {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const x = this.chart.scales['x'];
    const extent = this.cb.xExtent();
    if (!x || !extent) return;
    const next = keyboardRange(e.key, [x.min, x.max], extent);
    if (!next) return;
    e.preventDefault();
    // A crosshair left from the mouse would name an x the chart no longer shows there.
    this.hover.hidden = true;
    const mode = this.cb.state().xMode;
    this.cb.onZoom(next.range ? [next.range[0], next.range[1]] : null);
    this.cb.announce(describeRange(next.range, extent, (v) => formatX(v, mode)));
  }

  private showHover(e: MouseEvent): void {
    const x = this.chart.scales['x'];
    const area = this.chart.chartArea;
    const box = this.canvasBox.getBoundingClientRect();
    const px = e.clientX - box.left;
    if (!x || px < area.left || px > area.right) {
      this.hover.hidden = true;
      return;
    }
    const value = x.getValueForPixel(px);
    if (value === undefined) return;
    const rows = hoverRows(
      this.cb.visibleSeries(this.group),
      value,
      (s) => this.cb.colorOf(s, this.group),
      this.cb.runName,
      this.cb.runStart,
    );
    if (rows.length === 0) {
      this.hover.hidden = true;
      return;
    }
    const mode = this.cb.state().xMode;
    const children: Node[] = [
      el('div', { className: 'hover-x', text: `${mode === 'step' ? 'x' : mode} ${formatX(value, mode)}` }),
    ];
    for (const r of rows) {
      const swatch = el('span', { className: 'swatch' });
      swatch.style.backgroundColor = r.color;
      const where = [
        `step ${r.step}`,
        r.epoch !== undefined ? `epoch ${+r.epoch.toPrecision(6)}` : '',
        r.time ?? '',
        r.sameStep > 0 ? `+${r.sameStep} at this step` : '',
      ]
        .filter(Boolean)
        .join(' · ');
      children.push(
        el(
          'div',
          { className: 'hover-row' },
          swatch,
          el('span', { className: 'hover-name', text: `${r.run === r.series ? r.series : `${r.run} · ${r.series}`}` }),
          el('span', {
            className: 'hover-value',
            text: r.smoothed !== undefined ? `${r.smoothed} (raw ${r.raw})` : r.raw,
          }),
          el('span', { className: 'hover-where', text: where }),
        ),
      );
    }
    this.hover.replaceChildren(...children);
    this.hover.hidden = false;
    const left = px + 16 + this.hover.offsetWidth > box.width ? px - 16 - this.hover.offsetWidth : px + 16;
    this.hover.style.left = `${Math.max(0, left)}px`;
    this.hover.style.top = `${Math.max(0, e.clientY - box.top - this.hover.offsetHeight / 2)}px`;
  }

  /** The accessible alternative: every point received, as rows of x and one column per series. */
  private renderTable(): void {
    const series = this.cb.visibleSeries(this.group);
    const byX = new Map<number, (number | undefined)[]>();
    series.forEach((s, j) =>
      s.x.forEach((x, i) => {
        const row = byX.get(x) ?? new Array<number | undefined>(series.length).fill(undefined);
        row[j] = s.y[i];
        byX.set(x, row);
      }),
    );
    const xs = [...byX.keys()].sort((a, b) => a - b).slice(0, 5000);
    const mode = this.cb.state().xMode;
    const head = el(
      'tr',
      {},
      el('th', { text: mode, attrs: { scope: 'col' } }),
      ...series.map((s) =>
        el('th', {
          text: this.cb.runName(s) === s.name ? s.name : `${this.cb.runName(s)} · ${s.name}`,
          attrs: { scope: 'col' },
        }),
      ),
    );
    const body = xs.map((x) =>
      el(
        'tr',
        {},
        el('th', { text: formatX(x, mode), attrs: { scope: 'row' } }),
        ...byX.get(x)!.map((v, j) => el('td', { text: v === undefined ? '' : formatValue(v, series[j]!.percent) })),
      ),
    );
    const caption = el('caption', {
      text: `${this.group.title}: ${xs.length} rows${byX.size > xs.length ? ` of ${byX.size}` : ''}`,
    });
    this.tableBox.replaceChildren(
      el('table', { className: 'data-table' }, caption, el('thead', {}, head), el('tbody', {}, ...body)),
    );
  }
}

function limitInput(placeholder: string, label: string): HTMLInputElement {
  return el('input', {
    className: 'limit',
    attrs: { type: 'text', inputmode: 'decimal', placeholder, 'aria-label': label, title: label, size: '6' },
  });
}

function iconButton(icon: string, label: string, action: string): HTMLElement {
  const b = el(
    'button',
    { className: 'icon-button', attrs: { type: 'button', title: label, 'aria-label': label, 'data-action': action } },
    el('span', { className: `codicon codicon-${icon}`, attrs: { 'aria-hidden': 'true' } }),
  );
  return b;
}

function numberOf(text: string, key: 'min' | 'max'): { min?: number; max?: number } {
  const t = text.trim();
  if (t === '') return {};
  const v = Number(t);
  return Number.isFinite(v) ? { [key]: v } : {};
}
