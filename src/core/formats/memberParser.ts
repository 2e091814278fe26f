/**
 * One file of a folder format read on its own (an MLflow `metrics/loss` file, a DVCLive TSV
 * opened in the editor): the folder's parser is given just that member, so the series are named
 * as they would be in the whole run.
 */

import { pathSegments } from '../text/paths';
import type { FolderRunParser, FormatId, Run, RunParser } from '../model/run';

export class MemberParser implements RunParser {
  constructor(
    private readonly folder: FolderRunParser,
    private readonly member: string,
  ) {}

  get run(): Run {
    return this.folder.run;
  }
  get pendingBytes(): number {
    return this.folder.pendingBytes;
  }
  push(chunk: Uint8Array): void {
    this.folder.push(this.member, chunk);
  }
  flush(): void {
    this.folder.flush(this.member);
  }
}

/** The member path of `path` inside its run folder, for the folder formats. */
export function memberPathOf(path: string, format: FormatId): string {
  const parts = pathSegments(path);
  const file = parts[parts.length - 1] ?? path;
  if (format === 'mlflow') {
    const i = parts.lastIndexOf('mlruns');
    if (i >= 0 && parts[i + 3] === 'metrics' && parts.length > i + 4) return parts.slice(i + 3).join('/');
    const m = parts.lastIndexOf('metrics');
    return m >= 0 ? parts.slice(m).join('/') : `metrics/${file}`;
  }
  if (format === 'dvclive') {
    for (let i = 0; i + 1 < parts.length; i++) {
      if (parts[i] === 'plots' && parts[i + 1] === 'metrics') return parts.slice(i).join('/');
    }
    return file;
  }
  return file;
}
