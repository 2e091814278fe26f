/**
 * Work over a series cut into steps: a generator that yields, every `STEP_POINTS` points or so, how many
 * points it looked at since its last yield, and returns its result. One series can hold tens of millions of
 * points, and a curves panel's view of it (x values, smoothing, downsampling) is computed on the extension
 * host's thread, which every extension shares: a caller there takes a few steps a turn (`src/node/turns.ts`);
 * the CLI and the tests take them all at once (`runSteps`). The core has no timers: it only says where it
 * may stop.
 */

/** Points one step looks at: about a millisecond of the cheapest pass (a comparison a point). */
export const STEP_POINTS = 1 << 18;

/** Work that yields the points it looked at since the last yield, and returns `T`. */
export type Steps<T> = Generator<number, T, void>;

/** Takes every step at once. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * Calls `slice(a, b)` over `[from, to)` in slices of at most `STEP_POINTS`, yielding after each slice but the
 * last (a short range costs no yield).
 */
export function* inSlices(from: number, to: number, slice: (a: number, b: number) => void): Steps<void> {
  for (let a = from; a < to; a += STEP_POINTS) {
    const b = Math.min(to, a + STEP_POINTS);
    slice(a, b);
    if (b < to) yield b - a;
  }
}

/** The steps of each of `jobs` one after another, and their results in order. */
export function* allSteps<T>(jobs: readonly Steps<T>[]): Steps<T[]> {
  const out: T[] = [];
  for (const job of jobs) out.push(yield* job);
  return out;
}
