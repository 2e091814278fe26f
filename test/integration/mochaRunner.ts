// Runs the mocha files of one folder inside the extension host (VS Code calls `run`).
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export function runFolder(folder: string): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  const grep = process.env['METRIC_LENS_TEST_GREP'];
  if (grep) mocha.grep(grep);
  for (const f of readdirSync(folder).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(join(folder, f));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} in-editor test(s) failed`)) : resolve()));
  });
}
