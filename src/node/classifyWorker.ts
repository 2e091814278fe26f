/**
 * A worker thread that reads a predictions file and evaluates it, so a 10 M-row file never freezes
 * the extension host. It reports progress, and the host terminates it to cancel. Results travel
 * back as transferred typed arrays (no copy), or shared ones (the probability columns).
 *
 * Started with `HELPER` as its data, the same script is a helper thread instead (see
 * `helperPool.ts`), and with `YAML_THREAD` the thread that parses parameters files (`preparedYaml.ts`): one
 * bundle serves every role.
 */

import { stat } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { readPredictionsFile } from './readPredictions';
import { transferablesOf, type ClassifyJob, type ClassifyMessage } from './classifyJob';
import { evaluatePredictions } from './evaluatePredictions';
import { isHelper, prepareHelpers } from './helperPool';
import { serveHelperJobs } from './helperThread';
import { isYamlThread, serveYamlJobs } from './preparedYaml';

async function main(): Promise<void> {
  const job = workerData as ClassifyJob;
  const post = (m: ClassifyMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(m, transfer);
  try {
    let last = 0;
    prepareHelpers((await stat(job.path)).size);
    const read = await readPredictionsFile(job.path, job.displayPath, {
      ...job.options,
      sharedColumns: true,
      onProgress: (done, total) => {
        const now = Date.now();
        if (now - last > 100) {
          last = now;
          post({ type: 'progress', done, total });
        }
      },
    });
    const evaluation = read.data ? await evaluatePredictions(read.data) : undefined;
    const result: ClassifyMessage = { type: 'done', read, evaluation };
    post(result, transferablesOf(result));
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}

if (isHelper(workerData)) serveHelperJobs();
else if (isYamlThread(workerData)) serveYamlJobs(parentPort!);
else void main();
