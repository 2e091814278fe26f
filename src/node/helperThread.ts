/**
 * A helper thread's side of the jobs of `helperPool.ts`: reading a later part of a predictions
 * file, computing one-vs-rest curves. Results go back as transferred typed arrays (no copy).
 */

import { parentPort } from 'node:worker_threads';
import type { PredictionsPart } from '../core/classify';
import type { RunPart } from '../core/model/run';
import { takeCurves } from './evaluatePredictions';
import type { CurveShare, HelperJob, HelperReply } from './helperPool';
import { readLogPart } from './readInParts';
import { readPredictionsPart } from './readPredictions';

export function serveHelperJobs(): void {
  parentPort!.on('message', (job: HelperJob) => {
    void (async () => {
      let reply: HelperReply;
      try {
        switch (job.kind) {
          case 'part':
            reply = { part: await readPredictionsPart(job) };
            break;
          case 'log part':
            reply = { logPart: await readLogPart(job) };
            break;
          case 'curves':
            reply = { curves: takeCurves(job) };
            break;
        }
      } catch (e) {
        reply = { error: e instanceof Error ? e.message : String(e) };
      }
      parentPort!.postMessage(reply, buffersOf(reply));
    })();
  });
}

/**
 * The buffers under a reply's arrays. Each array owns its buffer (a column, a sweep, a series' values
 * or an axis, views of a larger one when they kept spare room), so they move whole, without a copy.
 */
function buffersOf(reply: HelperReply): ArrayBuffer[] {
  const arrays =
    'part' in reply
      ? partArrays(reply.part)
      : 'logPart' in reply
        ? runPartArrays(reply.logPart.part)
        : 'curves' in reply
          ? curveArrays(reply.curves)
          : [];
  const found = new Set<ArrayBuffer>();
  for (const a of arrays) if (a && a.buffer instanceof ArrayBuffer) found.add(a.buffer);
  return [...found];
}

function partArrays(p: PredictionsPart): (ArrayBufferView | undefined)[] {
  return [p.trueIds, p.predIds, p.score, ...p.proba, ...p.others, p.ids, p.lines];
}

function runPartArrays(p: RunPart): (ArrayBufferView | undefined)[] {
  const axes = [p.axis, ...p.series.map((s) => s.axis)];
  return [
    ...p.series.map((s) => s.values),
    ...axes.flatMap((a) => (a ? [a.steps, a.locations, a.epochs, a.wallTimes] : [])),
  ];
}

function curveArrays(share: CurveShare): ArrayBufferView[] {
  return share.flatMap(([, { sweep }]) => [sweep.thresholds, sweep.tps, sweep.fps]);
}
