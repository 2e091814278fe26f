/**
 * A helper thread's side of the jobs of `helperPool.ts`: reading a later part of a predictions
 * file, computing one-vs-rest curves. Results go back as transferred typed arrays (no copy).
 */

import { parentPort } from 'node:worker_threads';
import type { PredictionsPart } from '../core/classify';
import { takeCurves } from './evaluatePredictions';
import type { CurveShare, HelperJob, HelperReply } from './helperPool';
import { readPredictionsPart } from './readPredictions';

export function serveHelperJobs(): void {
  parentPort!.on('message', (job: HelperJob) => {
    void (async () => {
      let reply: HelperReply;
      try {
        reply = job.kind === 'part' ? { part: await readPredictionsPart(job) } : { curves: takeCurves(job) };
      } catch (e) {
        reply = { error: e instanceof Error ? e.message : String(e) };
      }
      parentPort!.postMessage(reply, buffersOf(reply));
    })();
  });
}

/**
 * The buffers under a reply's arrays. Each array owns its buffer (a column or a sweep, views of a
 * larger one when they kept spare room), so they move whole, without a copy.
 */
function buffersOf(reply: HelperReply): ArrayBuffer[] {
  const arrays = 'part' in reply ? partArrays(reply.part) : 'curves' in reply ? curveArrays(reply.curves) : [];
  const found = new Set<ArrayBuffer>();
  for (const a of arrays) if (a && a.buffer instanceof ArrayBuffer) found.add(a.buffer);
  return [...found];
}

function partArrays(p: PredictionsPart): (ArrayBufferView | undefined)[] {
  return [p.trueIds, p.predIds, p.score, ...p.proba, ...p.others, p.ids, p.lines];
}

function curveArrays(share: CurveShare): ArrayBufferView[] {
  return share.flatMap(([, { sweep }]) => [sweep.thresholds, sweep.tps, sweep.fps]);
}
