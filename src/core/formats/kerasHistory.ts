/**
 * A Keras `history.history` dumped as JSON, or any `{metric: [values]}` object: the index of a
 * value is its epoch (0-based, as Keras counts). Values keep their own line numbers.
 */

import type { JsonHandler } from '../text/json';
import type { Run } from '../model/run';

export class KerasHistoryReader implements JsonHandler {
  private depth = 0;
  private currentKey: string | undefined;
  private current: string | undefined;
  private index = 0;

  constructor(private readonly run: Run) {
    run.xLabel = 'epoch';
  }

  openObject(): void {
    this.depth++;
    this.currentKey = undefined;
  }

  openArray(): void {
    this.depth++;
    if (this.depth === 2 && this.currentKey !== undefined) {
      this.current = this.currentKey;
      this.index = 0;
    }
  }

  close(): void {
    if (this.depth === 2) this.current = undefined;
    this.depth--;
    // A nested array or object inside a metric's list takes one index.
    if (this.depth === 2 && this.current !== undefined) this.index++;
    this.currentKey = undefined;
  }

  key(name: string): void {
    this.currentKey = name;
  }

  number(value: number, line: number): void {
    if (this.depth !== 2 || this.current === undefined) return;
    this.run.seriesFor(this.current).append(this.index, value, line, this.index);
    this.index++;
  }

  string(): void {
    this.skipValue();
  }
  literal(): void {
    this.skipValue();
  }

  /** A missing value (`null`) still takes its epoch's place. */
  private skipValue(): void {
    if (this.depth === 2 && this.current !== undefined) this.index++;
  }
}
