/**
 * `evaluate`, with the one-vs-rest curves of a large many-class file computed by this thread and
 * helper threads at once (see `helperPool`). Each class's curve is independent of the others and
 * the same whichever thread computes it, so the evaluation is the very one `evaluate` returns; the
 * threads share the classes through a counter, so a slow or late helper just takes fewer. Without
 * helpers everything is computed here.
 */

import {
  evaluate,
  ovrCurve,
  probabilityRowMetrics,
  type Evaluation,
  type FindingOptions,
  type OvrCurve,
  type PredictionsData,
} from '../core/classify';
import { curvesInHelpers, type CurveJob, type CurveShare } from './helperPool';

/**
 * `minValues`: below this many probabilities (rows × classes), handing work to another thread costs
 * more than it saves.
 */
export const EVALUATION = { minValues: 1 << 21 };

export async function evaluatePredictions(data: PredictionsData, options: FindingOptions = {}): Promise<Evaluation> {
  if (data.kind !== 'classification' || !data.proba || !data.probaLabels) return evaluate(data, options);
  const { proba, probaLabels, yTrue } = data;
  const k = proba.length;
  if (k < 2 || data.n * k < EVALUATION.minValues) return evaluate(data, options);
  const job: CurveJob = {
    kind: 'curves',
    proba: proba.map(onShared),
    probaLabels,
    yTrue: onShared(yTrue),
    next: new Int32Array(new SharedArrayBuffer(4)),
  };
  const theirs = curvesInHelpers(job);
  // This thread's share: the row metrics first (the helpers start on the curves meanwhile), then
  // curves until none is left.
  const rows = probabilityRowMetrics(proba, probaLabels, yTrue);
  const mine = takeCurves(job);
  const curves = new Array<OvrCurve | undefined>(k);
  for (const [c, curve] of mine) curves[c] = curve;
  // When this thread took every class, the helpers are still on their way to the job: no need to wait.
  if (theirs && mine.length < k) {
    const share = await theirs;
    for (const [c, curve] of share) curves[c] = curve;
  }
  // A class a failed helper took is computed here.
  for (let c = 0; c < k; c++) curves[c] ??= ovrCurve(proba[c]!, yTrue, probaLabels[c]!);
  return evaluate(data, options, { ovr: curves as OvrCurve[], rows });
}

/** The curves of the classes this thread takes from `job.next`. */
export function takeCurves(job: CurveJob): CurveShare {
  const out: CurveShare = [];
  const k = job.proba.length;
  for (let c = Atomics.add(job.next, 0, 1); c < k; c = Atomics.add(job.next, 0, 1)) {
    out.push([c, ovrCurve(job.proba[c]!, job.yTrue, job.probaLabels[c]!)]);
  }
  return out;
}

/** `values` when already on SharedArrayBuffer (see `PredictionOptions.sharedColumns`), else a shared copy. */
function onShared<T extends Float64Array | Int32Array>(values: T): T {
  if (values.buffer instanceof SharedArrayBuffer) return values;
  const copy = new (values.constructor as new (buffer: SharedArrayBuffer) => T)(
    new SharedArrayBuffer(values.byteLength),
  );
  copy.set(values);
  return copy;
}
