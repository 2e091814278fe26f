/**
 * Hugging Face `trainer_state.json`: `log_history` holds training rows (`loss`, `learning_rate`,
 * `grad_norm`), evaluation rows (`eval_*`, or `eval_<dataset>_*` with several eval sets) and a
 * final summary row (`train_runtime`, `train_loss`…), each with `step` and a fractional `epoch`.
 * Keys are sorted, so `step` comes last: a row is buffered until it closes. Each point's location
 * is the line of its own value in the pretty-printed file.
 */

import type { JsonHandler } from '../text/json';
import type { Run, RunStatus } from '../model/run';

/** Throughput and bookkeeping, not training metrics. */
function isBookkeeping(name: string): boolean {
  return (
    name === 'total_flos' ||
    name === 'num_input_tokens_seen' ||
    /_(runtime|samples_per_second|steps_per_second)$/.test(name)
  );
}

export class TrainerStateReader implements JsonHandler {
  private depth = 0;
  private currentKey: string | undefined;
  private inHistory = false;
  private inRow = false;
  private rows = 0;
  private readonly skip = new Map<string, boolean>();
  // The row being read.
  private count = 0;
  private readonly names: string[] = [];
  private values = new Float64Array(32);
  private lines = new Int32Array(32);
  private step = NaN;
  private epoch = NaN;
  // How far the run got (top-level `global_step` of `max_steps`) and whether the Trainer was told to stop.
  private readonly keys: string[] = [];
  private globalStep = NaN;
  private maxSteps = NaN;
  private stopped = false;

  constructor(private readonly run: Run) {
    run.xLabel = 'step';
  }

  openObject(): void {
    this.keys.push(this.currentKey ?? '');
    this.depth++;
    if (this.inHistory && this.depth === 3) {
      this.inRow = true;
      this.count = 0;
      this.step = NaN;
      this.epoch = NaN;
    }
    this.currentKey = undefined;
  }

  openArray(): void {
    this.keys.push(this.currentKey ?? '');
    this.depth++;
    if (this.depth === 2 && this.currentKey === 'log_history') this.inHistory = true;
  }

  close(): void {
    if (this.inRow && this.depth === 3) {
      this.inRow = false;
      this.emitRow();
    } else if (this.inHistory && this.depth === 2) {
      this.inHistory = false;
    }
    this.depth--;
    this.keys.pop();
    this.currentKey = undefined;
  }

  key(name: string): void {
    this.currentKey = name;
  }

  number(value: number, line: number): void {
    if (this.depth === 1 && (this.currentKey === 'global_step' || this.currentKey === 'max_steps')) {
      if (this.currentKey === 'global_step') this.globalStep = value;
      else this.maxSteps = value;
      this.updateStatus();
      return;
    }
    if (!this.inRow || this.depth !== 3 || this.currentKey === undefined) return;
    const key = this.currentKey;
    if (key === 'step') {
      this.step = value;
      return;
    }
    if (key === 'epoch') {
      this.epoch = value;
      return;
    }
    let skip = this.skip.get(key);
    if (skip === undefined) {
      skip = isBookkeeping(key);
      this.skip.set(key, skip);
    }
    if (skip) return;
    const i = this.count++;
    if (i === this.values.length) {
      const v = new Float64Array(i * 2);
      v.set(this.values);
      this.values = v;
      const l = new Int32Array(i * 2);
      l.set(this.lines);
      this.lines = l;
    }
    this.names[i] = key;
    this.values[i] = value;
    this.lines[i] = line;
  }

  string(): void {
    /* text values (checkpoint paths) are not metrics */
  }
  literal(value: boolean | null): void {
    // Booleans and nulls are not metrics; `stateful_callbacks.TrainerControl.args.should_training_stop` says how it ended.
    if (this.currentKey !== 'should_training_stop' || this.depth !== 4) return;
    const k = this.keys;
    if (k[1] === 'stateful_callbacks' && k[2] === 'TrainerControl' && k[3] === 'args') {
      this.stopped = value === true;
      this.updateStatus();
    }
  }

  /**
   * Finished when the Trainer reached `max_steps` or was told to stop (early stopping); a state
   * saved before that is a checkpoint, or a run that stopped there: incomplete, not crashed.
   */
  private updateStatus(): void {
    const gs = this.globalStep,
      max = this.maxSteps;
    let status: RunStatus | undefined;
    if (max > 0 && gs >= max) status = { state: 'finished' };
    else if (this.stopped) {
      status = {
        state: 'finished',
        ...(gs >= 0 && max > 0 ? { notes: [`stopped early, at step ${gs} of ${max}`] } : {}),
      };
    } else if (gs >= 0 && max > 0) {
      status = {
        state: 'incomplete',
        notes: [`step ${gs} of ${max}: a checkpoint saved before the end, or a run that stopped there`],
      };
    }
    this.run.status = status;
  }

  private emitRow(): void {
    const x = Number.isNaN(this.step) ? this.rows : this.step;
    const epoch = Number.isNaN(this.epoch) ? undefined : this.epoch;
    this.rows++;
    for (let i = 0; i < this.count; i++) {
      this.run.seriesFor(this.names[i]!).append(x, this.values[i]!, this.lines[i]!, epoch);
    }
  }
}
