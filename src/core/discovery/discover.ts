/**
 * Finds the training runs in a list of file paths (relative to some root, as a workspace search
 * or a folder walk gives them): MLflow runs, DVCLive folders, TensorBoard run folders (Keras'
 * `train/` and `validation/` are one run), `trainer_state.json` (one per output folder, not one
 * per checkpoint copy), Lightning's `version_N/metrics.csv`, and files whose names say they are
 * training logs. Pure and linear in the number of paths: it looks at names only, so a text file
 * found here may still turn out to hold no metrics.
 */

import { createFolderParser, formatFromPath } from '../formats';
import { isEventFileName, isSplitFolderName } from '../formats/tfevents';
import { runNameFor } from '../text/paths';
import type { FormatId } from '../model/run';

export interface DiscoveredRun {
  /** `undefined` when only the content can tell (a `.log` is a Keras CSV or a text log). */
  readonly format: FormatId | undefined;
  readonly kind: 'file' | 'folder';
  /** The file, or the run's folder, relative to the listing's root with `/` (`''`: the root itself). */
  readonly path: string;
  readonly name: string;
  /** A folder run's member files, relative to `path` (MLflow's experiment `../meta.yaml` included). */
  readonly files: readonly string[];
}

export interface DiscoverOptions {
  /** The root folder's own name, for a run that is the root itself (`inspect dvclive/`). */
  readonly rootName?: string;
}

const IGNORED = new Set([
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  '__pycache__',
  '.trash',
  '.venv',
  'venv',
  '.tox',
  '.nox',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  '.ipynb_checkpoints',
  'site-packages',
  '.cache',
  '.conda',
]);

/** Folders never searched: version control, dependencies, virtualenvs, caches, MLflow's deleted runs. */
export function isIgnoredFolderName(name: string): boolean {
  return IGNORED.has(name);
}

// These run on file names (a name is at most 255 bytes on the file systems we meet, and each is linear anyway:
// anchored, or a word then the end of the name).
const LOG_CSV =
  /^(history|metrics|results|training|train|log|logs|progress|loss|losses|scores|.*[_-](log|history|metrics|losses?))\.(csv|tsv)$/i;
const LOG_TEXT = /\.(log|out)$/i;
/** `*.txt` whose stem names a log: a word then `\.txt$` apart (as one pattern it was quadratic in the name). */
const LOG_TXT_STEM = /log|train|output|stdout/i;
const JSON_BY_CONTENT = /^(metrics|history|training_history|train_history)\.json$/i;
const CHECKPOINT = /^checkpoint-(\d+)$/;

interface Listing {
  readonly files: string[];
  /** Folder → names of the files directly in it. */
  readonly byDir: Map<string, Set<string>>;
}

export function discoverRuns(paths: readonly string[], options: DiscoverOptions = {}): DiscoveredRun[] {
  const listing = listFiles(paths);
  const claimed = new Set<string>();
  const runs: DiscoveredRun[] = [];
  const rootName = options.rootName ?? '';

  for (const run of [
    ...findMlflowRuns(listing),
    ...findDvcliveRuns(listing, claimed),
    ...findWandbRuns(listing, claimed),
    ...findEventRuns(listing),
  ]) {
    runs.push({ ...run, name: run.path === '' ? rootName || run.name : run.name });
    for (const f of run.files) claimed.add(join(run.path, f));
  }
  runs.push(...findTrainerStates(listing, claimed));
  for (const f of listing.files) {
    if (claimed.has(f)) continue;
    const single = singleFileRun(f);
    if (single) runs.push(single);
  }
  return runs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function listFiles(paths: readonly string[]): Listing {
  const normal = paths.map((p) =>
    p
      .replace(/\\/g, '/')
      .replace(/^(\.\/)+/, '')
      .replace(/^\/+/, ''),
  );
  // A folder holding `pyvenv.cfg` is a virtualenv, whatever its name.
  const venvs = normal.filter((p) => p === 'pyvenv.cfg' || p.endsWith('/pyvenv.cfg')).map((p) => dirOf(p));
  const files: string[] = [];
  const byDir = new Map<string, Set<string>>();
  for (const p of normal) {
    if (p === '' || p.split('/').some((s) => IGNORED.has(s))) continue;
    if (venvs.length > 0 && venvs.some((v) => v === '' || isUnder(p, v))) continue;
    files.push(p);
    const d = dirOf(p);
    let set = byDir.get(d);
    if (!set) {
      set = new Set();
      byDir.set(d, set);
    }
    set.add(baseOf(p));
  }
  return { files, byDir };
}

/** `mlruns/<experiment>/<run>/`: a folder with `meta.yaml` and `metrics/`, `params/` or `tags/` files. */
function findMlflowRuns(listing: Listing): DiscoveredRun[] {
  const roots = new Map<string, string[]>();
  for (const f of listing.files) {
    const parts = f.split('/');
    for (let k = 0; k < parts.length - 1; k++) {
      const seg = parts[k];
      if (seg !== 'metrics' && seg !== 'params' && seg !== 'tags') continue;
      const root = parts.slice(0, k).join('/');
      if (!listing.byDir.get(root)?.has('meta.yaml')) continue;
      let members = roots.get(root);
      if (!members) {
        members = [];
        roots.set(root, members);
      }
      members.push(parts.slice(k).join('/'));
      break;
    }
  }
  const probe = createFolderParser('', 'mlflow', '');
  const out: DiscoveredRun[] = [];
  for (const [root, members] of roots) {
    const files = ['meta.yaml', ...members].filter((m) => probe.memberMode(m) !== undefined);
    if (!files.some((m) => m.startsWith('metrics/') || m.startsWith('params/'))) continue;
    if (root !== '' && listing.byDir.get(dirOf(root))?.has('meta.yaml')) files.push('../meta.yaml');
    out.push({ format: 'mlflow', kind: 'folder', path: root, name: baseOf(root), files: files.sort() });
  }
  return out;
}

/**
 * W&B run folders: a folder holding a `.wandb` log (`wandb/run-<date>-<id>/`, `offline-run-…`,
 * `latest-run`), or before wandb 0.10 a `wandb-history.jsonl`. Everything else in the folder
 * (`files/output.log`, `logs/debug.log`, system metrics) belongs to it, not to a run of its own.
 * `latest-run` is a link to the newest run folder: when a sibling holds the same `.wandb` file,
 * it is that run, not a second one.
 */
function findWandbRuns(listing: Listing, claimed: Set<string>): DiscoveredRun[] {
  const probe = createFolderParser('', 'wandb', '');
  const out: DiscoveredRun[] = [];
  const roots: string[] = [];
  for (const [dir, names] of listing.byDir) {
    const logs = [...names].filter((n) => n.endsWith('.wandb')).sort();
    const old = logs.length === 0 && names.has('wandb-history.jsonl');
    if (logs.length === 0 && !old) continue;
    roots.push(dir);
    if (baseOf(dir) === 'latest-run' && logs.length > 0) {
      const parent = dirOf(dir);
      const twin = [...listing.byDir].some(([d, n]) => d !== dir && dirOf(d) === parent && n.has(logs[0]!));
      if (twin) continue;
    }
    const inFiles = [...(listing.byDir.get(join(dir, 'files')) ?? [])].map((n) => `files/${n}`);
    const files = [...(old ? [...names] : logs.slice(0, 1)), ...(old ? [] : inFiles)].filter(
      (m) => probe.memberMode(m) !== undefined,
    );
    out.push({ format: 'wandb', kind: 'folder', path: dir, name: baseOf(dir) || 'wandb', files: files.sort() });
  }
  // Each file's folders looked up in a set: linear in the paths, whatever the number of runs.
  const rootSet = new Set(roots);
  for (const f of listing.files) {
    for (let d = dirOf(f); ; d = dirOf(d)) {
      if (rootSet.has(d)) {
        claimed.add(f);
        break;
      }
      if (d === '') break;
    }
  }
  return out;
}

/** A DVCLive folder: `plots/metrics/**.tsv`, or `metrics.json` beside a `plots/` folder, or a folder named `dvclive`. */
function findDvcliveRuns(listing: Listing, claimed: Set<string>): DiscoveredRun[] {
  const roots = new Set<string>();
  const withPlots = new Set<string>();
  for (const f of listing.files) {
    const parts = f.split('/');
    const k = parts.indexOf('plots');
    if (k >= 0 && k < parts.length - 1) {
      const root = parts.slice(0, k).join('/');
      withPlots.add(root);
      if (parts[k + 1] === 'metrics' && f.endsWith('.tsv')) roots.add(root);
    }
  }
  for (const [dir, names] of listing.byDir) {
    if (names.has('metrics.json') && (withPlots.has(dir) || baseOf(dir) === 'dvclive')) roots.add(dir);
    if (baseOf(dir) === 'dvclive' && [...names].some((n) => n.endsWith('.tsv'))) roots.add(dir);
  }
  // Everything under a DVCLive folder's `plots/` (sklearn plots, images) is part of it, not a run of its own.
  for (const f of listing.files) {
    const k = f.split('/').indexOf('plots');
    if (k >= 0 && roots.has(f.split('/').slice(0, k).join('/'))) claimed.add(f);
  }
  return folderRuns('dvclive', roots, listing);
}

/**
 * TensorBoard: each folder of event files is a run, except that a split folder belongs to its
 * parent's run when a sibling split folder has event files too (Keras' `train/` and `validation/`);
 * a lone `train/` (Ultralytics' `runs/detect/train/`, beside `train2/`) is a run of its own.
 */
function findEventRuns(listing: Listing): DiscoveredRun[] {
  const withEvents = new Set<string>();
  for (const [dir, names] of listing.byDir) {
    for (const n of names)
      if (isEventFileName(n)) {
        withEvents.add(dir);
        break;
      }
  }
  const splitsOf = new Map<string, number>();
  for (const dir of withEvents) {
    if (dir !== '' && isSplitFolderName(baseOf(dir))) splitsOf.set(dirOf(dir), (splitsOf.get(dirOf(dir)) ?? 0) + 1);
  }
  const roots = new Set<string>();
  for (const dir of withEvents) {
    const split = dir !== '' && isSplitFolderName(baseOf(dir)) && (splitsOf.get(dirOf(dir)) ?? 0) >= 2;
    roots.add(split ? dirOf(dir) : dir);
  }
  return folderRuns('tfevents', roots, listing);
}

/** The runs rooted at `roots`, each with the files its parser takes as members (one pass over the files). */
function folderRuns(format: FormatId, roots: Set<string>, listing: Listing): DiscoveredRun[] {
  if (roots.size === 0) return [];
  const probe = createFolderParser('', format, '');
  const members = new Map<string, string[]>([...roots].map((r) => [r, []]));
  for (const f of listing.files) {
    // Each ancestor folder that is a root may claim the file; the nearest that does, has it.
    for (let d = dirOf(f), more = true; more; more = d !== '', d = dirOf(d)) {
      const list = members.get(d);
      if (!list) continue;
      const rel = d === '' ? f : f.slice(d.length + 1);
      if (probe.memberMode(rel) !== undefined) {
        list.push(rel);
        break;
      }
    }
  }
  return [...members].map(([root, files]) => ({
    format,
    kind: 'folder' as const,
    path: root,
    name: baseOf(root),
    files: files.sort(),
  }));
}

/** `trainer_state.json`: every `checkpoint-N/` holds a copy; the output folder's own file, else the highest N, is the run. */
function findTrainerStates(listing: Listing, claimed: Set<string>): DiscoveredRun[] {
  const best = new Map<string, { path: string; rank: number }>();
  for (const f of listing.files) {
    if (claimed.has(f) || baseOf(f) !== 'trainer_state.json') continue;
    const dir = dirOf(f);
    const m = CHECKPOINT.exec(baseOf(dir));
    const out = m ? dirOf(dir) : dir;
    const rank = m ? Number(m[1]) : Infinity;
    const prev = best.get(out);
    if (!prev || rank > prev.rank) best.set(out, { path: f, rank });
    claimed.add(f);
  }
  return [...best.entries()].map(([out, b]) => ({
    format: 'hf-trainer-state',
    kind: 'file',
    path: b.path,
    name: out === '' ? runNameFor(b.path) : baseOf(out),
    files: [],
  }));
}

function singleFileRun(f: string): DiscoveredRun | undefined {
  const base = baseOf(f);
  const byPath = formatFromPath(f);
  let format: FormatId | undefined;
  if (byPath === 'lightning-csv' || byPath === 'ultralytics-csv' || byPath === 'jsonl') format = byPath;
  else if (byPath === 'csv') {
    if (!LOG_CSV.test(base)) return undefined;
    format = 'csv';
  } else if (byPath !== undefined) {
    return undefined;
  } else if (!(
    LOG_TEXT.test(base) ||
    (/\.txt$/i.test(base) && LOG_TXT_STEM.test(base.slice(0, -4))) ||
    JSON_BY_CONTENT.test(base)
  )) {
    return undefined;
  }
  return { format, kind: 'file', path: f, name: runNameFor(f), files: [] };
}

function dirOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

function baseOf(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

function join(dir: string, rel: string): string {
  if (rel.startsWith('../')) return join(dirOf(dir), rel.slice(3));
  return dir === '' ? rel : `${dir}/${rel}`;
}

function isUnder(p: string, dir: string): boolean {
  return dir === '' || p.startsWith(`${dir}/`);
}
