// Runs the mocha files of one folder inside the extension host (VS Code calls `run`).
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export function runFolder(folder: string): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 120_000, reporter: 'spec' });
  const grep = process.env['METRIC_LENS_TEST_GREP'];
  if (grep) mocha.grep(grep);
  // `*.last.test.js` files run after the others (they leave state for the next phase).
  const files = readdirSync(folder).filter((f) => f.endsWith('.test.js'));
  const order = (f: string) => (f.endsWith('.last.test.js') ? 1 : 0);
  for (const f of files.sort((a, b) => order(a) - order(b) || a.localeCompare(b))) mocha.addFile(join(folder, f));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} in-editor test(s) failed`)) : resolve()));
  });
}
