// npm run contributions: writes the `metricLens.rules.*` settings into package.json from the core's
// rule table (src/core/diagnose/registry.ts), so the settings and the rules cannot drift apart.
// A unit test (test/unit/contributions.test.ts) fails when package.json is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { rulesConfiguration } = require(join(ROOT, 'out', 'src', 'extension', 'findings', 'rulesConfiguration.js'));

const path = join(ROOT, 'package.json');
const pkg = JSON.parse(readFileSync(path, 'utf8'));
const sections = pkg.contributes.configuration.filter((c) => c.title !== 'Rules');
sections.push(rulesConfiguration());
pkg.contributes.configuration = sections;
writeFileSync(path, JSON.stringify(pkg, null, 2) + '\n');
console.log(`package.json: ${Object.keys(rulesConfiguration().properties).length} rule settings`);
