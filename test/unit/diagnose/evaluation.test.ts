// The detector on every real and generated run (see evaluation.ts and docs/detector-evaluation.md):
// each expected finding fires near where the problem starts, nothing else fires at warning level.
import * as assert from 'node:assert/strict';
import { allCases, evaluateCase, replay, TOLERANCE } from './evaluation';

describe('the detector on real and generated training runs', () => {
  for (const c of allCases()) {
    const expected = Object.entries(c.expect)
      .map(([r, e]) => (e.epoch === undefined ? r : `${r} at epoch ${e.epoch}`))
      .join(', ');
    it(`${c.file}: ${expected ? `finds ${expected}` : 'finds no problem'}, and nothing it should not`, async function () {
      const o = await evaluateCase(c);
      assert.ok(!o.unreadable, `${c.file} could not be read`);
      assert.deepEqual(
        o.misses,
        [],
        `missed (±${TOLERANCE} epochs): ${JSON.stringify(o.findings.map((f) => [f.rule, f.epoch]))}`,
      );
      assert.deepEqual(o.falseAlarms, [], o.findings.map((f) => f.message).join('\n'));
      if (expected === '')
        assert.deepEqual(
          o.findings.filter((f) => f.severity !== 'info').map((f) => f.message),
          [],
        );
    });
  }

  it('flags the clearly overfitting run on a live log within patience + 2 epochs of the turn', async () => {
    const turn = 21; // runs.json: lowest validation loss at epoch 20
    const first = (await replay('test/fixtures/runs/overfit-noisy-labels/history.csv')).find(
      (s) => s.rule === 'overfitting',
    );
    assert.ok(first, 'never flagged');
    assert.equal(first.epoch, turn);
    assert.ok(first.seenAt - turn <= 5 + 2, `flagged when the log reached epoch ${first.seenAt}`);
  });
});
