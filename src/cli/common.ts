/**
 * What every `metric-lens` command shares: the result a command returns, the table printer, how an
 * input's problem is said on stderr and in a report, and the one `--fail-on` check. The commands
 * import this and `cli.ts` imports the commands, so no command imports `cli.ts` (no cycle).
 */

import { atLeast, isSeverity, type Severity } from '../core/model/findings';
import { UsageError } from './args';

/** What a command returns: the process's exit code and what it prints. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Columns padded to their widest cell, two spaces apart; trailing spaces trimmed. */
export function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
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

/** One stderr line about an input: `metric-lens: <where>: <message>`. */
export function problemLine(where: string, message: string): string {
  return `metric-lens: ${where}: ${message}\n`;
}

/** One report line about an input that could not be read (all of it or a line of it). */
export function errorLine(e: { readonly source: string; readonly line?: number; readonly message: string }): string {
  return `error: ${e.source}${e.line ? `:${e.line}` : ''}: ${e.message}`;
}

/** The value of `--fail-on`, checked: a severity, or undefined when the option is not given. */
export function failOnOption(v: string | undefined): Severity | undefined {
  if (v === undefined) return undefined;
  if (!isSeverity(v)) throw new UsageError(`--fail-on takes info, warning or error, not "${v}"`);
  return v;
}

/** Whether a finding of the `--fail-on` severity or worse exists (then the command exits 1). */
export function failsOn(findings: readonly { readonly severity: Severity }[], failOn: Severity | undefined): boolean {
  return failOn !== undefined && findings.some((f) => atLeast(f.severity, failOn));
}
