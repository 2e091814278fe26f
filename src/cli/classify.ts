/** `metric-lens classify`: exact classification metrics of a predictions file, as a table or as JSON. */

import { stat } from 'node:fs/promises';
import { classifyJson, MAX_MATRIX_CLASSES, readErrors, type ClassifyJson, type Evaluation } from '../core/classify';
import type { Finding } from '../core/model/findings';
import { printable } from '../core/text/messages';
import { formatNumber } from '../core/text/numbers';
import { evaluatePredictions } from '../node/evaluatePredictions';
import { prepareHelpers } from '../node/helperPool';
import { readPredictionsFile } from '../node/readPredictions';
import { parseArgs, UsageError } from './args';
import { describeError, errorLine, failOnOption, failsOn, problemLine, table, type CliResult } from './common';

export const CLASSIFY_USAGE = `metric-lens classify <file> [--json] [--positive LABEL] [--threshold T]
    [--true-col NAME] [--pred-col NAME] [--score-col NAME] [--proba-prefix PREFIX] [--id-col NAME]
    [--fail-on info|warning|error]
  confusion matrix, per-class report, ROC/PR AUC and findings of a predictions file
  (CSV/TSV/JSON Lines, DVCLive confusion_matrix.json, or a labelled square matrix);
  exits 1 when a finding of the --fail-on severity or worse exists`;

const VALUED = [
  'positive',
  'threshold',
  'true-col',
  'pred-col',
  'score-col',
  'proba-prefix',
  'id-col',
  'fail-on',
] as const;

export async function classifyCommand(argv: readonly string[]): Promise<CliResult> {
  const args = parseArgs(argv, { flags: ['json'], valued: VALUED });
  if (args.positionals.length !== 1)
    throw new UsageError(args.positionals.length === 0 ? 'classify: no input file' : 'classify: one file at a time');
  const file = args.positionals[0]!;
  const opt = (name: (typeof VALUED)[number]): string | undefined => args.options.get(name);
  let threshold: number | undefined;
  if (opt('threshold') !== undefined) {
    threshold = Number(opt('threshold'));
    if (!Number.isFinite(threshold)) throw new UsageError(`--threshold needs a number, not "${opt('threshold')}"`);
  }
  const failOn = failOnOption(opt('fail-on'));

  const options = {
    ...(opt('true-col') !== undefined ? { trueCol: opt('true-col')! } : {}),
    ...(opt('pred-col') !== undefined ? { predCol: opt('pred-col')! } : {}),
    ...(opt('score-col') !== undefined ? { scoreCol: opt('score-col')! } : {}),
    ...(opt('proba-prefix') !== undefined ? { probaPrefix: opt('proba-prefix')! } : {}),
    ...(opt('id-col') !== undefined ? { idCol: opt('id-col')! } : {}),
    ...(opt('positive') !== undefined ? { positive: opt('positive')! } : {}),
    ...(threshold !== undefined ? { threshold } : {}),
  };

  let report: ClassifyJson;
  let evaluation: Evaluation | undefined;
  try {
    const st = await stat(file);
    if (st.isDirectory()) throw new Error('is a folder; name the predictions file in it');
    prepareHelpers(st.size);
    const read = await readPredictionsFile(file, file, { ...options, sharedColumns: true });
    const errors = readErrors(file, read);
    if (!read.data) {
      const message = errors[0]?.message ?? 'nothing could be read';
      return done(args.flags.has('json'), { source: file, n: 0, findings: [], errors }, problemLine(file, message), 2);
    }
    evaluation = await evaluatePredictions(read.data);
    report = classifyJson(file, evaluation, errors);
  } catch (e) {
    const message = describeError(e);
    return done(
      args.flags.has('json'),
      { source: file, n: 0, findings: [], errors: [{ source: file, message }] },
      problemLine(file, message),
      2,
    );
  }
  const stdout = args.flags.has('json') ? JSON.stringify(report, null, 2) + '\n' : formatReport(report, evaluation);
  return { code: failsOn(report.findings, failOn) ? 1 : 0, stdout, stderr: '' };
}

function done(json: boolean, report: ClassifyJson, stderr: string, code: number): CliResult {
  return { code, stdout: json ? JSON.stringify(report, null, 2) + '\n' : '', stderr };
}

function short(v: number | string | undefined): string {
  if (v === undefined) return '-';
  return typeof v === 'number' ? formatNumber(Number(v.toPrecision(4))) : v;
}

/** Above this many classes the matrix is summarised by its largest confusions. */
const MAX_PRINTED_CLASSES = 20;

function formatReport(r: ClassifyJson, e: Evaluation | undefined): string {
  const out: string[] = [];
  if (r.regression) {
    out.push(`${r.source}  (regression, ${r.n} rows)`);
    out.push(`  MAE ${short(r.regression.mae)}  RMSE ${short(r.regression.rmse)}  R² ${short(r.regression.r2)}`);
  } else if (r.labels && r.perClass) {
    const labels = r.labels;
    out.push(
      `${r.source}  (${e?.kind === 'matrix' ? 'confusion matrix' : 'classification'}, ${r.n} rows, ${labels.length} classes)`,
    );
    if (!r.confusion) {
      out.push(
        `  no confusion matrix: ${labels.length} classes, over the ${MAX_MATRIX_CLASSES} for which one is computed ` +
          '(its memory grows as the square of the classes); the metrics and the per-class report below are computed without it',
      );
    } else if (labels.length <= MAX_PRINTED_CLASSES) {
      out.push('  confusion (rows = true, columns = predicted):');
      out.push(
        ...table(
          ['', ...labels],
          r.confusion.map((row, i) => [labels[i]!, ...row.map(String)]),
        ).map((l) => '    ' + l),
      );
    } else {
      out.push('  largest confusions (true → predicted: count):');
      const pairs = r.confusion
        .flatMap((row, i) => row.map((c, j) => ({ i, j, c })))
        .filter((p) => p.i !== p.j && p.c > 0)
        .sort((a, b) => b.c - a.c)
        .slice(0, 10);
      for (const p of pairs) out.push(`    ${labels[p.i]} → ${labels[p.j]}: ${p.c}`);
    }
    out.push(
      `  accuracy ${short(r.accuracy)}  balanced accuracy ${short(r.balancedAccuracy)}  MCC ${short(r.mcc)}  kappa ${short(r.kappa)}`,
    );
    const rows = r.perClass.map((c) => [c.label, short(c.precision), short(c.recall), short(c.f1), String(c.support)]);
    for (const [name, a] of [
      ['macro avg', r.macro],
      ['weighted avg', r.weighted],
      ['micro avg', r.micro],
    ] as const) {
      if (a) rows.push([name, short(a.precision), short(a.recall), short(a.f1), String(r.n)]);
    }
    out.push(...table(['class', 'precision', 'recall', 'f1', 'support'], rows).map((l) => '  ' + l));
    if (r.binary) {
      const b = r.binary;
      const extra =
        e?.kind === 'classification' && e.binary?.maxF1
          ? `; best F1 ${short(e.binary.maxF1.f1)} at threshold ${short(e.binary.maxF1.threshold)}`
          : '';
      out.push(
        `  binary (positive ${JSON.stringify(b.positive)}): ROC AUC ${short(b.rocAuc)}, average precision ${short(b.averagePrecision)}${extra}`,
      );
      out.push(`    confusion at threshold ${short(b.threshold)}: ${JSON.stringify(b.confusionAtThreshold)}`);
    }
    if (r.ovr) {
      out.push(`  one-vs-rest ROC AUC: macro ${short(r.ovr.rocAucMacro)}, weighted ${short(r.ovr.rocAucWeighted)}`);
      if (r.ovr.perClass.length <= MAX_PRINTED_CLASSES) {
        out.push(
          ...table(
            ['class', 'roc auc', 'avg precision'],
            r.ovr.perClass.map((c) => [c.label, short(c.rocAuc), short(c.averagePrecision)]),
          ).map((l) => '    ' + l),
        );
      }
    }
  }
  for (const f of r.findings) out.push(...formatFinding(f));
  for (const err of r.errors) out.push(errorLine(err));
  // Names, labels and messages come from files: escaped, one printed line each.
  return out.map(printable).join('\n') + '\n';
}

function formatFinding(f: Finding): string[] {
  return [`${f.severity}: ${f.rule}${f.line ? ` (line ${f.line})` : ''}: ${f.message}`, `  ${f.hint}`];
}
