// Entry point of the main in-editor suite (the extensionTestsPath VS Code loads).
import { join } from 'node:path';
import { runFolder } from './mochaRunner';

export function run(): Promise<void> {
  return runFolder(join(__dirname, 'suite'));
}
