/**
 * TensorBoard's scalar smoothing: an exponential moving average, debiased so the first points are
 * not pulled toward zero (tensorboard/webapp/widgets/line_chart_v2/lib/data_transformer.ts does the
 * same). Non-finite values pass through unsmoothed and do not disturb the average.
 */

export interface EmaState {
  last: number;
  count: number;
  /**
   * The debiasing divisor `1 - weight^count` has reached 1 exactly (in doubles, once `weight^count` is under
   * 2^-54, after some 75 points at 0.6): from there the average is its own debiased value, and `Math.pow` a
   * point (two thirds of the smoothing's cost) is not computed. The result is the same to the last bit.
   */
  unbiased: boolean;
}

export function newEmaState(): EmaState {
  return { last: 0, count: 0, unbiased: false };
}

/**
 * Smooths `values[from, to)` into `out[from, to)`, continuing from `state` (so appended points can
 * be smoothed without revisiting earlier ones). `weight` is in [0, 1): 0 leaves values as they are.
 */
export function smoothInto(
  values: Float64Array,
  from: number,
  to: number,
  weight: number,
  state: EmaState,
  out: Float64Array,
): void {
  for (let i = from; i < to; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v) || weight <= 0) {
      out[i] = v;
      continue;
    }
    state.last = state.last * weight + (1 - weight) * v;
    state.count++;
    if (state.unbiased) {
      out[i] = state.last;
      continue;
    }
    const divisor = 1 - Math.pow(weight, state.count);
    // `weight^count` only falls as `count` grows: a divisor of 1 stays 1.
    if (divisor === 1) state.unbiased = true;
    out[i] = state.last / divisor;
  }
}

export function smooth(values: Float64Array, weight: number): Float64Array {
  const out = new Float64Array(values.length);
  if (isConstant(values)) {
    out.set(values);
    return out;
  }
  smoothInto(values, 0, values.length, weight, newEmaState(), out);
  return out;
}

/** TensorBoard leaves a constant series as it is (the EMA would only add rounding noise). */
function isConstant(values: Float64Array): boolean {
  for (let i = 1; i < values.length; i++) if (values[i] !== values[0]) return false;
  return true;
}
