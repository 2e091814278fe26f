// Shared by the in-editor tests: the extension's API, polling, the workspace, screenshots.
import * as vscode from 'vscode';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import type { MetricLensApi } from '../../src/extension/extension';
import type { CurvesSnapshot } from '../../src/protocol/curves';

export const EXTENSION_ID = 'metric-lens.metric-lens';

export async function api(): Promise<MetricLensApi> {
  const ext = vscode.extensions.getExtension<MetricLensApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not installed`);
  return ext.isActive ? ext.exports : ext.activate();
}

export function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the tests need a workspace folder');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * How long a wait lasts unless told: past the panels' page watchdog, which loads a page that never said it was
 * ready again 6, 18 and 42 s after it was shown (`WAITS_MS` in src/extension/pageWatchdog.ts) — a webview
 * left blank happens on a loaded machine, and the watchdog is how a user gets it back.
 */
export const WAIT_MS = 50_000;

/** Polls `probe` until `accept` holds; fails with the last value seen. */
export async function waitFor<T>(
  probe: () => Promise<T> | T,
  accept: (v: T) => boolean,
  what: string,
  timeoutMs = WAIT_MS,
): Promise<T> {
  const started = Date.now();
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() - started < timeoutMs) {
    try {
      last = await probe();
      if (accept(last)) return last;
    } catch (e) {
      lastError = e;
    }
    await sleep(50);
  }
  throw new Error(
    `timed out waiting for ${what}; last seen: ${JSON.stringify(last)?.slice(0, 1500)}${lastError ? `; last error: ${String(lastError)}` : ''}`,
  );
}

/** The bytes of the file at `path` once it exists and holds more than `minBytes` (a file the extension saves). */
export async function waitForFile(path: string, what: string, minBytes = 0): Promise<Buffer> {
  return waitFor(
    () => readFileSync(path),
    (b) => b.length > minBytes,
    what,
  );
}

/** The snapshot of the curves panel showing `source` once it has charts. */
export async function curvesOf(
  source: vscode.Uri,
  accept: (s: CurvesSnapshot) => boolean = (s) => s.charts.length > 0,
  timeoutMs = WAIT_MS,
): Promise<CurvesSnapshot> {
  const a = await api();
  return waitFor(
    async () => {
      // Several panels can show the file (alone, and with other runs): ask the one on screen.
      const panels = a.curvesPanels();
      const visible = panels.findIndex((p) => p.sources.includes(source.toString()) && p.visible);
      const i = visible >= 0 ? visible : panels.findIndex((p) => p.sources.includes(source.toString()));
      if (i < 0) throw new Error('no panel for that file yet');
      return a.probeCurves(i);
    },
    accept,
    `the curves of ${source.path}`,
    timeoutMs,
  );
}

/** Finite points drawn for a series (its raw line) on a chart. */
export function pointsOf(s: CurvesSnapshot, chartKey: string, label: string): number | undefined {
  return s.charts.find((c) => c.key === chartKey)?.datasets.find((d) => d.label === label && d.role === 'raw')?.points;
}

/** The index of the curves panel showing exactly these files (the API addresses panels by index). */
export async function panelIndex(...sources: vscode.Uri[]): Promise<number> {
  const a = await api();
  const want = sources
    .map((u) => u.toString())
    .sort()
    .join('\n');
  return waitFor(
    () => a.curvesPanels().findIndex((p) => p.sources.slice().sort().join('\n') === want),
    (i) => i >= 0,
    'the panel of those files',
  );
}

/** Whether the harness can act in the browser (clicks, screenshots); not under @vscode/test-electron. */
export function hasBridge(): boolean {
  return !!process.env['METRIC_LENS_HARNESS_BRIDGE'];
}

/** Evaluates a JavaScript expression in the visible webview's page (harness only). */
export async function evalInWebview(expr: string, title?: string): Promise<unknown> {
  return (
    await callBridge(
      `/webview-eval?expr=${encodeURIComponent(expr)}${title ? `&title=${encodeURIComponent(title)}` : ''}`,
    )
  )?.['value'];
}

/** The labels of the buttons in the active editor's title bar (harness only). */
export async function editorTitleActions(): Promise<string[] | undefined> {
  return (await callBridge('/editor-actions'))?.['value'] as string[] | undefined;
}

/** The labels of the Explorer's context menu on `uri`, revealed and selected first (harness only). */
export async function explorerMenu(uri: vscode.Uri): Promise<string[]> {
  await vscode.commands.executeCommand('revealInExplorer', uri);
  await sleep(300);
  return ((await callBridge('/explorer-menu'))?.['value'] as string[] | undefined) ?? [];
}

/** The titles of the views the Explorer shows (harness only). */
export async function explorerViews(): Promise<string[]> {
  await vscode.commands.executeCommand('workbench.view.explorer');
  await sleep(300);
  return ((await callBridge('/explorer-views'))?.['value'] as string[] | undefined) ?? [];
}

/** Clicks an element inside the visible webview, as a user would (harness only). */
export async function clickInWebview(selector: string, title?: string): Promise<void> {
  const r = await callBridge(
    `/webview-click?selector=${encodeURIComponent(selector)}${title ? `&title=${encodeURIComponent(title)}` : ''}`,
  );
  if (r && 'error' in r) throw new Error(String(r['error']));
}

/**
 * Moves the real mouse over an element inside the visible webview (harness only): `path` is a list of points
 * as fractions of the element's box; a hover at one point, or with `drag` a press at the first point and a
 * release at the last.
 */
export async function mouseInWebview(
  selector: string,
  path: readonly (readonly [number, number])[],
  opts: { drag?: boolean; title?: string } = {},
): Promise<void> {
  const r = await callBridge(
    `/webview-mouse?selector=${encodeURIComponent(selector)}&path=${encodeURIComponent(JSON.stringify(path))}` +
      `${opts.drag ? '&drag=1' : ''}${opts.title ? `&title=${encodeURIComponent(opts.title)}` : ''}`,
  );
  if (r && 'error' in r) throw new Error(String(r['error']));
}

/** Clicks an element of the workbench (a status bar item), as a user would (harness only). */
export async function clickInWorkbench(selector: string): Promise<void> {
  const r = await callBridge(`/workbench-click?selector=${encodeURIComponent(selector)}`);
  if (r && 'error' in r) throw new Error(String(r['error']));
}

/** Types text where the focus is (a quick pick's input), key by key (harness only). */
export async function typeInWorkbench(text: string): Promise<void> {
  await callBridge(`/type?text=${encodeURIComponent(text)}`);
}

/** Presses a key (Playwright's names: `Enter`, `ArrowDown`, `+`) where the focus is (harness only). */
export async function pressInWorkbench(key: string): Promise<void> {
  await callBridge(`/press?key=${encodeURIComponent(key)}`);
}

/** The rows the open quick pick shows, top to bottom, each as its text (harness only). */
export async function quickPickRows(): Promise<string[]> {
  return ((await callBridge('/quick-pick'))?.['value'] as string[] | undefined) ?? [];
}

/**
 * Asks the harness to save a screenshot (test-output/screenshots/<name>.png). Under
 * @vscode/test-electron there is no bridge: nothing happens.
 */
export async function screenshot(
  name: string,
  target: 'panel' | 'window' = 'window',
  title?: string,
): Promise<string | undefined> {
  const r = await callBridge(
    `/screenshot?name=${encodeURIComponent(name)}&target=${target}${title ? `&title=${encodeURIComponent(title)}` : ''}`,
  );
  if (r && 'error' in r) throw new Error(String(r['error']));
  return r?.['file'] as string | undefined;
}

/** A webview panel as the workbench saved it: what a reload gives back. */
export interface SavedPanel {
  readonly id: string;
  readonly title: string;
  readonly state: Record<string, unknown> | undefined;
}

/**
 * Makes the workbench save its state now (the harness takes the window's focus away), again until what it
 * saved is what the next phase needs (`saved`): IndexedDB writes land when they land, later on a loaded
 * machine, and a reload before them restores nothing. Under @vscode/test-electron the desktop workbench saves
 * on its own at shutdown, and this returns at once.
 */
export async function saveWorkbenchState(saved: (panels: readonly SavedPanel[]) => boolean): Promise<void> {
  let last: readonly SavedPanel[] = [];
  for (let attempt = 0; attempt < 30; attempt++) {
    const answer = await callBridge('/flush-state');
    if (!answer) return;
    last = (answer['panels'] as SavedPanel[] | undefined) ?? [];
    if (saved(last)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the workbench did not save the panels' state: it saved ${JSON.stringify(last).slice(0, 600)}`);
}

export function callBridge(path: string): Promise<Record<string, unknown> | undefined> {
  const bridge = process.env['METRIC_LENS_HARNESS_BRIDGE'];
  if (!bridge) return Promise.resolve(undefined);
  const url = new URL(path, bridge);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST' }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => {
        body += d.toString();
      });
      res.on('end', () => {
        try {
          resolve(JSON.parse(body) as Record<string, unknown>);
        } catch (e) {
          reject(e);
        }
      });
    });
    req.on('error', reject);
    req.end();
  });
}
