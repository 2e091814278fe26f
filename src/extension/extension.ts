/**
 * Metric Lens: activation only wires things together. Each feature lives in its own module and
 * hands back a disposable.
 */

import * as vscode from 'vscode';
import { CurvesPanelManager } from './curves/curvesPanelManager';
import { LiveRunRegistry } from './liveRuns';
import { log, loggedProblems } from './log';
import { registerCommands } from './commands';
import { FindingsService } from './findings/findingsService';
import { FindingsHoverProvider } from './findings/hover';
import { ShowInChartActions } from './findings/codeActions';
import { FindingsStatusBar } from './findings/statusBar';
import { OpenLogsTracker } from './findings/openLogs';
import { WorkspaceRuns } from './runs/workspaceRuns';
import { RunsView } from './runs/runsView';
import { MatrixPanelManager } from './classify/matrixPanelManager';
import { PredictionsContext } from './classify/predictionsContext';
import { ComparePanelManager } from './compare/comparePanel';
import { registerWalkthroughCommands } from './walkthrough';
import { PARTS } from '../node/readInParts';
import type { CompareSnapshot } from '../protocol/compare';
import type { MatrixSnapshot } from '../protocol/matrix';
import type { CurvesSnapshot } from '../protocol/curves';
import type { Finding } from '../core/model/findings';

/** What the extension exports: used by its own in-editor tests to read what panels show. */
export interface MetricLensApi {
  readonly curvesPanels: () => readonly {
    readonly sources: readonly string[];
    readonly ready: boolean;
    readonly restored: boolean;
    readonly visible: boolean;
    readonly problems: readonly string[];
  }[];
  readonly probeCurves: (index?: number) => Promise<CurvesSnapshot>;
  readonly applyCurvesState: (index: number, patch: Readonly<Record<string, unknown>>) => Promise<void>;
  /** Exports from a panel as its Export buttons do; `target` replaces the save dialog. */
  readonly exportCurves: (
    index: number,
    format: 'csv' | 'json' | 'markdown',
    target?: vscode.Uri,
  ) => Promise<vscode.Uri | string | undefined>;
  readonly focusCurves: (index: number, step: number) => void;
  /** Where the next export from any panel goes, instead of a save dialog. */
  readonly setNextSaveTarget: (target: vscode.Uri) => void;
  readonly maxPointsSent: (index: number) => number;
  /** Messages a panel posted to its webview so far, by type (one `update` per change of its runs). */
  readonly messagesPosted: (index: number) => Readonly<Record<string, number>>;
  /** When (Date.now()) a panel last posted a message of each type. */
  readonly lastPostedAt: (index: number) => Readonly<Record<string, number>>;
  /** Large logs read in two parts whose parts were joined, so far (see `readInParts`). */
  readonly logPartsJoined: () => number;
  /** The findings of a watched log, as the diagnostics show them. */
  readonly findingsFor: (uri: vscode.Uri) => readonly Finding[];
  /** What the Runs view lists (after a scan). */
  readonly workspaceRuns: () => Promise<
    readonly { uri: string; name: string; path: string; format: string | undefined; live: boolean; points: number }[]
  >;
  /** What selecting runs in the Runs view does. */
  readonly showRunsSelection: (uris: readonly vscode.Uri[]) => void;
  readonly matrixPanels: () => readonly {
    readonly sources: readonly string[];
    readonly ready: boolean;
    readonly restored: boolean;
    readonly visible: boolean;
    readonly problems: readonly string[];
  }[];
  readonly probeMatrix: (index?: number) => Promise<MatrixSnapshot>;
  readonly applyMatrixState: (index: number, patch: Readonly<Record<string, unknown>>) => Promise<void>;
  readonly comparePanels: () => readonly {
    readonly scope: string | null;
    readonly ready: boolean;
    readonly restored: boolean;
    readonly problems: readonly string[];
    readonly rows: number;
  }[];
  readonly probeCompare: (index?: number, timeoutMs?: number) => Promise<CompareSnapshot>;
  readonly applyCompareState: (index: number, patch: Readonly<Record<string, unknown>>) => Promise<void>;
  /** Errors and warnings written to the Metric Lens log so far (the last few hundred). */
  readonly loggedProblems: () => readonly string[];
  /** Leaves a panel with a page that never says `ready`, as a window reload sometimes does (see PageWatchdog). */
  readonly showBlankPage: (kind: 'curves' | 'compare', index: number) => void;
}

/**
 * Wires the features together. The API returned is for the extension's own in-editor tests: an
 * installed extension (production mode) returns nothing, so no other extension can drive its panels.
 */
export function activate(context: vscode.ExtensionContext): MetricLensApi | undefined {
  const runs = new LiveRunRegistry();
  const findings = new FindingsService(runs);
  const curves = new CurvesPanelManager(context.extensionUri, runs, findings);
  const workspaceRuns = new WorkspaceRuns(runs, findings);
  const matrices = new MatrixPanelManager(context.extensionUri);
  const compare = new ComparePanelManager(context.extensionUri, {
    runs: workspaceRuns,
    registry: runs,
    findings,
    showCurves: (uris) => {
      curves.show(uris);
    },
    takeSaveTarget: () => {
      const t = curves.nextSaveTarget;
      curves.nextSaveTarget = undefined;
      return t;
    },
  });
  const files = { scheme: 'file' };
  context.subscriptions.push(
    log,
    runs,
    findings,
    curves,
    new OpenLogsTracker(findings),
    workspaceRuns,
    matrices,
    compare,
    new PredictionsContext(),
    new RunsView(workspaceRuns, curves, findings),
    new FindingsStatusBar(findings),
    vscode.languages.registerHoverProvider(files, new FindingsHoverProvider(findings)),
    vscode.languages.registerCodeActionsProvider(files, new ShowInChartActions(findings), {
      providedCodeActionKinds: ShowInChartActions.kinds,
    }),
    ...registerCommands(curves, findings, workspaceRuns, matrices, compare),
    ...registerWalkthroughCommands(context.extensionUri, curves, matrices),
  );
  log.info(`Metric Lens ${String(context.extension.packageJSON.version)} activated`);

  if (context.extensionMode === vscode.ExtensionMode.Production) return undefined;
  return {
    curvesPanels: () =>
      curves.all.map((p) => ({
        sources: p.sources.map((u) => u.toString()),
        ready: p.isReady,
        restored: p.restored,
        visible: p.panel.visible,
        problems: p.problems.slice(),
      })),
    probeCurves: (index = 0) => panelAt(index).probe(),
    applyCurvesState: (index, patch) => panelAt(index).applyState(patch),
    exportCurves: (index, format, target) => {
      curves.nextSaveTarget = target;
      return panelAt(index).export({ format, seriesKeys: [], name: 'curves' });
    },
    focusCurves: (index, step) => panelAt(index).focusStep(step),
    setNextSaveTarget: (target) => {
      curves.nextSaveTarget = target;
    },
    maxPointsSent: (index) => panelAt(index).maxPointsSent,
    messagesPosted: (index) => ({ ...panelAt(index).posted }),
    lastPostedAt: (index) => ({ ...panelAt(index).postedAt }),
    logPartsJoined: () => PARTS.joined,
    findingsFor: (uri) => findings.findingsFor(uri),
    workspaceRuns: async () => {
      await workspaceRuns.ready();
      // The runs it follows read once: their points (and the host's start-up work) are there.
      await Promise.all(workspaceRuns.runs.flatMap((r) => (r.lease ? [r.lease.run.ready] : [])));
      return workspaceRuns.runs.map((r) => ({
        uri: r.uri.toString(),
        name: r.name,
        path: r.path,
        format: r.lease?.run.run?.format,
        live: r.lease?.run.isLive ?? false,
        points: r.lease?.run.run?.pointCount ?? 0,
      }));
    },
    showRunsSelection: (uris) => {
      curves.showSelection(uris);
    },
    matrixPanels: () =>
      matrices.all.map((p) => ({
        sources: p.sources.map((u) => u.toString()),
        ready: p.isReady,
        restored: p.restored,
        visible: p.panel.visible,
        problems: p.problems.slice(),
      })),
    probeMatrix: (index = 0) => matrixAt(index).probe(),
    applyMatrixState: (index, patch) => matrixAt(index).applyState(patch),
    comparePanels: () =>
      compare.all.map((p) => ({
        scope: p.scope?.toString() ?? null,
        ready: p.isReady,
        restored: p.restored,
        problems: p.problems.slice(),
        rows: p.currentTable?.rows.length ?? 0,
      })),
    probeCompare: (index = 0, timeoutMs) => compareAt(index).probe(timeoutMs),
    applyCompareState: (index, patch) => compareAt(index).applyState(patch),
    showBlankPage: (kind, index) => (kind === 'curves' ? panelAt(index) : compareAt(index)).showBlankPage(),
    loggedProblems: () => loggedProblems().slice(),
  };

  function compareAt(index: number) {
    const p = compare.all[index];
    if (!p) throw new Error(`no compare panel #${index}`);
    return p;
  }

  function matrixAt(index: number) {
    const p = matrices.all[index];
    if (!p) throw new Error(`no matrix panel #${index}`);
    return p;
  }

  function panelAt(index: number) {
    const p = curves.all[index];
    if (!p) throw new Error(`no curves panel #${index}`);
    return p;
  }
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
