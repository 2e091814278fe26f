/**
 * Reading and evaluating a predictions file: in a worker thread when given its script (the extension
 * host, with progress and cancellation), inline otherwise (the CLI, tests). The host hands every file
 * to the worker, however small: what evaluation costs depends on the content (a file of 1 000 rows
 * may hold 1 000 classes), and the host's thread is shared by every extension. Starting the worker
 * costs a few tens of milliseconds, once per file opened.
 */

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
  /** The bundled worker script (dist/classifyWorker.js): every file is read there. Without it everything runs inline. */
  readonly workerScript?: string;
}

export async function classifyFile(job: ClassifyJob, control: ClassifyControl = {}): Promise<ClassifyResult> {
  if (!control.workerScript) {
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
