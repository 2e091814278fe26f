/**
 * The JSON `metric-lens classify --json` prints (the schema of the classification issue): full
 * precision numbers, NaN and ±Infinity as strings so the output stays valid JSON, `binary` only for
 * two classes with a score, `ovr` only with per-class probabilities.
 */

import type { Finding } from '../model/findings';
import { MAX_KEPT_ISSUES } from '../model/run';
import { jsonNumber, type ErrorEntry, type JsonNumber } from '../model/summary';
import type { Evaluation } from './evaluate';
import type { PredictionsRead } from './predictions';

interface JsonAverages {
  precision: JsonNumber;
  recall: JsonNumber;
  f1: JsonNumber;
}

export interface ClassifyJson {
  source: string;
  n: number;
  labels?: string[];
  confusion?: number[][];
  accuracy?: JsonNumber;
  balancedAccuracy?: JsonNumber;
  mcc?: JsonNumber;
  kappa?: JsonNumber;
  perClass?: { label: string; precision: JsonNumber; recall: JsonNumber; f1: JsonNumber; support: number }[];
  macro?: JsonAverages;
  weighted?: JsonAverages;
  micro?: JsonAverages;
  binary?: {
    positive: string;
    threshold: JsonNumber;
    rocAuc: JsonNumber;
    averagePrecision: JsonNumber;
    confusionAtThreshold: number[][];
  };
  ovr?: {
    rocAucMacro: JsonNumber;
    rocAucWeighted: JsonNumber;
    perClass: { label: string; rocAuc: JsonNumber; averagePrecision: JsonNumber }[];
  };
  /** Regression files only. */
  regression?: { mae: JsonNumber; mse: JsonNumber; rmse: JsonNumber; r2: JsonNumber };
  findings: Finding[];
  errors: ErrorEntry[];
}

function square(flat: Int32Array, k: number): number[][] {
  return Array.from({ length: k }, (_, i) => Array.from(flat.subarray(i * k, (i + 1) * k)));
}

function averages(a: { precision: number; recall: number; f1: number }): JsonAverages {
  return { precision: jsonNumber(a.precision), recall: jsonNumber(a.recall), f1: jsonNumber(a.f1) };
}

/** Read problems as CLI error entries (with a count of those not kept). */
export function readErrors(source: string, read: Pick<PredictionsRead, 'issues' | 'issueCount'>): ErrorEntry[] {
  const out: ErrorEntry[] = read.issues.map((i) =>
    i.line !== undefined ? { source, line: i.line, message: i.message } : { source, message: i.message },
  );
  const dropped = read.issueCount - Math.min(read.issues.length, MAX_KEPT_ISSUES);
  if (dropped > 0) out.push({ source, message: `${dropped} more problems not listed` });
  return out;
}

export function classifyJson(source: string, e: Evaluation, errors: ErrorEntry[]): ClassifyJson {
  if (e.kind === 'regression') {
    const m = e.metrics;
    return {
      source,
      n: m.n,
      regression: { mae: jsonNumber(m.mae), mse: jsonNumber(m.mse), rmse: jsonNumber(m.rmse), r2: jsonNumber(m.r2) },
      findings: [...e.findings],
      errors,
    };
  }
  const r = e.report;
  const k = r.labels.length;
  const out: Omit<ClassifyJson, 'findings' | 'errors'> = {
    source,
    n: r.n,
    labels: [...r.labels],
    ...(r.confusion ? { confusion: square(r.confusion, k) } : {}),
    accuracy: jsonNumber(r.accuracy),
    balancedAccuracy: jsonNumber(r.balancedAccuracy),
    mcc: jsonNumber(r.mcc),
    kappa: jsonNumber(r.kappa),
    perClass: r.perClass.map((c) => ({
      label: c.label,
      precision: jsonNumber(c.precision),
      recall: jsonNumber(c.recall),
      f1: jsonNumber(c.f1),
      support: c.support,
    })),
    macro: averages(r.macro),
    weighted: averages(r.weighted),
    micro: averages(r.micro),
  };
  if (e.kind === 'classification') {
    if (e.binary) {
      const b = e.binary;
      out.binary = {
        positive: r.labels[b.positive]!,
        threshold: jsonNumber(b.threshold),
        rocAuc: jsonNumber(b.rocAuc),
        averagePrecision: jsonNumber(b.averagePrecision),
        confusionAtThreshold: square(b.confusionAtThreshold, 2),
      };
    }
    if (e.probabilities) {
      const o = e.probabilities.ovr;
      out.ovr = {
        rocAucMacro: jsonNumber(o.rocAucMacro),
        rocAucWeighted: jsonNumber(o.rocAucWeighted),
        perClass: o.perClass.map((c) => ({
          label: r.labels[c.label]!,
          rocAuc: jsonNumber(c.rocAuc),
          averagePrecision: jsonNumber(c.averagePrecision),
        })),
      };
    }
  }
  return { ...out, findings: [...e.findings], errors };
}
