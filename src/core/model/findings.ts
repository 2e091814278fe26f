/**
 * A finding: something worth telling the user about a run or a predictions file (overfitting, NaN,
 * the accuracy paradox…). The one shape that diagnostics, hovers, chart marks, the status bar and
 * the CLI all present; rules in the core produce it, adapters elsewhere only display it.
 */

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  /** The rule's id, e.g. `overfitting`, `nonFinite`, `accuracyParadox`. */
  readonly rule: string;
  readonly severity: Severity;
  /** The file (or folder) the finding is about, as the run or predictions source names it. */
  readonly source: string;
  /** The series (raw name) or column the finding is about, when there is one. */
  readonly metric?: string;
  /** Step and epoch as the file numbers them, of the point where the problem starts. */
  readonly step?: number;
  readonly epoch?: number;
  /** 1-based line of that point (text formats), or byte offset of its record (binary formats). */
  readonly line?: number;
  readonly offset?: number;
  /** One sentence with the numbers. */
  readonly message: string;
  /** What to try, short. */
  readonly hint: string;
  /** The numbers behind the message, for hovers and tooltips (names are rule-specific). */
  readonly detail?: Readonly<Record<string, number | string>>;
  /** The stretch of steps the problem covers, for shading on a chart. */
  readonly range?: { readonly fromStep: number; readonly toStep: number };
  /** What other rules said of the same problem, folded into this finding (its message says them too). */
  readonly sameProblem?: readonly Finding[];
}

/**
 * A finding as the CLI prints it in JSON: where it is as the file numbers it, and what to do; no chart
 * data. Every key is there; one the finding lacks holds undefined (JSON leaves it out).
 */
export type FindingJson = {
  readonly [
    K in 'rule' | 'severity' | 'source' | 'metric' | 'step' | 'epoch' | 'line' | 'offset' | 'message' | 'hint'
  ]: Finding[K];
};

export function findingToJson(f: Finding): FindingJson {
  const { rule, severity, source, metric, step, epoch, line, offset, message, hint } = f;
  return { rule, severity, source, metric, step, epoch, line, offset, message, hint };
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** True when `s` is at least as severe as `threshold` (for `--fail-on`). */
export function atLeast(s: Severity, threshold: Severity): boolean {
  return ORDER[s] <= ORDER[threshold];
}

export function isSeverity(v: unknown): v is Severity {
  return v === 'error' || v === 'warning' || v === 'info';
}
