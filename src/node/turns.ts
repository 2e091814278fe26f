/**
 * Turns of the event loop shared by everything that works through a file in slices on the extension
 * host (reading a log a chunk at a time, diagnosing a long run a slice at a time): one slice per turn,
 * whoever asked first going first. Each waiting on its own `setImmediate` would run every reader's and
 * diagnosis's slice back to back in one turn (the Runs view reads many files at once), and the host
 * would be held for all of them together.
 */

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
