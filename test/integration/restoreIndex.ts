// Entry point of the suite that runs after a window reload: what the main suite left open must come back.
import { join } from 'node:path';
import { runFolder } from './mochaRunner';

export function run(): Promise<void> {
  return runFolder(join(__dirname, 'restore'));
}
