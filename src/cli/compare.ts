/** `metric-lens compare`: runs side by side (parameters, best and last values, findings), as the editor's Compare Runs panel shows them. */

import {
  allColumns,
  compareCsv,
  compareJson,
  compareMarkdown,
  defaultColumns,
  displayCell,
  filterRows,
  FilterError,
  findColumn,
  sortRows,
  type CompareTable,
  type Column,
  type CompareRow,
} from '../core/compare';
import { readCompareTable } from '../node/readCompare';
import { parseArgs, UsageError } from './args';
import { describeError, problemLine, table, type CliResult } from './common';

export const COMPARE_USAGE = `metric-lens compare <file-or-folder...> [--json | --csv | --md] [--sort COLUMN[:desc]] [--filter EXPR] [--all]
  one row per run: its parameters (those that differ, or --all), each metric's best and last value, its findings
  --sort    a column: name, steps, a parameter (optimizer.lr) or a metric part (val_loss.best); :desc for descending
  --filter  e.g. "optimizer.lr < 1e-3 and val_loss.best < 0.3", or words matched in names, paths and parameters`;

/** The table the CLI prints: the rows kept by the filter, in the sorted order, and the columns shown. */
export interface CompareView {
  readonly table: CompareTable;
  readonly columns: readonly Column[];
  readonly rows: readonly CompareRow[];
}

/** Sorts and filters as the panel does; throws `FilterError` or `UsageError` for a bad filter or column. */
export function compareView(
  table: CompareTable,
  options: { sort?: string | undefined; filter?: string | undefined; all?: boolean | undefined },
): CompareView {
  const columns = options.all ? allColumns(table) : defaultColumns(table);
  let rows: readonly CompareRow[] = table.rows;
  if (options.filter) rows = filterRows(rows, table, options.filter);
  if (options.sort) {
    const desc = options.sort.endsWith(':desc');
    const key = desc ? options.sort.slice(0, -5) : options.sort.replace(/:asc$/, '');
    const column = findColumn(table, key);
    if (!column)
      throw new UsageError(
        `--sort: no column "${key}" (columns: ${columns
          .map((c) => c.key)
          .slice(0, 12)
          .join(', ')}…)`,
      );
    rows = sortRows(rows, column, desc);
  }
  return { table, columns, rows };
}

export async function compareCommand(argv: readonly string[]): Promise<CliResult> {
  const args = parseArgs(argv, { flags: ['json', 'csv', 'md', 'all'], valued: ['sort', 'filter'] });
  if (args.positionals.length === 0) throw new UsageError('compare: no input files or folders');
  const formats = ['json', 'csv', 'md'].filter((f) => args.flags.has(f));
  if (formats.length > 1)
    throw new UsageError(
      `compare: choose one of --json, --csv, --md (not ${formats.map((f) => `--${f}`).join(' and ')})`,
    );

  const read = await readCompareTable(args.positionals, { findings: true });
  let stderr = '';
  let unreadable = false;
  for (const p of read.problems) {
    unreadable ||= 'error' in p;
    stderr += problemLine(p.source, 'error' in p ? describeError(p.error) : p.message);
  }
  let view: CompareView;
  try {
    view = compareView(read.table, {
      sort: args.options.get('sort'),
      filter: args.options.get('filter'),
      all: args.flags.has('all'),
    });
  } catch (e) {
    if (e instanceof FilterError) throw new UsageError(`--filter: ${e.message} (at character ${e.position + 1})`);
    throw e;
  }
  const { columns, rows } = view;
  const stdout = args.flags.has('json')
    ? JSON.stringify(compareJson(columns, rows), null, 2) + '\n'
    : args.flags.has('csv')
      ? compareCsv(columns, rows)
      : args.flags.has('md')
        ? compareMarkdown(columns, rows)
        : table(
            columns.map((c) => c.key),
            rows.map((r) => columns.map((c) => displayCell(c, c.get(r)))),
          ).join('\n') + '\n';
  return { code: unreadable ? 2 : 0, stdout, stderr };
}
