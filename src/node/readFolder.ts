/**
 * Reading a folder run (an MLflow run, a DVCLive folder, a TensorBoard run folder) from disk,
 * and any run that discovery found, for the CLI and the extension host. Member files are read in
 * chunks, in name order (event files are named by their creation time).
 */

import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DiscoveredRun } from '../core/discovery/discover';
import { createFolderParser } from '../core/formats';
import {
  flushSteps,
  MAX_LOG_FILE_BYTES,
  tooLargeMessage,
  type FolderRunParser,
  type FormatId,
  type Run,
} from '../core/model/run';
import { listFiles } from './listFiles';
import { openRegular, pushChunks } from './fileChunks';
import { readRunFile } from './readSource';
import type { PreparedYaml } from './preparedYaml';
import { inTurns } from './turns';

/** The members of a folder run as they are on disk now, relative to `root`, sorted. */
export async function listMembers(root: string, parser: FolderRunParser): Promise<string[]> {
  const files = (await listFiles(root, { enter: (folder) => parser.exploresFolder(folder) })).filter(
    (f) => parser.memberMode(f) !== undefined,
  );
  for (const f of parser.outsideMembers) {
    try {
      if ((await stat(join(root, f))).isFile()) files.push(f);
    } catch {
      // An outside member is optional (MLflow's experiment meta.yaml may be absent).
    }
  }
  return files.sort();
}

/**
 * Pushes the whole of `path` into a folder parser as member `file`, then flushes that member. A member over the
 * size a log may have is not read (the limit applies to every file of a folder as to a file alone), and said.
 */
export async function feedMember(
  parser: FolderRunParser,
  path: string,
  file: string,
  beforeParse?: () => Promise<void>,
  yaml?: PreparedYaml,
): Promise<void> {
  const fh = await openRegular(path);
  // A parameters file (`meta.yaml`, `config.yaml`, `params.yaml`) is kept whole, to be parsed off the thread.
  const whole: Uint8Array[] | undefined =
    yaml && /\.ya?ml$/i.test(file) && parser.memberMode(file) === 'rewrite' ? [] : undefined;
  try {
    const size = (await fh.stat()).size;
    if (!memberWithinLimit(parser, file, size)) return;
    await pushChunks(fh, 0, size, (chunk) => {
      whole?.push(chunk.slice());
      parser.push(file, chunk);
    });
  } finally {
    await fh.close();
  }
  if (whole && yaml) await yaml.prepare(Buffer.concat(whole), { wandbConfig: parser.run.format === 'wandb' });
  // A member written whole (parameters, a summary) is parsed at its flush, in the turn `beforeParse` gives; a
  // flush with much to do (a damaged TensorBoard header) goes on a step each such turn.
  if (!beforeParse) return parser.flush(file);
  await beforeParse();
  await inTurns(flushSteps(parser, file), beforeParse);
}

/** Whether a member of `size` bytes may be read; if not, the run says so, naming the member and the limit. */
export function memberWithinLimit(parser: FolderRunParser, file: string, size: number): boolean {
  if (size <= MAX_LOG_FILE_BYTES) return true;
  parser.run.report({ file, offset: 0, message: tooLargeMessage(size) });
  return false;
}

/** Reads a folder run whole. `files` (from discovery) saves listing the folder again. */
export async function readFolderRun(
  root: string,
  displayRoot: string,
  format: FormatId,
  name: string,
  files?: readonly string[],
): Promise<FolderRunParser> {
  const parser = createFolderParser(displayRoot, format, name);
  const members = files ? [...files].sort() : await listMembers(root, parser);
  for (const file of members) {
    try {
      await feedMember(parser, join(root, file), file);
    } catch (e) {
      parser.run.report({ file, message: `cannot be read: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
  if (parser.noteQuiet) {
    const now = Date.now();
    for (const file of members) {
      try {
        parser.noteQuiet(file, now - (await stat(join(root, file))).mtimeMs);
      } catch {
        // Gone since it was read: left as read.
      }
    }
  }
  return parser;
}

/** Reads a run that discovery found under `root`; `display` is how its path is shown. */
export async function readDiscoveredRun(root: string, display: string, found: DiscoveredRun): Promise<Run> {
  const path = found.path === '' ? root : join(root, found.path);
  if (found.kind === 'folder') return (await readFolderRun(path, display, found.format!, found.name, found.files)).run;
  const options = found.format === undefined ? { name: found.name } : { name: found.name, format: found.format };
  return readRunFile(path, display, options);
}
