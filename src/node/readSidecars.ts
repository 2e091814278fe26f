/** Reads the parameters files beside a one-file run (see `core/discovery/sidecarParams`) into its run. */

import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { FormatId, Run } from '../core/model/run';
import { applySidecar, sidecarsFor, MAX_SIDECAR_BYTES } from '../core/discovery/sidecarParams';
import { formatSize } from '../core/text/messages';
import { readFileAt } from './fileChunks';
import type { PreparedYaml } from './preparedYaml';

/**
 * `beforeParse`, when given, is waited for after a file is read and before it is parsed (a turn of the host's
 * loop); `yaml`, when given, parses a large file off the thread (see `preparedYaml.ts`).
 */
export async function readSidecars(
  path: string,
  format: FormatId,
  run: Run,
  beforeParse?: () => Promise<void>,
  yaml?: PreparedYaml,
): Promise<void> {
  for (const sidecar of sidecarsFor(format)) {
    const file = join(dirname(path), sidecar.file);
    let size: number;
    try {
      const st = await stat(file);
      if (!st.isFile()) continue;
      size = st.size;
    } catch {
      continue; // None beside this run.
    }
    if (size > MAX_SIDECAR_BYTES) {
      run.report({
        message: `in ${sidecar.file} beside it: the file is ${formatSize(size)}, over the ${formatSize(MAX_SIDECAR_BYTES)} a parameters file may have; not read`,
      });
      continue;
    }
    try {
      const bytes = await readFileAt(file, 0, size);
      await yaml?.prepare(bytes);
      await beforeParse?.();
      applySidecar(run, sidecar, bytes, yaml?.parse);
    } catch {
      // Gone or unreadable between the stat and the read: the run is shown without these parameters.
    }
  }
}
