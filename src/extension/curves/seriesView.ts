/**
 * What a curves webview receives for one series under one view (x mode, zoom, smoothing, width):
 * all points when they fit the budget, else an M4 downsample that keeps every extreme. Smoothing
 * is computed on the full series, then sampled at the same points. Pure (no `vscode`), so it is
 * unit-tested in Node; one `SeriesViewer` per (panel, series) remembers what was sent so an
 * appended point costs only itself.
 */

import { bestIndex, betterDirection } from '../../core/model/best';
import { downsampleIndices, gather, nonFiniteIndices } from '../../core/curves/downsample';
import { newEmaState, smoothInto, type EmaState } from '../../core/curves/smoothing';
import { xMetricOf, xValues, type XMode } from '../../core/curves/xAxis';
import type { Series } from '../../core/model/series';
import type { SeriesView, ViewRequest } from '../../protocol/curves';

/** Most NaN/Infinity markers sent per series (the count is always exact). */
const MAX_MARKERS = 2000;

export function seriesKey(runId: string, name: string): string {
  return `${runId}\u0000${name}`;
}

export class SeriesViewer {
  private sent = 0;
  private downsampled = false;
  /** Finite points inside the view's x range that the webview holds. */
  private inRange = 0;
  private ema: EmaState = newEmaState();
  private smoothed = new Float64Array(0);
  private smoothedLength = 0;
  private smoothingWeight = -1;
  private xCache: { mode: XMode; x: Float64Array; length: number; axisLength: number } | undefined;

  /** `seriesOf` finds the run's series by name, for a step metric as the x axis. */
  constructor(
    readonly runId: string,
    readonly series: Series,
    private readonly runStart: () => number,
    private readonly seriesOf: (name: string) => Series | undefined = () => undefined,
  ) {}

  get key(): string {
    return seriesKey(this.runId, this.series.name);
  }

  /** The whole view, from scratch. */
  full(view: ViewRequest): SeriesView {
    const s = this.series;
    const x = this.x(view.xMode);
    const n = s.length;
    const smoothed = this.updateSmoothed(view.smoothing);
    this.sent = n;
    if (!x) {
      this.downsampled = false;
      return this.payload(view, 0, new Int32Array(0), new Float64Array(0), smoothed, true);
    }
    const [x0, x1] = view.xRange ?? [-Infinity, Infinity];
    const sample = downsampleIndices(x, s.valueArray(), x0, x1, view.buckets);
    this.downsampled = !sample.complete;
    this.inRange = sample.inRange;
    return this.payload(view, 0, sample.indices, x, smoothed, false);
  }

  /** Points appended since the last view, as an extension or (when downsampled) a new full view. */
  update(view: ViewRequest): SeriesView | undefined {
    const s = this.series;
    const n = s.length;
    if (n === this.sent) return undefined;
    const x = this.x(view.xMode);
    if (!x || this.downsampled || this.sent === 0) return this.full(view);
    const [x0, x1] = view.xRange ?? [-Infinity, Infinity];
    const from = this.sent;
    // Still within budget after the new points? Then send just them; else a fresh downsample.
    let added = 0;
    for (let i = from; i < n; i++) if (Number.isFinite(s.value(i)) && x[i]! >= x0 && x[i]! <= x1) added++;
    if (this.inRange + added > view.buckets * 4) return this.full(view);
    const smoothed = this.updateSmoothed(view.smoothing);
    const indices: number[] = [];
    for (let i = from; i < n; i++) if (Number.isFinite(s.value(i)) && x[i]! >= x0 && x[i]! <= x1) indices.push(i);
    this.sent = n;
    this.inRange += added;
    return this.payload(view, from, Int32Array.from(indices), x, smoothed, false);
  }

  /** Forget what was sent (the webview reloaded or the view changed). */
  reset(): void {
    this.sent = 0;
    this.downsampled = false;
  }

  private x(mode: XMode): Float64Array | undefined {
    const n = this.series.length;
    const metric = xMetricOf(mode);
    // Along a step metric, x depends on that series too: new points of it make new x.
    const axisLength = metric === undefined ? 0 : (this.seriesOf(metric)?.length ?? 0);
    const c = this.xCache;
    if (c && c.mode === mode && c.length === n && c.axisLength === axisLength) return c.x;
    const x = xValues(this.series, mode, this.runStart(), this.seriesOf);
    if (!x) return undefined;
    // Points without a value on this axis (an epoch column that starts late) are dropped by NaN.
    this.xCache = { mode, x, length: n, axisLength };
    return x;
  }

  private updateSmoothed(weight: number): Float64Array | undefined {
    if (weight <= 0) return undefined;
    const s = this.series;
    const n = s.length;
    if (weight !== this.smoothingWeight) {
      this.smoothingWeight = weight;
      this.ema = newEmaState();
      this.smoothedLength = 0;
    }
    if (this.smoothed.length < n) {
      const grown = new Float64Array(Math.max(n, this.smoothed.length * 2));
      grown.set(this.smoothed.subarray(0, this.smoothedLength));
      this.smoothed = grown;
    }
    smoothInto(s.valueArray(), this.smoothedLength, n, weight, this.ema, this.smoothed);
    this.smoothedLength = n;
    return this.smoothed;
  }

  private payload(
    view: ViewRequest,
    start: number,
    indices: Int32Array,
    x: Float64Array,
    smoothed: Float64Array | undefined,
    missingAxis: boolean,
  ): SeriesView {
    const s = this.series;
    const values = s.valueArray();
    const epochs = s.epochArray();
    const walls = s.wallTimeArray();
    const [x0, x1] = view.xRange ?? [-Infinity, Infinity];
    // An extension lists only its own non-finite points: the cost of an update is the appended points.
    const nfFrom = missingAxis ? new Int32Array(0) : nonFiniteIndices(x, values, x0, x1, MAX_MARKERS, start);
    const best = bestIndex(s);
    return {
      key: this.key,
      runId: this.runId,
      name: s.name,
      split: s.id.split,
      quantity: s.id.quantity,
      chartKey: s.id.key,
      chartTitle: s.id.title,
      percent: (s.id as { percent?: boolean }).percent === true,
      lowerIsBetter: betterDirection(s.id.quantity, s.name) === 'lower',
      total: s.length,
      downsampled: this.downsampled,
      start,
      x: gather(x, indices),
      y: gather(values, indices),
      ...(smoothed ? { smoothed: gather(smoothed, indices) } : {}),
      steps: gather(s.stepArray(), indices),
      ...(epochs ? { epochs: gather(epochs, indices) } : {}),
      ...(walls ? { wallTimes: gather(walls, indices) } : {}),
      lines: gather(s.locationArray(), indices),
      nonFinite: {
        x: gather(x, nfFrom),
        kind: Int8Array.from(nfFrom, (i) => (Number.isNaN(values[i]!) ? 0 : values[i]! > 0 ? 1 : -1)),
        steps: gather(s.stepArray(), nfFrom),
        lines: gather(s.locationArray(), nfFrom),
        total: s.nonFiniteCount,
      },
      ...(best >= 0 && !missingAxis && Number.isFinite(x[best]!)
        ? {
            best: {
              x: x[best]!,
              y: values[best]!,
              step: s.step(best),
              ...(s.epoch(best) !== undefined ? { epoch: s.epoch(best)! } : {}),
            },
          }
        : {}),
      ...(missingAxis ? { missingAxis: true } : {}),
    };
  }
}
