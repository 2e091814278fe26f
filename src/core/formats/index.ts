/**
 * Which reader a file gets: by name first, then by what its first bytes look like. The user can
 * always override the guess (a setting maps globs to formats).
 */

import { baseName, pathSegments, runNameFor } from '../text/paths';
import {
  isSplittable,
  Run,
  type FolderRunParser,
  type FormatId,
  type RunParser,
  type SplittableParser,
  type WriteMode,
} from '../model/run';
import { DelimitedLogParser } from './delimited';
import { DvcliveParser } from './dvclive';
import { TrainerStateReader } from './hfTrainerState';
import { JsonDocumentParser } from './jsonDocument';
import { JsonLinesParser } from './jsonl';
import { KerasHistoryReader } from './kerasHistory';
import { MemberParser, memberPathOf } from './memberParser';
import { MlflowRunParser } from './mlflow';
import { TextLogParser } from './text';
import { TextFileParser } from './textFile';
import { TfEventsFolderParser, TfEventsParser, isEventFileName, isSplitFolderName } from './tfevents';
import { WandbRunParser } from './wandb';
import { MiB } from '../text/sizes';
import { readYamlParams, type YamlParse } from '../text/yaml';

export interface ParserOptions {
  /** Overrides detection. */
  readonly format?: FormatId;
  /** Display name of the run; derived from the path when absent. */
  readonly name?: string;
}

const DELIMITED_NAME = /\.(csv|tsv)$/i;

/** Guesses a format from the path alone; `undefined` when the name says nothing. */
export function formatFromPath(path: string): FormatId | undefined {
  const normal = path.replace(/\\/g, '/');
  const file = baseName(normal);
  if (isEventFileName(file)) return 'tfevents';
  if (/\.wandb$/i.test(file)) return 'wandb';
  if (/^trainer_state\.json$/i.test(file)) return 'hf-trainer-state';
  if (/(^|\/)mlruns\/[^/]+\/[^/]+\/metrics\/./.test(normal)) return 'mlflow';
  if (/(^|\/)dvclive\/(plots\/metrics\/.+\.tsv|[^/]+\.tsv|metrics\.json)$/i.test(normal)) return 'dvclive';
  if (
    /\.(jsonl|ndjson)$/i.test(file) ||
    /\.log\.json$/i.test(file) ||
    /^scalars\.json$/i.test(file) ||
    /(^|\/)vis_data\/[^/]+\.json$/i.test(normal)
  )
    return 'jsonl';
  if (/(^|\/)lightning_logs\/[^/]+\/metrics\.csv$/i.test(normal)) return 'lightning-csv';
  if (/^results\.csv$/i.test(file) && /(^|\/)runs\//.test(normal)) return 'ultralytics-csv';
  if (DELIMITED_NAME.test(file)) return 'csv';
  // Keras' CSVLogger default name is `training.log`, a CSV despite its extension.
  return undefined;
}

/** Guesses a format from the first bytes (decoded) of a file whose name did not tell. */
export function formatFromContent(head: string): FormatId | undefined {
  const text = asciiOfUtf16(head) ?? head.replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/, 3);
  const firstLine = lines[0] ?? '';
  const start = text.trimStart();
  if (start.startsWith('{')) {
    // Anchored, and `[^"\\]|\\.` take disjoint characters: one pass over the head.
    if (/^\{\s*"(?:[^"\\]|\\.)*"\s*:\s*\[\s*(?:[-+\d.]|NaN|-?Infinity|null|\])/.test(start))
      return 'keras-history-json';
    if (/"log_history"\s*:/.test(text)) return 'hf-trainer-state';
    const line = (start.split(/\r?\n/, 1)[0] ?? '').trim();
    if (line.length > 1 && line.endsWith('}')) return 'jsonl';
    return undefined;
  }
  const delimiter = delimitedHeader(firstLine);
  // A second line (when complete) must have as many fields: a text log's first line can look like a header.
  if (
    delimiter !== undefined &&
    (lines.length < 3 || fieldCount(lines[1]!, delimiter) === fieldCount(firstLine, delimiter))
  )
    return 'csv';
  if (holdsTextMetrics(text)) return 'text';
  return undefined;
}

/**
 * The ASCII text of a head that is UTF-16 decoded as UTF-8 (its BOM two U+FFFD, every other
 * character a NUL), which the parsers transcode; `undefined` for any other head.
 */
function asciiOfUtf16(head: string): string | undefined {
  const s = head.replace(/^\uFFFD\uFFFD/, '');
  const pairs = Math.min(s.length, 512) >> 1;
  if (pairs < 2) return undefined;
  let even = 0,
    odd = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (s.charCodeAt(i) === 0) even++;
    if (s.charCodeAt(i + 1) === 0) odd++;
  }
  if (Math.max(even, odd) * 4 < pairs * 3 || Math.min(even, odd) > 0) return undefined;
  return s.replace(/\u0000/g, '');
}

/** The delimiter of a header of several metric-like names (`epoch,loss,val_loss`), if the line is one. */
function delimitedHeader(line: string): string | undefined {
  for (const d of [',', '\t', ';']) {
    const cells = line.split(d).map((c) => c.trim().replace(/^"|"$/g, ''));
    if (cells.length < 2) continue;
    if (cells.every((c) => /^[A-Za-z_][\w ./()@%:-]*$/.test(c) || c === '')) return d;
  }
  return undefined;
}

function fieldCount(line: string, delimiter: string): number {
  return line.replace(/"[^"]*"/g, '""').split(delimiter).length;
}

/** Whether the text-log reader finds any metric in `text`. */
function holdsTextMetrics(text: string): boolean {
  const p = new TextMetricsProbe();
  p.push(new TextEncoder().encode(text));
  return p.finish();
}

/**
 * Past the first bytes: how far a file that may be a text log is read to find its first metric
 * line. mmengine and maskrcnn-benchmark logs open with a config dump (an mmengine log's first
 * metric line is 67 KB in); a log that shows none in this much is not read as one.
 */
export const MAX_DETECT_BYTES = 2 * MiB;

/**
 * Reads a file's bytes in order until the text-log reader finds a metric in them: `push` says
 * whether it has (then stop reading), `finish` whether the last line held one.
 */
export class TextMetricsProbe {
  private readonly parser = new TextLogParser('', '');

  push(chunk: Uint8Array): boolean {
    this.parser.push(chunk);
    return this.parser.run.pointCount > 0;
  }

  finish(): boolean {
    this.parser.flush();
    return this.parser.run.pointCount > 0;
  }
}

export function detectFormat(path: string, head: string): FormatId | undefined {
  return formatFromPath(path) ?? formatFromContent(head);
}

/** Formats whose run is a folder of files (a single member can still be read on its own). */
export function isFolderFormat(format: FormatId): boolean {
  return format === 'dvclive' || format === 'mlflow' || format === 'tfevents' || format === 'wandb';
}

export function writeModeOf(format: FormatId): WriteMode {
  switch (format) {
    case 'hf-trainer-state':
    case 'keras-history-json':
      return 'rewrite';
    default:
      return 'append';
  }
}

export function createParser(path: string, format: FormatId, options: ParserOptions = {}): RunParser {
  const name = options.name ?? runNameFor(path);
  if (format === 'tfevents') {
    // A Keras event file in `validation/` holds validation values under plain tags.
    const parts = pathSegments(path);
    const folder = parts[parts.length - 2];
    return new TfEventsParser(path, name, folder !== undefined && isSplitFolderName(folder) ? `${folder}/` : '');
  }
  // A `.wandb` file opened on its own is read as its run folder's log (binary: no text check).
  if (format === 'wandb') return new MemberParser(createFolderParser(path, format, name), memberPathOf(path, format));
  // Every other format is text: UTF-16 is transcoded, and a binary file refused, before its parser sees the bytes.
  return new TextFileParser(createTextParser(path, format, name));
}

/**
 * The parser for a later part of a text file (see `SplittableParser`), or `undefined` when the
 * format is not read in parts. Without the UTF-16 and binary check: the file's start decided that.
 */
export function createPartParser(
  path: string,
  format: FormatId,
  options: ParserOptions = {},
): SplittableParser | undefined {
  if (format === 'tfevents' || format === 'wandb') return undefined;
  const parser = createTextParser(path, format, options.name ?? runNameFor(path));
  return isSplittable(parser) ? parser : undefined;
}

function createTextParser(path: string, format: Exclude<FormatId, 'tfevents' | 'wandb'>, name: string): RunParser {
  switch (format) {
    case 'csv':
    case 'lightning-csv':
    case 'ultralytics-csv':
      return new DelimitedLogParser(path, name, {
        format: format === 'csv' ? undefined : format,
        delimiter: /\.tsv$/i.test(path) ? '\t' : undefined,
      });
    case 'jsonl':
      return new JsonLinesParser(path, name);
    case 'hf-trainer-state': {
      const run = new Run(path, format, name);
      return new JsonDocumentParser(run, new TrainerStateReader(run));
    }
    case 'keras-history-json': {
      const run = new Run(path, format, name);
      return new JsonDocumentParser(run, new KerasHistoryReader(run));
    }
    case 'text':
      return new TextLogParser(path, name);
    case 'dvclive':
    case 'mlflow':
      return new MemberParser(createFolderParser(path, format, name), memberPathOf(path, format));
  }
}

/** The parser of a folder run: `source` names the folder, member files are pushed relative to it. */
export function createFolderParser(
  source: string,
  format: FormatId,
  name: string,
  parseYaml: YamlParse = readYamlParams,
): FolderRunParser {
  switch (format) {
    case 'dvclive':
      return new DvcliveParser(source, name, parseYaml);
    case 'mlflow':
      return new MlflowRunParser(source, name, parseYaml);
    case 'tfevents':
      return new TfEventsFolderParser(source, name);
    case 'wandb':
      return new WandbRunParser(source, name, parseYaml);
    default:
      throw new Error(`${format} is not a folder format`);
  }
}
