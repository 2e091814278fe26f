/**
 * What the CLI reads for one input argument: a file is one run; a folder is searched for runs
 * (MLflow runs, DVCLive and TensorBoard folders, logs by name) and yields each of them. Text files
 * found in a folder that hold no metrics are left out (most `.log` files are not training logs), but
 * named in `skipped` with the reason, so that a log read wrongly does not vanish without a word.
 */

import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { discoverRuns } from '../core/discovery/discover';
import type { FormatId, Run } from '../core/model/run';
import type { ErrorEntry } from '../core/model/summary';
import { listFiles } from './listFiles';
import { readDiscoveredRun } from './readFolder';
import { readRunFile, UnknownFormatError } from './readSource';

export interface InputRuns {
  readonly runs: Run[];
  /** Runs inside a folder that could not be read (the folder itself could). */
  readonly errors: ErrorEntry[];
  /** Files found in a folder by name that turned out to be no training log, and why. */
  readonly skipped: ErrorEntry[];
}

/** Reads `input` (a file or a folder). Throws when it cannot be read at all, or a folder holds no run. */
export async function readInputRuns(input: string, format?: FormatId): Promise<InputRuns> {
  const st = await stat(input);
  if (!st.isDirectory())
    return { runs: [await readRunFile(input, input, format ? { format } : {})], errors: [], skipped: [] };
  const found = discoverRuns(await listFiles(input), { rootName: basename(input) });
  const runs: Run[] = [];
  const errors: ErrorEntry[] = [];
  const skipped: ErrorEntry[] = [];
  for (const f of found) {
    const display = f.path === '' ? input : join(input, f.path);
    try {
      const run = await readDiscoveredRun(input, display, f);
      if (run.pointCount === 0 && (f.format === undefined || run.format === 'text')) {
        skipped.push({ source: display, message: 'no metric lines: not read as a training log' });
        continue;
      }
      runs.push(run);
    } catch (e) {
      if (e instanceof UnknownFormatError && f.format === undefined) {
        skipped.push({ source: display, message: e.message });
        continue;
      }
      errors.push({ source: display, message: e instanceof Error ? e.message : String(e) });
    }
  }
  if (runs.length === 0 && errors.length === 0) {
    throw new Error(
      `no training logs found in this folder${
        skipped.length > 0
          ? ` (skipped: ${skipped
              .map((s) => `${s.source}: ${s.message}`)
              .slice(0, 5)
              .join('; ')})`
          : ''
      }`,
    );
  }
  return { runs, errors, skipped };
}
