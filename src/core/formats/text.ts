/**
 * Plain-text stdout logs (`python train.py > train.log`): metric pairs on lines that name an
 * epoch or a step, or that follow a line that did (Keras prints `Epoch 3/10` and then the
 * epoch's progress line). Epochs and steps are kept exactly as the file numbers them; a step
 * that counts within an epoch (`Epoch [2/5], Step [100/600]`) is made a running count
 * ((epoch − first epoch) × 600 + 100) so that the curve does not restart every epoch. Lines
 * without metrics are not errors; they are most of a log.
 */

import { LineSplitter, decodeUtf8, longLineMessage } from '../text/lines';
import { Run, type RunParser } from '../model/run';
import { MAX_METRICS_PER_LINE, emptyScan, scanTextLine } from './textLine';

const OWN_SPLIT = /^(train|training|trn|val|valid|validation|eval|evaluation|dev|test|testing)$/i;

export class TextLogParser implements RunParser {
  readonly run: Run;
  private readonly lines: LineSplitter;
  private readonly scan = emptyScan();
  /** The epoch the latest line named: lines without one (Keras progress, `val Loss: …`) belong to it. */
  private contextEpoch = NaN;
  /** The first epoch number seen: 0 or 1 decides how an in-epoch step becomes a running one. */
  private firstEpoch = NaN;
  private lastStep = NaN;
  private sawStep = false;
  /** Metrics already taken from the current Keras epoch's progress lines (the last update counts once). */
  private readonly fromProgress = new Set<string>();
  private readonly splitNames = new Map<string, string>();
  private truncationReported = false;

  constructor(source: string, name: string) {
    this.run = new Run(source, 'text', name);
    this.run.xLabel = 'epoch';
    this.lines = new LineSplitter((line, bytes) => this.run.report({ line, message: longLineMessage(line, bytes) }));
  }

  get pendingBytes(): number {
    return this.lines.pendingBytes;
  }
  push(chunk: Uint8Array): void {
    this.lines.push(chunk, this.onLine);
  }
  flush(): void {
    this.lines.flush(this.onLine);
  }

  private readonly onLine = (bytes: Uint8Array, start: number, end: number, line: number): void => {
    if (!hasDigit(bytes, start, end)) return;
    const scan = this.scan;
    if (!scanTextLine(decodeUtf8(bytes.subarray(start, end)), scan)) return;
    if (!Number.isNaN(scan.epoch) && Number.isNaN(this.firstEpoch)) this.firstEpoch = scan.epoch;
    if (scan.epochHeader) {
      this.contextEpoch = scan.epoch;
      this.fromProgress.clear();
      return;
    }
    if (scan.count === 0) {
      if (!Number.isNaN(scan.epoch)) this.contextEpoch = scan.epoch;
      return;
    }
    if (scan.progress) {
      this.onProgress(line);
      return;
    }
    const epoch = Number.isNaN(scan.epoch) ? this.contextEpoch : scan.epoch;
    if (!Number.isNaN(scan.epoch)) this.contextEpoch = scan.epoch;
    let x: number;
    if (!Number.isNaN(scan.step)) {
      x =
        !Number.isNaN(scan.stepTotal) && !Number.isNaN(epoch)
          ? (epoch - (this.firstEpoch === 0 ? 0 : 1)) * scan.stepTotal + scan.step
          : scan.step;
      this.sawStep = true;
      this.run.xLabel = 'step';
      this.lastStep = x;
    } else if (Number.isNaN(epoch)) {
      return;
    } else {
      x = this.sawStep ? this.lastStep : epoch;
    }
    this.emit(x, epoch, line, false);
  };

  /**
   * A Keras progress line counts when it is the epoch's last update: its counter is full or it
   * has the validation metrics. Keras may print the full counter twice (before and after
   * validation), so a metric is taken once per epoch.
   */
  private onProgress(line: number): void {
    const scan = this.scan;
    if (Number.isNaN(this.contextEpoch)) return;
    let hasVal = false;
    for (let i = 0; i < scan.count; i++) if (scan.metrics[i]!.name.startsWith('val_')) hasVal = true;
    if (!scan.progressDone && !hasVal) return;
    const x = this.sawStep ? this.lastStep : this.contextEpoch;
    this.emit(x, this.contextEpoch, line, true);
  }

  private emit(x: number, epoch: number, line: number, once: boolean): void {
    const scan = this.scan;
    if (scan.truncated && !this.truncationReported) {
      this.truncationReported = true;
      this.run.report({
        line,
        message: `line ${line}: more than ${MAX_METRICS_PER_LINE} metric values, the most read from one line; the rest are skipped`,
      });
    }
    const e = Number.isNaN(epoch) ? undefined : epoch;
    for (let i = 0; i < scan.count; i++) {
      const m = scan.metrics[i]!;
      const name = scan.split === undefined ? m.name : this.withSplit(scan.split, m.name);
      if (once) {
        if (this.fromProgress.has(name)) continue;
        this.fromProgress.add(name);
      }
      const series = this.run.seriesFor(name);
      if (m.percent) series.percent = true;
      series.append(x, m.value, line, e);
    }
  }

  /** `Loss` on a line about validation becomes `val/Loss`; a name with its own split marker stays. */
  private withSplit(split: string, name: string): string {
    const key = `${split}\u0000${name}`;
    let out = this.splitNames.get(key);
    if (out === undefined) {
      const words = name.split(/[\s_/.-]+/);
      const own = OWN_SPLIT.test(words[0] ?? '') || OWN_SPLIT.test(words[words.length - 1] ?? '');
      out = own ? name : `${split}/${name}`;
      this.splitNames.set(key, out);
    }
    return out;
  }
}

function hasDigit(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}
