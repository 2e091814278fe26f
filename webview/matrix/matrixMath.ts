/**
 * The arithmetic of drawing a confusion matrix: normalisation (by true row = recall, by predicted
 * column = precision, over all), class orders, the top confusions, and cell colours with text that
 * stays readable on every cell. Pure (no DOM): unit-tested in Node.
 */

export type Normalization = 'none' | 'true' | 'pred' | 'all';

/** The values to show: counts, or shares of the row, the column, or the whole. NaN for an empty row/column. */
export function normalize(m: ArrayLike<number>, k: number, mode: Normalization): Float64Array {
  const out = new Float64Array(k * k);
  if (mode === 'none') {
    for (let i = 0; i < k * k; i++) out[i] = m[i]!;
    return out;
  }
  const rows = new Float64Array(k),
    cols = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      const v = m[i * k + j]!;
      rows[i] = rows[i]! + v;
      cols[j] = cols[j]! + v;
      total += v;
    }
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      const v = m[i * k + j]!;
      const d = mode === 'true' ? rows[i]! : mode === 'pred' ? cols[j]! : total;
      out[i * k + j] = d > 0 ? v / d : NaN;
    }
  return out;
}

/** Per-class error rate, 1 − recall (`1 - diag(cm_normalised)`); NaN for a class with no true rows. */
export function errorRates(m: ArrayLike<number>, k: number): Float64Array {
  const out = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let row = 0;
    for (let j = 0; j < k; j++) row += m[i * k + j]!;
    out[i] = row > 0 ? 1 - m[i * k + i]! / row : NaN;
  }
  return out;
}

/** Class order: as given, or by error rate (worst first; classes without rows last). */
export function classOrder(m: ArrayLike<number>, k: number, byError: boolean): number[] {
  const order = Array.from({ length: k }, (_, i) => i);
  if (!byError) return order;
  const e = errorRates(m, k);
  return order.sort((a, b) => (Number.isNaN(e[a]!) ? 1 : 0) - (Number.isNaN(e[b]!) ? 1 : 0) || e[b]! - e[a]! || a - b);
}

export interface Confusion {
  readonly i: number;
  readonly j: number;
  readonly count: number;
}

/** The largest off-diagonal cells ("4 → 9: 23"), most first. */
export function topConfusions(m: ArrayLike<number>, k: number, limit: number): Confusion[] {
  const out: Confusion[] = [];
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      const count = m[i * k + j]!;
      if (i === j || count === 0) continue;
      if (out.length < limit) {
        out.push({ i, j, count });
        if (out.length === limit) out.sort(byCount);
        continue;
      }
      if (count > out[out.length - 1]!.count) {
        out[out.length - 1] = { i, j, count };
        out.sort(byCount);
      }
    }
  return out.sort(byCount);
}

function byCount(a: Confusion, b: Confusion): number {
  return b.count - a.count || a.i - b.i || a.j - b.j;
}

export type Rgb = readonly [number, number, number];

/** `a` blended toward `b` by t ∈ [0, 1]. */
export function mix(a: Rgb, b: Rgb, t: number): Rgb {
  const u = Math.max(0, Math.min(1, t));
  return [a[0] + (b[0] - a[0]) * u, a[1] + (b[1] - a[1]) * u, a[2] + (b[2] - a[2]) * u];
}

/** WCAG relative luminance. */
export function luminance(c: Rgb): number {
  const f = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
}

export function contrast(a: Rgb, b: Rgb): number {
  const la = luminance(a),
    lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** Whichever of the two text colours reads better on `background` (the theme's, or black/white). */
export function readableText(background: Rgb, ...choices: Rgb[]): Rgb {
  const all = [...choices, [0, 0, 0] as Rgb, [255, 255, 255] as Rgb];
  return all.reduce((best, c) => (contrast(c, background) > contrast(best, background) + 0.5 ? c : best), all[0]!);
}

export function rgbCss(c: Rgb): string {
  return `rgb(${Math.round(c[0])}, ${Math.round(c[1])}, ${Math.round(c[2])})`;
}

/**
 * A cell's colour: the diagonal in the "right" hue, errors in the "wrong" hue, the intensity the
 * value's share of the largest value in its kind (square-root scaled, so small confusions show).
 */
export function cellColor(value: number, max: number, diagonal: boolean, background: Rgb, right: Rgb, wrong: Rgb): Rgb {
  if (!Number.isFinite(value) || max <= 0 || value <= 0) return background;
  return mix(background, diagonal ? right : wrong, 0.12 + 0.88 * Math.sqrt(value / max));
}

/** How a cell's value is written: a count, or a share with two decimals. */
export function formatCell(value: number, mode: Normalization): string {
  if (Number.isNaN(value)) return '–';
  return mode === 'none' ? String(value) : value.toFixed(2);
}
