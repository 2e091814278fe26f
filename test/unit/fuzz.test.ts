// A seeded sample of the fuzzer (`npm run fuzz` runs 25 000 cases per parser by default and the large
// hostile inputs): 2 000 generated cases per parser on every test run (issue #15's runs of one character,
// steps going back and many classes among them), hostile globs, and the growth of issue #15's repros.
// No bound in milliseconds here (it fails on a loaded machine whatever the code): a case's time per byte is
// bounded in `npm run fuzz` only; here linear time is checked by growth ratios (fuzz/growth.ts).
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  caseArb,
  checkCase,
  fuzzGlobs,
  fuzzTarget,
  hostileCases,
  measureGrowth,
  SCALINGS,
  targetNamed,
  targets,
} from './fuzz/runner';

const SEED = 20251124;
// About 55 s of CPU for the 12 parsers (13 s at 500): the unit phase stays a few minutes, CI well under its budget.
// The same seed's 2 000 cases a parser pass `npm run fuzz`'s stricter checks too (its time bound on CPU time).
const CASES = 2000;
const GLOB_CASES = 5000;

describe('fuzzing every parser (seeded sample)', function () {
  // Each parser's sample is seconds of CPU on a quiet machine (W&B's about 15-35 s); a generous bound keeps a busy
  // one from failing it.
  this.timeout(600_000);
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
      for (const k of ['sample', 'mutated', 'random', 'noise', 'generated', 'binary', 'nested', 'run'])
        assert.ok(kinds.has(k), `${t.name} got no "${k}" case`);
      if (['csv', 'jsonl', 'text', 'mlflow', 'dvclive'].includes(t.name))
        assert.ok(kinds.has('steps back'), `${t.name} got no "steps back" case`);
      if (t.name === 'predictions') assert.ok(kinds.has('many classes'), 'predictions got no "many classes" case');
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

  it(`refuses or matches ${GLOB_CASES} hostile globs (stars, braces, sets) without throwing anything but a GlobError`, () => {
    const r = fuzzGlobs(SEED, GLOB_CASES);
    assert.equal(r.cases, GLOB_CASES);
    assert.deepEqual(r.failures, []);
  });
});

describe("issue #15's repros grow linearly (CPU time at 8n over CPU time at n, least of three runs each)", function () {
  this.timeout(120_000);
  for (const s of SCALINGS) {
    it(s.name, () => {
      const g = measureGrowth(s);
      assert.ok(
        g.ratio <= g.bound,
        `${g.largeMs.toFixed(1)} ms at ${s.n * 8} over ${g.smallMs.toFixed(1)} ms at ${s.n}: ${g.ratio.toFixed(1)} times, over ${g.bound}`,
      );
    });
  }
});
