/**
 * Turning a rule's verdict into a Finding: the location of a point as the file numbers it, and the
 * few number and place spellings every message uses, so all rules read alike.
 */

import type { Finding, Severity } from '../model/findings';
import type { Series } from '../model/series';
import type { RuleId } from './registry';

/** What a rule needs besides its input: who it is, how severe, and the run's name for places. */
export interface RuleContext {
  readonly rule: RuleId;
  readonly severity: Severity;
  readonly source: string;
  /** What the run's steps count (`step`, `epoch`, `iteration`, `row`), for messages. */
  readonly xLabel: string;
  readonly params: Readonly<Record<string, number>>;
}

export interface Verdict {
  readonly message: string;
  readonly hint: string;
  readonly detail?: Readonly<Record<string, number | string>>;
  /** Raw indices of `series` the problem covers, for chart shading. */
  readonly from?: number;
  readonly to?: number;
}

/** A finding located at point `index` of `series`. */
export function findingAt(ctx: RuleContext, series: Series, index: number, v: Verdict): Finding {
  const f: { -readonly [K in keyof Finding]: Finding[K] } = {
    rule: ctx.rule,
    severity: ctx.severity,
    source: ctx.source,
    metric: series.name,
    step: series.step(index),
    message: v.message,
    hint: v.hint,
  };
  const epoch = series.epoch(index);
  if (epoch !== undefined) f.epoch = epoch;
  if (series.locationKind === 'line') f.line = series.location(index);
  else f.offset = series.location(index);
  if (v.detail) f.detail = v.detail;
  if (v.from !== undefined && v.to !== undefined)
    f.range = { fromStep: series.step(v.from), toStep: series.step(v.to) };
  return f;
}

/**
 * `epoch 12` when the point has a whole epoch, else `step 3400` (or the run's own word for its x); a fractional
 * epoch (Hugging Face's 0.1137) goes after the step, in two decimals: `step 125 (epoch 0.11)`.
 */
export function placeOf(ctx: RuleContext, series: Series, index: number): string {
  return placeText(series.step(index), series.epoch(index), ctx.xLabel);
}

/**
 * A point's place as people read it: `epoch 3`, or the step with a fractional epoch beside it (`step 125 (epoch 0.11)`,
 * as a Hugging Face Trainer writes it), or the step alone.
 */
export function placeText(step: number | undefined, epoch: number | undefined, xLabel = 'step'): string {
  if (epoch !== undefined && Number.isInteger(epoch)) return `epoch ${num(epoch)}`;
  if (step === undefined) return epoch !== undefined ? `epoch ${epoch.toFixed(2)}` : '';
  const at = `${xLabel} ${num(step)}`;
  return epoch !== undefined ? `${at} (epoch ${epoch.toFixed(2)})` : at;
}

/** How far apart two points are, in epochs when both have them, else in steps. */
export function spanBetween(
  ctx: RuleContext,
  series: Series,
  from: number,
  to: number,
): { amount: number; unit: string } {
  const a = series.epoch(from),
    b = series.epoch(to);
  if (a !== undefined && b !== undefined) {
    // Fractional epochs (a Trainer's 1.137398) read to two decimals; whole ones stay whole.
    const amount = Number.isInteger(a) && Number.isInteger(b) ? round(b - a) : Math.round((b - a) * 100) / 100;
    return { amount, unit: amount === 1 ? 'epoch' : 'epochs' };
  }
  const d = round(series.step(to) - series.step(from));
  return { amount: d, unit: d === 1 ? ctx.xLabel : `${ctx.xLabel}s` };
}

/** Four significant digits: enough to recognise a value from the log. */
export function num(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  return String(Number(v.toPrecision(4)));
}

export function percent(fraction: number): string {
  return `${num(fraction * 100)} %`;
}

function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
