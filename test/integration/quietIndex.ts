// Entry point of the suite run on a folder with no training logs: the extension must stay asleep.
import { join } from 'node:path';
import { runFolder } from './mochaRunner';

export function run(): Promise<void> {
  return runFolder(join(__dirname, 'quiet'));
}
