/**
 * What the CLI reads for one input argument: a file is one run; a folder is searched for runs
 * (MLflow runs, DVCLive and TensorBoard folders, logs by name) and yields each of them. Text files
 * found in a folder that hold no metrics are left out silently: most `.log` files are not training logs.
 */

import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { discoverRuns } from '../core/discover';
import type { Run } from '../core/run';
import type { ErrorEntry } from '../core/summary';
import { listFiles } from './listFiles';
import { readDiscoveredRun } from './readFolder';
import { readRunFile, UnknownFormatError } from './readSource';

export interface InputRuns {
  readonly runs: Run[];
  /** Runs inside a folder that could not be read (the folder itself could). */
  readonly errors: ErrorEntry[];
}

/** Reads `input` (a file or a folder). Throws when it cannot be read at all, or a folder holds no run. */
export async function readInputRuns(input: string): Promise<InputRuns> {
  const st = await stat(input);
  if (!st.isDirectory()) return { runs: [await readRunFile(input, input)], errors: [] };
  const found = discoverRuns(await listFiles(input), { rootName: basename(input) });
  const runs: Run[] = [];
  const errors: ErrorEntry[] = [];
  for (const f of found) {
    const display = f.path === '' ? input : join(input, f.path);
    try {
      const run = await readDiscoveredRun(input, display, f);
      if (run.pointCount === 0 && (f.format === undefined || run.format === 'text')) continue;
      runs.push(run);
    } catch (e) {
      if (e instanceof UnknownFormatError && f.format === undefined) continue;
      errors.push({ source: display, message: e instanceof Error ? e.message : String(e) });
    }
  }
  if (runs.length === 0 && errors.length === 0) throw new Error('no training logs found in this folder');
  return { runs, errors };
}
