// Runs the in-editor test suites inside a real VS Code (code-server's build, in Chromium), then
// reloads the window and runs the suite that checks what a reload restores, then opens a folder with
// no training logs and checks the extension stays asleep and shows nothing. Exit code 0 = all passed.
//
//   node scripts/test-in-vscode.mjs [--headed] [--grep <pattern>]
//
// The tests run in the extension host; for what only the browser can do (screenshots) they call a
// small HTTP bridge on loopback whose address they get from METRIC_LENS_HARNESS_BRIDGE.
import { createServer } from 'node:http';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { ROOT, answerTrustDialog, launchBrowser, startServer, workbenchUrl } from './harness/vscode-web.mjs';

const args = process.argv.slice(2);
const headed = args.includes('--headed');
const grepAt = args.indexOf('--grep');
const grep = grepAt >= 0 ? args[grepAt + 1] : undefined;
const OUT = join(ROOT, 'test-output');
const WORKSPACE = join(OUT, 'workspace');
const SCREENSHOTS = join(OUT, 'screenshots');
const QUIET_WORKSPACE = join(OUT, 'quiet-workspace');
const SUITE_TIMEOUT_MS = 15 * 60_000;
/** The workbench's own chatter (no network, no service worker, trust prompts): kept in test-output/workbench.log only. */
const WORKBENCH_NOISE =
  /open-vsx|Service Worker|\[lifecycle\]|socket|connection token|DialogService|builtin extensions cache|ChatSessionStore|OverlayWebview|^\s+at /;

for (const f of ['dist/extension.js', 'media/dist/curves.js', 'out/test/integration/index.js']) {
  if (!existsSync(join(ROOT, f))) {
    console.error(`${f} is missing: run "npm run build && npm run compile-tests" first (npm test does both).`);
    process.exit(2);
  }
}

/** A fresh copy of the fixtures: tests append to files, and the committed fixtures must not change. */
async function prepareWorkspace() {
  await rm(WORKSPACE, { recursive: true, force: true });
  await mkdir(SCREENSHOTS, { recursive: true });
  await cp(join(ROOT, 'test', 'fixtures'), WORKSPACE, { recursive: true });
}

/** A project with no training logs: code, notes, a data table, a settings JSON. */
async function prepareQuietWorkspace() {
  await rm(QUIET_WORKSPACE, { recursive: true, force: true });
  await mkdir(join(QUIET_WORKSPACE, 'src'), { recursive: true });
  await writeFile(join(QUIET_WORKSPACE, 'README.md'), '# A project with no training in it\n');
  await writeFile(join(QUIET_WORKSPACE, 'src', 'app.py'), 'print("hello")\n');
  await writeFile(join(QUIET_WORKSPACE, 'notes.txt'), 'Nothing to plot here.\n');
  await writeFile(
    join(QUIET_WORKSPACE, 'cities.csv'),
    'city,country,population\nLyon,France,522250\nPorto,Portugal,231800\n',
  );
  await writeFile(join(QUIET_WORKSPACE, 'settings.json'), '{"theme": "dark"}\n');
  return QUIET_WORKSPACE;
}

let page;
/** Errors in the webviews' consoles (their scripts are our bundles in media/dist), for the sweep. */
const webviewConsole = [];

/** Finds the webview iframe that is showing (the largest visible one). */
async function visibleWebview() {
  const frames = page.locator('iframe.webview');
  let best;
  let bestArea = 0;
  for (let i = 0; i < (await frames.count()); i++) {
    const box = await frames.nth(i).boundingBox();
    if (box && box.width * box.height > bestArea) {
      best = frames.nth(i);
      bestArea = box.width * box.height;
    }
  }
  return best;
}

/** The inner page (frame) of a webview: by its document title, or the largest visible one. */
async function webviewPage(title) {
  const frames = page.locator('iframe.webview');
  const candidates = [];
  for (let i = 0; i < (await frames.count()); i++) {
    const box = await frames.nth(i).boundingBox();
    if (!box || box.width * box.height === 0) continue;
    const inner = (await (await frames.nth(i).elementHandle()).contentFrame())?.childFrames()[0];
    if (inner) candidates.push({ inner, area: box.width * box.height });
  }
  if (title) {
    for (const c of candidates) if ((await c.inner.title().catch(() => '')) === title) return c.inner;
    return undefined;
  }
  return candidates.sort((a, b) => b.area - a.area)[0]?.inner;
}

function startBridge() {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      if (url.pathname === '/screenshot') {
        const name = (url.searchParams.get('name') ?? 'shot').replace(/[^\w.-]/g, '_');
        const file = join(SCREENSHOTS, `${name}.png`);
        const target = url.searchParams.get('target') ?? 'window';
        // A panel by its title when given (its page's frame), else the largest one showing.
        const title = url.searchParams.get('title');
        const titled = target === 'panel' && title ? await webviewPage(title) : undefined;
        if (target === 'panel' && title && !titled) throw new Error(`no webview titled ${title} is showing`);
        const webview = titled ? await titled.frameElement() : target === 'panel' ? await visibleWebview() : undefined;
        if (webview) await webview.screenshot({ path: file });
        else await page.screenshot({ path: file });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ file }));
        return;
      }
      if (url.pathname === '/flush-state') {
        const panels = await flushWorkbenchState();
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ panels }));
        return;
      }
      if (url.pathname === '/webview-click') {
        // The panel's page sits in an inner frame of the webview's iframe.
        const frame = await webviewPage(url.searchParams.get('title'));
        if (!frame) throw new Error('no such webview is showing');
        const target = frame.locator(url.searchParams.get('selector') ?? 'body').first();
        // A real click; where the webview's own layout gets in the way of Playwright's checks, the same click event.
        await target.click({ timeout: 5000 }).catch(() => target.dispatchEvent('click'));
        res.writeHead(200).end('{}');
        return;
      }
      if (url.pathname === '/webview-mouse') {
        // Moves the real mouse over an element of a webview's page, along `path` (JSON: [[fx, fy], ...],
        // fractions of the element's box): a hover at one point, or with `drag=1` a press at the first
        // point, moves through the rest and a release at the last — the events a user's hand makes.
        const frame = await webviewPage(url.searchParams.get('title'));
        if (!frame) throw new Error('no such webview is showing');
        const target = frame.locator(url.searchParams.get('selector') ?? 'body').first();
        // The panel redraws its charts when the state changes, replacing the element: locate it again then.
        let box = null;
        for (let attempt = 0; attempt < 5 && !box; attempt++) {
          try {
            await target.scrollIntoViewIfNeeded({ timeout: 2000 });
            box = await target.boundingBox({ timeout: 2000 });
          } catch (e) {
            if (attempt === 4) throw e;
            await new Promise((r) => setTimeout(r, 300));
          }
        }
        if (!box) throw new Error('the element has no box on screen');
        const path = JSON.parse(url.searchParams.get('path') ?? '[[0.5,0.5]]');
        const at = ([fx, fy]) => [box.x + fx * box.width, box.y + fy * box.height];
        const drag = url.searchParams.get('drag') === '1';
        await page.mouse.move(...at(path[0]), { steps: 3 });
        if (drag) await page.mouse.down();
        for (const p of path.slice(1)) await page.mouse.move(...at(p), { steps: 5 });
        if (drag) await page.mouse.up();
        res.writeHead(200).end('{}');
        return;
      }
      if (url.pathname === '/webview-eval') {
        // Reads something from a webview's page (its DOM), for security checks: the page titled
        // `title` when given (the panel's title), else the largest visible webview.
        const page2 = await webviewPage(url.searchParams.get('title'));
        if (!page2) throw new Error('no such webview is showing');
        const value = await page2.evaluate(url.searchParams.get('expr') ?? 'null');
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ value }));
        return;
      }
      if (url.pathname === '/editor-actions') {
        // The labels of the editor-title buttons VS Code shows for the active editor.
        const labels = await page
          .locator('.editor-group-container.active .editor-actions .action-item a')
          .evaluateAll((as) => as.map((a) => a.getAttribute('aria-label') || ''));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ value: labels }));
        return;
      }
      if (url.pathname === '/explorer-views') {
        // The titles of the views showing in the Explorer (its panes' headers).
        const titles = await page
          .locator('.sidebar .pane-header h3.title')
          .evaluateAll((hs) => hs.map((h) => h.textContent?.trim() ?? ''));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ value: titles }));
        return;
      }
      if (url.pathname === '/explorer-menu') {
        // Right-clicks the Explorer's selected row (the test reveals the file first) and returns the
        // context menu's item labels, then closes the menu.
        const row = page.locator('.explorer-folders-view .monaco-list-row.selected').first();
        await row.click({ button: 'right', timeout: 5000 });
        const items = page.locator('.context-view .monaco-menu .action-label');
        await items.first().waitFor({ timeout: 5000 });
        const labels = await items.evaluateAll((as) => as.map((a) => a.textContent?.trim() ?? '').filter(Boolean));
        await page.keyboard.press('Escape');
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ value: labels }));
        return;
      }
      if (url.pathname === '/webview-console') {
        const since = Number(url.searchParams.get('since') ?? 0) || 0;
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ total: webviewConsole.length, lines: webviewConsole.slice(since) }));
        return;
      }
      if (url.pathname === '/press') {
        await page.keyboard.press(url.searchParams.get('key') ?? 'Escape');
        res.writeHead(200).end('{}');
        return;
      }
      if (url.pathname === '/type') {
        // Typed into whatever has the focus (a quick pick's input), a key at a time as a user types.
        await page.keyboard.type(url.searchParams.get('text') ?? '');
        res.writeHead(200).end('{}');
        return;
      }
      if (url.pathname === '/workbench-click') {
        // A click on the workbench itself (a status bar item), not inside a webview.
        await page
          .locator(url.searchParams.get('selector') ?? 'body')
          .first()
          .click({ timeout: 5000 });
        res.writeHead(200).end('{}');
        return;
      }
      if (url.pathname === '/quick-pick') {
        // The rows a quick pick shows (label, description and detail of each), top to bottom.
        const rows = await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').evaluateAll((rs) =>
          rs
            .slice()
            .sort((a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index')))
            .map((r) => (r.textContent ?? '').replace(/\s+/g, ' ').trim()),
        );
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ value: rows }));
        return;
      }
      res.writeHead(404).end('{}');
    } catch (e) {
      res.writeHead(500).end(JSON.stringify({ error: String(e) }));
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Loads the workbench with one test entry point and resolves with its exit code. */
async function runPhase(port, name, testsEntry, folder = WORKSPACE, timeoutMs = SUITE_TIMEOUT_MS) {
  console.log(`\n=== in-editor tests: ${name} ===`);
  phaseOutput = [];
  let resolveExit;
  const exited = new Promise((r) => {
    resolveExit = r;
  });
  phaseExit = resolveExit;
  const url = workbenchUrl({
    port,
    folder,
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: join(ROOT, 'out', 'test', 'integration', testsEntry),
  });
  await page.goto(url);
  const timeout = new Promise((r) => setTimeout(() => r('timeout'), timeoutMs));
  const code = await Promise.race([exited, timeout]);
  if (code === 'timeout') {
    console.error(`${name}: no result after ${timeoutMs / 60000} minutes`);
    await page.screenshot({ path: join(SCREENSHOTS, `timeout-${name}.png`) }).catch(() => undefined);
    failedPhases.push({ name, lines: [...phaseOutput.slice(-40), `no result after ${timeoutMs / 60000} minutes`] });
    return 1;
  }
  if (code) failedPhases.push({ name, lines: failingReport(phaseOutput) });
  return code;
}

/** What a phase printed, one entry a line, and the phases that failed with what they said of it. */
let phaseOutput = [];
const failedPhases = [];

/**
 * Mocha's list of failures (from its "N failing" line on), or the phase's last lines when it ended
 * without one (a crash). Printed again at the very end, so a CI log cut to its tail still says what failed.
 */
function failingReport(lines) {
  const start = lines.findLastIndex((l) => /^\s*\d+ failing/.test(l));
  return (start >= 0 ? lines.slice(start) : lines.slice(-40)).slice(0, 200);
}

let phaseExit = () => undefined;

/**
 * A digest of every file of the test workspace except `scratch/` (where the tests themselves play
 * a training script writing logs): Metric Lens must never write to the user's files.
 */
async function workspaceDigest(dir = WORKSPACE, rel = '') {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  const lines = [];
  for (const e of entries) {
    const path = rel ? `${rel}/${e.name}` : e.name;
    if (path === 'scratch') continue;
    if (e.isDirectory()) lines.push(...(await workspaceDigest(join(dir, e.name), path)));
    else
      lines.push(
        `${path} ${createHash('sha256')
          .update(await readFile(join(dir, e.name)))
          .digest('hex')}`,
      );
  }
  return lines;
}

/**
 * The web workbench saves its state (open editors, webview state) when the window loses focus;
 * saving on unload is not reliable in a browser. Make it see a focus change to "unfocused", as a
 * user switching windows would: its focus test (`document.hasFocus()`) is made to answer true and
 * then false, each followed by a `visibilitychange` event it listens to. Tests ask for this
 * (`/flush-state`) while their panels are still open: when a test run ends its extension host exits,
 * and VS Code closes the webviews it owned.
 */
async function flushWorkbenchState() {
  return page.evaluate(async () => {
    const original = Document.prototype.hasFocus;
    const announce = (focused) => {
      Document.prototype.hasFocus = () => focused;
      document.dispatchEvent(new Event('visibilitychange'));
    };
    try {
      announce(true);
      announce(false);
      // IndexedDB writes are asynchronous: give them time to land, then read back what was saved.
      await new Promise((r) => setTimeout(r, 500));
      return await savedWebviews();
    } finally {
      Document.prototype.hasFocus = original;
      document.dispatchEvent(new Event('visibilitychange'));
    }

    /** The webview panels in the saved editor layout of the workspace, with the state each will be given back. */
    async function savedWebviews() {
      const request = (r) =>
        new Promise((resolve, reject) =>
          Object.assign(r, { onsuccess: () => resolve(r.result), onerror: () => reject(r.error) }),
        );
      const panels = [];
      for (const { name } of await indexedDB.databases()) {
        if (!name?.startsWith('vscode-web-state-db-') || name.endsWith('-global')) continue;
        const db = await request(indexedDB.open(name));
        try {
          const raw = await request(
            db.transaction('ItemTable', 'readonly').objectStore('ItemTable').get('memento/workbench.parts.editor'),
          );
          const walk = (node) => {
            if (Array.isArray(node)) node.forEach(walk);
            else if (node && typeof node === 'object') {
              if (node.id === 'workbench.editors.webviewInput' && typeof node.value === 'string') {
                const v = JSON.parse(node.value);
                panels.push({ id: v.providedId, title: v.title, state: v.state ? JSON.parse(v.state) : undefined });
              } else Object.values(node).forEach(walk);
            }
          };
          if (typeof raw === 'string') walk(JSON.parse(raw));
        } finally {
          db.close();
        }
      }
      return panels;
    }
  });
}

/**
 * The packaged extension as a user gets it: `vsce package`, `--install-extension` into a fresh VS
 * Code server, then, with no development path and no test runner, the UI driven as a user drives
 * it — open a log from Go to File, run "Metric Lens: Show Curves" from the command palette — and
 * the curves read from the webview.
 */
async function packagedPhase(context) {
  console.log('\n=== the packaged .vsix, installed ===');
  const vsix = join(OUT, 'metric-lens.vsix');
  const r = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '-o', vsix],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (r.status !== 0) {
    console.error(`vsce package failed:\n${r.stdout}\n${r.stderr}`);
    return false;
  }
  const server = await startServer();
  const p = await context.newPage();
  const stopTrust = answerTrustDialog(p, true);
  try {
    server.installExtension(vsix);
    await p.goto(workbenchUrl({ port: server.port, folder: WORKSPACE }));
    await p.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const palette = async (text, expect) => {
      await p.locator('.command-center-center').click();
      const input = p.locator('.quick-input-widget input');
      await input.waitFor();
      await input.fill(text);
      // Wait for the pick to list what we want (file search and command lists load lazily).
      await p.locator('.quick-input-list .monaco-list-row', { hasText: expect }).first().waitFor({ timeout: 30_000 });
      await input.press('Enter');
    };
    await p.waitForTimeout(3000);
    await palette('keras/training.log', 'training.log');
    await p.locator('.tab.active', { hasText: 'training.log' }).waitFor({ timeout: 20_000 });
    await palette('>Metric Lens: Show Curves', 'Show Curves');
    let charts = 0;
    for (let i = 0; i < 60 && charts < 2; i++) {
      await p.waitForTimeout(500);
      for (const frame of p.frames()) {
        if ((await frame.title().catch(() => '')) !== 'Curves: training.log') continue;
        charts = await frame.evaluate(() => document.querySelectorAll('article.chart-card').length).catch(() => 0);
      }
    }
    await p.screenshot({ path: join(SCREENSHOTS, 'packaged-vsix.png') });
    // The file count is from `unzip -l` where there is one (a fresh Debian has none: then the size alone).
    const listing = spawnSync('unzip', ['-l', vsix], { encoding: 'utf8' });
    const files = listing.status === 0 ? `, ${listing.stdout.trim().split('\n').slice(-1)[0]?.trim()}` : '';
    console.log(`  .vsix: ${(statSync(vsix).size / 1024).toFixed(0)} KB${files}`);
    if (charts >= 2)
      console.log(`  ✔ installed from the .vsix, "Show Curves" from the command palette drew ${charts} charts`);
    else
      console.error(
        '  ✗ the installed extension did not draw the curves (see test-output/screenshots/packaged-vsix.png)',
      );
    return charts >= 2;
  } catch (e) {
    await p.screenshot({ path: join(SCREENSHOTS, 'packaged-vsix-failed.png') }).catch(() => undefined);
    console.error(`  ✗ the packaged extension: ${e instanceof Error ? e.message : String(e)}`);
    return false;
  } finally {
    stopTrust();
    await p.close().catch(() => undefined);
    await server.stop();
  }
}

async function main() {
  await prepareWorkspace();
  const bridge = await startBridge();
  const env = { METRIC_LENS_HARNESS_BRIDGE: `http://127.0.0.1:${bridge.address().port}` };
  if (grep) env.METRIC_LENS_TEST_GREP = grep;
  const server = await startServer({ env });
  const context = await launchBrowser({ headless: !headed });
  page = context.pages()[0] ?? (await context.newPage());
  const workbenchLog = [];
  await page.exposeFunction('codeAutomationLog', (type, logArgs) => {
    // The extension host forwards console calls with their format string (mocha's "%s" lines).
    const text = Array.isArray(logArgs) ? format(...logArgs) : String(logArgs);
    workbenchLog.push(`[${type}] ${text}`);
    if (WORKBENCH_NOISE.test(text)) return;
    phaseOutput.push(text);
    if (type === 'error') console.error(text);
    else console.log(text);
  });
  await page.exposeFunction('codeAutomationExit', (code) => phaseExit(code));
  // Webview consoles (iframes) land here too: keep them for diagnosis.
  page.on('console', (msg) => {
    if (msg.type() !== 'error' && msg.type() !== 'warning') return;
    workbenchLog.push(`[page ${msg.type()}] ${msg.text()}`);
    const where = msg.location()?.url ?? '';
    if (msg.type() === 'error' && /\/media\/dist\//.test(where))
      webviewConsole.push(`${msg.text()} (${where.split('/').pop()}:${msg.location()?.lineNumber ?? ''})`);
  });
  page.on('pageerror', (e) => {
    workbenchLog.push(`[pageerror] ${e.message}`);
    if (/\/media\/dist\//.test(e.stack ?? '')) webviewConsole.push(`uncaught: ${e.message}`);
  });
  const stopTrust = answerTrustDialog(page, true);

  let failed = 0;
  const before = await workspaceDigest();
  try {
    if (args.includes('--package-only')) {
      failed += (await packagedPhase(context)) ? 0 : 1;
      return failed;
    }
    failed += (await runPhase(server.port, 'main', 'index.js')) ? 1 : 0;
    // The main suite leaves a curves panel open; a reload must bring it back with its data.
    failed += (await runPhase(server.port, 'after reload', 'restoreIndex.js')) ? 1 : 0;
    // Every real file opened as a user would (it closes every editor as it goes: after the reload phase).
    // A few seconds a file on a loaded machine; a few hundred files.
    failed += (await runPhase(server.port, 'sweep', 'sweepIndex.js', WORKSPACE, 2 * SUITE_TIMEOUT_MS)) ? 1 : 0;
    // A folder with no training logs: the extension stays asleep and shows nothing.
    failed += (await runPhase(server.port, 'a folder with no logs', 'quietIndex.js', await prepareQuietWorkspace()))
      ? 1
      : 0;
    const after = await workspaceDigest();
    const changed = [...new Set([...before, ...after])].filter((l) => !before.includes(l) || !after.includes(l));
    if (changed.length > 0) {
      failed++;
      console.error(`\nthe workspace changed during the tests (outside scratch/):\n  ${changed.join('\n  ')}`);
    } else {
      console.log(`\nworkspace unchanged: ${before.length} files hashed before and after`);
    }
    // VS Code's own complaints about the extension (a bad contribution, a failed activation).
    const complaints = [
      ...new Set(
        workbenchLog
          .filter((l) => /\[metric-lens\.metric-lens\]|metric-lens\.metric-lens.*(fail|error|cannot)/i.test(l))
          .map((l) => l.slice(0, 300)),
      ),
    ];
    if (complaints.length > 0) {
      failed++;
      console.error(`\nVS Code reported problems with the extension:\n  ${complaints.slice(0, 10).join('\n  ')}`);
    }
    if (!grep && !args.includes('--no-package')) failed += (await packagedPhase(context)) ? 0 : 1;
  } finally {
    stopTrust();
    await writeFile(join(OUT, 'vscode-server.log'), server.output());
    await writeFile(join(OUT, 'workbench.log'), workbenchLog.join('\n'));
    await context.close().catch(() => undefined);
    await server.stop();
    bridge.close();
  }
  return failed;
}

main().then(
  (failed) => {
    for (const { name, lines } of failedPhases) console.error(`\n=== what failed: ${name} ===\n${lines.join('\n')}`);
    console.log(failed === 0 ? '\nin-editor tests passed' : `\nin-editor tests failed (${failed} phase(s))`);
    process.exit(failed === 0 ? 0 : 1);
  },
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
