// The fuzzer's engine, shared by `npm run fuzz` (25 000 cases per parser by default, in worker threads)
// and the seeded sample in `npm test`: runs a parser's cases through the properties, counts and
// keeps failures, and replays one case (shrunk) from its seed and index.
import fc from 'fast-check';
import { caseArb, type FuzzCase } from './cases';
import { checkCase } from './properties';
import { targetNamed } from './targets';

export { caseArb, type FuzzCase } from './cases';
export { fuzzHostile, hostileCases } from './hostile';
export { checkCase } from './properties';
export { cpuClockKind, threadCpuMs } from './cpuClock';
export { fuzzGlobs, GROWTH, measureGrowth, SCALINGS, type Growth } from './growth';
export { targetNamed, targets } from './targets';

export interface Failure {
  readonly index: number;
  readonly kind: string;
  readonly label: string;
  readonly problem: string;
}

export interface TargetReport {
  readonly target: string;
  readonly cases: number;
  readonly failures: number;
  /** The slowest read of an input of 256 KB or more, in ms per MB. */
  readonly maxMsPerMB: number;
  readonly maxRetainedMB: number;
  readonly firstFailures: readonly Failure[];
}

export interface FuzzOptions {
  readonly seed: number;
  readonly cases: number;
  /** Written before each case: [case index, heartbeat]. Lets a watchdog name the case that hangs. */
  readonly progress?: Int32Array;
  readonly keepFailures?: number;
  /** Fail a case whose read is slower than the bounds (see `CheckOptions.timed`). */
  readonly timed?: boolean;
}

export function fuzzTarget(name: string, options: FuzzOptions): TargetReport {
  const t = targetNamed(name);
  const keep = options.keepFailures ?? 5;
  let index = 0;
  let failures = 0;
  let maxMsPerMB = 0;
  let maxRetainedMB = 0;
  const firstFailures: Failure[] = [];
  fc.assert(
    fc.property(caseArb(t), (c) => {
      if (options.progress) {
        Atomics.store(options.progress, 0, index);
        Atomics.add(options.progress, 1, 1);
      }
      const r = checkCase(t, c, { timed: options.timed ?? false });
      maxMsPerMB = Math.max(maxMsPerMB, r.msPerMB);
      maxRetainedMB = Math.max(maxRetainedMB, r.retainedMB);
      if (r.problems.length > 0) {
        failures++;
        if (firstFailures.length < keep)
          firstFailures.push({
            index,
            kind: c.kind,
            label: c.label.slice(0, 200),
            problem: r.problems.join('; ').slice(0, 600),
          });
      }
      index++;
      return true;
    }),
    { seed: options.seed, numRuns: options.cases },
  );
  return { target: name, cases: index, failures, maxMsPerMB, maxRetainedMB, firstFailures };
}

/** Replays case `index` of a run with `seed`, shrinks it while it still fails, and returns the smallest. */
export function replayCase(
  name: string,
  seed: number,
  index: number,
): { failing: FuzzCase | undefined; problems: string[] } {
  const t = targetNamed(name);
  let problems: string[] = [];
  const details = fc.check(
    fc.property(caseArb(t), (c) => {
      const r = checkCase(t, c, { timed: true });
      if (r.problems.length === 0) return true;
      problems = r.problems;
      return false;
    }),
    { seed, path: String(index) },
  );
  const failing = details.failed ? details.counterexample?.[0] : undefined;
  if (failing) problems = checkCase(t, failing, { timed: true }).problems;
  return { failing, problems };
}
