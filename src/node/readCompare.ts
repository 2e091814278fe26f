/**
 * The compare table of runs read from files and folders, built one way for `metric-lens compare`,
 * the benchmark and the tests: each input read as the CLI reads it (a folder searched for runs),
 * each run with the parameters read with it (its own, or the files beside it: `readSidecars`), and
 * its findings when asked for. The editor's panel builds its rows from the runs it follows live.
 */

import { compareRuns, type CompareInput, type CompareTable } from '../core/compare';
import { diagnoseRun, findingsOnce } from '../core/diagnose';
import type { Run } from '../core/model/run';
import { readInputRuns } from './readInputs';

/** An input, or a run inside a folder, that could not be read: `error` when the input could not be read at all. */
export type CompareProblem =
  { readonly source: string; readonly message: string } | { readonly source: string; readonly error: unknown };

export interface ReadCompare {
  readonly table: CompareTable;
  /** In the order of the inputs. */
  readonly problems: readonly CompareProblem[];
}

/** Reads every input and builds the table; with `findings`, each run's training-health findings too. */
export async function readCompareTable(
  inputs: readonly string[],
  options: { readonly findings?: boolean } = {},
): Promise<ReadCompare> {
  const runs: Run[] = [];
  const problems: CompareProblem[] = [];
  for (const input of inputs) {
    try {
      const got = await readInputRuns(input);
      runs.push(...got.runs);
      problems.push(...got.errors);
    } catch (error) {
      problems.push({ source: input, error });
    }
  }
  const findings = options.findings ? findingsOnce(runs.map((run) => ({ run, findings: diagnoseRun(run) }))) : [];
  const rows: CompareInput[] = runs.map((run, i) => ({
    run,
    id: run.source,
    path: run.source,
    findings: findings[i] ?? [],
  }));
  return { table: compareRuns(rows), problems };
}
