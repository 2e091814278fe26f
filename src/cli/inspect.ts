/** `metric-lens inspect`: what the core reads from training logs, as a table or as JSON. */

import { diagnoseRun, findingsOnce } from '../core/diagnose';
import { placeText } from '../core/diagnose/finding';
import { findingToJson, type Finding, type FindingJson } from '../core/model/findings';
import { FORMAT_IDS, type FormatId, type Run } from '../core/model/run';
import { printable } from '../core/text/messages';
import { formatNumber } from '../core/text/numbers';
import { errorsOf, summarizeRun, type ErrorEntry, type RunSummary } from '../core/model/summary';
import { readInputRuns } from '../node/readInputs';
import { parseArgs, UsageError } from './args';
import { describeError, errorLine, failOnOption, failsOn, problemLine, table, type CliResult } from './common';

export const INSPECT_USAGE = `metric-lens inspect <file-or-folder...> [--json] [--fail-on info|warning|error] [--format ID]
  read training logs and print their series (points, first, last, min, max) and training-health findings
  --fail-on  exit 1 when a finding of that severity or worse exists (2 still wins when an input is unreadable)
  --format   read each file given as this format (${FORMAT_IDS.join(', ')}) instead of detecting it`;

/** `skipped`: files found in a folder that hold no training log, and why. */
/** What an input that parsed without a problem but holds no value is told. */
export const NO_VALUES = 'no values to read: the file is empty, or holds a header and no rows yet';

export interface InspectReport {
  runs: RunSummary[];
  findings: FindingJson[];
  errors: ErrorEntry[];
  skipped: ErrorEntry[];
}

export async function inspectCommand(argv: readonly string[]): Promise<CliResult> {
  const args = parseArgs(argv, { flags: ['json'], valued: ['fail-on', 'format'] });
  if (args.positionals.length === 0) throw new UsageError('inspect: no input files');
  const failOn = failOnOption(args.options.get('fail-on'));
  const format = args.options.get('format');
  if (format !== undefined && !(FORMAT_IDS as readonly string[]).includes(format))
    throw new UsageError(`--format takes one of ${FORMAT_IDS.join(', ')}, not "${format}"`);

  const report: InspectReport = { runs: [], findings: [], errors: [], skipped: [] };
  let stderr = '';
  let unreadable = false;
  const diagnosed: { run: Run; findings: Finding[] }[] = [];
  for (const file of args.positionals) {
    try {
      const input = await readInputRuns(file, format as FormatId | undefined);
      for (const run of input.runs) {
        report.runs.push(summarizeRun(run));
        diagnosed.push({ run, findings: diagnoseRun(run) });
        report.errors.push(...errorsOf(run));
      }
      report.errors.push(...input.errors);
      report.skipped.push(...input.skipped);
      // An input of which nothing at all could be read (a binary file, a log over the size limit, an empty file or
      // a header alone): exit 2 with what was wrong, never 0 with nothing said.
      const nothing = input.runs.every((r) => r.pointCount === 0);
      if (nothing && input.runs.length > 0) {
        unreadable = true;
        const first = input.runs[0]!;
        const message = first.issues[0]?.message ?? NO_VALUES;
        if (first.issueCount === 0) report.errors.push({ source: first.source, message });
        stderr += problemLine(file, message);
      }
    } catch (e) {
      unreadable = true;
      const message = describeError(e);
      report.errors.push({ source: file, message });
      stderr += problemLine(file, message);
    }
  }
  // A run read from two sources (detectron2's metrics.json and its event file) reports each problem once.
  for (const findings of findingsOnce(diagnosed)) report.findings.push(...findings.map(findingToJson));
  const stdout = args.flags.has('json') ? JSON.stringify(report, null, 2) + '\n' : formatReport(report);
  return { code: unreadable ? 2 : failsOn(report.findings, failOn) ? 1 : 0, stdout, stderr };
}

function formatReport(report: InspectReport): string {
  const out: string[] = [];
  for (const run of report.runs) {
    const values =
      run.summary.length > 0 ? `, ${run.summary.length} summary ${plural(run.summary.length, 'value')}` : '';
    out.push(`${run.source}  (${run.format}, ${run.series.length} series${values})`);
    const rows = run.series.map((s) => [
      s.stepMetric ? `${s.name} (x axis)` : s.name,
      s.split,
      String(s.points),
      s.last ? `${short(s.last.value)} @ ${s.last.step}` : '-',
      s.min ? `${short(s.min.value)} @ ${s.min.step}` : '-',
      s.max ? `${short(s.max.value)} @ ${s.max.step}` : '-',
      s.nonFinite ? String(s.nonFinite) : '',
    ]);
    if (rows.length > 0)
      out.push(...table(['series', 'split', 'points', 'last', 'min', 'max', 'nan/inf'], rows).map((l) => '  ' + l));
    // Values of the run (hparam/…, best_…, a score logged once): a number each, not a series.
    const summary = run.summary.map((v) => [
      v.name,
      v.split,
      v.value === null ? '-' : short(v.value),
      v.step === null ? '' : String(v.step),
      v.points > 1 ? `last of ${v.points}` : '1',
    ]);
    if (summary.length > 0)
      out.push(...table(['summary', 'split', 'value', 'step', 'points'], summary).map((l) => '  ' + l));
  }
  if (report.findings.length > 0) {
    out.push(`findings (${report.findings.length})`);
    const rows = report.findings.map((f) => [
      f.severity,
      f.rule,
      `${f.source}${f.line !== undefined ? `:${f.line}` : ''}`,
      f.metric ?? '',
      placeText(f.step, f.epoch),
      f.message,
    ]);
    out.push(...table(['severity', 'rule', 'where', 'metric', 'at', 'message'], rows).map((l) => '  ' + l));
  }
  for (const e of report.errors) out.push(errorLine(e));
  for (const e of report.skipped) out.push(`skipped: ${e.source}: ${e.message}`);
  // Names, labels and messages come from files: escaped, one printed line each.
  return out.map(printable).join('\n') + '\n';
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

function short(v: number | string): string {
  return typeof v === 'number' ? formatNumber(Number(v.toPrecision(6))) : v;
}
