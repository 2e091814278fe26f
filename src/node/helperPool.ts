/**
 * Helper threads for large files: one reads the second half of a file while this thread reads the
 * first (a predictions file: see `readPredictions`; a training log: see `readInParts`), then all
 * of them compute one-vs-rest curves alongside this thread (see `evaluatePredictions`). One per
 * spare core (a few at most) serves the process, started on first use or ahead of it
 * (`prepareHelpers`); while idle they do not keep the process alive. A helper that fails answers
 * nothing and is dropped; the caller then does the work itself, so results never depend on
 * whether helpers ran.
 *
 * The script is `classifyWorker.js` in its second role (no bundle of its own): beside this module,
 * compiled (`out/src/node/`) or bundled (`dist/`). Its side of the jobs is `helperThread.ts`.
 */

import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { OvrCurve, PredictionOptions, PredictionsPart } from '../core/classify';
import type { ParserOptions } from '../core/formats';
import type { FormatId } from '../core/model/run';
import type { PartRead } from '../core/model/splitRead';

/** `workerData` that starts `classifyWorker.js` as a helper. */
export const HELPER = { role: 'predictions helper' } as const;

export function isHelper(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as { role?: unknown }).role === HELPER.role;
}

/** Read bytes `[from, to)` of a file after its first line, `prime` (see `predictionsPart.ts`). */
export interface PartJob {
  readonly kind: 'part';
  readonly path: string;
  readonly displayPath: string;
  readonly options: PredictionOptions;
  readonly prime: Uint8Array;
  readonly from: number;
  readonly to: number;
}

/** Read bytes `[from, to)` of a training log after its header, `prime` (see `core/model/splitRead.ts`). */
export interface LogPartJob {
  readonly kind: 'log part';
  readonly path: string;
  readonly displayPath: string;
  readonly format: FormatId;
  readonly options: ParserOptions;
  readonly prime: Uint8Array;
  readonly from: number;
  readonly to: number;
  /** The file is being written: an unfinished last line is left unread (see `PartRead.unread`), not read as a line. */
  readonly growing?: boolean;
}

/** Take classes from `next` (`Atomics.add`, shared by every thread on the job) until none is left, and compute their curves. */
export interface CurveJob {
  readonly kind: 'curves';
  /** Probability columns and true labels, on SharedArrayBuffer. */
  readonly proba: readonly Float64Array[];
  readonly probaLabels: Int32Array;
  readonly yTrue: Int32Array;
  readonly next: Int32Array;
}

/** The curves a thread computed, by class (column) index. */
export type CurveShare = (readonly [number, OvrCurve])[];

export type HelperJob = PartJob | LogPartJob | CurveJob;
export type HelperReply =
  | { readonly part: PredictionsPart }
  | { readonly logPart: PartRead }
  | { readonly curves: CurveShare }
  | { readonly error: string };

/** Ten classes keep a few threads busy; more would mostly wait on memory. */
const MAX_HELPERS = 3;

const SCRIPT = join(__dirname, 'classifyWorker.js');

interface Helper {
  readonly worker: Worker;
  busy: boolean;
}

let helpers: Helper[] = [];

/** Files from this size up are read, and may be evaluated, with helpers. */
const HELPED_MIN_BYTES = 16 << 20;

/** To call before reading a predictions file of `bytes`: helpers take a while to start, which the read then hides. */
export function prepareHelpers(bytes: number): void {
  if (bytes >= HELPED_MIN_BYTES) startHelpers();
}

/** Starts the helpers ahead of a job: their start-up then overlaps with other work. */
export function startHelpers(): void {
  if (!existsSync(SCRIPT)) return;
  const wanted = Math.min(MAX_HELPERS, availableParallelism() - 1);
  while (helpers.length < wanted) {
    const helper: Helper = { worker: new Worker(SCRIPT, { workerData: HELPER }), busy: false };
    helper.worker.unref();
    // Past a failure the helper is dropped; the next job starts another.
    const drop = (): void => {
      helpers = helpers.filter((h) => h !== helper);
    };
    helper.worker.on('error', drop);
    helper.worker.on('exit', drop);
    helpers.push(helper);
  }
}

/** The part read by an idle helper (undefined if it failed); `undefined` when no helper is idle. */
export function readPartInHelper(job: PartJob): Promise<PredictionsPart | undefined> | undefined {
  startHelpers();
  const helper = helpers.find((h) => !h.busy);
  return helper && ask(helper, job).then((reply) => (reply && 'part' in reply ? reply.part : undefined));
}

/** The log part read by an idle helper (undefined if it failed); `undefined` when no helper is idle. */
export function readLogPartInHelper(job: LogPartJob): Promise<PartRead | undefined> | undefined {
  startHelpers();
  const helper = helpers.find((h) => !h.busy);
  return helper && ask(helper, job).then((reply) => (reply && 'logPart' in reply ? reply.logPart : undefined));
}

/**
 * Puts every idle helper on `job`; resolves with their curves once each has answered (the classes a
 * failed helper took are missing). `undefined` when no helper is idle.
 */
export function curvesInHelpers(job: CurveJob): Promise<CurveShare> | undefined {
  startHelpers();
  const idle = helpers.filter((h) => !h.busy);
  if (idle.length === 0) return undefined;
  return Promise.all(idle.map((h) => ask(h, job))).then((replies) =>
    replies.flatMap((r) => (r && 'curves' in r ? r.curves : [])),
  );
}

function ask(helper: Helper, job: HelperJob): Promise<HelperReply | undefined> {
  const w = helper.worker;
  helper.busy = true;
  w.ref();
  return new Promise((resolve) => {
    const done = (reply: HelperReply | undefined): void => {
      helper.busy = false;
      w.unref();
      w.off('message', done);
      w.off('error', failed);
      w.off('exit', failed);
      resolve(reply);
    };
    const failed = (): void => done(undefined);
    w.on('message', done);
    w.on('error', failed);
    w.on('exit', failed);
    w.postMessage(job);
  });
}
