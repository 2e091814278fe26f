// A real VS Code without network: the VS Code server inside the npm package code-server, its web
// workbench driven by Debian's Chromium through playwright-core. Provisioned on first use into a
// git-ignored cache folder, so a fresh clone needs nothing by hand. See README "Testing".
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile, chmod } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const CODE_SERVER_VERSION = '4.100.3';
const CACHE = join(ROOT, '.vscode-test', 'code-server');
const READY_MARK = join(CACHE, `.ready-${CODE_SERVER_VERSION}`);
export const VSCODE_DIR = join(CACHE, 'node_modules', 'code-server', 'lib', 'vscode');
export const CHROMIUM = process.env.METRIC_LENS_CHROMIUM ?? '/usr/bin/chromium';

// VS Code's native modules (spdlog, kerberos, node-pty…) are built from source by `npm rebuild`
// below (their prebuilt binaries would come from the network): node-gyp needs a compiler, make and
// Python, which a fresh Debian does not have.
const DEBIAN_PACKAGES = [
  { pkg: 'chromium', check: () => existsSync(CHROMIUM) },
  { pkg: 'g++', check: () => existsSync('/usr/bin/g++') },
  { pkg: 'make', check: () => existsSync('/usr/bin/make') },
  { pkg: 'python3', check: () => existsSync('/usr/bin/python3') },
  { pkg: 'ripgrep', check: () => existsSync('/usr/bin/rg') },
  { pkg: 'libkrb5-dev', check: () => existsSync('/usr/include/gssapi/gssapi.h') || existsSync('/usr/include/krb5.h') },
];

function log(msg) {
  process.stderr.write(`[harness] ${msg}\n`);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...opts });
  if (r.status !== 0) {
    throw new Error(
      `${cmd} ${args.join(' ')} failed (${r.status}):\n${(r.stdout ?? '').slice(-2000)}\n${(r.stderr ?? '').slice(-4000)}`,
    );
  }
  return r.stdout;
}

/** Installs the Debian packages the harness needs when we are root; otherwise names them and stops. */
export function ensureSystemPackages() {
  const missing = DEBIAN_PACKAGES.filter((p) => !p.check()).map((p) => p.pkg);
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new Error(
      `The in-editor tests need these Debian packages: ${missing.join(' ')}.\n` +
        `Install them with: sudo apt-get install -y ${missing.join(' ')}`,
    );
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], { env });
  run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env });
}

/** Installs code-server's VS Code with its native modules, once; later calls are instant. */
export async function ensureCodeServer() {
  if (existsSync(READY_MARK) && existsSync(join(VSCODE_DIR, 'out', 'server-main.js'))) return VSCODE_DIR;
  ensureSystemPackages();
  log(`provisioning VS Code from code-server@${CODE_SERVER_VERSION} into ${CACHE} (about a minute, once)`);
  await rm(CACHE, { recursive: true, force: true });
  await mkdir(CACHE, { recursive: true });
  await writeFile(join(CACHE, 'package.json'), JSON.stringify({ name: 'metric-lens-vscode-cache', private: true }));
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  // Its own postinstall downloads things: skip it and do by hand what works offline.
  run(
    npm,
    ['install', `code-server@${CODE_SERVER_VERSION}`, '--ignore-scripts', '--no-audit', '--no-fund', '--no-save'],
    { cwd: CACHE },
  );
  run(npm, ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: VSCODE_DIR });
  // @vscode/ripgrep's postinstall fetches a binary from GitHub unless bin/ exists: use Debian's.
  const rgDir = join(VSCODE_DIR, 'node_modules', '@vscode', 'ripgrep', 'bin');
  await mkdir(rgDir, { recursive: true });
  await copyFile('/usr/bin/rg', join(rgDir, 'rg'));
  await chmod(join(rgDir, 'rg'), 0o755);
  run(npm, ['rebuild'], {
    cwd: VSCODE_DIR,
    env: { ...process.env, npm_config_yes: 'true', npm_config_unsafe_perm: 'true' },
  });
  await rm(join(VSCODE_DIR, 'node_modules.asar'), { force: true });
  await symlink('node_modules', join(VSCODE_DIR, 'node_modules.asar'));
  run(npm, ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], {
    cwd: join(VSCODE_DIR, 'extensions'),
  });
  await writeFile(READY_MARK, new Date().toISOString());
  log('VS Code is ready');
  return VSCODE_DIR;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts the VS Code server on a free loopback port with fresh state folders. `env` reaches the
 * extension host (the tests read the harness bridge's address from it).
 */
export async function startServer({ env = {}, dataDir, port } = {}) {
  const vscodeDir = await ensureCodeServer();
  port = port ?? (await freePort());
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'metric-lens-vscode-')));
  for (const d of ['user', 'server', 'extensions']) await mkdir(join(dir, d), { recursive: true });
  const child = spawn(
    process.execPath,
    [
      join(vscodeDir, 'out', 'server-main.js'),
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--without-connection-token',
      '--accept-server-license-terms',
      '--disable-telemetry',
      '--user-data-dir',
      join(dir, 'user'),
      '--server-data-dir',
      join(dir, 'server'),
      '--extensions-dir',
      join(dir, 'extensions'),
    ],
    { cwd: vscodeDir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (d) => {
    output += d;
  });
  child.stderr.on('data', (d) => {
    output += d;
  });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`VS Code server did not start:\n${output}`)), 60_000);
    const check = () => {
      if (/Extension host agent listening on/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`VS Code server exited (${code}):\n${output}`));
    });
  });
  return {
    port,
    dataDir: dir,
    output: () => output,
    /** Installs a .vsix into the server's extensions folder. */
    installExtension(vsix) {
      return run(
        process.execPath,
        [
          join(vscodeDir, 'out', 'server-main.js'),
          '--install-extension',
          vsix,
          '--extensions-dir',
          join(dir, 'extensions'),
          '--user-data-dir',
          join(dir, 'user'),
          '--server-data-dir',
          join(dir, 'server'),
          '--accept-server-license-terms',
        ],
        { cwd: vscodeDir },
      );
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => {
        if (child.exitCode !== null) r();
        else child.once('exit', r);
        setTimeout(r, 3000);
      });
    },
  };
}

/** The workbench URL for a folder, with the extension under development and its tests, if any. */
export function workbenchUrl({ port, folder, extensionDevelopmentPath, extensionTestsPath }) {
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = [['skipWelcome', 'true']];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

export async function launchBrowser({ headless = true, userDataDir } = {}) {
  const { chromium } = await import('playwright-core');
  const args = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-dev-shm-usage',
  ];
  const dir = userDataDir ?? (await mkdtemp(join(tmpdir(), 'metric-lens-chromium-')));
  // A persistent profile keeps the workbench's own storage (open editors, webview state) across page loads.
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless,
    args,
    viewport: { width: 1600, height: 1000 },
  });
  return context;
}

/**
 * Answers VS Code's "Do you trust the authors?" dialog when it appears (it blocks clicks).
 * `trust` picks the button: true = "Yes…", false = "No…" (Restricted Mode).
 */
export function answerTrustDialog(page, trust = true) {
  let stopped = false;
  const loop = async () => {
    while (!stopped) {
      try {
        const buttons = page.locator(
          '.monaco-dialog-box .dialog-buttons a.monaco-button, .monaco-dialog-box .dialog-buttons .monaco-button',
        );
        const n = await buttons.count();
        for (let i = 0; i < n; i++) {
          const text = (await buttons.nth(i).innerText()).trim();
          if ((trust && /^Yes/.test(text)) || (!trust && /^No/.test(text))) {
            await buttons.nth(i).click();
            break;
          }
        }
      } catch {
        /* the page is navigating */
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  void loop();
  return () => {
    stopped = true;
  };
}

export function hasDisplay() {
  try {
    execFileSync('xdpyinfo', { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
