/**
 * A folder run that is being written (an MLflow run, a DVCLive folder, a TensorBoard log folder),
 * read incrementally like `LiveSource` reads one file: each appended member is tailed from the
 * offset reached, new members are noticed and read, rewritten members (a summary, a `meta.yaml`)
 * are read whole again when they change, and the run is read again from scratch when an
 * appended member shrinks, is replaced or disappears (DVCLive clears its folder at a fresh run).
 */

import { stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join } from 'node:path';
import { createFolderParser } from '../core/formats';
import { flushSteps, type FolderRunParser, type FormatId, type Run } from '../core/model/run';
import { PreparedYaml } from './preparedYaml';
import { feedMember, listMembers, memberWithinLimit } from './readFolder';
import type { RefreshResult } from './liveSource';
import { TailedFile } from './tailedFile';
import { inTurns, nextTurn } from './turns';

/** Lets other work run between chunks of a member (one slice a turn: see turns.ts). */
const betweenChunks = async (): Promise<boolean> => {
  await nextTurn();
  return true;
};

interface Member {
  readonly mode: 'append' | 'rewrite';
  readonly tail: TailedFile;
  /** For a rewritten member: what it looked like when last read. */
  signature: string;
}

export class LiveFolderSource {
  private parser_: FolderRunParser | undefined;
  private readonly members = new Map<string, Member>();
  /** Parameters files parsed off the thread before the parser reads them (see `preparedYaml.ts`). */
  private readonly yaml = new PreparedYaml();
  /** A partial last line was completed by `settle`; more bytes after it mean reading again. */
  private flushedPartial = false;
  /** Bumped on every reset, so consumers know earlier indices are void. */
  generation = 0;
  /** The latest modification time of the members seen (ms since 1970). */
  private newest = -Infinity;

  constructor(
    readonly root: string,
    readonly displayRoot: string,
    readonly format: FormatId,
    readonly name: string,
  ) {}

  get parser(): FolderRunParser | undefined {
    return this.parser_;
  }
  get run(): Run | undefined {
    return this.parser_?.run;
  }
  get pendingBytes(): number {
    return this.parser_?.pendingBytes ?? 0;
  }
  get displayPath(): string {
    return this.displayRoot;
  }
  /** When a member of the run was last written (ms since 1970), once read. */
  get lastModified(): number | undefined {
    return Number.isFinite(this.newest) ? this.newest : undefined;
  }
  /** The member files read so far, relative to the folder. */
  get memberFiles(): string[] {
    return [...this.members.keys()].sort();
  }

  async refresh(): Promise<RefreshResult> {
    try {
      if (!(await stat(this.root)).isDirectory()) return this.gone();
    } catch {
      return this.gone();
    }
    if (!this.parser_) return this.readAll();
    const listed = await listMembers(this.root, this.parser_);
    const present = new Set(listed);
    for (const [file, m] of this.members) if (m.mode === 'append' && !present.has(file)) return this.readAll();

    let changed = false;
    for (const file of listed) {
      let st: Stats;
      try {
        st = await stat(join(this.root, file));
      } catch {
        return this.readAll();
      }
      if (st.mtimeMs > this.newest) this.newest = st.mtimeMs;
      const known = this.members.get(file);
      if (!known) {
        await this.readNew(file, st);
        changed = true;
        continue;
      }
      if (known.mode === 'rewrite') {
        const sig = signatureOf(st);
        if (sig === known.signature) continue;
        known.signature = sig;
        await feedMember(this.parser_, join(this.root, file), file, nextTurn, this.yaml);
        changed = true;
        continue;
      }
      const change = await known.tail.change(st);
      if (change === 'replaced' || (change === 'grown' && this.flushedPartial)) return this.readAll();
      if (change === 'grown') {
        await known.tail.readTo(st, (chunk) => this.parser_!.push(file, chunk), betweenChunks);
        changed = true;
      }
      // A run whose state depends on how long its log has been quiet (W&B: killed) changes with no new bytes.
      if (this.parser_.noteQuiet?.(file, Date.now() - st.mtimeMs)) changed = true;
    }
    return changed ? 'appended' : 'unchanged';
  }

  /** The writers have been quiet: treat last lines without a newline as complete (see `LiveSource.settle`). */
  async settle(): Promise<boolean> {
    const parser = this.parser_;
    if (!parser || parser.pendingBytes === 0) return false;
    const before = parser.pendingBytes;
    // A step a turn (see `LiveSource.settle`).
    await inTurns(flushSteps(parser));
    if (this.parser_ !== parser) return false;
    // A binary record cut short stays pending (its reader waits for it); only completed lines count.
    const flushed = parser.pendingBytes < before;
    if (flushed) this.flushedPartial = true;
    return flushed;
  }

  private gone(): RefreshResult {
    if (this.parser_) {
      this.parser_ = undefined;
      this.members.clear();
      this.generation++;
    }
    return 'missing';
  }

  private async readAll(): Promise<RefreshResult> {
    this.generation++;
    this.flushedPartial = false;
    this.members.clear();
    this.newest = -Infinity;
    const parser = createFolderParser(this.displayRoot, this.format, this.name, this.yaml.parse);
    this.parser_ = parser;
    for (const file of await listMembers(this.root, parser)) {
      try {
        await this.readNew(file, await stat(join(this.root, file)));
      } catch {
        // Gone between listing and reading: the next refresh sees it again or not.
      }
    }
    return 'reset';
  }

  private async readNew(file: string, st: Stats): Promise<void> {
    const parser = this.parser_!;
    if (st.mtimeMs > this.newest) this.newest = st.mtimeMs;
    const mode = parser.memberMode(file) ?? 'append';
    const tail = new TailedFile(join(this.root, file));
    this.members.set(file, { mode, tail, signature: signatureOf(st) });
    if (mode === 'rewrite') {
      await feedMember(parser, tail.path, file, nextTurn, this.yaml);
    } else if (memberWithinLimit(parser, file, st.size)) {
      await tail.readTo(st, (chunk) => parser.push(file, chunk), betweenChunks);
      parser.noteQuiet?.(file, Date.now() - st.mtimeMs);
    }
  }
}

function signatureOf(st: Stats): string {
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}`;
}
