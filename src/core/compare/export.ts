/** The comparison table as text: CSV, Markdown, JSON and the CLI's aligned columns, from one set of cells. */

import { csvNumber, csvText, markdownCell, shortNumber } from '../text/csvCell';
import { jsonNumber, type JsonNumber } from '../model/summary';
import type { CellValue, Column } from './columns';
import type { CompareRow } from './table';

/** A cell as people read it: numbers to six digits, a start time as UTC date and time, a duration as h:mm:ss. */
export function displayCell(column: Column, v: CellValue): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  if (column.key === 'start' && Number.isFinite(v))
    return new Date(v * 1000).toISOString().slice(0, 19).replace('T', ' ');
  if (column.key === 'duration' && Number.isFinite(v)) return duration(v);
  return shortNumber(v);
}

function duration(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600),
    m = Math.floor((s % 3600) / 60),
    r = s % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(r).padStart(2, '0')}`;
}

/** RFC 4180 CSV: numbers at full precision, start as ISO text, text cells safe from spreadsheet formulas. */
export function compareCsv(columns: readonly Column[], rows: readonly CompareRow[]): string {
  const lines = [columns.map((c) => csvText(c.key)).join(',')];
  for (const row of rows) {
    lines.push(
      columns
        .map((c) => {
          const v = c.get(row);
          if (v === undefined) return '';
          if (typeof v === 'string') return csvText(v);
          return c.key === 'start' ? csvText(displayCell(c, v)) : csvNumber(v);
        })
        .join(','),
    );
  }
  return lines.join('\n') + '\n';
}

/** A GitHub-flavoured Markdown table, numbers right-aligned. */
export function compareMarkdown(columns: readonly Column[], rows: readonly CompareRow[]): string {
  const numeric = columns.map(
    (c) => rows.some((r) => typeof c.get(r) === 'number') && !rows.some((r) => typeof c.get(r) === 'string'),
  );
  const out = [
    `| ${columns.map((c) => markdownCell(c.key)).join(' | ')} |`,
    `|${numeric.map((n) => (n ? '---:' : '---')).join('|')}|`,
  ];
  for (const row of rows) out.push(`| ${columns.map((c) => markdownCell(displayCell(c, c.get(row)))).join(' | ')} |`);
  return out.join('\n') + '\n';
}

export interface CompareJson {
  readonly columns: readonly string[];
  /** One object per row, by column key; numbers exact, non-finite ones as "NaN", "Infinity", "-Infinity". */
  readonly rows: readonly Record<string, JsonNumber | string | null>[];
}

export function compareJson(columns: readonly Column[], rows: readonly CompareRow[]): CompareJson {
  return {
    columns: columns.map((c) => c.key),
    rows: rows.map((row) =>
      Object.fromEntries(
        columns.map((c) => {
          const v = c.get(row);
          return [c.key, v === undefined ? null : typeof v === 'number' ? jsonNumber(v) : v];
        }),
      ),
    ),
  };
}
