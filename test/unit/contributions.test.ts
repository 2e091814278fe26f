import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { rulesConfiguration } from '../../src/extension/findings/rulesConfiguration';
import { l10nStrings } from '../../src/extension/l10nStrings';
import { RULES } from '../../src/core/diagnose';
import { ROOT } from './helpers';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  contributes: {
    configuration: { title: string; properties: Record<string, unknown> }[];
    commands: { command: string }[];
  };
  activationEvents?: string[];
};

describe('package.json contributions', () => {
  it("declares every rule setting the core has, with the core's defaults (npm run contributions regenerates them)", () => {
    const { section, nls } = rulesConfiguration();
    const declared = pkg.contributes.configuration.find((c) => c.title === section.title);
    assert.ok(declared, 'a Rules settings section');
    assert.deepEqual(declared.properties, section.properties);
    const texts = JSON.parse(readFileSync(join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
    for (const [k, v] of Object.entries(nls)) assert.equal(texts[k], v, k);
    for (const r of RULES) {
      for (const [name, p] of Object.entries(r.params)) {
        assert.equal(
          (declared.properties[`metricLens.rules.${r.id}.${name}`] as { default: number }).default,
          p.default,
        );
      }
    }
  });

  it('has an English text for every %key% in package.json, and a template of every runtime string', () => {
    const raw = readFileSync(join(ROOT, 'package.json'), 'utf8');
    const texts = JSON.parse(readFileSync(join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
    const keys = [...raw.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]!);
    assert.ok(keys.length > 50);
    for (const k of keys)
      assert.ok(typeof texts[k] === 'string' && texts[k]!.length > 0, `package.nls.json lacks ${k}`);
    const sources: string[] = [];
    const walk = (dir: string): void => {
      for (const f of readdirSync(dir)) {
        const p = join(dir, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.ts')) sources.push(readFileSync(p, 'utf8'));
      }
    };
    walk(join(ROOT, 'src', 'extension'));
    const bundle = JSON.parse(readFileSync(join(ROOT, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, string>;
    assert.deepEqual(
      Object.keys(bundle),
      l10nStrings(sources),
      'l10n/bundle.l10n.json is out of date: npm run contributions',
    );
  });

  it('declares each setting once (VS Code refuses a setting registered twice)', () => {
    const keys = pkg.contributes.configuration.flatMap((c) => Object.keys(c.properties));
    assert.deepEqual(
      keys.filter((k, i) => keys.indexOf(k) !== i),
      [],
    );
  });

  it('declares every command the extension registers', () => {
    const src = ['commands.ts', 'walkthrough.ts']
      .map((f) => readFileSync(join(ROOT, 'src', 'extension', f), 'utf8'))
      .join('\n');
    const registered = [...src.matchAll(/registerCommand\('([^']+)'/g)].map((m) => m[1]).sort();
    const declared = pkg.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(registered, declared);
  });
});
