/**
 * Zoom and pan of the x axis from the keyboard, for a chart that has the focus: `+` (or `=`) zooms
 * in and `-` out around the middle of the view, the arrows move it a quarter of its width, Home and
 * End go to the start and the end of the run (keeping the width), `0` shows everything. Pure: the
 * chart card applies the range and says it aloud (see `describeRange`).
 */

export type Range = readonly [number, number];

/** Zooming in stops at this fraction of the whole x extent. */
const MIN_SPAN_FRACTION = 1e-6;

/**
 * The x range a key asks for, from the range shown (`view`) within everything there is (`extent`):
 * `{ range: null }` for the whole extent; `undefined` when the key is not one of these.
 */
export function keyboardRange(key: string, view: Range, extent: Range): { range: Range | null } | undefined {
  const [lo, hi] = extent;
  const whole = hi - lo;
  if (!(whole > 0) || !Number.isFinite(whole)) return key === '0' ? { range: null } : undefined;
  const [v0, v1] = [Math.max(lo, Math.min(view[0], hi)), Math.min(hi, Math.max(view[1], lo))];
  const span = v1 > v0 ? v1 - v0 : whole;
  const middle = v1 > v0 ? (v0 + v1) / 2 : (lo + hi) / 2;
  const at = (from: number, width: number): { range: Range | null } => {
    if (width >= whole) return { range: null };
    const start = Math.max(lo, Math.min(from, hi - width));
    return { range: [start, start + width] };
  };
  switch (key) {
    case '+':
    case '=':
      return at(middle - span / 4, Math.max(span / 2, whole * MIN_SPAN_FRACTION));
    case '-':
    case '_':
      return at(middle - span, span * 2);
    case 'ArrowLeft':
      return at(v0 - span / 4, span);
    case 'ArrowRight':
      return at(v0 + span / 4, span);
    case 'Home':
      return at(lo, span);
    case 'End':
      return at(hi - span, span);
    case '0':
      return { range: null };
    default:
      return undefined;
  }
}

/** What a screen reader says after a key moved the view: the range shown, and of what. */
export function describeRange(range: Range | null, extent: Range, format: (x: number) => string): string {
  const whole = `${format(extent[0])} to ${format(extent[1])}`;
  if (!range) return `x axis: everything, ${whole}`;
  const share = Math.round((100 * (range[1] - range[0])) / Math.max(Number.MIN_VALUE, extent[1] - extent[0]));
  return `x axis: ${format(range[0])} to ${format(range[1])}, ${share} % of ${whole}`;
}
