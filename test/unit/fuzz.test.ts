// A seeded sample of the fuzzer (`npm run fuzz` runs 100 000+ cases per parser and the large
// hostile inputs): a few hundred generated cases per parser on every test run.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { caseArb, checkCase, fuzzTarget, hostileCases, targetNamed, targets } from './fuzz/runner';

const SEED = 20251124;
const CASES = 300;

describe('fuzzing every parser (seeded sample)', function () {
  // Each parser's sample is seconds of CPU on a quiet machine; a generous bound keeps a busy one from failing it.
  this.timeout(180_000);
  for (const t of targets()) {
    it(`keeps every property on ${CASES} generated inputs for ${t.name}`, () => {
      const report = fuzzTarget(t.name, { seed: SEED, cases: CASES });
      assert.equal(report.cases, CASES);
      assert.equal(
        report.failures,
        0,
        `${report.failures} failing cases, first: ${JSON.stringify(report.firstFailures, null, 1)}` +
          `\nreplay: node --expose-gc scripts/fuzz.mjs --seed ${SEED} --replay ${t.name}:<index>`,
      );
    });
  }

  it('generates every kind of input for every parser (the sample is not all one kind)', () => {
    for (const t of targets()) {
      const kinds = new Set(fc.sample(caseArb(t), { seed: SEED, numRuns: 400 }).map((c) => c.kind));
      for (const k of ['sample', 'mutated', 'random', 'noise', 'generated', 'binary', 'nested'])
        assert.ok(kinds.has(k), `${t.name} got no "${k}" case`);
      if (t.drains) for (const k of ['encoded', 'line ends']) assert.ok(kinds.has(k), `${t.name} got no "${k}" case`);
    }
  });

  it('reads 100 000 levels of nesting and binary files given to every parser, within the bounds', () => {
    for (const t of targets()) {
      const small = hostileCases(t, 1 << 26, false);
      assert.ok(small.length >= 4);
      for (const c of small) assert.deepEqual(checkCase(t, c).problems, [], `${t.name}: ${c.label}`);
    }
  });

  it('catches a parser that breaks a property (the checks can fail)', () => {
    const csv = targetNamed('csv');
    const broken = {
      ...csv,
      read: () => {
        throw new RangeError('Maximum call stack size exceeded');
      },
    };
    const c = fc.sample(caseArb(csv), { seed: SEED, numRuns: 1 })[0]!;
    assert.match(checkCase(broken, c).problems.join('\n'), /threw RangeError/);
    const chatty = {
      ...csv,
      read: (...args: Parameters<typeof csv.read>) => {
        const r = csv.read(...args);
        return { ...r, outcome: { ...r.outcome, issues: [{ message: 'line 3: \u0000 found' }], issueCount: 1 } };
      },
    };
    assert.match(checkCase(chatty, c).problems.join('\n'), /neither a line nor an offset/);
  });
});
