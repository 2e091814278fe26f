/**
 * What the matrix webview receives for an evaluated predictions file: the report, the binary sweep
 * the threshold slider works on (every distinct score when there are not too many, else as many as
 * a slider can select — exact at those), one-vs-rest summaries, calibration, and for regression a
 * scatter of at most a few thousand points. Pure (no `vscode`): unit-tested in Node.
 */

import {
  precisionRecallCurve,
  rocCurve,
  thinCurve,
  thinSweep,
  type BinarySweep,
  MAX_MATRIX_CLASSES,
  type ClassificationReport,
  type Evaluation,
  type Predictions,
  type PredictionsData,
  type PredictionsRead,
  type ThresholdChoice,
} from '../../core/classify';
import type { Finding } from '../../core/model/findings';
import type {
  ClassificationPayload,
  EvaluationPayload,
  MatrixFile,
  MatrixFinding,
  OvrCurvePayload,
  SweepPayload,
  ThresholdChoicePayload,
} from '../../protocol/matrix';
import { sendAsColumns } from '../../protocol/wireArrays';

/** Distinct scores sent as they are up to this many; more are thinned for the slider. */
export const MAX_SWEEP = 100_000;
/** Classes whose one-vs-rest curves are drawn (more lines than this cannot be told apart; the report has every class). */
export const MAX_OVR_CURVES = 20;
/** Points of each one-vs-rest curve drawn (a small chart is a few hundred pixels wide). */
export const OVR_CURVE_POINTS = 500;
/** Points of a regression scatter. */
export const MAX_SCATTER = 5000;

const IMAGE = /\.(png|jpe?g|gif|bmp|webp|tiff?)$/i;

export function matrixFile(id: string, source: string, read: PredictionsRead): MatrixFile {
  const d = read.data;
  const base = { id, source, issues: read.issues.slice(), issueCount: read.issueCount };
  if (!d) return { ...base, kind: 'unreadable', n: 0, columns: {}, hasRows: false, imageIds: false };
  if (d.kind === 'matrix') return { ...base, kind: 'matrix', n: d.n, columns: {}, hasRows: false, imageIds: false };
  if (d.kind === 'regression')
    return { ...base, kind: 'regression', n: d.n, columns: { ...d.columns }, hasRows: false, imageIds: false };
  return {
    ...base,
    kind: 'classification',
    n: d.n,
    columns: { ...d.columns },
    predictedFrom: d.predictedFrom,
    hasRows: true,
    imageIds: looksLikeImages(d),
  };
}

/** Ids that are image paths: the first ones tell. */
function looksLikeImages(p: Predictions): boolean {
  const ids = p.ids;
  if (!ids || ids instanceof Float64Array) return false;
  const sample = ids.slice(0, 20);
  return sample.length > 0 && sample.every((id) => IMAGE.test(id));
}

export function evaluationPayload(
  e: Evaluation | undefined,
  data: PredictionsData | undefined,
): EvaluationPayload | null {
  if (!e) return null;
  if (e.kind === 'regression') {
    const r = data?.kind === 'regression' ? data : undefined;
    const pick = sampleIndices(r?.n ?? 0, MAX_SCATTER);
    return {
      kind: 'regression',
      n: e.metrics.n,
      mae: e.metrics.mae,
      mse: e.metrics.mse,
      rmse: e.metrics.rmse,
      r2: e.metrics.r2,
      actual: Float64Array.from(pick, (i) => r!.actual[i]!),
      predicted: Float64Array.from(pick, (i) => r!.predicted[i]!),
      lines: Int32Array.from(pick, (i) => r!.lines[i]!),
    };
  }
  const out: { -readonly [K in keyof ClassificationPayload]: ClassificationPayload[K] } = {
    kind: e.kind,
    ...reportPart(e.report),
  };
  if (e.kind === 'classification' && e.binary) {
    const b = e.binary;
    const exact = b.sweep.thresholds.length <= MAX_SWEEP;
    out.binary = {
      positive: b.positive,
      threshold: b.threshold,
      sweep: sweepPart(exact ? b.sweep : thinSweep(b.sweep, MAX_SWEEP)),
      sweepExact: exact,
      rocAuc: b.rocAuc,
      averagePrecision: b.averagePrecision,
      logLoss: b.logLoss,
      ...(b.maxF1 ? { maxF1: choice(b.maxF1) } : {}),
      ...(b.youden ? { youden: choice(b.youden) } : {}),
    };
    if (b.calibration)
      out.calibration = { ece: b.calibration.ece, n: b.calibration.n, bins: b.calibration.bins.map((x) => ({ ...x })) };
  }
  if (e.kind === 'classification' && e.probabilities) {
    const p = e.probabilities;
    out.probabilities = {
      rocAucMacro: p.ovr.rocAucMacro,
      rocAucWeighted: p.ovr.rocAucWeighted,
      averagePrecisionMacro: p.ovr.averagePrecisionMacro,
      perClass: sendAsColumns(
        p.ovr.perClass.map((c) => ({
          label: e.report.labels[c.label] ?? String(c.label),
          rocAuc: c.rocAuc,
          averagePrecision: c.averagePrecision,
          support: c.support,
        })),
      ),
      topK: p.topK.slice(),
      logLoss: p.logLoss,
      curves: p.sweeps
        .slice(0, MAX_OVR_CURVES)
        .map((sweep, c) => ovrCurvePart(e.report.labels[p.probaLabels[c]!] ?? String(p.probaLabels[c]), sweep)),
    };
    if (!out.calibration && p.calibration)
      out.calibration = { ece: p.calibration.ece, n: p.calibration.n, bins: p.calibration.bins.map((x) => ({ ...x })) };
  }
  return out;
}

/** A copy of the report (the webview's message must not share the evaluation's arrays). */
function reportPart(r: ClassificationReport): ClassificationReport & Pick<ClassificationPayload, 'withoutMatrix'> {
  return {
    labels: r.labels.slice(),
    n: r.n,
    ...(r.confusion
      ? { confusion: r.confusion.slice() }
      : { confusion: undefined, withoutMatrix: { limit: MAX_MATRIX_CLASSES } }),
    predicted: r.predicted.slice(),
    accuracy: r.accuracy,
    balancedAccuracy: r.balancedAccuracy,
    mcc: r.mcc,
    kappa: r.kappa,
    // Columns on the wire: 100 000 classes as records were 13 MB of JSON written in one turn of the host.
    perClass: sendAsColumns(r.perClass.map((c) => ({ ...c }))),
    macro: { ...r.macro },
    weighted: { ...r.weighted },
    micro: { ...r.micro },
  };
}

/** A class's ROC and PR curves against the rest, as `roc_curve` and `precision_recall_curve` give them, thinned. */
function ovrCurvePart(label: string, sweep: BinarySweep): OvrCurvePayload {
  const roc = rocCurve(sweep);
  const pr = precisionRecallCurve(sweep);
  const r = thinCurve(roc.fpr, roc.tpr, OVR_CURVE_POINTS);
  const q = thinCurve(pr.recall, pr.precision, OVR_CURVE_POINTS);
  return { label, fpr: r.x, tpr: r.y, recall: q.x, precision: q.y };
}

function sweepPart(s: BinarySweep): SweepPayload {
  return {
    thresholds: s.thresholds.slice(),
    tps: s.tps.slice(),
    fps: s.fps.slice(),
    positives: s.positives,
    negatives: s.negatives,
    nanPositives: s.nanPositives,
    nanNegatives: s.nanNegatives,
  };
}

function choice(c: ThresholdChoice): ThresholdChoicePayload {
  return { threshold: c.threshold, precision: c.precision, recall: c.recall, f1: c.f1, fpr: c.fpr };
}

export function findingsPayload(findings: readonly Finding[]): MatrixFinding[] {
  return findings.map((f) => ({
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    hint: f.hint,
    ...(f.line !== undefined ? { line: f.line } : {}),
  }));
}

/** `count` indices spread evenly over `[0, n)` (all of them when n ≤ count). */
export function sampleIndices(n: number, count: number): Int32Array {
  if (n <= count) return Int32Array.from({ length: n }, (_, i) => i);
  return Int32Array.from({ length: count }, (_, k) => Math.floor((k * (n - 1)) / (count - 1)));
}
