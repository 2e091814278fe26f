/**
 * Regression predictions answered as regression: MAE, RMSE and R² as scikit-learn 1.2 computes
 * them (`mean_absolute_error`, `mean_squared_error(squared=False)`, `r2_score` with
 * `force_finite=True`), with numpy's pairwise sums, and the residuals for a scatter.
 */

import { pairwiseSum } from './numpySum';

export interface RegressionMetrics {
  readonly n: number;
  readonly mae: number;
  readonly mse: number;
  readonly rmse: number;
  readonly r2: number;
  /** actual − predicted, per row. */
  readonly residuals: Float64Array;
}

export function regressionMetrics(actual: Float64Array, predicted: Float64Array): RegressionMetrics {
  const n = actual.length;
  const residuals = new Float64Array(n);
  const absolute = new Float64Array(n);
  const squared = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = actual[i]! - predicted[i]!;
    residuals[i] = r;
    absolute[i] = Math.abs(r);
    squared[i] = r ** 2;
  }
  const mse = n > 0 ? pairwiseSum(squared) / n : NaN;
  return {
    n,
    mae: n > 0 ? pairwiseSum(absolute) / n : NaN,
    mse,
    rmse: Math.sqrt(mse),
    r2: r2Score(actual, squared),
    residuals,
  };
}

function r2Score(actual: Float64Array, squaredErrors: Float64Array): number {
  const n = actual.length;
  if (n < 2) return NaN;
  const mean = pairwiseSum(actual) / n;
  const deviations = new Float64Array(n);
  for (let i = 0; i < n; i++) deviations[i] = (actual[i]! - mean) ** 2;
  const numerator = pairwiseSum(squaredErrors);
  const denominator = pairwiseSum(deviations);
  if (denominator === 0) return numerator === 0 ? 1 : 0;
  if (numerator === 0) return 1;
  return 1 - numerator / denominator;
}
