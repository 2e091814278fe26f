// Shared by the format tests: read a fixture with a format's parser, and the partial-write checks.
import * as assert from 'node:assert/strict';
import { createParser } from '../../../src/core/formats';
import type { FormatId, Run, RunParser } from '../../../src/core/model/run';
import { dumpRun, feedInChunks, fixture, fixtureBytes, prng } from '../helpers';

export function readFixture(format: FormatId, ...path: string[]): Run {
  return feedInChunks(createParser(fixture(...path), format), fixtureBytes(...path), [1 << 20]).run;
}

/** Points of a run as `name → [step, value]…`, for prefix comparisons. */
function pointsOf(run: Run): Map<string, [number, number][]> {
  const out = new Map<string, [number, number][]>();
  for (const s of run.series) {
    const pts: [number, number][] = [];
    for (let i = 0; i < s.length; i++) pts.push([s.step(i), s.value(i)]);
    out.set(s.name, pts);
  }
  return out;
}

/** Every byte prefix parses without throwing and yields, for every series, a prefix of the full read. */
export function assertEveryPrefixIsAPrefix(make: () => RunParser, data: Uint8Array, stride = 1): void {
  const full = pointsOf(feedInChunks(make(), data, [data.length]).run);
  for (let n = 0; n <= data.length; n += stride) {
    const p = make();
    p.push(data.slice(0, n));
    p.flush();
    for (const [name, pts] of pointsOf(p.run)) {
      const whole = full.get(name);
      assert.ok(whole, `prefix of ${n} bytes has a series "${name}" the full file has not`);
      // The last point of a prefix may come from a line cut short (flush reads it as complete).
      const check = pts.length > 0 && n < data.length ? pts.slice(0, -1) : pts;
      assert.ok(check.length <= whole.length, `prefix of ${n} bytes: ${name} has more points than the file`);
      for (let i = 0; i < check.length; i++) {
        assert.ok(
          Object.is(check[i]![0], whole[i]![0]) && Object.is(check[i]![1], whole[i]![1]),
          `prefix of ${n} bytes: ${name}[${i}] differs`,
        );
      }
    }
  }
}

/** Random chunkings give the same run as one read. */
export function assertChunkingIndependent(make: () => RunParser, data: Uint8Array, trials = 20, seed = 7): void {
  const whole = dumpRun(feedInChunks(make(), data, [data.length]).run);
  const rnd = prng(seed);
  for (let t = 0; t < trials; t++) {
    const sizes = Array.from({ length: 16 }, () => 1 + Math.floor(rnd() * (t < 5 ? 8 : 3000)));
    assert.deepEqual(dumpRun(feedInChunks(make(), data, sizes).run), whole, `chunk sizes ${sizes.join(',')}`);
  }
}
