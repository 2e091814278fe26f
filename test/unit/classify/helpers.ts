// Shared by the classification tests: reading prediction fixtures through the core parser in chunks,
// and comparing numbers with scikit-learn's reference values.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PredictionsParser, type PredictionOptions, type PredictionsRead } from '../../../src/core/classify';
import { fixture } from '../helpers';

export function classifyFixture(...p: string[]): string {
  return fixture('classify', ...p);
}

export function classifyBytes(...p: string[]): Uint8Array {
  return new Uint8Array(readFileSync(classifyFixture(...p)));
}

/** Reads `data` through the parser in the given chunk sizes (cycled). */
export function readPredictions(
  data: Uint8Array,
  options: PredictionOptions = {},
  sizes: readonly number[] = [1 << 20],
  source = 'preds.csv',
): PredictionsRead {
  const p = new PredictionsParser(source, options, data.length);
  let at = 0;
  let k = 0;
  while (at < data.length) {
    const n = Math.max(1, sizes[k++ % sizes.length]!);
    p.push(data.subarray(at, at + n));
    at += n;
  }
  p.flush();
  return p.result();
}

export function readText(text: string, options: PredictionOptions = {}, sizes?: readonly number[]): PredictionsRead {
  return readPredictions(new TextEncoder().encode(text), options, sizes);
}

export type Ref = number | 'NaN' | 'Infinity' | '-Infinity';

function value(r: Ref): number {
  return typeof r === 'number' ? r : r === 'NaN' ? NaN : r === 'Infinity' ? Infinity : -Infinity;
}

/** Agreement to 1e-12 (relative for large values); NaN only where the reference is NaN. */
export function assertClose(actual: number, expected: Ref, what: string): void {
  const e = value(expected);
  if (Number.isNaN(e)) {
    assert.ok(Number.isNaN(actual), `${what}: expected NaN, got ${actual}`);
    return;
  }
  if (!Number.isFinite(e)) {
    assert.equal(actual, e, what);
    return;
  }
  assert.ok(
    Math.abs(actual - e) <= 1e-12 * Math.max(1, Math.abs(e)),
    `${what}: ${actual} differs from scikit-learn's ${e}`,
  );
}

export function assertAllClose(actual: ArrayLike<number>, expected: readonly Ref[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) assertClose(actual[i]!, expected[i]!, `${what}[${i}]`);
}

/** Rows of a flat k × k matrix. */
export function squareOf(flat: ArrayLike<number>, k: number): number[][] {
  return Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => flat[i * k + j]!));
}
