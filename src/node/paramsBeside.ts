/**
 * Parameters a writer keeps in a file beside a single-file run: Lightning's CSVLogger writes
 * `hparams.yaml` next to `metrics.csv`. (Folder runs read theirs as members: MLflow params,
 * DVCLive `params.yaml`.) Read for the compare table, by the CLI and the editor alike.
 */

import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Run } from '../core/model/run';
import { MAX_YAML_BYTES, readYamlParams } from '../core/text/yaml';
import { formatSize } from '../core/text/messages';

/** The file beside `metricsPath` that holds its run's parameters, for the formats that have one. */
export function paramsFileBeside(run: Run, metricsPath: string): string | undefined {
  return run.format === 'lightning-csv' && basename(metricsPath) === 'metrics.csv'
    ? join(dirname(metricsPath), 'hparams.yaml')
    : undefined;
}

/**
 * The parameters of the run read from `metricsPath`: its own when it has some, else those of the
 * file beside it (a missing file means none). A problem in that file is returned, naming it.
 */
export async function paramsOf(
  run: Run,
  metricsPath: string,
): Promise<{ params: ReadonlyMap<string, string>; issue?: string }> {
  const file = run.params.size > 0 ? undefined : paramsFileBeside(run, metricsPath);
  if (!file) return { params: run.params };
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    return { params: run.params };
  }
  if (size > MAX_YAML_BYTES)
    return {
      params: run.params,
      issue: `${file}: ${formatSize(size)}, over the ${formatSize(MAX_YAML_BYTES)} a parameters file may have; not read`,
    };
  const { values, issue } = readYamlParams(await readFile(file, 'utf8'));
  return { params: values, ...(issue ? { issue: `${file}:${issue.line}: ${issue.message}` } : {}) };
}
