// The generated sweep (test/fixtures/compare) read as the CLI reads it, and its independent reference numbers.
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { CompareTable } from '../../../src/core/compare';
import { readCompareTable } from '../../../src/node/readCompare';
import { fixture } from '../helpers';

export interface Reference {
  runs: Record<
    string,
    {
      params: Record<string, number | string>;
      metrics: Record<string, { best: number; bestStep: number; last: number; lastStep: number }>;
      steps: number;
    }
  >;
  spearman_val_loss_best: Record<string, { rho: number; n: number }>;
  group_by_optimizer_val_loss_best: Record<string, { mean: number; std: number; n: number }>;
  'filter_lr_below_1e-2_and_val_loss_best_below_0.3': string[];
  sorted_by_val_acc_best_descending: string[];
}

export const reference = JSON.parse(readFileSync(fixture('compare', 'reference.json'), 'utf8')) as Reference;

/** The version folder a row's run is in (`version_3`), as the reference names runs. */
export function versionOf(path: string): string {
  return basename(dirname(path));
}

export async function sweepTable(): Promise<CompareTable> {
  return (await readCompareTable([fixture('compare', 'sweep')])).table;
}
