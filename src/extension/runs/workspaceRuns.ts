/**
 * The training runs of the workspace: found by the core's discovery on a workspace file search
 * (globs from `metricLens.runs.include`/`exclude`), found again when files appear or disappear,
 * and followed live (each run is watched and diagnosed while it is listed).
 */

import * as vscode from 'vscode';
import { discoverRuns, type DiscoveredRun } from '../../core/discovery/discover';
import { looksLikePredictions } from '../../core/classify';
import { matchesGlob } from '../../core/text/glob';
import { readHead, sniffFormat } from '../../node/readSource';
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
  '**/*.{csv,tsv,log,jsonl,out}',
  '**/trainer_state.json',
  '**/events.out.tfevents.*',
  '**/mlruns/**',
  '**/dvclive/**',
  '**/wandb/**',
  '**/metrics.json',
  '**/scalars.json',
  '**/*.log.json',
  '**/history.json',
  '**/*log*.txt',
];
const DEFAULT_EXCLUDE = [
  '**/node_modules/**',
  '**/.git/**',
  '**/.venv/**',
  '**/venv/**',
  '**/__pycache__/**',
  '**/site-packages/**',
  '**/.trash/**',
];
/**
 * Most files one search returns, and most runs followed live (more are listed, not watched). Each
 * include glob is searched on its own, so a flood of data CSVs cannot crowd out the run layouts
 * (`trainer_state.json`, event files, `mlruns/`); when a search is cut, the log says which.
 */
const MAX_FILES = 20_000;
const MAX_FOLLOWED = 100;
/** Most files whose first bytes are read to tell a predictions file (the matrix's explorer menu item). */
const MAX_PREDICTION_CHECKS = 2000;
/** Most paths in the context keys the menus test (`in`); a workspace with more lists the first ones. */
const MAX_CONTEXT_PATHS = 10_000;
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
  private predictionFiles_: string[] = [];
  private rescanAfter = false;
  /** Whether a table file holds predictions, by path (its header is read once). */
  private readonly predictionCheck = new Map<string, boolean>();

  constructor(
    private readonly registry: LiveRunRegistry,
    private readonly findings: FindingsService,
  ) {
    super();
    const watcher = this._register(vscode.workspace.createFileSystemWatcher('**/*', false, true, false));
    // Created or deleted files may add or remove runs (appends are the runs' own watchers' business);
    // only files the include globs name, or folders (a deleted folder may hold runs), start a search:
    // a training script writing checkpoints and images does not.
    this._register(watcher.onDidCreate((uri) => this.changedOnDisk(uri)));
    this._register(watcher.onDidDelete((uri) => this.changedOnDisk(uri)));
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.rescanSoon()));
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('metricLens.runs')) this.rescanSoon();
      }),
    );
    this._register({
      dispose: () => {
        if (this.rescanTimer) clearTimeout(this.rescanTimer);
        this.unfollow();
      },
    });
  }

  get runs(): readonly WorkspaceRun[] {
    return this.runs_;
  }

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
      .finally(() => {
        this.scanning = undefined;
        if (this.rescanAfter) {
          this.rescanAfter = false;
          this.rescanSoon();
        }
      });
    return this.scanning;
  }

  private changedOnDisk(uri: vscode.Uri): void {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const rel = folder ? relativeTo(folder.uri, uri) : undefined;
    if (rel === undefined) return;
    const name = rel.slice(rel.lastIndexOf('/') + 1);
    const setting = vscode.workspace
      .getConfiguration('metricLens.runs', folder!.uri)
      .get<unknown>('include', DEFAULT_INCLUDE);
    // A setting of the wrong shape is reported by the search (readableGlobs); here it is just not used.
    const include: unknown[] = Array.isArray(setting) ? setting : DEFAULT_INCLUDE;
    // No extension: maybe a folder (or an MLflow metric file, which `**/mlruns/**` names anyway).
    if (!name.includes('.') || include.some((g) => typeof g === 'string' && matchesGlob(rel, g))) this.rescanSoon();
  }

  private rescanSoon(): void {
    if (this.rescanTimer) clearTimeout(this.rescanTimer);
    this.rescanTimer = setTimeout(() => {
      this.rescanTimer = undefined;
      // A search under way started before this change: search again once it ends.
      if (this.scanning) this.rescanAfter = true;
      else void this.scan();
    }, 500);
  }

  private async doScan(): Promise<void> {
    const found: { folder: vscode.WorkspaceFolder; run: DiscoveredRun }[] = [];
    const tables: vscode.Uri[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const config = vscode.workspace.getConfiguration('metricLens.runs', folder.uri);
      const include = readableGlobs('metricLens.runs.include', config.get<unknown>('include', DEFAULT_INCLUDE));
      const exclude = [
        ...DEFAULT_EXCLUDE,
        ...readableGlobs('metricLens.runs.exclude', config.get<unknown>('exclude', [])),
      ];
      if (include.length === 0) continue;
      // One search per glob (globs with their own braces do not nest), merged.
      const seen = new Set<string>();
      for (const glob of include) {
        const files = await vscode.workspace.findFiles(
          new vscode.RelativePattern(folder, glob),
          braces(exclude),
          MAX_FILES,
        );
        if (files.length >= MAX_FILES)
          log.warn(
            `Runs view: more than ${MAX_FILES} files match ${glob} in ${folder.name}; the first ${MAX_FILES} are looked at (narrow metricLens.runs.include or exclude)`,
          );
        for (const f of files) {
          const rel = relativeTo(folder.uri, f);
          if (rel !== undefined) seen.add(rel);
        }
      }
      const relative = [...seen];
      for (const run of discoverRuns(relative, { rootName: folder.name })) found.push({ folder, run });
      for (const rel of relative)
        if (/\.(csv|tsv|jsonl)$|confusion_matrix[^/]*\.json$/i.test(rel))
          tables.push(vscode.Uri.joinPath(folder.uri, rel));
    }
    // Files only the content can tell (a `.log`) are runs only if they hold metrics, looked for past a
    // config dump (bounded, see `sniffFormat`); the others are named in the log with the reason.
    const kept: { folder: vscode.WorkspaceFolder; run: DiscoveredRun }[] = [];
    const skipped: string[] = [];
    for (const f of found) {
      if (f.run.format !== undefined || f.run.kind === 'folder') {
        kept.push(f);
        continue;
      }
      const uri = vscode.Uri.joinPath(f.folder.uri, f.run.path);
      try {
        const sniffed = await sniffFormat(uri.fsPath);
        if ('format' in sniffed) kept.push(f);
        else skipped.push(`${f.run.path}: ${sniffed.reason}`);
      } catch (e) {
        skipped.push(`${f.run.path}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    if (skipped.length > 0)
      log.info(
        `Runs view: ${skipped.length} ${skipped.length === 1 ? 'file is' : 'files are'} not listed: ${skipped.slice(0, 20).join('; ')}${skipped.length > 20 ? '; …' : ''}`,
      );
    kept.sort((a, b) => a.run.path.localeCompare(b.run.path));
    // Runs still listed keep their watcher and what was read; only new ones start, gone ones stop.
    const before = new Map(this.followed.map((f) => [f.uri.toString(), f]));
    const listed = kept.map(({ folder, run }) => ({
      folder,
      run,
      uri: run.path === '' ? folder.uri : vscode.Uri.joinPath(folder.uri, run.path),
    }));
    // Followed live: the most recently written (a run being written now is the one to follow), up to
    // MAX_FOLLOWED; one already followed keeps its reader.
    let chosen = listed;
    if (listed.length > MAX_FOLLOWED) {
      const mtimes = new Map<string, number>();
      for (const r of listed)
        mtimes.set(
          r.uri.toString(),
          await vscode.workspace.fs.stat(r.uri).then(
            (st) => st.mtime,
            () => 0,
          ),
        );
      chosen = listed
        .slice()
        .sort((a, b) => mtimes.get(b.uri.toString())! - mtimes.get(a.uri.toString())!)
        .slice(0, MAX_FOLLOWED);
    }
    const follow = new Set(chosen.map((r) => r.uri.toString()));
    const followed: Followed[] = [];
    this.runs_ = listed.map(({ folder, run, uri }) => {
      let f = before.get(uri.toString());
      if (f && follow.has(uri.toString())) before.delete(uri.toString());
      else f = follow.has(uri.toString()) ? this.follow(uri) : undefined;
      if (f) followed.push(f);
      return { uri, folder, path: run.path, name: run.name, kind: run.kind, lease: f?.lease };
    });
    for (const gone of before.values()) gone.dispose();
    this.followed = followed;
    log.info(
      `Runs view: ${this.runs_.length} runs found${this.runs_.length > MAX_FOLLOWED ? `, the ${MAX_FOLLOWED} written last followed live` : ''}`,
    );
    await this.setContext(tables);
    this.changed.fire();
  }

  /**
   * The context keys the view and the menus test: whether there are runs (the Training Runs view
   * shows), the runs and the folders holding them (Show Curves in the Explorer), and the files that
   * hold predictions (Show Confusion Matrix in the Explorer).
   */
  private async setContext(tables: readonly vscode.Uri[]): Promise<void> {
    const runPaths = new Set<string>();
    for (const r of this.runs_) {
      runPaths.add(r.uri.fsPath);
      // The folders above it, up to its workspace folder: right-clicking `logs/` offers its runs.
      for (let p = r.path; p.includes('/');) {
        p = p.slice(0, p.lastIndexOf('/'));
        runPaths.add(vscode.Uri.joinPath(r.folder.uri, p).fsPath);
      }
      runPaths.add(r.folder.uri.fsPath);
      if (runPaths.size >= MAX_CONTEXT_PATHS) break;
    }
    const predictions: string[] = [];
    for (const uri of tables.slice(0, MAX_PREDICTION_CHECKS)) {
      let is = this.predictionCheck.get(uri.fsPath);
      if (is === undefined) {
        try {
          is = looksLikePredictions(uri.fsPath, await readHead(uri.fsPath, 4096));
        } catch {
          is = false; // Unreadable: no menu item.
        }
        this.predictionCheck.set(uri.fsPath, is);
      }
      if (is) predictions.push(uri.fsPath);
    }
    this.predictionFiles_ = predictions;
    await vscode.commands.executeCommand('setContext', 'metricLens.hasRuns', this.runs_.length > 0);
    await vscode.commands.executeCommand('setContext', 'metricLens.runPaths', [...runPaths]);
    await vscode.commands.executeCommand('setContext', 'metricLens.predictionFiles', predictions);
  }

  /** The predictions files the last scan found (the Explorer offers the confusion matrix on them). */
  get predictionFiles(): readonly string[] {
    return this.predictionFiles_;
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
