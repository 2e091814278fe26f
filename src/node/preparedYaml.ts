/**
 * Parameters files parsed off the extension host's thread. The `yaml` library parses a file in one
 * synchronous call, and on hostile text it costs up to about 4 ms a KB (a 64 KB line of `""` pairs: 240 ms;
 * 512 KB, the most a parameters file may have: 1.5–2 s), where a file's read must hold the host for at most a
 * chunk's worth of work. A reader on the host prepares each parameters file here before its parser meets
 * it: the text is parsed in a worker thread of its own (the script of `classifyWorker.ts` in a third role),
 * and the parser's `YamlParse` answers that very text with the result at no cost. Any other text, and any text
 * the worker could not parse (no script, a failed thread), is parsed in place as before: results never depend
 * on whether the worker ran. Small files, most real ones (1–10 KB), are parsed in place: a round trip to the
 * worker costs more than they do.
 */

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { decodeUtf8 } from '../core/text/lines';
import { wholeText } from '../core/formats/textBytes';
import { MAX_YAML_BYTES, readYamlParams, type YamlOptions, type YamlParams, type YamlParse } from '../core/text/yaml';

/** Texts up to this many characters are parsed in place (at most about 15 ms on the most hostile text). */
export const IN_PLACE_YAML_CHARS = 4 * 1024;

/** `workerData` that starts `classifyWorker.js` as the parameters files' thread. */
export const YAML_THREAD = { role: 'parameters files' } as const;

export function isYamlThread(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as { role?: unknown }).role === YAML_THREAD.role;
}

interface YamlJob {
  readonly id: number;
  readonly text: string;
  readonly options: YamlOptions;
}
interface YamlReply {
  readonly id: number;
  readonly params?: YamlParams;
}

/** How many texts a parser was answered with the worker's result (for tests: the host did not parse them). */
export const OFF_THREAD = { answered: 0 };

const SCRIPT = join(__dirname, 'classifyWorker.js');
let worker: Worker | undefined;
let nextId = 0;
const waiting = new Map<number, (params: YamlParams | undefined) => void>();

/** The worker's side: parse each text it is sent. */
export function serveYamlJobs(port: {
  on(e: 'message', f: (job: YamlJob) => void): void;
  postMessage(r: YamlReply): void;
}): void {
  port.on('message', (job) => {
    let params: YamlParams | undefined;
    try {
      params = readYamlParams(job.text, job.options);
    } catch {
      params = undefined;
    }
    port.postMessage(params ? { id: job.id, params } : { id: job.id });
  });
}

/** The parameters of `text` computed in the worker; undefined when it could not (then parse in place). */
export function parseYamlOffThread(text: string, options: YamlOptions): Promise<YamlParams | undefined> {
  const w = yamlWorker();
  if (!w) return Promise.resolve(undefined);
  const id = nextId++;
  w.ref();
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    w.postMessage({ id, text, options } satisfies YamlJob);
  });
}

function yamlWorker(): Worker | undefined {
  if (worker) return worker;
  if (!existsSync(SCRIPT)) return undefined;
  const w = new Worker(SCRIPT, { workerData: YAML_THREAD });
  w.unref();
  const answer = (id: number, params: YamlParams | undefined): void => {
    waiting.get(id)?.(params);
    waiting.delete(id);
    // While idle it does not keep the process alive.
    if (waiting.size === 0) w.unref();
  };
  w.on('message', (reply: YamlReply) => answer(reply.id, reply.params));
  // A failed thread answers every question it had with nothing (they are parsed in place); the next starts another.
  const failed = (): void => {
    if (worker === w) worker = undefined;
    for (const id of [...waiting.keys()]) answer(id, undefined);
  };
  w.on('error', failed);
  w.on('exit', failed);
  worker = w;
  return w;
}

/**
 * A `YamlParse` for one reader (a parser's, or the sidecars of one run): `prepare` the bytes of a parameters
 * file before the parser reads them, and `parse` answers their text with what the worker computed.
 */
export class PreparedYaml {
  private prepared: { readonly text: string; readonly wandbConfig: boolean; readonly params: YamlParams }[] = [];

  readonly parse: YamlParse = (text, options = {}) => {
    const wandbConfig = options.wandbConfig === true;
    const i = this.prepared.findIndex((p) => p.wandbConfig === wandbConfig && p.text === text);
    if (i < 0) return readYamlParams(text, options);
    const { params } = this.prepared[i]!;
    this.prepared.splice(i, 1);
    OFF_THREAD.answered++;
    return params;
  };

  /**
   * Parses in the worker the text a parser makes of `bytes` (a whole file: see `wholeText`), unless it is
   * small, or over the size parsed at all (refused in place at no cost).
   */
  async prepare(bytes: Uint8Array, options: YamlOptions = {}): Promise<void> {
    if (bytes.length <= IN_PLACE_YAML_CHARS) return;
    const whole = wholeText(bytes, () => undefined);
    if (!whole) return;
    const text = decodeUtf8(whole);
    if (text.length <= IN_PLACE_YAML_CHARS || text.length > MAX_YAML_BYTES) return;
    const params = await parseYamlOffThread(text, options);
    // One file waits at a time per reader (its parser reads it next); an older one was not read as prepared.
    if (params) this.prepared = [{ text, wandbConfig: options.wandbConfig === true, params }];
  }
}
