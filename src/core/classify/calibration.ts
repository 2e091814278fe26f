/**
 * Calibration: a reliability diagram over 10 equal-width bins and the expected calibration error.
 * Bins are those of scikit-learn's `calibration_curve(strategy="uniform")` (edges `i * 0.1`, a
 * probability on an edge falls in the lower bin); binary problems use the positive class's
 * probability, multi-class ones the top class's probability against whether it was right.
 */

export const CALIBRATION_BINS = 10;

export interface CalibrationBin {
  /** Bin `[lower, upper]` of predicted probability. */
  readonly lower: number;
  readonly upper: number;
  readonly count: number;
  /** Mean predicted probability in the bin (`prob_pred`); NaN when empty. */
  readonly meanPredicted: number;
  /** Share of the bin that was positive / right (`prob_true`); NaN when empty. */
  readonly fractionPositive: number;
}

export interface Calibration {
  readonly bins: readonly CalibrationBin[];
  /** Σ (count / n) · |fractionPositive − meanPredicted| over non-empty bins. */
  readonly ece: number;
  /** Rows used (probabilities in [0, 1]). */
  readonly n: number;
}

const EDGES = Array.from({ length: CALIBRATION_BINS + 1 }, (_, i) =>
  i === CALIBRATION_BINS ? 1 : i * (1 / CALIBRATION_BINS),
);

/** `np.searchsorted(edges[1:-1], p)`: the number of inner edges below p (p in [0, 1]). */
function binOf(p: number): number {
  let b = Math.ceil(p * CALIBRATION_BINS) - 1;
  if (b < 0) b = 0;
  if (b > CALIBRATION_BINS - 1) b = CALIBRATION_BINS - 1;
  // The edges are the doubles i * 0.1, not the exact tenths: settle against them.
  while (b > 0 && p <= EDGES[b]!) b--;
  while (b < CALIBRATION_BINS - 1 && p > EDGES[b + 1]!) b++;
  return b;
}

/** Sums per bin, in the order values come (as `np.bincount` adds them). */
export class CalibrationBins {
  private readonly sums = new Float64Array(CALIBRATION_BINS);
  private readonly hits = new Float64Array(CALIBRATION_BINS);
  private readonly totals = new Float64Array(CALIBRATION_BINS);
  private n = 0;

  /** A row predicted with probability `p`, `outcome` 1 when positive (or right). Values outside [0, 1] are left out. */
  add(p: number, outcome: number): void {
    if (!(p >= 0 && p <= 1)) return;
    const b = binOf(p);
    this.sums[b] = this.sums[b]! + p;
    this.hits[b] = this.hits[b]! + outcome;
    this.totals[b] = this.totals[b]! + 1;
    this.n++;
  }

  result(): Calibration {
    const bins: CalibrationBin[] = [];
    let ece = 0;
    for (let b = 0; b < CALIBRATION_BINS; b++) {
      const count = this.totals[b]!;
      const meanPredicted = count > 0 ? this.sums[b]! / count : NaN;
      const fractionPositive = count > 0 ? this.hits[b]! / count : NaN;
      if (count > 0) ece += (count / this.n) * Math.abs(fractionPositive - meanPredicted);
      bins.push({ lower: EDGES[b]!, upper: EDGES[b + 1]!, count, meanPredicted, fractionPositive });
    }
    return { bins, ece: this.n > 0 ? ece : NaN, n: this.n };
  }
}

/** Binary: the positive class's probability against the true label, row by row (as `calibration_curve` adds them). */
export function calibrateBinary(score: Float64Array, yTrue: Int32Array, positive: number): Calibration {
  const bins = new CalibrationBins();
  for (let i = 0; i < score.length; i++) bins.add(score[i]!, yTrue[i] === positive ? 1 : 0);
  return bins.result();
}
