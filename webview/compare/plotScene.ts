/**
 * What the comparison's two charts draw, as plain marks (lines, paths, circles, text, rectangles)
 * in pixels: the scatter of a chosen metric against a parameter, points coloured by a third
 * column; and the parallel coordinates, one axis per parameter and the metric last, one line per
 * run. Pure, so it is unit-tested in Node; `plotRender` draws the same marks as SVG on screen and
 * on a canvas for the PNG export. Colours are theme roles, resolved when drawn.
 */

import {
  columnScale,
  type Brush,
  type CellValue,
  type Column,
  type CompareRow,
  type PlotScale,
} from '../../src/core/compare';
import { shortNumber } from '../../src/core/text/csvCell';

export type Role = 'fg' | 'muted' | 'grid' | 'brush' | 'faint';

export type Mark =
  | {
      readonly kind: 'line';
      readonly x1: number;
      readonly y1: number;
      readonly x2: number;
      readonly y2: number;
      readonly role: Role;
    }
  | {
      readonly kind: 'path';
      readonly points: readonly (readonly [number, number])[];
      readonly color: string;
      readonly faint: boolean;
      readonly id: string;
    }
  | {
      readonly kind: 'circle';
      readonly cx: number;
      readonly cy: number;
      readonly r: number;
      readonly color: string;
      readonly faint: boolean;
      readonly id: string;
    }
  | {
      readonly kind: 'text';
      readonly x: number;
      readonly y: number;
      readonly text: string;
      readonly anchor: 'start' | 'middle' | 'end';
      readonly role: Role;
      readonly bold?: boolean;
      readonly rotate?: boolean;
    }
  | {
      readonly kind: 'rect';
      readonly x: number;
      readonly y: number;
      readonly w: number;
      readonly h: number;
      readonly role: Role;
      readonly key: string;
    };

export interface Scene {
  readonly width: number;
  readonly height: number;
  readonly title: string;
  readonly marks: readonly Mark[];
}

/** Colours of points and lines: a ramp for numbers (viridis, readable on light and dark), a palette for categories. */
const RAMP = ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725'];

export interface ColorKey {
  readonly color: (row: CompareRow) => string;
  /** What the colours mean, for the legend ("val_acc.best: 0.81 → 0.97", or each category's colour). */
  readonly legend: readonly { readonly label: string; readonly color: string }[];
  /** Whether the colours are a ramp from the first legend entry to the second (numbers), not categories. */
  readonly ramp: boolean;
}

export function colorKey(
  column: Column | undefined,
  rows: readonly CompareRow[],
  palette: (i: number) => string,
  none: string,
): ColorKey {
  if (!column) return { color: () => none, legend: [], ramp: false };
  const scale = columnScale(rows.map(column.get), false);
  if (scale.kind === 'category') {
    const index = new Map(scale.categories.map((c, i) => [c, i]));
    return {
      color: (r) => {
        const v = column.get(r);
        const i = v === undefined ? undefined : index.get(String(v));
        return i === undefined ? none : palette(i);
      },
      legend: scale.categories.slice(0, 12).map((c, i) => ({ label: c, color: palette(i) })),
      ramp: false,
    };
  }
  const lo = Math.min(...scale.ticks.map((t) => scale.valueAt(t.at)));
  return {
    color: (r) => {
      const t = scale.place(column.get(r));
      return t === undefined ? none : ramp(t);
    },
    legend: [
      { label: shortNumber(lo), color: ramp(0) },
      { label: shortNumber(scale.valueAt(1)), color: ramp(1) },
    ],
    ramp: true,
  };
}

/** The ramp's colour at t in [0, 1], as #rrggbb. */
export function ramp(t: number): string {
  const x = Math.max(0, Math.min(1, t)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(x));
  const f = x - i;
  const a = RAMP[i]!,
    b = RAMP[i + 1]!;
  const ch = (k: number) => {
    const u = parseInt(a.slice(k, k + 2), 16),
      v = parseInt(b.slice(k, k + 2), 16);
    return Math.round(u + (v - u) * f)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${ch(1)}${ch(3)}${ch(5)}`;
}

const M = { left: 64, right: 16, top: 28, bottom: 44 };

export interface ScatterInput {
  readonly x: Column;
  readonly y: Column;
  readonly rows: readonly CompareRow[];
  /** Rows drawn faint (brushed out on the parallel coordinates). */
  readonly faint: ReadonlySet<string>;
  readonly logX: boolean | 'auto';
  readonly logY: boolean | 'auto';
  readonly color: ColorKey;
  readonly width: number;
  readonly height: number;
}

export interface ScatterScene extends Scene {
  readonly xScale: PlotScale;
  readonly yScale: PlotScale;
  /** The runs placed, with their pixel positions (hover finds the nearest). */
  readonly points: readonly {
    readonly id: string;
    readonly cx: number;
    readonly cy: number;
    readonly x: CellValue;
    readonly y: CellValue;
  }[];
  /** Runs with no place on these axes (a missing value, ≤ 0 on a log axis). */
  readonly unplaced: number;
}

export function scatterScene(input: ScatterInput): ScatterScene {
  const { x, y, rows, width, height } = input;
  const xScale = columnScale(rows.map(x.get), input.logX);
  const yScale = columnScale(rows.map(y.get), input.logY);
  const pw = Math.max(40, width - M.left - M.right),
    ph = Math.max(40, height - M.top - M.bottom);
  const px = (t: number) => M.left + t * pw,
    py = (t: number) => M.top + (1 - t) * ph;
  const marks: Mark[] = [];
  for (const t of xScale.ticks) {
    marks.push({ kind: 'line', x1: px(t.at), y1: M.top, x2: px(t.at), y2: M.top + ph, role: 'grid' });
    marks.push({ kind: 'text', x: px(t.at), y: M.top + ph + 16, text: t.label, anchor: 'middle', role: 'muted' });
  }
  for (const t of yScale.ticks) {
    marks.push({ kind: 'line', x1: M.left, y1: py(t.at), x2: M.left + pw, y2: py(t.at), role: 'grid' });
    marks.push({ kind: 'text', x: M.left - 6, y: py(t.at) + 4, text: t.label, anchor: 'end', role: 'muted' });
  }
  marks.push({ kind: 'line', x1: M.left, y1: M.top + ph, x2: M.left + pw, y2: M.top + ph, role: 'fg' });
  marks.push({ kind: 'line', x1: M.left, y1: M.top, x2: M.left, y2: M.top + ph, role: 'fg' });
  const scaleNote = (s: PlotScale) => (s.kind === 'log' ? ' (log)' : '');
  marks.push({
    kind: 'text',
    x: M.left + pw / 2,
    y: height - 8,
    text: x.key + scaleNote(xScale),
    anchor: 'middle',
    role: 'fg',
    bold: true,
  });
  marks.push({
    kind: 'text',
    x: 14,
    y: M.top + ph / 2,
    text: y.key + scaleNote(yScale),
    anchor: 'middle',
    role: 'fg',
    bold: true,
    rotate: true,
  });
  const points: ScatterScene['points'][number][] = [];
  let unplaced = 0;
  // Faint runs first, so the kept ones are drawn over them.
  const ordered = [...rows].sort((a, b) => Number(!input.faint.has(a.id)) - Number(!input.faint.has(b.id)));
  for (const r of ordered) {
    const tx = xScale.place(x.get(r)),
      ty = yScale.place(y.get(r));
    if (tx === undefined || ty === undefined) {
      unplaced++;
      continue;
    }
    const cx = px(tx),
      cy = py(ty);
    const faint = input.faint.has(r.id);
    marks.push({ kind: 'circle', cx, cy, r: 4, color: input.color.color(r), faint, id: r.id });
    points.push({ id: r.id, cx, cy, x: x.get(r), y: y.get(r) });
  }
  return { width, height, title: `${y.key} against ${x.key}`, marks, xScale, yScale, points, unplaced };
}

export interface ParallelInput {
  /** The axes, left to right: parameters, then the metric. */
  readonly axes: readonly Column[];
  readonly rows: readonly CompareRow[];
  readonly faint: ReadonlySet<string>;
  readonly brushes: readonly Brush[];
  readonly log: (key: string) => boolean | 'auto';
  readonly color: ColorKey;
  readonly width: number;
  readonly height: number;
}

export interface ParallelAxis {
  readonly key: string;
  readonly x: number;
  readonly top: number;
  readonly bottom: number;
  readonly scale: PlotScale;
}

export interface ParallelScene extends Scene {
  readonly axes: readonly ParallelAxis[];
  readonly lines: readonly {
    readonly id: string;
    readonly faint: boolean;
    readonly points: readonly (readonly [number, number])[];
  }[];
}

const PM = { left: 48, right: 64, top: 36, bottom: 40 };

export function parallelScene(input: ParallelInput): ParallelScene {
  const { rows, width, height } = input;
  const n = input.axes.length;
  const pw = Math.max(40, width - PM.left - PM.right);
  const top = PM.top,
    bottom = height - PM.bottom;
  const axes: ParallelAxis[] = input.axes.map((c, i) => ({
    key: c.key,
    x: PM.left + (n === 1 ? pw / 2 : (i * pw) / (n - 1)),
    top,
    bottom,
    scale: columnScale(rows.map(c.get), input.log(c.key)),
  }));
  const py = (a: ParallelAxis, t: number) => a.bottom - t * (a.bottom - a.top);
  const marks: Mark[] = [];
  const lines: ParallelScene['lines'][number][] = [];
  const ordered = [...rows].sort((a, b) => Number(!input.faint.has(a.id)) - Number(!input.faint.has(b.id)));
  for (const r of ordered) {
    // A run without a value on an axis breaks its line there (drawn as separate pieces).
    const pts: (readonly [number, number])[] = [];
    const flush = (faint: boolean) => {
      if (pts.length > 1) {
        marks.push({ kind: 'path', points: pts.slice(), color: input.color.color(r), faint, id: r.id });
      }
      pts.length = 0;
    };
    const faint = input.faint.has(r.id);
    const all: (readonly [number, number])[] = [];
    input.axes.forEach((c, i) => {
      const a = axes[i]!;
      const t = a.scale.place(c.get(r));
      if (t === undefined) {
        flush(faint);
        return;
      }
      const p = [a.x, py(a, t)] as const;
      pts.push(p);
      all.push(p);
    });
    flush(faint);
    lines.push({ id: r.id, faint, points: all });
  }
  for (const a of axes) {
    const brush = input.brushes.find((b) => b.key === a.key);
    if (brush) {
      const [t0, t1] = brushSpan(a.scale, brush);
      marks.push({
        kind: 'rect',
        x: a.x - 8,
        y: py(a, t1),
        w: 16,
        h: Math.max(2, py(a, t0) - py(a, t1)),
        role: 'brush',
        key: a.key,
      });
    }
    marks.push({ kind: 'line', x1: a.x, y1: a.top, x2: a.x, y2: a.bottom, role: 'fg' });
    for (const t of thin(a.scale.ticks, Math.max(2, Math.floor((a.bottom - a.top) / 18)))) {
      marks.push({ kind: 'line', x1: a.x - 3, y1: py(a, t.at), x2: a.x, y2: py(a, t.at), role: 'fg' });
      marks.push({
        kind: 'text',
        x: a.x + 5,
        y: py(a, t.at) + 4,
        text: clip(t.label, 14),
        anchor: 'start',
        role: 'muted',
      });
    }
    const label = a.key + (a.scale.kind === 'log' ? ' (log)' : '');
    marks.push({
      kind: 'text',
      x: a.x,
      y: a.top - 12,
      text: clip(label, 24),
      anchor: 'middle',
      role: 'fg',
      bold: true,
    });
  }
  return { width, height, title: 'Parallel coordinates', marks, axes, lines };
}

/** The part of an axis a brush covers, in [0, 1] (bottom to top). */
export function brushSpan(scale: PlotScale, brush: Brush): [number, number] {
  if (brush.kind === 'range') {
    const a = scale.place(brush.lo) ?? 0,
      b = scale.place(brush.hi) ?? 1;
    return [Math.max(0, Math.min(a, b)), Math.min(1, Math.max(a, b))];
  }
  const at = brush.values.map((v) => scale.place(v)).filter((t): t is number => t !== undefined);
  if (at.length === 0) return [0, 0];
  const half = scale.categories.length > 1 ? 0.5 / (scale.categories.length - 1) : 0.5;
  return [Math.max(0, Math.min(...at) - half / 2), Math.min(1, Math.max(...at) + half / 2)];
}

/** The brush a drag from `t0` to `t1` (in [0, 1], bottom to top) makes on an axis. */
export function brushFromSpan(key: string, scale: PlotScale, t0: number, t1: number): Brush {
  const lo = Math.max(0, Math.min(t0, t1)),
    hi = Math.min(1, Math.max(t0, t1));
  if (scale.kind === 'category') {
    const n = scale.categories.length;
    const values = scale.categories.filter((_, i) => {
      const t = n === 1 ? 0.5 : i / (n - 1);
      return t >= lo && t <= hi;
    });
    return { key, kind: 'values', values };
  }
  return {
    key,
    kind: 'range',
    lo: Number(scale.valueAt(lo).toPrecision(6)),
    hi: Number(scale.valueAt(hi).toPrecision(6)),
  };
}

function thin<T>(items: readonly T[], max: number): readonly T[] {
  if (items.length <= max) return items;
  const step = Math.ceil(items.length / max);
  return items.filter((_, i) => i % step === 0);
}

function clip(text: string, n: number): string {
  return text.length <= n ? text : `${text.slice(0, n - 1)}…`;
}
