/**
 * Which reader a file gets: by name first, then by what its first bytes look like. The user can
 * always override the guess (a setting maps globs to formats).
 */

import { baseName, runNameFor } from '../paths';
import type { FormatId, RunParser, WriteMode } from '../run';
import { DelimitedLogParser } from './delimited';

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
  if (/(^|\/)lightning_logs\/[^/]+\/metrics\.csv$/i.test(normal)) return 'lightning-csv';
  if (/^results\.csv$/i.test(file) && /(^|\/)runs\//.test(normal)) return 'ultralytics-csv';
  if (DELIMITED_NAME.test(file)) return 'csv';
  // Keras' CSVLogger default name is `training.log`, a CSV despite its extension.
  return undefined;
}

/** Guesses a format from the first bytes (decoded) of a file whose name did not tell. */
export function formatFromContent(head: string): FormatId | undefined {
  const firstLine = head.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  if (looksLikeDelimitedHeader(firstLine)) return 'csv';
  return undefined;
}

/** A header of several metric-like names joined by one delimiter: `epoch,loss,val_loss`. */
function looksLikeDelimitedHeader(line: string): boolean {
  for (const d of [',', '\t', ';']) {
    const cells = line.split(d).map((c) => c.trim().replace(/^"|"$/g, ''));
    if (cells.length < 2) continue;
    if (cells.every((c) => /^[A-Za-z_][\w ./()@%:-]*$/.test(c) || c === '')) return true;
  }
  return false;
}

export function detectFormat(path: string, head: string): FormatId | undefined {
  return formatFromPath(path) ?? formatFromContent(head);
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
  switch (format) {
    case 'csv':
    case 'lightning-csv':
    case 'ultralytics-csv':
      return new DelimitedLogParser(path, name, { format: format === 'csv' ? undefined : format, delimiter: /\.tsv$/i.test(path) ? '\t' : undefined });
    default:
      throw new Error(`no reader for the ${format} format yet`);
  }
}
