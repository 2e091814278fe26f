/**
 * Lists the files under a folder, as `/`-separated paths relative to it, for run discovery.
 * Ignored folders (`node_modules`, `.git`, virtualenvs…) are not entered, symbolic links to
 * folders are not followed (no cycles), and a cap keeps a huge tree from stalling the caller.
 */

import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isIgnoredFolderName } from '../core/discovery/discover';

export interface ListOptions {
  /** Whether to enter a sub-folder (relative, `/`-separated); all are entered when absent. */
  readonly enter?: (folder: string) => boolean;
  /** Stop after this many files. */
  readonly maxFiles?: number;
}

export async function listFiles(root: string, options: ListOptions = {}): Promise<string[]> {
  const out: string[] = [];
  const max = options.maxFiles ?? 200_000;
  const pending: string[] = [''];
  while (pending.length > 0 && out.length < max) {
    const rel = pending.pop()!;
    let entries;
    try {
      entries = await readdir(rel === '' ? root : join(root, rel), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const path = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) {
        if (!isIgnoredFolderName(e.name) && (!options.enter || options.enter(path))) pending.push(path);
      } else if (e.isFile()) {
        out.push(path);
        if (out.length >= max) break;
      }
    }
  }
  return out.sort();
}
