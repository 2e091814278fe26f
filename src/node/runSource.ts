/**
 * A run being followed on disk, whichever its shape: one file (`LiveSource`) or a folder run such
 * as an MLflow run, a DVCLive folder or a TensorBoard log folder (`LiveFolderSource`).
 */

import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { discoverRuns, type DiscoveredRun } from '../core/discovery/discover';
import type { FormatId, Run } from '../core/model/run';
import { listFiles } from './listFiles';
import { LiveFolderSource } from './liveFolderSource';
import { LiveSource, type ReadControl, type RefreshResult } from './liveSource';

export interface RunSource {
  readonly displayPath: string;
  /** The run as read so far; undefined before the first read or when the source is gone. */
  readonly run: Run | undefined;
  /** Bytes held back because their line or record is not complete yet. */
  readonly pendingBytes: number;
  /** Why the file's format could not be told, after a refresh that found it unrecognised. */
  readonly unrecognisedReason?: string | undefined;
  /** When the run's file was last modified (ms since the epoch), where known. */
  readonly lastModified?: number | undefined;
  refresh(control?: ReadControl): Promise<RefreshResult>;
  /** The writer has been quiet: completes what waits for more bytes; true when that added to the run. */
  settle(): Promise<boolean>;
}

export interface SourceOptions {
  /** A format forced by the user's `metricLens.formats` setting. */
  readonly format?: FormatId;
}

/** The source for `path`, or undefined when it is a folder that is not one run (it may hold several). */
export async function openRunSource(
  path: string,
  displayPath: string,
  options: SourceOptions = {},
): Promise<RunSource | undefined> {
  let isFolder = false;
  try {
    isFolder = (await stat(path)).isDirectory();
  } catch {
    // Missing for now: follow it as a file, which reports 'missing' until it appears.
  }
  if (!isFolder) return new LiveSource(path, displayPath, options.format ? { format: options.format } : {});
  const own = (await runsInFolder(path)).find((r) => r.path === '' && r.kind === 'folder' && r.format);
  return own ? new LiveFolderSource(path, displayPath, own.format!, own.name) : undefined;
}

/** The runs a folder holds (names only; a text file found may still hold no metrics). */
export async function runsInFolder(path: string): Promise<DiscoveredRun[]> {
  return discoverRuns(await listFiles(path), { rootName: basename(path) });
}
