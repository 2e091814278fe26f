/**
 * A run read from one JSON file holding one value (Hugging Face's `trainer_state.json`, a Keras
 * history dict), fed line by line to the tolerant tokenizer so that every value keeps its line
 * and a large file is never one string. What a document means is up to its reader (a `JsonHandler`).
 */

import { JsonTokenizer, type JsonHandler } from '../json';
import { LineSplitter } from '../lines';
import type { Run, RunParser } from '../run';

export class JsonDocumentParser implements RunParser {
  private readonly lines: LineSplitter;
  private readonly tokenizer: JsonTokenizer;
  private errorReported = false;

  constructor(readonly run: Run, handler: JsonHandler) {
    this.tokenizer = new JsonTokenizer(handler);
    this.lines = new LineSplitter((line, bytes) =>
      run.report({ line, message: `line ${line} is ${bytes} bytes long; lines over 64 MB are skipped` }));
  }

  get pendingBytes(): number { return this.lines.pendingBytes; }

  push(chunk: Uint8Array): void { this.lines.push(chunk, this.onLine); }

  flush(): void {
    this.lines.flush(this.onLine);
    const t = this.tokenizer;
    if (!t.error && !t.complete && !t.empty) {
      this.run.report({ line: this.lines.lineNumber - 1, message: 'the file ends before its JSON is complete (the writer may be rewriting it); what was complete is shown' });
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
