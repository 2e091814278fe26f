/**
 * `metricLens.rules.<id>.enabled`, `.severity` and `.<param>` settings, read into the core's
 * `RuleSettings`. The settings themselves are generated into package.json from the core's rule
 * table (`npm run contributions`), so the two cannot drift (a unit test checks it).
 */

import * as vscode from 'vscode';
import { DEFAULT_MAX_SHOWN, RULES, type RuleSettings } from '../../core/diagnose';
import { MAX_SHOWN_SETTING } from './rulesConfiguration';
import { isSeverity } from '../../core/model/findings';

export const RULES_SECTION = 'metricLens.rules';

/** The rule settings that apply to `scope` (a log file: folder settings may differ per project). */
export function readRuleSettings(scope?: vscode.Uri): RuleSettings {
  const config = vscode.workspace.getConfiguration(RULES_SECTION, scope ?? null);
  const out: Record<
    string,
    { enabled?: boolean; severity?: 'error' | 'warning' | 'info'; params?: Record<string, number> }
  > = {};
  for (const rule of RULES) {
    const entry: { enabled?: boolean; severity?: 'error' | 'warning' | 'info'; params?: Record<string, number> } = {};
    const enabled = config.get<unknown>(`${rule.id}.enabled`);
    if (typeof enabled === 'boolean') entry.enabled = enabled;
    const severity = config.get<unknown>(`${rule.id}.severity`);
    if (isSeverity(severity)) entry.severity = severity;
    for (const param of Object.keys(rule.params)) {
      const v = config.get<unknown>(`${rule.id}.${param}`);
      if (typeof v === 'number' && Number.isFinite(v)) (entry.params ??= {})[param] = v;
    }
    out[rule.id] = entry;
  }
  return out as RuleSettings;
}

/** Warnings and errors shown per run for `scope` (0: all). */
export function readMaxShown(scope?: vscode.Uri): number {
  const v = vscode.workspace.getConfiguration(RULES_SECTION, scope ?? null).get<unknown>(MAX_SHOWN_SETTING);
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.floor(v) : DEFAULT_MAX_SHOWN;
}
