// npm run contributions: writes the `metricLens.rules.*` settings into package.json (texts into
// package.nls.json) from the core's rule table, so the settings and the rules cannot drift
// apart; and collects the extension's `vscode.l10n.t(...)` strings into l10n/bundle.l10n.json,
// the template translators start from. Unit tests fail when either is out of date.
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { rulesConfiguration } = require(join(ROOT, 'out', 'src', 'extension', 'findings', 'rulesConfiguration.js'));
const { l10nStrings } = require(join(ROOT, 'out', 'src', 'extension', 'l10nStrings.js'));

const pkgPath = join(ROOT, 'package.json');
const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
const { section, nls: ruleTexts } = rulesConfiguration();
// Replace the generated section (and nothing else): it is the one whose settings are metricLens.rules.*.
const generated = (c) => Object.keys(c.properties ?? {}).some((k) => k.startsWith('metricLens.rules.'));
pkg.contributes.configuration = [...pkg.contributes.configuration.filter((c) => !generated(c)), section];
writeFileSync(pkgPath, JSON.stringify(pkg, null, 2) + '\n');

const nlsPath = join(ROOT, 'package.nls.json');
const nls = JSON.parse(readFileSync(nlsPath, 'utf8'));
for (const k of Object.keys(nls)) if (k.startsWith('config.rules.')) delete nls[k];
writeFileSync(nlsPath, JSON.stringify({ ...nls, ...ruleTexts }, null, 2) + '\n');

const sources = [];
const walk = (dir) => {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) walk(p);
    else if (p.endsWith('.ts')) sources.push(readFileSync(p, 'utf8'));
  }
};
walk(join(ROOT, 'src', 'extension'));
mkdirSync(join(ROOT, 'l10n'), { recursive: true });
const bundle = Object.fromEntries(l10nStrings(sources).map((s) => [s, s]));
writeFileSync(join(ROOT, 'l10n', 'bundle.l10n.json'), JSON.stringify(bundle, null, 2) + '\n');
console.log(
  `package.json: ${Object.keys(section.properties).length} rule settings; l10n: ${Object.keys(bundle).length} strings`,
);
