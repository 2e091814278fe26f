/** Accuracy-like metrics come as fractions (0.93) or percentages (93.0): the largest value tells which. */
export function percentScale(...curves: readonly ArrayLike<number>[]): number {
  let max = -Infinity;
  for (const c of curves) {
    for (let i = 0; i < c.length; i++) {
      const x = c[i]!;
      if (Number.isFinite(x) && x > max) max = x;
    }
  }
  return max > 1.0000001 ? 100 : 1;
}
