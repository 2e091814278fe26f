/**
 * Reading and evaluating a predictions file, inline for small files and in a worker thread for
 * large ones (with progress and cancellation). Shared by the extension host; the CLI reads inline.
 */

import { stat } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { evaluate, type Evaluation, type PredictionOptions, type PredictionsRead } from '../core/classify';
import { readPredictionsFile } from './readPredictions';

export interface ClassifyJob {
  readonly path: string;
  readonly displayPath: string;
  readonly options: PredictionOptions;
}

export type ClassifyMessage =
  | { readonly type: 'progress'; readonly done: number; readonly total: number }
  | { readonly type: 'done'; readonly read: PredictionsRead; readonly evaluation: Evaluation | undefined }
  | { readonly type: 'error'; readonly message: string };

export interface ClassifyResult {
  readonly read: PredictionsRead;
  readonly evaluation: Evaluation | undefined;
}

/** Files above this size are read in a worker thread; below it the overhead is not worth it. */
export const WORKER_THRESHOLD_BYTES = 8 << 20;

/** Every ArrayBuffer reachable in a result, to transfer rather than copy. */
export function transferablesOf(value: unknown): ArrayBuffer[] {
  const found = new Set<ArrayBuffer>();
  const seen = new Set<object>();
  const visit = (v: unknown): void => {
    if (typeof v !== 'object' || v === null || seen.has(v)) return;
    seen.add(v);
    if (ArrayBuffer.isView(v)) {
      if (v.buffer instanceof ArrayBuffer && v.byteOffset === 0 && v.byteLength === v.buffer.byteLength)
        found.add(v.buffer);
      return;
    }
    for (const x of Array.isArray(v) ? v : Object.values(v)) visit(x);
  };
  visit(value);
  return [...found];
}

export interface ClassifyControl {
  readonly onProgress?: (done: number, total: number) => void;
  /** Cancels: the worker is terminated and the promise rejects. */
  readonly signal?: AbortSignal;
  /** The bundled worker script (dist/classifyWorker.js); without it everything runs inline. */
  readonly workerScript?: string;
}

export async function classifyFile(job: ClassifyJob, control: ClassifyControl = {}): Promise<ClassifyResult> {
  const size = (await stat(job.path)).size;
  if (!control.workerScript || size < WORKER_THRESHOLD_BYTES) {
    const read = await readPredictionsFile(job.path, job.displayPath, {
      ...job.options,
      ...(control.onProgress ? { onProgress: control.onProgress } : {}),
      ...(control.signal ? { signal: control.signal } : {}),
    });
    return { read, evaluation: read.data ? evaluate(read.data) : undefined };
  }
  return new Promise<ClassifyResult>((resolve, reject) => {
    const worker = new Worker(control.workerScript!, { workerData: job });
    const abort = () => {
      void worker.terminate();
      reject(new Error('cancelled'));
    };
    control.signal?.addEventListener('abort', abort, { once: true });
    worker.on('message', (m: ClassifyMessage) => {
      if (m.type === 'progress') control.onProgress?.(m.done, m.total);
      else if (m.type === 'done') {
        control.signal?.removeEventListener('abort', abort);
        void worker.terminate();
        resolve({ read: m.read, evaluation: m.evaluation });
      } else {
        control.signal?.removeEventListener('abort', abort);
        void worker.terminate();
        reject(new Error(m.message));
      }
    });
    worker.on('error', (e) => {
      control.signal?.removeEventListener('abort', abort);
      reject(e);
    });
  });
}
