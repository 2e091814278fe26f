/**
 * Turns of the event loop shared by everything that works through a file in slices on the extension
 * host (reading a log a chunk at a time, diagnosing a long run a slice at a time): one slice per turn,
 * whoever asked first going first. Each waiting on its own `setImmediate` would run every reader's and
 * diagnosis's slice back to back in one turn (the Runs view reads many files at once), and the host
 * would be held for all of them together.
 */

import { STEP_POINTS, type Steps } from '../core/curves/steps';

const waiting: (() => void)[] = [];
let scheduled = false;

/** Resolves in a turn of its own, after the slices asked for before it. */
export function nextTurn(): Promise<void> {
  return new Promise<void>((resolve) => {
    waiting.push(resolve);
    if (!scheduled) schedule();
  });
}

/**
 * Runs `step` until it says it is done (false), waiting for `between` (by default a turn of its own) after
 * each step that leaves more: work the core cut into steps of bounded cost, spread over turns.
 */
export async function inTurns(step: () => boolean, between: () => Promise<void> = nextTurn): Promise<void> {
  while (step()) await between();
}

/**
 * Points of core work (`src/core/curves/steps.ts`) taken in one turn: two steps, a few milliseconds of the
 * cheapest passes (a series' x values, its smoothing, its downsampling), well under the 100 ms a turn may hold
 * the host.
 */
export const TURN_POINTS = 2 * STEP_POINTS;

/**
 * Takes `steps` about `TURN_POINTS` points a turn, waiting for `nextTurn` in between: its result, or
 * `undefined` when `stop` says, between two turns, that the result is no longer wanted (it is not finished).
 */
export async function stepsInTurns<T>(steps: Steps<T>, stop: () => boolean): Promise<{ value: T } | undefined> {
  let looked = 0;
  for (;;) {
    const r = steps.next();
    if (r.done) return { value: r.value };
    looked += r.value;
    if (looked < TURN_POINTS) continue;
    looked = 0;
    await nextTurn();
    if (stop()) return undefined;
  }
}

function schedule(): void {
  scheduled = true;
  // An immediate set while immediates run waits for the next turn (after timers and I/O).
  setImmediate(() => {
    scheduled = false;
    // Its continuation (the slice) runs in the microtasks that follow this callback.
    waiting.shift()?.();
    if (waiting.length > 0) schedule();
  });
}
