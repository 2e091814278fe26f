/**
 * A text-format parser behind the check of what the file's first bytes are (see `TextBytes`):
 * UTF-16 reaches it as UTF-8, and a binary file opened as a log gives one issue instead of being read.
 * For a member of a folder run, `file` names it in that issue.
 */

import { isSplittable, type ReadPlace, type Run, type RunParser, type SplittableParser } from '../model/run';
import { TextBytes } from './textBytes';

export class TextFileParser implements SplittableParser {
  private readonly bytes: TextBytes;

  constructor(
    private readonly inner: RunParser,
    file?: string,
  ) {
    this.bytes = new TextBytes((message) =>
      inner.run.report(file === undefined ? { offset: 0, message } : { file, offset: 0, message }),
    );
  }

  get run(): Run {
    return this.inner.run;
  }
  get pendingBytes(): number {
    return this.bytes.pendingBytes + this.inner.pendingBytes;
  }
  push(chunk: Uint8Array): void {
    this.bytes.push(chunk, this.pass);
  }
  flush(): void {
    this.bytes.flush(this.pass);
    this.inner.flush();
  }

  // Split reading (see `SplittableParser`) for an inner parser that can, while bytes pass as they are (UTF-8 text).
  primeLength(head: Uint8Array): number | undefined {
    return isSplittable(this.inner) ? this.inner.primeLength(head) : undefined;
  }
  continuation(): string | undefined {
    return isSplittable(this.inner) && this.bytes.passesThrough ? this.inner.continuation() : undefined;
  }
  get usedDefaults(): boolean {
    return isSplittable(this.inner) ? this.inner.usedDefaults : true;
  }
  get linesRead(): number {
    return isSplittable(this.inner) ? this.inner.linesRead : 0;
  }
  place(): ReadPlace {
    return isSplittable(this.inner) ? this.inner.place() : { lines: 0, rows: 0, lastX: NaN };
  }
  readOn(after: ReadPlace): void {
    if (isSplittable(this.inner)) this.inner.readOn(after);
  }

  private readonly pass = (chunk: Uint8Array): void => this.inner.push(chunk);
}
