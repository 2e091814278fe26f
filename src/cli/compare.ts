/** `metric-lens compare`: runs side by side (parameters, best and last values, findings), as the editor's Compare Runs panel shows them. */

import { diagnoseRun, findingsOnce } from '../core/diagnose';
import {
  allColumns,
  compareCsv,
  compareJson,
  compareMarkdown,
  compareRuns,
  defaultColumns,
  displayCell,
  filterRows,
  FilterError,
  findColumn,
  sortRows,
  type CompareInput,
  type CompareTable,
  type Column,
  type CompareRow,
} from '../core/compare';
import type { Run } from '../core/model/run';
import { paramsOf } from '../node/paramsBeside';
import { readInputRuns } from '../node/readInputs';
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

  let stderr = '';
  let unreadable = false;
  const read: { run: Run; path: string }[] = [];
  for (const input of args.positionals) {
    try {
      const got = await readInputRuns(input);
      for (const run of got.runs) read.push({ run, path: run.source });
      for (const e of got.errors) stderr += problemLine(e.source, e.message);
    } catch (e) {
      unreadable = true;
      stderr += problemLine(input, describeError(e));
    }
  }
  const findings = findingsOnce(read.map(({ run }) => ({ run, findings: diagnoseRun(run) })));
  const inputs: CompareInput[] = [];
  for (let i = 0; i < read.length; i++) {
    const { run, path } = read[i]!;
    const p = await paramsOf(run, path);
    if (p.issue) stderr += `metric-lens: ${p.issue}\n`;
    inputs.push({ run, id: path, path, findings: findings[i] ?? [], params: p.params });
  }
  let view: CompareView;
  try {
    view = compareView(compareRuns(inputs), {
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
