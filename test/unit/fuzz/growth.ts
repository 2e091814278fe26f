// Linear time, checked without a wall-clock bound: each of issue #15's repros is timed at two sizes, n and 8n,
// and the larger must take at most 4 times 8 as long (linear: 8; quadratic: 64; cubic: 512). Times are
// the fastest of a few runs each (a pause of a busy machine only makes one run slower), so load on the machine
// slows both sizes alike and does not fail the check; a quadratic path is over the bound by a factor of 2.
import fc from 'fast-check';
import { evaluate, PredictionsParser } from '../../../src/core/classify';
import { diagnoseRun } from '../../../src/core/diagnose/diagnoser';
import { createParser } from '../../../src/core/formats';
import { compileGlob, GlobError } from '../../../src/core/text/glob';
import { maskedCrc32c } from '../../../src/core/text/crc32c';
import { MAX_YAML_BYTES, readYamlParams } from '../../../src/core/text/yaml';
import { globArb, globPathArb, manyClassesFile, stepsBackFile, stepsOf } from './hostileInputs';
import { utf8 } from './inputs';

export const GROWTH = { factor: 8, slack: 4, runs: 3, floorMs: 2 } as const;

export interface Scaling {
  readonly name: string;
  /** The smaller size (its unit is the scaling's own: bytes, rows, classes). */
  readonly n: number;
  /** Builds the input of size `n` and returns the work to time on it. */
  prepare(n: number): () => void;
}

function spaces(n: number): string {
  return ' '.repeat(n);
}

function feed(parserName: string, format: Parameters<typeof createParser>[1], bytes: Uint8Array, chunk = 1 << 16) {
  const p = createParser(parserName, format);
  for (let at = 0; at < bytes.length; at += chunk) p.push(bytes.subarray(at, at + chunk));
  p.flush();
  return p.run;
}

function pushPredictions(name: string, bytes: Uint8Array, chunk: number) {
  const p = new PredictionsParser(name, {});
  for (let at = 0; at < bytes.length; at += chunk) p.push(bytes.subarray(at, at + chunk));
  p.flush();
  return p.result();
}

/** A TFRecord frame around `data` (valid checksums). */
function frame(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length + 4);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}

export const SCALINGS: readonly Scaling[] = [
  {
    name: 'a YAML line of spaces then `a` (params.yaml, MLflow meta.yaml)',
    // 8n stays under MAX_YAML_BYTES: past it the file is refused unread, and nothing would be timed.
    n: Math.floor(MAX_YAML_BYTES / GROWTH.factor) - 16,
    prepare: (n) => {
      const text = `a: 1\n${spaces(n)}a\n`;
      if (/not read/.test(readYamlParams(text).issue?.message ?? '')) throw new Error('the YAML was refused unparsed');
      return () => void readYamlParams(text);
    },
  },
  {
    name: 'a train.log bar line of spaces (`epoch 2 | loss 1`, spaces, `2 3`)',
    n: 500_000,
    prepare: (n) => {
      const bytes = utf8(`epoch 1 | loss 0.5\nepoch 2 | loss 1${spaces(n)}2 3\nepoch 3 | loss 0.25\n`);
      return () => void feed('train.log', 'text', bytes);
    },
  },
  {
    name: 'a metrics.csv counting its steps down, read and diagnosed (a segment per row)',
    n: 10_000,
    prepare: (n) => {
      const bytes = stepsBackFile('csv', stepsOf(0, n, 1))!;
      return () => void diagnoseRun(feed('metrics.csv', 'csv', bytes));
    },
  },
  {
    name: 'a train.log whose steps restart every few rows, read and diagnosed',
    n: 5_000,
    prepare: (n) => {
      const bytes = stepsBackFile('text', stepsOf(1, n, 5))!;
      return () => void diagnoseRun(feed('train.log', 'text', bytes));
    },
  },
  {
    name: 'predictions of as many classes as rows (over the matrix limit), read and evaluated',
    n: 2_500,
    prepare: (n) => {
      const bytes = manyClassesFile(n, n, 7);
      return () => {
        const p = new PredictionsParser('predictions.csv', {}, bytes.length);
        p.push(bytes);
        p.flush();
        evaluate(p.result().data!);
      };
    },
  },
  {
    // Quadratic when the record was copied and read again from its start on every push: minutes at 8 MB.
    name: 'a long JSON Lines predictions record arriving in 4 KB pushes',
    n: 1 << 20,
    prepare: (n) => {
      const bytes = utf8(
        `{"y_true": "a", "y_pred": "a"}\n{"y_true": "b", "y_pred": "a", "note": "${'x'.repeat(n)}"}\n{"y_true": "b", "y_pred": "b"}\n`,
      );
      return () => void pushPredictions('p.json', bytes, 4096);
    },
  },
  {
    // Quadratic when the blank head was scanned again on every push, looking for the first byte that tells.
    name: 'blank bytes before a predictions header, pushed 16 bytes at a time',
    n: 1 << 19,
    prepare: (n) => {
      const bytes = new Uint8Array(n + 32).fill(0x20);
      bytes.set(utf8('\ny_true,y_pred\n1,1\n0,1\n'), n);
      return () => void pushPredictions('p.json', bytes, 16);
    },
  },
  {
    // Quadratic when the head was copied and scanned again on every push.
    name: 'a CSV log whose first line is spaces, pushed 16 bytes at a time',
    n: 1 << 19,
    prepare: (n) => {
      const bytes = new Uint8Array(n + 32).fill(0x20);
      bytes.set(utf8('\nepoch,loss\n0,1\n'), n);
      return () => void feed('h.csv', 'csv', bytes, 16);
    },
  },
  {
    name: 'a glob of eleven stars against a path that almost matches',
    n: 40_000,
    prepare: (n) => {
      const match = compileGlob(`${'*a'.repeat(10)}*b`);
      const path = 'a'.repeat(n);
      return () => void match(path);
    },
  },
  {
    name: 'a TensorBoard record pushed 5 bytes at a time, flushed after each push',
    n: 100_000,
    prepare: (n) => {
      const bytes = frame(utf8('x'.repeat(n)));
      return () => {
        const p = createParser('events.out.tfevents.1', 'tfevents');
        for (let at = 0; at < bytes.length; at += 5) {
          p.push(bytes.subarray(at, at + 5));
          p.flush();
        }
      };
    },
  },
];

/**
 * The least CPU time (this process's, user and system, in ms) of `runs` runs. CPU time, not the clock: on a
 * loaded machine the clock also counts the time the thread waited for a core, which stretched single runs
 * past the bound (36 times at a load of 14) where the work itself grew eightfold.
 */
function fastest(work: () => void, runs: number): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = process.cpuUsage();
    work();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

export interface Growth {
  readonly name: string;
  readonly smallMs: number;
  readonly largeMs: number;
  readonly ratio: number;
  /** The ratio allowed: GROWTH.factor × GROWTH.slack. */
  readonly bound: number;
}

/** Times a scaling at n and 8n (after a warm-up run) and gives the ratio; measured again once when over the bound. */
export function measureGrowth(s: Scaling): Growth {
  const small = s.prepare(s.n);
  const large = s.prepare(s.n * GROWTH.factor);
  small();
  const bound = GROWTH.factor * GROWTH.slack;
  let smallMs = Infinity;
  let largeMs = Infinity;
  for (let round = 0; round < 2; round++) {
    smallMs = Math.min(smallMs, fastest(small, GROWTH.runs));
    largeMs = Math.min(largeMs, fastest(large, GROWTH.runs));
    if (largeMs / Math.max(smallMs, GROWTH.floorMs) <= bound) break;
  }
  return { name: s.name, smallMs, largeMs, ratio: largeMs / Math.max(smallMs, GROWTH.floorMs), bound };
}

/**
 * Hostile globs against paths: a glob either compiles or is refused with a GlobError (an unbalanced `{`, too
 * long, too many alternatives), and matching never throws. Returns the failures (at most 5).
 */
export function fuzzGlobs(seed: number, cases: number): { cases: number; failures: string[] } {
  const failures: string[] = [];
  let n = 0;
  fc.assert(
    fc.property(globArb, fc.array(globPathArb, { minLength: 1, maxLength: 4 }), fc.boolean(), (glob, paths, ic) => {
      n++;
      let match: ((p: string) => boolean) | undefined;
      try {
        match = compileGlob(glob, { ignoreCase: ic });
      } catch (e) {
        if (!(e instanceof GlobError) && failures.length < 5)
          failures.push(`${JSON.stringify(glob)}: threw ${(e as Error).name}: ${(e as Error).message}`);
        return true;
      }
      for (const p of paths) {
        try {
          if (typeof match(p) !== 'boolean') throw new Error('not a boolean');
        } catch (e) {
          if (failures.length < 5)
            failures.push(`${JSON.stringify(glob)} on ${JSON.stringify(p)}: threw ${(e as Error).message}`);
        }
      }
      return true;
    }),
    { seed, numRuns: cases },
  );
  return { cases: n, failures };
}
