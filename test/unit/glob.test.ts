import * as assert from 'node:assert/strict';
import { matchesGlob } from '../../src/core/glob';

describe('globs (metricLens.formats keys)', () => {
  it('matches VS Code style globs', () => {
    assert.ok(matchesGlob('logs/run1/out.txt', '**/out.txt'));
    assert.ok(matchesGlob('out.txt', '**/out.txt'));
    assert.ok(matchesGlob('a/b/train.log', '*.log'));
    assert.ok(matchesGlob('exp/metrics_v2.csv', 'exp/metrics_v?.csv'));
    assert.ok(matchesGlob('exp/a.jsonl', 'exp/*.{jsonl,json}'));
    assert.ok(!matchesGlob('exp/sub/a.jsonl', 'exp/*.jsonl'));
    assert.ok(!matchesGlob('train.log.1', '*.log'));
    assert.ok(matchesGlob('runs\\x.csv', '**/*.csv'));
  });
});
