/**
 * The Training Runs view (Explorer): the workspace's runs grouped by folder, each with its format,
 * step count, last update, a "live" badge while its files are being written, and the best value of
 * its main validation metric. Selecting runs shows them in one curves panel (several: overlaid).
 */

import * as vscode from 'vscode';
import { bestIndex } from '../../core/model/best';
import type { Run } from '../../core/model/run';
import type { Series } from '../../core/model/series';
import type { CurvesPanelManager } from '../curves/curvesPanelManager';
import { Disposable } from '../dispose';
import type { FindingsService } from '../findings/findingsService';
import type { WorkspaceRun, WorkspaceRuns } from './workspaceRuns';
import { escapeMarkdown } from '../markdown';

export const RUNS_VIEW_ID = 'metricLens.runs';

type Node = { kind: 'folder'; label: string; runs: WorkspaceRun[] } | { kind: 'run'; run: WorkspaceRun };

export class RunsView extends Disposable implements vscode.TreeDataProvider<Node> {
  private readonly changed = this._register(new vscode.EventEmitter<Node | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<Node>;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private selectTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly runs: WorkspaceRuns,
    private readonly curves: CurvesPanelManager,
    private readonly findings: FindingsService,
  ) {
    super();
    this.view = this._register(
      vscode.window.createTreeView(RUNS_VIEW_ID, {
        treeDataProvider: this,
        canSelectMany: true,
        showCollapseAll: true,
      }),
    );
    // Updates come in bursts from live runs: redraw at most a few times a second.
    this._register(runs.onDidChange(() => this.refreshSoon()));
    this._register(findings.onDidChange(() => this.refreshSoon()));
    this._register(this.view.onDidChangeSelection((e) => this.selected(e.selection)));
    this._register(
      this.view.onDidChangeVisibility((e) => {
        if (e.visible) void runs.scan();
      }),
    );
    // "live" fades after a while without writes.
    const timer = setInterval(() => this.refreshSoon(), 10_000);
    this._register({
      dispose: () => {
        clearInterval(timer);
        if (this.refreshTimer) clearTimeout(this.refreshTimer);
        if (this.selectTimer) clearTimeout(this.selectTimer);
      },
    });
    void runs.scan();
  }

  private refreshSoon(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.changed.fire(undefined);
      this.view.badge = undefined;
      const live = this.runs.runs.filter((r) => r.lease?.run.isLive).length;
      this.view.description = live > 0 ? vscode.l10n.t('{0} live', live) : '';
    }, 250);
  }

  private selected(selection: readonly Node[]): void {
    const uris = selection.flatMap((n) => (n.kind === 'run' ? [n.run.uri] : n.runs.map((r) => r.uri)));
    if (uris.length === 0) return;
    if (this.selectTimer) clearTimeout(this.selectTimer);
    this.selectTimer = setTimeout(() => this.curves.showSelection(uris), 150);
  }

  getChildren(node?: Node): Node[] {
    if (node?.kind === 'run') return [];
    if (node?.kind === 'folder') return node.runs.map((run) => ({ kind: 'run', run }));
    const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
    const byFolder = new Map<string, WorkspaceRun[]>();
    for (const r of this.runs.runs) {
      const dir = r.path.includes('/') ? r.path.slice(0, r.path.lastIndexOf('/')) : '';
      const label = [multiRoot ? r.folder.name : '', dir].filter(Boolean).join('/') || r.folder.name;
      byFolder.set(label, [...(byFolder.get(label) ?? []), r]);
    }
    return [...byFolder].map(([label, runs]) => ({ kind: 'folder', label, runs }));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'folder') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      item.iconPath = vscode.ThemeIcon.Folder;
      item.contextValue = 'metricLens.runFolder';
      item.description = node.runs.length === 1 ? vscode.l10n.t('1 run') : vscode.l10n.t('{0} runs', node.runs.length);
      return item;
    }
    const { run } = node;
    const live = run.lease?.run;
    const parsed = live?.run;
    const item = new vscode.TreeItem(run.name, vscode.TreeItemCollapsibleState.None);
    item.id = run.uri.toString();
    item.resourceUri = run.uri;
    item.contextValue = 'metricLens.run';
    const findings = this.findings.findingsFor(run.uri);
    const worst = findings.some((f) => f.severity === 'error')
      ? 'error'
      : findings.some((f) => f.severity === 'warning')
        ? 'warning'
        : undefined;
    item.iconPath = live?.isLive
      ? new vscode.ThemeIcon('pulse', new vscode.ThemeColor('charts.green'))
      : worst
        ? new vscode.ThemeIcon(
            worst,
            new vscode.ThemeColor(worst === 'error' ? 'list.errorForeground' : 'list.warningForeground'),
          )
        : new vscode.ThemeIcon(run.kind === 'folder' ? 'folder-library' : 'graph-line');
    const parts: string[] = [];
    if (live?.isLive) parts.push(vscode.l10n.t('live'));
    if (parsed) {
      parts.push(parsed.format);
      parts.push(vscode.l10n.t('{0} steps', stepCount(parsed)));
      const best = mainBest(parsed);
      if (best) parts.push(best);
      const updated = live ? Math.max(live.lastChangeTime, live.lastModified ?? 0) : 0;
      if (updated > 0) parts.push(ago(updated));
    }
    item.description = parts.join(' · ');
    const tip = new vscode.MarkdownString(undefined, true);
    tip.appendMarkdown(
      `**${escapeMarkdown(run.name)}**  \n${escapeMarkdown(vscode.workspace.asRelativePath(run.uri))}\n\n`,
    );
    if (parsed) {
      tip.appendMarkdown(
        `${escapeMarkdown(parsed.format)}, ${parsed.series.length} series, ${stepCount(parsed)} steps\n\n`,
      );
      for (const f of findings)
        tip.appendMarkdown(`$(${f.severity === 'info' ? 'info' : f.severity}) ${escapeMarkdown(f.message)}\n\n`);
    } else if (!run.lease) {
      tip.appendMarkdown(vscode.l10n.t('Not followed live (too many runs in this workspace); select it to read it.'));
    }
    item.tooltip = tip;
    item.accessibilityInformation = { label: `${run.name}, ${item.description}` };
    return item;
  }
}

/** The longest series' length: how far the run got. */
function stepCount(run: Run): number {
  return run.series.reduce((n, s) => Math.max(n, s.length), 0);
}

/** "best val_loss 0.143 @ epoch 24": the run's main validation metric (loss first, then accuracy). */
function mainBest(run: Run): string | undefined {
  const val = run.series.filter((s) => s.id.split === 'val');
  const pick = (q: string): Series | undefined =>
    val.find((s) => s.id.quantity === q && s.id.key === q) ?? val.find((s) => s.id.quantity === q);
  const s = pick('loss') ?? pick('accuracy') ?? val[0];
  if (!s) return undefined;
  const i = bestIndex(s);
  if (i < 0) return undefined;
  const e = s.epoch(i);
  // A fractional epoch (a Trainer's 1.1364877) is no place to read in a tree row: the step says it.
  return `best ${s.name} ${+s.value(i).toPrecision(4)} @ ${e !== undefined && Number.isInteger(e) ? `epoch ${e}` : `step ${s.step(i)}`}`;
}

function ago(time: number): string {
  const s = Math.round((Date.now() - time) / 1000);
  if (s < 60) return vscode.l10n.t('{0}s ago', s);
  if (s < 3600) return vscode.l10n.t('{0} min ago', Math.round(s / 60));
  return vscode.l10n.t('{0} h ago', Math.round(s / 3600));
}
