/**
 * Reads a predictions file from bytes in chunks: CSV/TSV (quoted free text, BOM, CRLF, pandas'
 * unnamed index), JSON Lines, or JSON arrays of records (DVCLive's `confusion_matrix.json`). This
 * module finds the layout (from the first byte), the header and its column plan (by name, see
 * `columns.ts`), keeps the first rows while the file might be a labelled square matrix, counts the
 * issues, and reads a large file in parts; the rows themselves go into typed-array columns in
 * `predictionRows.ts` (and `plainRow.ts`, their one-pass path). A bad row becomes an issue with its
 * line and the rest is read.
 */

import { fieldText, isBlankRecord, type DelimitedRecord } from '../text/delimitedFields';
import { DelimitedRecordReader } from '../text/delimitedRecords';
import { copyBytes, MAX_LINE_BYTES } from '../text/lines';
import { MAX_KEPT_ISSUES, type ReadIssue } from '../model/run';
import { TextBytes } from '../formats/textBytes';
import { detectColumns } from './columns';
import { finishPredictions } from './finishPredictions';
import { JsonRecordReader } from './jsonRecords';
import { readPlainRow } from './plainRow';
import type { PredictionOptions, PredictionsRead } from './predictions';
import { sameNames, type PredictionsPart } from './predictionsPart';
import { PredictionRows } from './predictionRows';

/** A labelled square matrix has at most this many classes. */
const MAX_MATRIX_ROWS = 2_000;

const DELIMITERS = { ',': 44, '\t': 9, ';': 59 } as const;

export class PredictionsParser {
  private reader: DelimitedRecordReader | JsonRecordReader | undefined;
  private sniffed: Uint8Array[] = [];
  private sniffedBytes = 0;
  private names: string[] | undefined;
  private planError: string | undefined;
  private readonly issues: ReadIssue[] = [];
  private issueCount = 0;
  private readonly rows = new PredictionRows(
    () => this.names ?? [],
    (line, message) => this.report(line, message),
  );
  /** The first rows as text, kept while the file might be a labelled square confusion matrix. */
  private matrixRows: string[][] | undefined;

  /** Bytes pushed so far, and the rows read from them: to reserve the rest of the columns at once. */
  private bytesPushed = 0;
  private reserved = false;

  /** `expectedBytes`: the file's size when known, so that columns are sized once instead of grown. */
  constructor(
    readonly source: string,
    private readonly options: PredictionOptions = {},
    private readonly expectedBytes = 0,
  ) {}

  /** A part parser's line after its prime (0 until primed, -1 when the prime was not a whole header). */
  private partStart = 0;

  get pendingBytes(): number {
    return this.text.pendingBytes + (this.reader?.pendingBytes ?? this.sniffedBytes);
  }

  /** UTF-16 comes on as UTF-8; a binary file is refused with one issue (see `TextBytes`). */
  private readonly text = new TextBytes((message) => {
    this.refused = true;
    this.issueCount++;
    this.issues.push({ offset: 0, message });
  });
  private refused = false;

  push(chunk: Uint8Array): void {
    this.text.push(chunk, this.accept);
  }

  private readonly accept = (chunk: Uint8Array): void => {
    this.bytesPushed += chunk.length;
    if (this.reader) {
      this.reader.push(chunk);
      if (!this.reserved) this.reserveColumns();
      return;
    }
    this.sniffed.push(copyBytes(chunk));
    this.sniffedBytes += chunk.length;
    if (this.sniff(false)) this.drainSniffed();
  };

  flush(): void {
    this.text.flush(this.accept);
    if (this.refused) return;
    if (!this.reader) {
      this.sniff(true);
      this.drainSniffed();
    }
    this.reader?.flush();
  }

  /**
   * Makes this a parser of a later part of a file (see `predictionsPart.ts`): `prime` it with the
   * file's first line (its header), push the part's bytes, flush, and take `part()`.
   */
  prime(bytes: Uint8Array): void {
    this.push(bytes);
    // The part's bytes are the file's as they are: UTF-16 (transcoded) cannot be cut at a byte.
    this.partStart =
      this.text.passesThrough &&
      this.reader instanceof DelimitedRecordReader &&
      this.rows.plan &&
      this.pendingBytes === 0
        ? this.reader.lineNumber
        : -1;
  }

  /** What a part parser read, once flushed. */
  part(): PredictionsPart {
    const rows = this.rows;
    const joinable =
      this.partStart > 0 && !!rows.plan && !rows.regression && !rows.idTexts && this.issueCount === 0 && !this.refused;
    return {
      joinable,
      names: this.names ?? [],
      firstLine: this.partStart,
      labelKeys: rows.table.allKeys().slice(),
      ...rows.columns.arrays(),
    };
  }

  /**
   * Appends the rows of the file's next part, read by a part parser, when this parser (which has
   * read up to that part) would have read them the same way. Returns whether it did; if not,
   * nothing has changed, and the part's bytes are to be pushed here. The part's arrays are used up.
   */
  joinPart(part: PredictionsPart): boolean {
    const reader = this.reader;
    if (
      !part.joinable ||
      !this.text.passesThrough ||
      !(reader instanceof DelimitedRecordReader) ||
      this.pendingBytes !== 0
    )
      return false;
    if (this.matrixRows || !sameNames(this.names, part.names)) return false;
    return this.rows.joinPart(part, reader.lineNumber - part.firstLine);
  }

  private finished: PredictionsRead | undefined;

  /** Everything read, once `flush` has been called (computed once: labels are renumbered in place). */
  result(): PredictionsRead {
    this.finished ??= this.finish();
    return this.finished;
  }

  private finish(): PredictionsRead {
    if (this.refused) {
      /* the one issue says why */
    } else if (!this.names) this.report(1, 'the file is empty');
    else if (!this.rows.plan && !this.matrixRows) this.report(1, this.planError ?? 'no columns');
    const columns = this.rows.rowColumns(this.matrixRows);
    const data = finishPredictions(this.source, columns, this.options, (line, message) => this.report(line, message));
    return { data, issues: this.issues, issueCount: this.issueCount };
  }

  /** Chooses the layout from the first non-blank byte: `{` or `[` is JSON, anything else delimited text. */
  private sniff(final: boolean): boolean {
    if (this.options.format) return this.makeReader(this.options.format === 'json');
    // The parts before the newest were all blank (else the layout would be chosen): only it needs a look.
    const part = this.sniffed[this.sniffed.length - 1];
    for (let i = 0; part && i < part.length; i++) {
      const c = part[i]!;
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xef || c === 0xbb || c === 0xbf) continue;
      return this.makeReader(c === 123 || c === 91);
    }
    // Blank lines say nothing either way, and are not kept without end.
    return final || this.sniffedBytes > MAX_LINE_BYTES ? this.makeReader(false) : false;
  }

  private makeReader(json: boolean): boolean {
    const onIssue = (line: number, message: string): void => this.report(line, message);
    if (json) {
      this.reader = new JsonRecordReader((r, names) => this.onJsonRecord(r, names), onIssue);
    } else {
      const delimiter = this.options.delimiter ? DELIMITERS[this.options.delimiter] : undefined;
      const onPlainLine = this.onPlainLine;
      this.reader = new DelimitedRecordReader(
        (r) => this.onDelimitedRecord(r),
        delimiter === undefined ? { onIssue, onPlainLine } : { delimiter, onIssue, onPlainLine },
      );
    }
    return true;
  }

  /** Once some rows are in, estimates the file's row count from its size and sizes the columns for it. */
  private reserveColumns(): void {
    const { columns, plan, regression } = this.rows;
    const rows = columns.lines.length;
    if (this.expectedBytes <= 0 || rows < 1000 || regression || !plan) return;
    this.reserved = true;
    columns.reserve(Math.ceil((this.expectedBytes / this.bytesPushed) * rows * 1.02) + 1024, plan);
  }

  private drainSniffed(): void {
    const parts = this.sniffed;
    this.sniffed = [];
    this.sniffedBytes = 0;
    for (const p of parts) this.reader!.push(p);
  }

  private report(line: number, message: string): void {
    this.issueCount++;
    if (this.issues.length < MAX_KEPT_ISSUES) this.issues.push({ line, message });
  }

  private onDelimitedRecord(r: DelimitedRecord): void {
    if (!this.names) {
      if (isBlankRecord(r)) return;
      const names: string[] = [];
      for (let i = 0; i < r.count; i++) names.push(fieldText(r, i).trim());
      this.setHeader(names);
      return;
    }
    if (r.count !== this.names.length) {
      if (isBlankRecord(r)) return;
      this.report(
        r.line,
        `line ${r.line}: ${r.count} ${r.count === 1 ? 'field' : 'fields'}, header has ${this.names.length}; row skipped`,
      );
      return;
    }
    if (this.matrixRows) this.keepMatrixRow(r);
    if (this.rows.plan) this.rows.readRow(r);
  }

  private onJsonRecord(r: DelimitedRecord, names: readonly string[]): void {
    if (!this.names) {
      this.setHeader(names.slice());
      this.matrixRows = undefined;
    }
    if (this.rows.plan) this.rows.readRow(r);
  }

  private setHeader(names: string[]): void {
    this.names = names;
    const detected = detectColumns(names, this.options);
    if ('error' in detected) this.planError = detected.error;
    else this.rows.setPlan(detected.plan, names.length, this.options.sharedColumns ?? false);
    if (names.length >= 3 && names.length <= MAX_MATRIX_ROWS + 1) this.matrixRows = [];
  }

  /**
   * A row of a plain file read in one pass (see `plainRow.ts`); -1 leaves it to the record path, as
   * are all rows while the file might be a matrix.
   */
  private readonly onPlainLine = (bytes: Uint8Array, start: number, end: number, line: number): number => {
    const names = this.names;
    if (!names || this.matrixRows) return -1;
    const delimiter = (this.reader as DelimitedRecordReader).delimiter;
    return readPlainRow(this.rows, names.length, delimiter, bytes, start, end, line);
  };

  private keepMatrixRow(r: DelimitedRecord): void {
    const rows = this.matrixRows!;
    if (rows.length >= this.names!.length - 1) {
      this.matrixRows = undefined;
      return;
    }
    const cells: string[] = [];
    for (let i = 0; i < r.count; i++) cells.push(fieldText(r, i).trim());
    rows.push(cells);
  }
}
