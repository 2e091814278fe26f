// What the CLI computes for a file of the sweep, with the CLI's own code: which kind of file it is
// (`looksLikePredictions`, then `readInputRuns`, as `classify` and `inspect` read them), its
// series, or its matrix. The sweep compares the editor with this.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { evaluatePredictions } from '../../../src/node/evaluatePredictions';
import { readPredictionsFile } from '../../../src/node/readPredictions';
import { readInputRuns } from '../../../src/node/readInputs';
import { readHead, UnknownFormatError } from '../../../src/node/readSource';
import { discoverRuns } from '../../../src/core/discovery/discover';
import { looksLikePredictions, type Evaluation, type PredictionsRead } from '../../../src/core/classify';
import { summarizeRun, type SeriesSummary, type SummaryValue } from '../../../src/core/model/summary';

/** Files whose names say they hold data (a user would open them and look for a button). */
const DATA_FILE = /\.(csv|tsv|log|out|txt|json|jsonl)$|^events\.out\.tfevents\./i;

export interface SweepItem {
  /** `/`-separated, relative to the workspace. */
  readonly path: string;
  /** A folder run (MLflow, DVCLive, TensorBoard) or a file. */
  readonly folder: boolean;
}

/**
 * Every folder run of the workspace (found as the Runs view and `inspect <folder>` find them), and
 * every data file that is not a member of one. Listed synchronously, when the suite is defined, so
 * each gets its own test; files other suites write (`scratch/`) are left out.
 */
export function sweepItems(root: string): SweepItem[] {
  const files: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(rel ? join(root, rel) : root).sort()) {
      const path = rel ? `${rel}/${name}` : name;
      if (path === 'scratch') continue;
      if (statSync(join(root, path)).isDirectory()) walk(path);
      else files.push(path);
    }
  };
  walk('');
  const runs = discoverRuns(files);
  const folders = runs.filter((r) => r.kind === 'folder');
  const members = new Set(folders.flatMap((r) => r.files.map((f) => (r.path ? `${r.path}/${f}` : f))));
  const single = files.filter((f) => !members.has(f) && DATA_FILE.test(f.split('/').pop()!));
  return [
    ...folders.map((r) => ({ path: r.path, folder: true })),
    ...single.map((path) => ({ path, folder: false })),
  ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export type Expected =
  | {
      readonly kind: 'log';
      /** The runs' curves and step metrics, as `inspect` lists them under `series`. */
      readonly series: readonly SeriesSummary[];
      /** The values of the runs (`inspect`'s `summary`): numbers in the panel's run summary, not charts. */
      readonly values: readonly SummaryValue[];
      readonly runs: number;
      readonly issues: number;
    }
  | { readonly kind: 'predictions'; readonly read: PredictionsRead; readonly evaluation: Evaluation | undefined }
  | { readonly kind: 'other'; readonly why: string };

/** What the CLI makes of `path` (absolute). */
export async function expectedFor(path: string, folder: boolean): Promise<Expected> {
  if (!folder && looksLikePredictions(path, await readHead(path, 4096))) {
    const read = await readPredictionsFile(path, path);
    return { kind: 'predictions', read, evaluation: read.data ? await evaluatePredictions(read.data) : undefined };
  }
  try {
    const input = await readInputRuns(path);
    return {
      kind: 'log',
      runs: input.runs.length,
      series: input.runs.flatMap((r) => summarizeRun(r).series),
      values: input.runs.flatMap((r) => summarizeRun(r).summary),
      issues: input.runs.reduce((n, r) => n + r.issueCount, 0),
    };
  } catch (e) {
    if (e instanceof UnknownFormatError) return { kind: 'other', why: e.message };
    throw e;
  }
}
