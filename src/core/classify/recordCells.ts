/**
 * The cells of a predictions record, whichever reader made it: CSV fields (where `""` stands for a
 * quote) and JSON values (backslash escapes) are byte ranges of one `DelimitedRecord`; these read
 * them as text or numbers.
 */

import { fieldText, type DelimitedRecord } from '../text/delimitedFields';
import { decodeUtf8 } from '../text/lines';
import { type MISSING, type NOT_A_NUMBER, parseCell, parseCellBytes } from '../text/numbers';
import { decodeJsonString, JSON_ESCAPED } from './jsonRecords';

/** A cell's text: CSV `""` and JSON backslash escapes resolved. */
export function cellText(r: DelimitedRecord, col: number): string {
  if (r.quoted[col] === JSON_ESCAPED) return decodeJsonString(r.bytes, r.starts[col]!, r.ends[col]!);
  return fieldText(r, col);
}

/** Whether a quoted cell's bytes hold an escape (its text then differs from its bytes). */
export function hasEscapes(bytes: Uint8Array, start: number, end: number, quoted: number): boolean {
  const marker = quoted === JSON_ESCAPED ? 92 : 34;
  for (let i = start; i < end; i++) if (bytes[i] === marker) return true;
  return false;
}

/** A cell as a number, or what it is instead: empty, or text that is not a number. */
export function cellNumber(r: DelimitedRecord, col: number): number | typeof MISSING | typeof NOT_A_NUMBER {
  return r.quoted[col] === 0
    ? parseCellBytes(r.bytes, r.starts[col]!, r.ends[col]!, decodeUtf8)
    : parseCell(cellText(r, col));
}

/** A cell as a number; NaN when it is empty or not a number (a score, a probability). */
export function numberOf(r: DelimitedRecord, col: number): number {
  const v = cellNumber(r, col);
  return typeof v === 'number' ? v : NaN;
}
