/**
 * What a curves webview receives for one series under one view (x mode, zoom, smoothing, width):
 * all points when they fit the budget, else an M4 downsample that keeps every extreme. Smoothing
 * is computed on the full series, then sampled at the same points. Pure (no `vscode`), so it is
 * unit-tested in Node; one `SeriesViewer` per (panel, series) remembers what was sent so an
 * appended point costs only itself.
 *
 * A view costs a few passes over the series (10 M points: 120 ms of CPU, 380 ms smoothed, in one go): the
 * panel takes it in steps (`fullSteps`, `updateSteps`, see `src/core/curves/steps.ts`) a few a turn of the
 * extension host. A view is of the points the series held when its first step was taken; what the viewer
 * remembers (what was sent) changes only when its last step returns it, so a view left unfinished (the panel
 * asked for another) leaves the viewer as it was.
 */

import { bestIndex, betterDirection } from '../../core/model/best';
import { downsampleSteps, gather, nonFiniteSteps } from '../../core/curves/downsample';
import { newEmaState, smoothInto, type EmaState } from '../../core/curves/smoothing';
import { inSlices, runSteps, type Steps } from '../../core/curves/steps';
import { xMetricOf, xValuesSteps, type XMode } from '../../core/curves/xAxis';
import type { Series } from '../../core/model/series';
import type { SeriesView, ViewRequest } from '../../protocol/curves';

/** Most NaN/Infinity markers sent per series (the count is always exact). */
const MAX_MARKERS = 2000;

export function seriesKey(runId: string, name: string): string {
  return `${runId}\u0000${name}`;
}

/** What a view says of the series as a whole, taken with its point count when the view starts. */
interface Facts {
  readonly n: number;
  readonly best: number;
  readonly nonFinite: number;
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

  /**
   * `seriesOf` finds the run's series by name, for a step metric as the x axis. `runStart` is the run's first
   * wall time (for relative time), or the steps that find it.
   */
  constructor(
    readonly runId: string,
    readonly series: Series,
    private readonly runStart: () => number | Steps<number>,
    private readonly seriesOf: (name: string) => Series | undefined = () => undefined,
  ) {}

  get key(): string {
    return seriesKey(this.runId, this.series.name);
  }

  /** The whole view, from scratch. */
  full(view: ViewRequest): SeriesView {
    return runSteps(this.fullSteps(view));
  }

  /** Points appended since the last view, as an extension or (when downsampled) a new full view. */
  update(view: ViewRequest): SeriesView | undefined {
    return runSteps(this.updateSteps(view));
  }

  /** `full` in steps. */
  *fullSteps(view: ViewRequest): Steps<SeriesView> {
    return yield* this.fromScratch(view, this.facts());
  }

  /** `update` in steps. */
  *updateSteps(view: ViewRequest): Steps<SeriesView | undefined> {
    const facts = this.facts();
    const { n } = facts;
    if (n === this.sent) return undefined;
    const x = yield* this.x(view.xMode, n);
    if (!x || this.downsampled || this.sent === 0) return yield* this.fromScratch(view, facts);
    const values = this.series.valueArray(0, n);
    const [x0, x1] = view.xRange ?? [-Infinity, Infinity];
    const from = this.sent;
    const inView = (i: number) => Number.isFinite(values[i]!) && x[i]! >= x0 && x[i]! <= x1;
    // Still within budget after the new points? Then send just them; else a fresh downsample.
    let added = 0;
    yield* inSlices(from, n, (a, b) => {
      for (let i = a; i < b; i++) if (inView(i)) added++;
    });
    if (this.inRange + added > view.buckets * 4) return yield* this.fromScratch(view, facts);
    const smoothed = yield* this.smoothedSteps(view.smoothing, n);
    const indices = new Int32Array(added);
    let k = 0;
    yield* inSlices(from, n, (a, b) => {
      for (let i = a; i < b; i++) if (inView(i)) indices[k++] = i;
    });
    // An extension lists only its own non-finite points: the cost of an update is the appended points.
    const nonFinite = yield* nonFiniteSteps(x, values, x0, x1, MAX_MARKERS, from, n);
    this.sent = n;
    this.inRange += added;
    return this.payload(facts, from, indices, x, smoothed, nonFinite, false);
  }

  /** Forget what was sent (the webview reloaded or the view changed). */
  reset(): void {
    this.sent = 0;
    this.downsampled = false;
  }

  private facts(): Facts {
    const s = this.series;
    return { n: s.length, best: bestIndex(s), nonFinite: s.nonFiniteCount };
  }

  private *fromScratch(view: ViewRequest, facts: Facts): Steps<SeriesView> {
    const { n } = facts;
    const x = yield* this.x(view.xMode, n);
    const smoothed = yield* this.smoothedSteps(view.smoothing, n);
    if (!x) {
      this.sent = n;
      this.downsampled = false;
      const none = new Int32Array(0);
      return this.payload(facts, 0, none, new Float64Array(0), smoothed, none, true);
    }
    const values = this.series.valueArray(0, n);
    const [x0, x1] = view.xRange ?? [-Infinity, Infinity];
    const sample = yield* downsampleSteps(x, values, x0, x1, view.buckets);
    const nonFinite = yield* nonFiniteSteps(x, values, x0, x1, MAX_MARKERS, 0, n);
    this.sent = n;
    this.downsampled = !sample.complete;
    this.inRange = sample.inRange;
    return this.payload(facts, 0, sample.indices, x, smoothed, nonFinite, false);
  }

  /** The x of the first `n` points (kept for the next view while neither the series nor its x axis grew). */
  private *x(mode: XMode, n: number): Steps<Float64Array | undefined> {
    const metric = xMetricOf(mode);
    // Along a step metric, x depends on that series too: new points of it make new x.
    const axisLength = metric === undefined ? 0 : (this.seriesOf(metric)?.length ?? 0);
    const c = this.xCache;
    if (c && c.mode === mode && c.length === n && c.axisLength === axisLength) return c.x;
    let start = 0;
    if (mode === 'relative') {
      const r = this.runStart();
      start = typeof r === 'number' ? r : yield* r;
    }
    const x = yield* xValuesSteps(this.series, mode, start, this.seriesOf, n);
    if (!x) return undefined;
    // Points without a value on this axis (an epoch column that starts late) are dropped by NaN.
    this.xCache = { mode, x, length: n, axisLength };
    return x;
  }

  /** The smoothed values of the first `n` points, continuing from those smoothed before. */
  private *smoothedSteps(weight: number, n: number): Steps<Float64Array | undefined> {
    if (weight <= 0) return undefined;
    if (weight !== this.smoothingWeight) {
      this.smoothingWeight = weight;
      this.ema = newEmaState();
      this.smoothedLength = 0;
    }
    if (this.smoothed.length < n) {
      const before = this.smoothed;
      const grown = new Float64Array(Math.max(n, before.length * 2));
      yield* inSlices(0, this.smoothedLength, (a, b) => grown.set(before.subarray(a, b), a));
      this.smoothed = grown;
    }
    const values = this.series.valueArray(0, n);
    yield* inSlices(this.smoothedLength, n, (a, b) => {
      smoothInto(values, a, b, this.smoothingWeight, this.ema, this.smoothed);
      this.smoothedLength = b;
    });
    return this.smoothed;
  }

  private payload(
    facts: Facts,
    start: number,
    indices: Int32Array,
    x: Float64Array,
    smoothed: Float64Array | undefined,
    nonFinite: Int32Array,
    missingAxis: boolean,
  ): SeriesView {
    const s = this.series;
    const values = s.valueArray();
    const epochs = s.epochArray();
    const walls = s.wallTimeArray();
    const best = facts.best;
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
      total: facts.n,
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
        x: gather(x, nonFinite),
        kind: Int8Array.from(nonFinite, (i) => (Number.isNaN(values[i]!) ? 0 : values[i]! > 0 ? 1 : -1)),
        steps: gather(s.stepArray(), nonFinite),
        lines: gather(s.locationArray(), nonFinite),
        total: facts.nonFinite,
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
