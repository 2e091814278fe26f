import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rulesConfiguration } from '../../src/extension/findings/rulesConfiguration';
import { RULES } from '../../src/core/diagnose';
import { ROOT } from './helpers';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { configuration: { title: string; properties: Record<string, unknown> }[]; commands: { command: string }[] };
  activationEvents?: string[];
};

describe('package.json contributions', () => {
  it('declares every rule setting the core has, with the core\'s defaults (npm run contributions regenerates them)', () => {
    const declared = pkg.contributes.configuration.find((c) => c.title === 'Rules');
    assert.ok(declared, 'a Rules settings section');
    assert.deepEqual(declared.properties, rulesConfiguration().properties);
    for (const r of RULES) {
      for (const [name, p] of Object.entries(r.params)) {
        assert.equal((declared.properties[`metricLens.rules.${r.id}.${name}`] as { default: number }).default, p.default);
      }
    }
  });

  it('declares every command the extension registers', () => {
    const src = ['commands.ts'].map((f) => readFileSync(join(ROOT, 'src', 'extension', f), 'utf8')).join('\n');
    const registered = [...src.matchAll(/registerCommand\('([^']+)'/g)].map((m) => m[1]).sort();
    const declared = pkg.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(registered, declared);
  });
});
