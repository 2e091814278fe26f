/**
 * A worker thread that reads the later part of a large text log (see `core/splitRead`) while the
 * thread that asked reads the first part. It stays up between reads (a warm parser is faster) and
 * sends its points back as transferred typed arrays.
 */

import { parentPort } from 'node:worker_threads';
import { createPartParser } from '../core/formats';
import { finishPart, startPart } from '../core/splitRead';
import { transferablesOf } from './classifyJob';
import { feedRange } from './readSource';
import type { PartJob, PartReply } from './readInParts';

parentPort!.on('message', (job: PartJob) => {
  void (async () => {
    let reply: PartReply;
    try {
      const parser = createPartParser(job.displayPath, job.format, job.options);
      if (!parser) throw new Error(`${job.format} files are not read in parts`);
      const start = startPart(parser, job.prime);
      await feedRange(job.path, parser, job.from, job.to);
      parser.flush();
      parser.run.trim();
      reply = { read: finishPart(parser, start) };
    } catch (e) {
      reply = { error: e instanceof Error ? e.message : String(e) };
    }
    parentPort!.postMessage(reply, transferablesOf(reply));
  })();
});
