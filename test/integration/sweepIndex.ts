// Entry point of the sweep: every real file of the test workspace opened as a user would (its own
// window load, after the other suites: it closes every editor as it goes).
import { join } from 'node:path';
import { runFolder } from './mochaRunner';

export function run(): Promise<void> {
  return runFolder(join(__dirname, 'sweep'));
}
