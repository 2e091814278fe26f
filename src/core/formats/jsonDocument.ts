/**
 * A run read from one JSON file holding one value (Hugging Face's `trainer_state.json`, a Keras
 * history dict), fed line by line to the tolerant tokenizer so that every value keeps its line
 * and a large file is never one string. What a document means is up to its reader (a `JsonHandler`).
 */

import { JsonTokenizer, type JsonHandler } from '../text/json';
import { LineSplitter, longLineMessage } from '../text/lines';
import { formatSize } from '../text/messages';
import type { Run, RunParser } from '../model/run';
import { MiB } from '../text/sizes';

/**
 * A whole-document JSON file is read again from its start on every change (its writer rewrites
 * it): past this size the rest is not read. A `trainer_state.json` logging every step of a
 * million-step run is about 150 MB.
 */
export const MAX_DOCUMENT_BYTES = 256 * MiB;

export class JsonDocumentParser implements RunParser {
  private lines: LineSplitter;
  private readonly tokenizer: JsonTokenizer;
  private errorReported = false;
  private bytes = 0;
  private limitReported = false;

  constructor(
    readonly run: Run,
    handler: JsonHandler,
  ) {
    this.tokenizer = new JsonTokenizer(handler);
    this.lines = new LineSplitter((line, bytes) => run.report({ line, message: longLineMessage(line, bytes) }));
  }

  get pendingBytes(): number {
    return this.lines.pendingBytes;
  }

  push(chunk: Uint8Array): void {
    const room = MAX_DOCUMENT_BYTES - this.bytes;
    this.bytes += chunk.length;
    if (room > 0) this.lines.push(room >= chunk.length ? chunk : chunk.subarray(0, room), this.onLine);
  }

  flush(): void {
    if (this.bytes > MAX_DOCUMENT_BYTES) {
      // The line cut at the limit is not read; what came before it is shown.
      if (!this.limitReported) {
        const line = this.lines.lineNumber;
        this.lines = new LineSplitter();
        this.limitReported = true;
        this.run.report({
          line,
          message: `the file is ${formatSize(this.bytes)}, over the ${formatSize(MAX_DOCUMENT_BYTES)} a whole-document JSON file (read again on every change) may have; lines from ${line} on are not read`,
        });
      }
      return;
    }
    this.lines.flush(this.onLine);
    const t = this.tokenizer;
    if (!t.error && !t.complete && !t.empty) {
      this.run.report({
        line: this.lines.lineNumber - 1,
        message:
          'the file ends before its JSON is complete (the writer may be rewriting it); what was complete is shown',
      });
    }
  }

  private readonly onLine = (bytes: Uint8Array, start: number, end: number, line: number): void => {
    const t = this.tokenizer;
    t.feedLine(bytes, start, end, line);
    if (t.error && !this.errorReported) {
      this.errorReported = true;
      this.run.report({ line: t.error.line, message: `${t.error.message}; the rest of the file is not read` });
    }
  };
}
