/**
 * Export of what a curves panel shows: CSV or JSON of the visible series at full resolution
 * (aligned on the panel's x axis, within its zoom), a PNG the webview rendered, or the summary as
 * Markdown on the clipboard. Files are written only where the user chose in a save dialog.
 */

import * as vscode from 'vscode';
import { summaryMarkdown, toCsv, toJson, type ColumnSeries, type SummaryRow } from '../../core/curves/table';
import { runStartTime, xModeLabel, xValues } from '../../core/curves/xAxis';
import type { Run } from '../../core/model/run';
import type { ExportFormat, ViewRequest } from '../../protocol/curves';
import { pngBytes, saveExport } from '../saveExport';
import { runValueEntries, summaryEntries } from './payload';
import { seriesRoles } from '../../core/model/runValues';
import { seriesKey } from './seriesView';

export interface ExportRequest {
  readonly format: ExportFormat;
  /** Series keys (`runId\0name`) to export; empty = all. */
  readonly seriesKeys: readonly string[];
  /** Suggested file name without extension. */
  readonly name: string;
  readonly dataUrl?: string;
}

/** The columns to export: visible series, full resolution, inside the zoomed range. */
export function exportColumns(
  runs: ReadonlyMap<string, Run>,
  view: ViewRequest,
  keys: readonly string[],
): ColumnSeries[] {
  const wanted = new Set(keys);
  const manyRuns = runs.size > 1;
  const columns: ColumnSeries[] = [];
  for (const [id, run] of runs) {
    const start = runStartTime(run.series);
    for (const s of run.series) {
      if (wanted.size > 0 && !wanted.has(seriesKey(id, s.name))) continue;
      const x = xValues(s, view.xMode, start, (n) => run.getSeries(n));
      if (!x) continue;
      const [x0, x1] = view.xRange ?? [-Infinity, Infinity];
      const keep: number[] = [];
      for (let i = 0; i < x.length; i++) if (x[i]! >= x0 && x[i]! <= x1) keep.push(i);
      const values = s.valueArray();
      columns.push({
        name: manyRuns ? `${run.name}/${s.name}` : s.name,
        x: Float64Array.from(keep, (i) => x[i]!),
        y: Float64Array.from(keep, (i) => values[i]!),
      });
    }
  }
  return columns;
}

export function summaryRows(runs: ReadonlyMap<string, Run>, keys: readonly string[]): SummaryRow[] {
  const wanted = new Set(keys);
  return [...runs].flatMap(([id, run]) => {
    const roles = seriesRoles(run);
    // The values of the run (hparam/…, best_…) come after its curves, as a value with no best.
    const values = runValueEntries(id, run, roles).map((v) => ({ name: v.name, last: v.value, lastStep: v.step }));
    const curves = new Set([...roles].filter(([, role]) => role === 'curve').map(([s]) => s.name));
    // The panel's shown series narrow its curves; values and step metrics are not charts to hide.
    return [...summaryEntries(id, run, roles), ...values]
      .filter((e) => wanted.size === 0 || wanted.has(seriesKey(id, e.name)) || !curves.has(e.name))
      .map((e) => ({
        run: run.name,
        metric: e.name,
        best: 'best' in e ? e.best : undefined,
        bestStep: 'bestStep' in e ? e.bestStep : undefined,
        last: e.last,
        lastStep: e.lastStep,
      }));
  });
}

/**
 * Runs an export. Returns where the file went, the Markdown copied, or undefined when the user
 * cancelled the save dialog. `target` skips the dialog (used by the in-editor tests).
 */
export async function exportCurves(
  req: ExportRequest,
  runs: ReadonlyMap<string, Run>,
  view: ViewRequest,
  target: vscode.Uri | undefined,
): Promise<vscode.Uri | string | undefined> {
  if (req.format === 'markdown') {
    const md = summaryMarkdown(summaryRows(runs, req.seriesKeys));
    await vscode.env.clipboard.writeText(md);
    void vscode.window.showInformationMessage(vscode.l10n.t('Metric Lens: summary table copied as Markdown.'));
    return md;
  }
  let bytes: Uint8Array;
  if (req.format === 'png') {
    if (!req.dataUrl) throw new Error('no image to save');
    bytes = pngBytes(req.dataUrl);
  } else {
    const stepLabel = runs.size > 0 ? [...runs.values()][0]!.xLabel : 'step';
    const xName = xModeLabel(view.xMode, stepLabel);
    const columns = exportColumns(runs, view, req.seriesKeys);
    bytes = Buffer.from(req.format === 'csv' ? toCsv(xName, columns) : toJson(xName, columns), 'utf8');
  }
  return saveExport(bytes, req.name || 'curves', req.format, vscode.l10n.t('Export curves'), target);
}
