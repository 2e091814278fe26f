// The same in-editor suites under @vscode/test-electron (desktop VS Code, downloaded by the tool):
// for machines with a network. `npm run test:electron`. Here (no network) use `npm test`.
import { runTests } from '@vscode/test-electron';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

async function main(): Promise<void> {
  const root = join(__dirname, '..', '..', '..');
  const workspace = mkdtempSync(join(tmpdir(), 'metric-lens-ws-'));
  const userData = mkdtempSync(join(tmpdir(), 'metric-lens-user-'));
  cpSync(join(root, 'test', 'fixtures'), workspace, { recursive: true });
  const version = process.env['VSCODE_VERSION'] ?? 'stable';
  const common = {
    version,
    extensionDevelopmentPath: root,
    launchArgs: [
      workspace,
      '--user-data-dir',
      userData,
      '--disable-extensions',
      '--skip-welcome',
      '--skip-release-notes',
    ],
  };
  try {
    await runTests({ ...common, extensionTestsPath: join(__dirname, 'index.js') });
    // Same profile and folder again: the panel left open must be restored by the serializer.
    await runTests({ ...common, extensionTestsPath: join(__dirname, 'restoreIndex.js') });
  } finally {
    rmSync(workspace, { recursive: true, force: true });
    rmSync(userData, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
