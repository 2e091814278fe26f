// The sweep: every real file of the test workspace (the committed fixtures, whatever they are when
// the suite runs) opened as a user opens it, with the command a user runs on it, and compared with
// what the CLI computes for the same file. It fails on an uncaught error in a webview or the host,
// a panel still reading after a while, a chart with no points where the file has some, a matrix
// that differs from the CLI's, or series names and counts that differ from `inspect`'s.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ClassificationEvaluation, Evaluation } from '../../../src/core/classify';
import type { SeriesSummary } from '../../../src/core/model/summary';
import type { CurvesSnapshot } from '../../../src/protocol/curves';
import type { MatrixSnapshot } from '../../../src/protocol/matrix';
import { fixed } from '../../../webview/format';
import { api, callBridge, editorTitleActions, hasBridge, sleep, waitFor, workspaceUri } from '../helpers';
import { expectedFor, sweepItems, type Expected, type SweepItem } from './expected';

/** How long a panel may take to show a file this small (a few hundred KB at most): a first webview loads slowly on a busy machine. */
const PANEL_TIMEOUT_MS = 60_000;

/**
 * Files the editor and the CLI are known to read differently, each naming its bug. The test then
 * requires the difference (so the entry goes once the bug is fixed); never a silent skip.
 */
const KNOWN: Readonly<Record<string, string>> = {};

interface Timing {
  readonly path: string;
  readonly kind: string;
  readonly ms: number;
}

const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
const items: SweepItem[] = root ? sweepItems(root) : [];
const timings: Timing[] = [];
const uncaught: string[] = [];
const onRejection = (reason: unknown) => {
  uncaught.push(`unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
};
const onException = (e: Error) => {
  uncaught.push(`uncaught exception: ${e.stack ?? e.message}`);
};

describe('The sweep: every real file opens right', function () {
  before(async () => {
    await api();
    assert.ok(items.length > 0, 'the workspace has files to sweep');
    // The extension runs in this process: its unhandled rejections and exceptions land here too.
    process.on('unhandledRejection', onRejection);
    process.on('uncaughtException', onException);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(() => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
    report(timings);
  });

  for (const item of items) {
    it(`${item.path}${item.folder ? '/' : ''}`, async function () {
      this.timeout(PANEL_TIMEOUT_MS * 2 + 10_000);
      const started = Date.now();
      const uri = workspaceUri(...item.path.split('/'));
      const expected = await expectedFor(uri.fsPath, item.folder);
      const known = KNOWN[item.path];
      let failure: unknown;
      try {
        await sweepOne(uri, item, expected);
      } catch (e) {
        failure = e;
      } finally {
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        timings.push({ path: item.path, kind: expected.kind, ms: Date.now() - started });
      }
      if (known) {
        assert.ok(
          failure,
          `${item.path} is listed as known to differ (${known}) but now opens right: remove it from KNOWN`,
        );
        console.log(
          `      known difference (${known}): ${failure instanceof Error ? failure.message.split('\n')[0] : String(failure)}`,
        );
      } else if (failure) {
        throw failure;
      }
    });
  }
});

async function sweepOne(uri: vscode.Uri, item: SweepItem, expected: Expected): Promise<void> {
  const a = await api();
  const loggedBefore = a.loggedProblems().length;
  const uncaughtBefore = uncaught.length;
  const consoleBefore = await webviewConsoleErrors(0).then((r) => r.total);
  if (!item.folder) await openAsUser(uri, expected);
  if (expected.kind === 'log') {
    // The editor-title button passes the file; the Explorer's context menu passes a folder.
    await vscode.commands.executeCommand('metricLens.showCurves', uri, [uri]);
    const s = await settle(
      () => probeCurves(uri),
      (x) => checkCurves(x, expected),
      `the curves of ${item.path}`,
    );
    checkProblems(s, a.curvesPanels().find((p) => p.sources.includes(uri.toString()))?.problems ?? []);
    checkCurves(s, expected);
  } else if (expected.kind === 'predictions') {
    await vscode.commands.executeCommand('metricLens.showConfusionMatrix', uri, [uri]);
    const s = await settle(
      () => probeMatrix(uri),
      (x) => checkMatrix(x, expected),
      `the matrix of ${item.path}`,
    );
    checkProblems(
      s,
      a.matrixPanels().find((p) => p.sources.length === 1 && p.sources[0] === uri.toString())?.problems ?? [],
    );
    checkMatrix(s, expected);
  }
  const logged = a.loggedProblems().slice(loggedBefore);
  assert.deepEqual(logged, [], 'the Metric Lens log has errors or warnings');
  assert.deepEqual(uncaught.slice(uncaughtBefore), [], 'the extension host');
  const consoleErrors = await webviewConsoleErrors(consoleBefore);
  assert.deepEqual(consoleErrors.lines, [], "the webviews' consoles");
}

/** Opens the file as Quick Open does, and checks the editor offers the button the CLI's reading calls for. */
async function openAsUser(uri: vscode.Uri, expected: Expected): Promise<void> {
  await vscode.commands.executeCommand('vscode.open', uri);
  await waitFor(
    () => activeUri(),
    (u) => u === uri.toString(),
    `${uri.path} open in an editor`,
    5000,
  );
  if (!hasBridge()) return;
  const want =
    expected.kind === 'log' ? 'Show Curves' : expected.kind === 'predictions' ? 'Show Confusion Matrix' : undefined;
  if (want) {
    const actions = await waitFor(
      () => editorTitleActions(),
      (l) => !!l?.some((x) => x.includes(want)),
      `the "${want}" button on ${uri.path}`,
      5000,
    ).catch((e: unknown) => {
      throw new Error(
        `the editor does not offer "${want}" on a file the CLI reads as ${expected.kind === 'log' ? 'a training log' : 'predictions'}: ${String(e).slice(0, 300)}`,
      );
    });
    const other = expected.kind === 'log' ? 'Show Confusion Matrix' : 'Show Curves';
    assert.ok(!actions!.some((x) => x.includes(other)), `the editor offers "${other}" too: ${actions!.join(', ')}`);
  } else {
    await sleep(300);
    const actions = await editorTitleActions();
    assert.ok(
      !actions!.some((x) => /Show Curves|Show Confusion Matrix/.test(x)),
      `the editor offers ${actions!.filter((x) => /Show/.test(x)).join(', ')} on a file the CLI does not read (${expected.kind === 'other' ? expected.why : ''})`,
    );
  }
}

function activeUri(): string | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom
    ? input.uri.toString()
    : undefined;
}

const reading = (message: string) => /^Reading/.test(message);

/**
 * Probes a panel until what it shows passes `check` (a panel may draw in steps), or it reports an
 * error; after the timeout, fails with what it still shows ("Reading…") or the last check's failure.
 */
async function settle<T extends { readonly message: string; readonly scriptErrors: readonly string[] }>(
  probe: () => Promise<T>,
  check: (s: T) => void,
  what: string,
): Promise<T> {
  const started = Date.now();
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() - started < PANEL_TIMEOUT_MS) {
    try {
      last = await probe();
      if (last.scriptErrors.length > 0) return last;
      if (!reading(last.message)) {
        check(last);
        return last;
      }
    } catch (e) {
      lastError = e;
    }
    await sleep(100);
  }
  if (last && reading(last.message))
    throw new Error(`${what}: the panel still says "${last.message}" after ${PANEL_TIMEOUT_MS / 1000} s`);
  throw lastError instanceof Error ? lastError : new Error(`${what}: ${String(lastError)}`);
}

async function probeCurves(uri: vscode.Uri): Promise<CurvesSnapshot> {
  const a = await api();
  const i = a.curvesPanels().findIndex((p) => p.sources.includes(uri.toString()));
  if (i < 0) throw new Error('no curves panel for it');
  return a.probeCurves(i);
}

async function probeMatrix(uri: vscode.Uri): Promise<MatrixSnapshot> {
  const a = await api();
  const i = a.matrixPanels().findIndex((p) => p.sources.length === 1 && p.sources[0] === uri.toString());
  if (i < 0) throw new Error('no matrix panel for it');
  return a.probeMatrix(i);
}

function checkProblems(s: CurvesSnapshot | MatrixSnapshot, hostSaw: readonly string[]): void {
  assert.deepEqual(s.scriptErrors, [], 'script errors in the webview');
  assert.deepEqual(s.securityViolations, [], 'CSP violations in the webview');
  assert.deepEqual(hostSaw, [], 'problems the webview reported to the host');
}

/**
 * The curves: the summary table lists every series `inspect` lists, the run summary every value of
 * the runs (src/core/model/runValues.ts decides for both); each curve is charted with the CLI's count
 * and draws its finite points; step metrics and values of the runs are not charts.
 */
function checkCurves(s: CurvesSnapshot, expected: Extract<Expected, { kind: 'log' }>): void {
  const names = (list: readonly string[]) => list.slice().sort();
  assert.deepEqual(
    names(s.summaryMetrics),
    names(expected.series.map((x) => x.name)),
    "series (the summary table) against inspect's",
  );
  assert.deepEqual(
    names(s.runValues),
    names(expected.values.map((x) => x.name)),
    "values of the runs (the run summary) against inspect's summary",
  );
  const curves = expected.series.filter((x) => !x.stepMetric);
  const raw = s.charts.flatMap((c) => c.datasets.filter((d) => d.role === 'raw').map((d) => ({ chart: c.key, ...d })));
  if (expected.runs === 1) {
    const byName = new Map<string, SeriesSummary>(curves.map((x) => [x.name, x]));
    for (const d of raw) {
      const cli = byName.get(d.label);
      assert.ok(cli, `chart ${d.chart} draws "${d.label}", which inspect does not list as a curve`);
      assert.equal(d.total, cli.points, `points of "${d.label}" (the CLI's count)`);
      if (cli.points > cli.nonFinite)
        assert.ok(
          d.points > 0,
          `chart ${d.chart} draws no point of "${d.label}", which has ${cli.points - cli.nonFinite} finite values`,
        );
    }
    // Every curve is charted (values of the run are numbers in the run summary, step metrics the x menu's).
    const charted = new Set(raw.map((d) => d.label));
    for (const x of curves) assert.ok(charted.has(x.name), `"${x.name}" (${x.points} points) is not charted`);
  } else {
    const counts = (list: readonly number[]) => list.slice().sort((p, q) => p - q);
    assert.deepEqual(
      counts(raw.map((d) => d.total)),
      counts(curves.map((x) => x.points)),
      "points per charted series (the CLI's counts)",
    );
  }
  if (curves.some((x) => x.points > x.nonFinite)) assert.equal(s.message, '', 'the panel draws charts');
}

/** The matrix: the CLI's labels and cells (or, past 50 classes, its top confusions), accuracy and areas. */
function checkMatrix(s: MatrixSnapshot, expected: Extract<Expected, { kind: 'predictions' }>): void {
  const e: Evaluation | undefined = expected.evaluation;
  if (!e) {
    assert.match(s.message, /could not be read/, 'a file the CLI cannot read is said to be unreadable');
    return;
  }
  if (e.kind === 'regression') {
    assert.equal(s.metrics['r2'], fixed(e.metrics.r2));
    assert.equal(s.metrics['mae'], fixed(e.metrics.mae));
    return;
  }
  const r = e.report;
  const k = r.labels.length;
  assert.equal(s.classes, k, 'classes');
  if (k <= 50) {
    assert.deepEqual(s.labels, r.labels, 'labels');
    assert.deepEqual(
      s.cells,
      Array.from({ length: k }, (_, i) => Array.from(r.confusion!.subarray(i * k, i * k + k), String)),
      'matrix cells',
    );
  } else if (!r.confusion) {
    // Past 2 000 classes the report has no matrix (memory as the square of the class count): none is drawn.
    assert.equal(s.drawnAs, 'none', 'no matrix past 2 000 classes');
  } else {
    assert.equal(s.drawnAs, 'canvas');
    assert.deepEqual(s.topConfusions, topConfusions(r.confusion!, r.labels), 'top confusions');
  }
  assert.equal(s.metrics['accuracy'], fixed(r.accuracy), 'accuracy');
  assert.equal(s.metrics['macroF1'], fixed(r.macro.f1), 'macro F1');
  assert.equal(s.reportRows, k, 'rows of the per-class report');
  const c = e.kind === 'classification' ? (e as ClassificationEvaluation) : undefined;
  if (c?.binary) assert.equal(s.metrics['rocAuc'], fixed(c.binary.rocAuc), 'ROC AUC');
  if (c?.probabilities) {
    assert.equal(s.metrics['rocAucMacro'], fixed(c.probabilities.ovr.rocAucMacro), 'one-vs-rest AUC');
    assert.ok(s.charts.includes('ROC curves, one class vs the rest'), `one-vs-rest curves: ${s.charts.join('; ')}`);
  }
}

/** The ten largest off-diagonal cells as the panel lists them ("true → predicted: count"), computed here. */
function topConfusions(m: Int32Array, labels: readonly string[]): string[] {
  const k = labels.length;
  const cells: { i: number; j: number; n: number }[] = [];
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) if (i !== j && m[i * k + j]! > 0) cells.push({ i, j, n: m[i * k + j]! });
  cells.sort((p, q) => q.n - p.n || p.i - q.i || p.j - q.j);
  return cells.slice(0, 10).map((x) => `${labels[x.i]} → ${labels[x.j]}: ${x.n}`);
}

/** Errors the browser's console got from the webviews since `since` (the harness keeps them; none without it). */
async function webviewConsoleErrors(since: number): Promise<{ total: number; lines: string[] }> {
  const r = await callBridge(`/webview-console?since=${since}`);
  return r ? { total: Number(r['total']), lines: r['lines'] as string[] } : { total: 0, lines: [] };
}

function report(all: readonly Timing[]): void {
  if (all.length === 0) return;
  const line = (kind: string, list: readonly Timing[]) => {
    const ms = list.map((t) => t.ms).sort((p, q) => p - q);
    const total = ms.reduce((x, y) => x + y, 0);
    const slowest = list.reduce((x, y) => (y.ms > x.ms ? y : x));
    return `${kind}: ${list.length} in ${(total / 1000).toFixed(1)} s, median ${ms[Math.floor(ms.length / 2)]} ms, slowest ${slowest.ms} ms (${slowest.path})`;
  };
  console.log(`      sweep: ${line('all', all)}`);
  for (const kind of ['log', 'predictions', 'other']) {
    const list = all.filter((t) => t.kind === kind);
    if (list.length > 0) console.log(`        ${line(kind, list)}`);
  }
}
