/**
 * How the curves print numbers: values (NaN and infinities named, exponents past 1e5 or under 1e-3), x
 * positions (steps, durations, wall-clock times), and which x ticks are labelled.
 */

import type { UiState } from './state';

/**
 * Chart.js puts a tick at each end of the data (`bounds: 'data'`) beside its round ticks, and its own check
 * for labels that would collide misses on a horizontal axis: a run evaluated at 10, 20 … 131 got "130" and
 * "131" on top of each other. A round tick closer to an end tick than half the usual spacing goes; the ends
 * (the first and last step) stay.
 */
export function spreadEndTicks<T extends { value: number }>(ticks: readonly T[]): T[] {
  if (ticks.length < 4) return [...ticks];
  const gaps = ticks
    .slice(1)
    .map((t, i) => Math.abs(t.value - ticks[i]!.value))
    .sort((a, b) => a - b);
  const usual = gaps[Math.floor(gaps.length / 2)]!;
  const out = [...ticks];
  if (Math.abs(out[out.length - 1]!.value - out[out.length - 2]!.value) < usual / 2) out.splice(out.length - 2, 1);
  if (out.length >= 3 && Math.abs(out[1]!.value - out[0]!.value) < usual / 2) out.splice(1, 1);
  return out;
}

export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (Math.abs(s) < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (Math.abs(m) < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  return `${h}h ${String(m % 60).padStart(2, '0')}m`;
}

export function formatX(v: number, mode: UiState['xMode'], spanMs = 0): string {
  if (mode === 'relative') return formatDuration(v);
  if (mode === 'wall') {
    const d = new Date(v);
    return spanMs > 2 * 86_400_000
      ? d.toLocaleDateString()
      : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }
  return Number.isInteger(v) ? String(v) : String(+v.toPrecision(4));
}

export function formatValue(v: number, percent = false): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+∞' : '−∞';
  if (percent) return `${+(v * 100).toPrecision(4)}%`;
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(3) : String(+v.toPrecision(5));
}
