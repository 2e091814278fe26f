import * as assert from 'node:assert/strict';
import { RULES, RULE_IDS, resolveRules } from '../../../src/core/diagnose';
import { diagnoseRun } from '../../../src/core/diagnose';
import { epochRun, only } from './synthetic';

describe('the rule registry', () => {
  it('lists every curve rule of issues 6 and 16 once, each with its default severity', () => {
    assert.deepEqual([...RULE_IDS].sort(), [
      'chanceLevel',
      'divergence',
      'earlyStopping',
      'frozenMetric',
      'generalizationGap',
      'lossSpike',
      'nonFinite',
      'oscillation',
      'overfitting',
      'overlappingRuns',
      'plateau',
      'suspiciousValidation',
      'underfitting',
    ]);
    assert.equal(RULES.find((r) => r.id === 'earlyStopping')!.severity, 'info');
    assert.equal(RULES.find((r) => r.id === 'overfitting')!.severity, 'warning');
  });

  it('describes every parameter with a default inside its range, so settings can be generated from it', () => {
    for (const r of RULES) {
      assert.ok(r.title && r.description, r.id);
      for (const [name, p] of Object.entries(r.params)) {
        assert.ok(p.description.length > 10, `${r.id}.${name}`);
        assert.ok(p.minimum <= p.default && p.default <= p.maximum, `${r.id}.${name}`);
        if (p.integer) assert.ok(Number.isInteger(p.default), `${r.id}.${name}`);
      }
    }
    assert.deepEqual(RULES.find((r) => r.id === 'overfitting')!.params['patience']!.default, 5);
    assert.deepEqual(RULES.find((r) => r.id === 'overfitting')!.params['minDelta']!.default, 0.05);
  });

  it('merges settings over the defaults, clamping out-of-range values and naming what it corrected', () => {
    const { rules, problems } = resolveRules({
      overfitting: { params: { patience: 0, minDelta: 0.1 } },
      plateau: { enabled: false, severity: 'warning' },
      lossSpike: { params: { bogus: 1 } },
    });
    assert.deepEqual(rules.get('overfitting')!.params, { patience: 1, minDelta: 0.1, minTrendZ: 1 });
    assert.equal(rules.get('plateau')!.enabled, false);
    assert.equal(rules.get('plateau')!.severity, 'warning');
    assert.equal(problems.length, 2);
    assert.match(problems[0]!, /overfitting\.patience: 0 is outside 1–1000; using 1/);
    assert.match(problems[1]!, /lossSpike\.bogus: no such parameter/);
  });

  it('switches a rule off and changes its severity through the settings', () => {
    const run = epochRun({ loss: [1, 0.5, NaN, NaN] });
    assert.equal(only(diagnoseRun(run), 'nonFinite')[0]!.severity, 'error');
    assert.equal(only(diagnoseRun(run, { nonFinite: { severity: 'warning' } }), 'nonFinite')[0]!.severity, 'warning');
    assert.deepEqual(only(diagnoseRun(run, { nonFinite: { enabled: false } }), 'nonFinite'), []);
  });
});
