/**
 * Curves as tables: several series aligned on x (for CSV and JSON export), and the per-run summary
 * of best and last values (for the summary table and its Markdown copy).
 */

import { formatNumber } from '../text/numbers';
import { csvNumber, csvText, markdownCell, shortNumber } from '../text/csvCell';

export interface ColumnSeries {
  /** Column heading, e.g. `version_3/val_loss`. */
  readonly name: string;
  readonly x: Float64Array;
  readonly y: Float64Array;
}

/** Rows of `[x, value per column]`, x ascending, one row per distinct x; empty cells are undefined. */
export function alignOnX(columns: readonly ColumnSeries[]): { x: number[]; values: (number | undefined)[][] } {
  const rows = new Map<number, (number | undefined)[]>();
  columns.forEach((c, j) => {
    for (let i = 0; i < c.x.length; i++) {
      const x = c.x[i]!;
      let row = rows.get(x);
      if (!row) {
        row = new Array<number | undefined>(columns.length).fill(undefined);
        rows.set(x, row);
      }
      // Several values at one x (a metric logged twice at a step): the last one wins, as in TensorBoard's export.
      row[j] = c.y[i]!;
    }
  });
  const x = [...rows.keys()].sort((a, b) => a - b);
  return { x, values: x.map((v) => rows.get(v)!) };
}

/** RFC 4180 CSV; numbers at full precision, NaN/±Infinity spelt as pandas reads them. */
export function toCsv(xName: string, columns: readonly ColumnSeries[]): string {
  const { x, values } = alignOnX(columns);
  const lines = [[xName, ...columns.map((c) => c.name)].map(csvText).join(',')];
  for (let i = 0; i < x.length; i++) {
    lines.push([csvNumber(x[i]!), ...values[i]!.map((v) => (v === undefined ? '' : csvNumber(v)))].join(','));
  }
  return lines.join('\n') + '\n';
}

/** JSON export: one object per column with its points; non-finite values as strings. */
export function toJson(xName: string, columns: readonly ColumnSeries[]): string {
  return (
    JSON.stringify(
      {
        x: xName,
        series: columns.map((c) => ({
          name: c.name,
          points: Array.from(c.x, (x, i) => [x, jsonValue(c.y[i]!)]),
        })),
      },
      null,
      2,
    ) + '\n'
  );
}

function jsonValue(v: number): number | string {
  return Number.isFinite(v) ? v : formatNumber(v);
}

export interface SummaryRow {
  readonly run: string;
  readonly metric: string;
  readonly best: number | undefined;
  readonly bestStep: number | undefined;
  readonly last: number | undefined;
  readonly lastStep: number | undefined;
}

/** A GitHub-flavoured Markdown table of the summary, text escaped for table cells. */
export function summaryMarkdown(rows: readonly SummaryRow[]): string {
  const cell = markdownCell;
  const num = shortNumber;
  const out = ['| run | metric | best | best at step | last | last step |', '|---|---|---:|---:|---:|---:|'];
  for (const r of rows) {
    out.push(
      `| ${cell(r.run)} | ${cell(r.metric)} | ${num(r.best)} | ${r.bestStep ?? ''} | ${num(r.last)} | ${r.lastStep ?? ''} |`,
    );
  }
  return out.join('\n') + '\n';
}
