/** `metric-lens inspect`: what the core reads from training logs, as a table or as JSON. */

import { stat } from 'node:fs/promises';
import { formatNumber } from '../core/numbers';
import { errorsOf, summarizeRun, type ErrorEntry, type RunSummary } from '../core/summary';
import { readRunFile } from '../node/readSource';
import { parseArgs, UsageError } from './args';
import type { CliResult } from './cli';

export const INSPECT_USAGE = `metric-lens inspect <file...> [--json]
  read training logs and print their series (points, first, last, min, max)`;

export interface InspectReport { runs: RunSummary[]; findings: unknown[]; errors: ErrorEntry[] }

export async function inspectCommand(argv: readonly string[]): Promise<CliResult> {
  const args = parseArgs(argv, { flags: ['json'], valued: [] });
  if (args.positionals.length === 0) throw new UsageError('inspect: no input files');

  const report: InspectReport = { runs: [], findings: [], errors: [] };
  let stderr = '';
  let unreadable = false;
  for (const file of args.positionals) {
    try {
      const st = await stat(file);
      if (st.isDirectory()) throw new Error('is a folder; name the log files in it');
      const parser = await readRunFile(file, file);
      report.runs.push(summarizeRun(parser.run));
      report.errors.push(...errorsOf(parser.run));
    } catch (e) {
      unreadable = true;
      const message = describeError(e);
      report.errors.push({ source: file, message });
      stderr += `metric-lens: ${file}: ${message}\n`;
    }
  }
  const stdout = args.flags.has('json') ? JSON.stringify(report, null, 2) + '\n' : formatReport(report);
  return { code: unreadable ? 2 : 0, stdout, stderr };
}

/** Node's messages for missing or unreadable files, said plainly and without the path (the caller names the file). */
export function describeError(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a folder';
  return e.message;
}

function formatReport(report: InspectReport): string {
  const out: string[] = [];
  for (const run of report.runs) {
    out.push(`${run.source}  (${run.format}, ${run.series.length} series)`);
    const rows = run.series.map((s) => [
      s.name, s.split, String(s.points),
      s.last ? `${short(s.last.value)} @ ${s.last.step}` : '-',
      s.min ? `${short(s.min.value)} @ ${s.min.step}` : '-',
      s.max ? `${short(s.max.value)} @ ${s.max.step}` : '-',
      s.nonFinite ? String(s.nonFinite) : '',
    ]);
    out.push(...table(['series', 'split', 'points', 'last', 'min', 'max', 'nan/inf'], rows).map((l) => '  ' + l));
  }
  for (const e of report.errors) out.push(`error: ${e.source}${e.line ? `:${e.line}` : ''}: ${e.message}`);
  return out.join('\n') + '\n';
}

function short(v: number | string): string {
  return typeof v === 'number' ? formatNumber(Number(v.toPrecision(6))) : v;
}

export function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)];
}
