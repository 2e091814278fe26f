// Generators for the inputs of issue #15, which the fuzzer's other generators never produced: long runs of one
// character (what a backtracking regular expression is slow on), steps that go back (each starts a segment the
// rules keep state for), predictions of many classes (a k × k matrix) and hostile globs (stars, braces).
import fc from 'fast-check';
import { utf8 } from './inputs';

/** Characters a run is made of: separators, quotes, escapes, digits, letters, the bytes regexes stop at. */
export const RUN_CHARS = [
  ' ',
  'a',
  '0',
  '7',
  '"',
  "'",
  '\\',
  ',',
  '|',
  '\t',
  '\r',
  ':',
  '=',
  '[',
  '{',
  '#',
  '-',
  '.',
  'e',
  '%',
];

/** A run of one character, 1 byte to 64 KB, and what ends it (often a character that fails a match). */
export const runArb = fc.record({
  char: fc.constantFrom(...RUN_CHARS),
  length: fc.oneof(fc.integer({ min: 1, max: 256 }), fc.integer({ min: 1024, max: 64 * 1024 })),
  tail: fc.constantFrom('', 'a', 'x', '2 3', ': 1', '"', '\n', '%', '}'),
  at: fc.nat(),
});

export function insertRun(
  bytes: Uint8Array,
  r: { char: string; length: number; tail: string; at: number },
): Uint8Array {
  const run = utf8(r.char.repeat(r.length) + r.tail);
  const at = bytes.length === 0 ? 0 : r.at % (bytes.length + 1);
  const out = new Uint8Array(bytes.length + run.length);
  out.set(bytes.subarray(0, at));
  out.set(run, at);
  out.set(bytes.subarray(at), at + run.length);
  return out;
}

/** How steps go back: counting down, a saw (restarting from 0), random jumps back. */
export function stepsOf(shape: number, n: number, seed: number): number[] {
  let s = seed >>> 0;
  const next = (): number => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s >>> 8;
  };
  switch (shape % 3) {
    case 0:
      return Array.from({ length: n }, (_, i) => n - i);
    case 1:
      return Array.from({ length: n }, (_, i) => i % (1 + (seed % 7)));
    default: {
      let step = 1000;
      return Array.from({ length: n }, () => (step += (next() % 5) - 3));
    }
  }
}

/** Rows of a metric whose steps go back, in the shape of a target's format (undefined: no such shape). */
export function stepsBackFile(target: string, steps: readonly number[]): Uint8Array | undefined {
  const v = (i: number): string => String(1 / (1 + (i % 13)));
  switch (target) {
    case 'csv':
      return utf8(`step,loss,acc\n${steps.map((s, i) => `${s},${v(i)},${v(i + 5)}`).join('\n')}\n`);
    case 'jsonl':
      return utf8(steps.map((s, i) => `{"step": ${s}, "loss": ${v(i)}}`).join('\n') + '\n');
    case 'text':
      return utf8(steps.map((s, i) => `epoch ${s} | loss ${v(i)} | acc ${v(i + 3)}`).join('\n') + '\n');
    case 'hf-trainer-state':
      return utf8(`{"log_history": [${steps.map((s, i) => `{"step": ${s}, "loss": ${v(i)}}`).join(', ')}]}`);
    case 'mlflow':
      return utf8(steps.map((s, i) => `${1700000000000 + i} ${v(i)} ${s}`).join('\n') + '\n');
    case 'dvclive':
      return utf8(`timestamp\tstep\tloss\n${steps.map((s, i) => `${i}\t${s}\t${v(i)}`).join('\n')}\n`);
    default:
      return undefined;
  }
}

export const stepsBackArb = fc.record({
  shape: fc.nat(2),
  n: fc.oneof(fc.integer({ min: 2, max: 200 }), fc.integer({ min: 1000, max: 20_000 })),
  seed: fc.nat(),
});

/** A predictions file of `k` classes over `n` rows (every class at least once when n ≥ k), some rows wrong. */
export function manyClassesFile(k: number, n: number, seed: number): Uint8Array {
  const rows: string[] = ['y_true,y_pred'];
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const t = i % k;
    rows.push(`${t},${(s >>> 8) % 4 === 0 ? (t + 1 + ((s >>> 12) % k)) % k : t}`);
  }
  return utf8(rows.join('\n') + '\n');
}

export const manyClassesArb = fc.record({
  k: fc.oneof(fc.integer({ min: 2, max: 300 }), fc.integer({ min: 1900, max: 5000 })),
  extra: fc.integer({ min: 0, max: 2000 }),
  seed: fc.nat(),
});

/** Glob pieces: stars, globstars, braces (balanced or not), sets, letters and separators. */
const GLOB_PIECES = [
  '*',
  '**',
  '?',
  '{',
  '}',
  ',',
  '[',
  ']',
  '!',
  '^',
  '-',
  'a',
  'b',
  '.',
  '/',
  '\\',
  'log',
  '*a',
  '{a,b}',
];

export const globArb = fc.array(fc.constantFrom(...GLOB_PIECES), { maxLength: 60 }).map((p) => p.join(''));
export const globPathArb = fc
  .array(fc.constantFrom('a', 'b', '/', '.', 'log', 'aaaaaaaa', 'x'), { maxLength: 120 })
  .map((p) => p.join(''));
