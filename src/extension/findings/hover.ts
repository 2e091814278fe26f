/**
 * Hovers on training logs: on a line with a finding, the numbers behind it (its message and what to
 * try are the diagnostic's, which the editor shows in the same hover); on any
 * metric value, its context — rank among the evaluations, distance to the best, the paired
 * train/validation value at that step, the recent trend.
 */

import * as vscode from 'vscode';
import { describePoint, type PointContext } from '../../core/diagnose';
import type { Finding } from '../../core/model/findings';
import { pointForToken } from '../../core/model/pointIndex';
import type { FindingsService } from './findingsService';
import { escapeMarkdown } from '../markdown';

// Linear on a line: tried at each character, a try ends at the first character that cannot continue a number
// and always succeeds once it has a digit (nothing mandatory follows), so it never gives back what it took.
const NUMBER = /[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?%?|[-+]?(?:nan|inf(?:inity)?)\b/gi;
const ICON: Record<Finding['severity'], string> = { error: '$(error)', warning: '$(warning)', info: '$(info)' };

export class FindingsHoverProvider implements vscode.HoverProvider {
  constructor(private readonly findings: FindingsService) {}

  provideHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    const parts: vscode.MarkdownString[] = [];
    for (const f of this.findings.findingsFor(doc.uri)) {
      if (f.line === pos.line + 1) parts.push(findingMarkdown(doc.uri, f));
    }
    const point = this.pointAt(doc, pos);
    if (point) parts.push(pointMarkdown(point));
    return parts.length > 0 ? new vscode.Hover(parts) : undefined;
  }

  private pointAt(doc: vscode.TextDocument, pos: vscode.Position): PointContext | undefined {
    const found = this.findings.runFor(doc.uri);
    if (!found) return undefined;
    const points = found.index.at(pos.line + 1);
    if (points.length === 0) return undefined;
    const text = doc.lineAt(pos.line).text;
    for (const m of text.matchAll(NUMBER)) {
      const start = m.index ?? 0;
      if (pos.character < start || pos.character > start + m[0].length) continue;
      const raw = m[0].replace(/%$/, '');
      const value = /nan/i.test(raw)
        ? NaN
        : /inf/i.test(raw)
          ? raw.startsWith('-')
            ? -Infinity
            : Infinity
          : Number(raw);
      const hit = pointForToken(points, text, start, value);
      return hit ? describePoint(found.run, hit.series, hit.index) : undefined;
    }
    return undefined;
  }
}

function fmt(v: number | undefined): string {
  if (v === undefined) return '';
  if (!Number.isFinite(v)) return String(v);
  return String(+v.toPrecision(5));
}

/**
 * What the diagnostic on the same line does not say: its message and hint are already in the hover
 * (the editor shows a diagnostic's message above the providers' blocks), so this block gives the
 * numbers behind it and the way to the chart, under the rule's name — each finding once.
 */
function findingMarkdown(uri: vscode.Uri, f: Finding): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = { enabledCommands: ['metricLens.showInChart'] };
  md.appendMarkdown(
    `${ICON[f.severity]} **${escapeMarkdown(f.rule)}**${f.metric !== undefined ? ` on ${escapeMarkdown(f.metric)}` : ''}: the numbers\n\n`,
  );
  const detail = Object.entries(f.detail ?? {});
  if (detail.length > 0) {
    md.appendMarkdown('| | |\n|---|---:|\n');
    for (const [k, v] of detail)
      md.appendMarkdown(`| ${escapeMarkdown(humanKey(k))} | ${escapeMarkdown(typeof v === 'number' ? fmt(v) : v)} |\n`);
    md.appendMarkdown('\n');
  }
  if (f.step !== undefined) {
    const args = encodeURIComponent(JSON.stringify([uri.toString(), f.step]));
    md.appendMarkdown(
      `[$(graph-line) Show in chart](command:metricLens.showInChart?${args} "Open the curves at step ${f.step}")`,
    );
  }
  return md;
}

function pointMarkdown(c: PointContext): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  const at = c.point.epoch !== undefined ? `epoch ${fmt(c.point.epoch)}` : `step ${fmt(c.point.step)}`;
  md.appendMarkdown(
    `$(graph-line) **${escapeMarkdown(c.metric)}** = ${escapeMarkdown(fmt(c.point.value))} at ${escapeMarkdown(at)}\n\n`,
  );
  const lines: string[] = [];
  if (c.rank !== undefined) lines.push(`rank ${c.rank} of ${c.of} (${c.lowerIsBetter ? 'lower' : 'higher'} is better)`);
  if (c.best) {
    const bestAt = c.best.epoch !== undefined ? `epoch ${fmt(c.best.epoch)}` : `step ${fmt(c.best.step)}`;
    const rel =
      c.fromBestRelative !== undefined && c.fromBest !== 0
        ? ` (${c.fromBestRelative > 0 ? '+' : ''}${fmt(c.fromBestRelative * 100)} %)`
        : '';
    lines.push(c.fromBest === 0 ? 'this is the best value' : `best ${fmt(c.best.value)} at ${bestAt}${rel}`);
  }
  if (c.paired) lines.push(`${c.paired.metric} at this step: ${fmt(c.paired.value)}`);
  if (c.trend)
    lines.push(
      `last ${c.trend.evaluations} evaluations: ${c.trend.direction} (${c.trend.change > 0 ? '+' : ''}${fmt(c.trend.change)})`,
    );
  md.appendMarkdown(lines.map((l) => `- ${escapeMarkdown(l)}`).join('\n'));
  return md;
}

/** `bestEpoch` → `best epoch`. */
function humanKey(k: string): string {
  return k
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
}
