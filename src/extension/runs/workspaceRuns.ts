/**
 * The training runs of the workspace: found by the core's discovery on a workspace file search
 * (globs from `metricLens.runs.include`/`exclude`), found again when files appear or disappear,
 * and followed live (each run is watched and diagnosed while it is listed).
 */

import * as vscode from 'vscode';
import { discoverRuns, type DiscoveredRun } from '../../core/discover';
import { detectFormat } from '../../core/formats';
import { readHead } from '../../node/readSource';
import { Disposable } from '../dispose';
import type { FindingsService } from '../findings/findingsService';
import type { LiveRunRegistry, RunLease } from '../liveRuns';
import { readableGlobs } from '../globSettings';
import { log } from '../log';

export interface WorkspaceRun {
  readonly uri: vscode.Uri;
  readonly folder: vscode.WorkspaceFolder;
  /** The run's path relative to its workspace folder. */
  readonly path: string;
  readonly name: string;
  readonly kind: 'file' | 'folder';
  readonly lease: RunLease | undefined;
}

const DEFAULT_INCLUDE = [
  '**/*.{csv,tsv,log,jsonl,out}', '**/trainer_state.json', '**/events.out.tfevents.*', '**/mlruns/**',
  '**/dvclive/**', '**/wandb/**', '**/metrics.json', '**/scalars.json', '**/*.log.json', '**/history.json', '**/*log*.txt',
];
const DEFAULT_EXCLUDE = ['**/node_modules/**', '**/.git/**', '**/.venv/**', '**/venv/**', '**/__pycache__/**', '**/site-packages/**', '**/.trash/**'];
/** Most files one search looks at, and most runs followed live (more are listed, not watched). */
const MAX_FILES = 20_000;
const MAX_FOLLOWED = 100;
const HOLDER = 'runs-view';

/** A listed run being watched and diagnosed. */
interface Followed extends vscode.Disposable {
  readonly uri: vscode.Uri;
  readonly lease: RunLease;
}

export class WorkspaceRuns extends Disposable {
  private runs_: WorkspaceRun[] = [];
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires when the list changed or a listed run was updated. */
  readonly onDidChange = this.changed.event;
  private rescanTimer: ReturnType<typeof setTimeout> | undefined;
  private scanning: Promise<void> | undefined;
  private scannedOnce = false;
  private followed: Followed[] = [];

  constructor(private readonly registry: LiveRunRegistry, private readonly findings: FindingsService) {
    super();
    const watcher = this._register(vscode.workspace.createFileSystemWatcher('**/*', false, true, false));
    // Created or deleted files may add or remove runs (appends are the runs' own watchers' business).
    this._register(watcher.onDidCreate(() => this.rescanSoon()));
    this._register(watcher.onDidDelete(() => this.rescanSoon()));
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.rescanSoon()));
    this._register(vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('metricLens.runs')) this.rescanSoon(); }));
    this._register({ dispose: () => { if (this.rescanTimer) clearTimeout(this.rescanTimer); this.unfollow(); } });
  }

  get runs(): readonly WorkspaceRun[] { return this.runs_; }

  /** The first scan (started if needed), or the one in progress: what a reader of `runs` waits for. */
  ready(): Promise<void> {
    if (!this.scannedOnce) return this.scan();
    return this.scanning ?? Promise.resolve();
  }

  /** Scans now (the first time) or returns the scan in progress. */
  scan(): Promise<void> {
    this.scannedOnce = true;
    // A scan that fails (a folder gone mid-search) is logged, never an unhandled rejection: the view keeps its list.
    this.scanning ??= this.doScan()
      .catch((e: unknown) => log.error(`Runs view: the search failed: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => { this.scanning = undefined; });
    return this.scanning;
  }

  private rescanSoon(): void {
    if (this.rescanTimer) clearTimeout(this.rescanTimer);
    this.rescanTimer = setTimeout(() => void this.scan(), 500);
  }

  private async doScan(): Promise<void> {
    const found: { folder: vscode.WorkspaceFolder; run: DiscoveredRun }[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const config = vscode.workspace.getConfiguration('metricLens.runs', folder.uri);
      const include = readableGlobs('metricLens.runs.include', config.get<unknown>('include', DEFAULT_INCLUDE));
      const exclude = [...DEFAULT_EXCLUDE, ...readableGlobs('metricLens.runs.exclude', config.get<unknown>('exclude', []))];
      if (include.length === 0) continue;
      // One search per glob (globs with their own braces do not nest), merged.
      const seen = new Set<string>();
      for (const glob of include) {
        for (const f of await vscode.workspace.findFiles(new vscode.RelativePattern(folder, glob), braces(exclude), MAX_FILES)) {
          const rel = relativeTo(folder.uri, f);
          if (rel !== undefined) seen.add(rel);
        }
      }
      const relative = [...seen];
      for (const run of discoverRuns(relative, { rootName: folder.name })) found.push({ folder, run });
    }
    // Files only the content can tell (a `.log`) are runs only if they hold metrics.
    const kept: { folder: vscode.WorkspaceFolder; run: DiscoveredRun }[] = [];
    for (const f of found) {
      if (f.run.format !== undefined || f.run.kind === 'folder') { kept.push(f); continue; }
      const uri = vscode.Uri.joinPath(f.folder.uri, f.run.path);
      try {
        if (detectFormat(uri.fsPath, await readHead(uri.fsPath))) kept.push(f);
      } catch {
        // Unreadable: not listed.
      }
    }
    kept.sort((a, b) => a.run.path.localeCompare(b.run.path));
    // Runs still listed keep their watcher and what was read; only new ones start, gone ones stop.
    const before = new Map(this.followed.map((f) => [f.uri.toString(), f]));
    const followed: Followed[] = [];
    this.runs_ = kept.map(({ folder, run }) => {
      const uri = run.path === '' ? folder.uri : vscode.Uri.joinPath(folder.uri, run.path);
      let f = before.get(uri.toString());
      if (f) before.delete(uri.toString());
      else if (followed.length < MAX_FOLLOWED) f = this.follow(uri);
      if (f) followed.push(f);
      return { uri, folder, path: run.path, name: run.name, kind: run.kind, lease: f?.lease };
    });
    for (const gone of before.values()) gone.dispose();
    this.followed = followed;
    log.info(`Runs view: ${this.runs_.length} runs found${this.runs_.length > MAX_FOLLOWED ? `, the first ${MAX_FOLLOWED} followed live` : ''}`);
    this.changed.fire();
  }

  private follow(uri: vscode.Uri): Followed {
    const lease = this.registry.acquire(uri);
    const listener = lease.run.onDidChange(() => this.changed.fire());
    this.findings.hold(uri, HOLDER);
    return {
      uri,
      lease,
      dispose: () => {
        listener.dispose();
        this.findings.release(uri, HOLDER);
        lease.dispose();
      },
    };
  }

  private unfollow(): void {
    for (const d of this.followed) d.dispose();
    this.followed = [];
  }
}

function braces(globs: readonly string[]): string {
  return globs.length === 1 ? globs[0]! : `{${globs.join(',')}}`;
}

function relativeTo(root: vscode.Uri, file: vscode.Uri): string | undefined {
  const base = root.path.endsWith('/') ? root.path : `${root.path}/`;
  return file.path.startsWith(base) ? file.path.slice(base.length) : undefined;
}
