// Shared by the unit tests: fixture paths and plain dumps of parsed runs for deep comparison.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Run, RunParser } from '../../src/core/model/run';

/** Tests run from the repository root (`npm run test:unit`), whatever folder they were compiled to. */
export const ROOT = process.cwd();
export const FIXTURES = join(ROOT, 'test', 'fixtures');

export function fixture(...p: string[]): string {
  return join(FIXTURES, ...p);
}

export function fixtureBytes(...p: string[]): Uint8Array {
  return new Uint8Array(readFileSync(fixture(...p)));
}

export function bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Everything a run holds, as plain data (NaN kept as the string 'NaN' so deepEqual can compare). */
export function dumpRun(run: Run): Record<string, unknown> {
  const series: Record<string, unknown> = {};
  for (const s of run.series) {
    const pts: unknown[] = [];
    for (let i = 0; i < s.length; i++) {
      const v = s.value(i);
      pts.push([s.step(i), Number.isNaN(v) ? 'NaN' : v, s.location(i), s.epoch(i) ?? null, s.wallTime(i) ?? null]);
    }
    series[s.name] = { split: s.id.split, points: pts, segments: s.segmentStarts.slice() };
  }
  return { format: run.format, series, issues: run.issues.map((i) => ({ ...i })) };
}

/** Feeds `data` to a parser in the given chunk sizes (cycled), then flushes. */
/** Pushes `data` in chunks of `sizes` (cycled), then flushes unless told not to. */
export function feedInChunks<P extends RunParser>(
  parser: P,
  data: Uint8Array,
  sizes: readonly number[],
  flush = true,
): P {
  let at = 0;
  let k = 0;
  while (at < data.length) {
    const n = Math.max(1, sizes[k++ % sizes.length]!);
    parser.push(data.slice(at, at + n));
    at += n;
  }
  if (flush) parser.flush();
  return parser;
}

/** A small seeded PRNG (mulberry32) so "random" tests are reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
