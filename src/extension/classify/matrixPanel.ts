/**
 * One confusion-matrix panel: a predictions file (or two to compare, or a series of them), read
 * and evaluated off the extension host's thread when large, re-evaluated when the file changes.
 * The webview gets the evaluation once; the threshold slider works in the webview; only the rows
 * behind a cell and image thumbnails are asked for.
 */

import * as vscode from 'vscode';
import {
  compareConfusions,
  describeRows,
  groupRows,
  indexCells,
  rowsInCell,
  rowsInCellAtThreshold,
  seriesOfEvaluations,
  type CellIndex,
  type ClassificationEvaluation,
  type MatrixEvaluation,
  type Predictions,
  type RowGroups,
} from '../../core/classify';
import { classifyFile, type ClassifyResult } from '../../node/classifyJob';
import { Coalescer, watchFile } from '../../node/watchFile';
import { assertNever } from '../../protocol/common';
import {
  MATRIX_PROTOCOL_VERSION,
  isFromMatrixWebview,
  type MatrixSnapshot,
  type ToMatrixWebview,
} from '../../protocol/matrix';
import { Disposable } from '../dispose';
import { log } from '../log';
import { openAtLine } from '../openAtLine';
import { withReadProgress } from '../progress';
import { webviewHtml } from '../webviewHtml';
import { PageWatchdog } from '../pageWatchdog';
import { WebviewChannel } from '../webviewChannel';
import { evaluationPayload, findingsPayload, matrixFile } from './matrixPayload';
import { readThumbnail } from './thumbnails';

export const MATRIX_VIEW_TYPE = 'metricLens.matrix';

interface Loaded {
  readonly uri: vscode.Uri;
  readonly result: ClassifyResult | undefined;
  readonly error?: string;
  cells?: CellIndex;
  byTrue?: RowGroups;
}

export class MatrixPanel extends Disposable {
  private ready = false;
  private loaded: Loaded[] = [];
  private loading: Promise<void> | undefined;
  private readonly disposed = this._register(new vscode.EventEmitter<void>());
  readonly onDidDispose = this.disposed.event;
  /** Fires with the files' results after each evaluation (the manager turns findings into diagnostics). */
  private readonly evaluated = this._register(new vscode.EventEmitter<readonly Loaded[]>());
  readonly onDidEvaluate = this.evaluated.event;
  private readonly channel: WebviewChannel<ToMatrixWebview, MatrixSnapshot>;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly sources: readonly vscode.Uri[],
    private readonly extensionUri: vscode.Uri,
    readonly restored: boolean,
  ) {
    super();
    this._register(panel);
    this.channel = new WebviewChannel(panel.webview, 'matrix', MATRIX_PROTOCOL_VERSION);
    this._register(panel.onDidDispose(() => this.dispose()));
    this._register(
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
    );
    this._register(panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)));
    const html = () => webviewHtml(panel.webview, extensionUri, 'matrix.js', panel.title);
    panel.webview.html = html();
    this._register(new PageWatchdog(panel, `matrix panel ${panel.title}`, () => this.ready, html));
    // Predictions files are rewritten whole: evaluate again when one changes.
    const coalescer = new Coalescer(() => this.load(), 500);
    this._register({ dispose: () => coalescer.dispose() });
    for (const uri of sources) this._register(watchFile(uri.fsPath, () => coalescer.trigger(), { pollMs: 2000 }));
    void this.load();
  }

  get isReady(): boolean {
    return this.ready;
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.disposed.fire();
    super.dispose();
  }

  probe(timeoutMs = 5000): Promise<MatrixSnapshot> {
    return this.channel.probe(timeoutMs);
  }

  get problems(): readonly string[] {
    return this.channel.problems;
  }

  applyState(patch: Readonly<Record<string, unknown>>): Promise<void> {
    return this.post({ type: 'applyState', patch });
  }

  /** Reads and evaluates the files again (they changed, or the column and threshold settings did). */
  load(): Promise<void> {
    this.loading = this.evaluateAll().then(() => this.sendAll());
    return this.loading;
  }

  private async evaluateAll(): Promise<void> {
    const workerScript = vscode.Uri.joinPath(this.extensionUri, 'dist', 'classifyWorker.js').fsPath;
    const loaded: Loaded[] = [];
    for (const uri of this.sources) {
      const display = vscode.workspace.asRelativePath(uri, false);
      void this.post({ type: 'loading', message: vscode.l10n.t('Reading {0}…', display) });
      try {
        const result = await withReadProgress(
          vscode.l10n.t('Metric Lens: evaluating {0}', display),
          (onProgress, signal) =>
            classifyFile(
              { path: uri.fsPath, displayPath: display, options: predictionOptions(uri) },
              { workerScript, onProgress, signal },
            ),
        );
        loaded.push({ uri, result });
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        log.warn(`evaluating ${display} failed: ${message}`);
        loaded.push({ uri, result: undefined, error: message });
      }
    }
    this.loaded = loaded;
    this.evaluated.fire(loaded);
  }

  private async sendAll(): Promise<void> {
    if (!this.ready || this.isDisposed) return;
    const files = this.loaded.map((l) => {
      if (!l.result)
        return {
          id: l.uri.toString(),
          source: vscode.workspace.asRelativePath(l.uri, false),
          kind: 'unreadable' as const,
          n: 0,
          issues: [{ message: l.error ?? 'could not be read' }],
          issueCount: 1,
          columns: {},
          hasRows: false,
          imageIds: false,
        };
      return matrixFile(l.uri.toString(), vscode.workspace.asRelativePath(l.uri, false), l.result.read);
    });
    const evaluations = this.loaded.map((l) => evaluationPayload(l.result?.evaluation, l.result?.read.data));
    const findings = this.loaded.map((l) => findingsPayload(l.result?.evaluation?.findings ?? []));
    const reports = this.loaded
      .map((l) => l.result?.evaluation)
      .filter(
        (e): e is ClassificationEvaluation | MatrixEvaluation => e?.kind === 'classification' || e?.kind === 'matrix',
      );
    const mode = this.sources.length === 2 ? 'compare' : this.sources.length > 2 ? 'series' : 'single';
    const comparison =
      mode === 'compare' && reports.length === 2 && reports.every((r) => r.report.confusion)
        ? compareConfusions(reports[0]!.report, reports[1]!.report, 10)
        : undefined;
    const series = mode === 'series' && reports.length > 0 ? seriesOfEvaluations(reports) : undefined;
    await this.post({
      type: 'init',
      version: MATRIX_PROTOCOL_VERSION,
      sources: this.sources.map((u) => u.toString()),
      mode,
      files,
      evaluations,
      findings,
      ...(comparison
        ? {
            comparison: {
              ...comparison,
              improved: comparison.improved.slice(),
              regressed: comparison.regressed.slice(),
            },
          }
        : {}),
      ...(series ? { series: { labels: series.labels.slice(), points: series.points.map((p) => ({ ...p })) } } : {}),
    });
  }

  private onMessage(raw: unknown): void {
    const m = this.channel.receive(raw, isFromMatrixWebview);
    if (!m) return;
    switch (m.type) {
      case 'ready':
        this.ready = true;
        void (this.loading ?? Promise.resolve()).then(() => this.sendAll());
        break;
      case 'rows':
        void this.sendRows(m.requestId, m.file, m.i, m.j, m.threshold, m.offset, m.limit);
        break;
      case 'images':
        void this.sendImages(m.requestId, m.file, m.rows);
        break;
      case 'openLine':
        void this.openLine(m.file, m.line);
        break;
      default:
        assertNever(m);
    }
  }

  private predictions(file: number): { loaded: Loaded; p: Predictions } | undefined {
    const loaded = this.loaded[file];
    const data = loaded?.result?.read.data;
    return loaded && data?.kind === 'classification' ? { loaded, p: data } : undefined;
  }

  /** The rows behind cell (true i, predicted j), at the file's predictions or at a slider's threshold. */
  private async sendRows(
    requestId: number,
    file: number,
    i: number,
    j: number,
    threshold: number | null,
    offset: number,
    limit: number,
  ): Promise<void> {
    const found = this.predictions(file);
    if (!found) return;
    const { loaded, p } = found;
    const k = p.labels.length;
    if (i >= k || j >= k) return;
    let rows: Int32Array;
    if (threshold !== null && p.score && k === 2 && p.positive >= 0) {
      loaded.byTrue ??= groupRows(p.yTrue, k);
      rows = rowsInCellAtThreshold(p, loaded.byTrue, threshold, i, j);
    } else {
      loaded.cells ??= indexCells(p.yTrue, p.yPred, k);
      rows = rowsInCell(loaded.cells, i, j);
    }
    let yPred = p.yPred;
    if (threshold !== null && p.score && k === 2) {
      // What the rows were predicted at this threshold (describeRows prints predicted labels).
      yPred = Int32Array.from(p.score, (s) => (s >= threshold ? p.positive : 1 - p.positive));
    }
    await this.post({
      type: 'rows',
      requestId,
      total: rows.length,
      offset,
      rows: describeRows(p, rows, offset, limit, yPred),
    });
  }

  private async sendImages(requestId: number, file: number, rows: readonly number[]): Promise<void> {
    const found = this.predictions(file);
    if (!found || !found.p.ids || found.p.ids instanceof Float64Array) return;
    const ids = found.p.ids;
    const images = await Promise.all(
      rows.map(async (row) => {
        const id = ids[row];
        if (id === undefined) return { row, error: 'no such row' };
        const r = await readThumbnail(found.loaded.uri, id);
        return { row, ...r };
      }),
    );
    await this.post({ type: 'images', requestId, images });
  }

  private async openLine(file: number, line: number): Promise<void> {
    const uri = this.sources[file];
    if (!uri) return;
    await openAtLine(uri, line);
  }

  private post(message: ToMatrixWebview): Promise<void> {
    return this.channel.post(message);
  }
}

/** Settings and column overrides for a predictions file (`metricLens.classify.*`). */
function predictionOptions(uri: vscode.Uri): Record<string, string | number> {
  const c = vscode.workspace.getConfiguration('metricLens.classify', uri);
  const out: Record<string, string | number> = {};
  for (const key of ['trueColumn', 'predColumn', 'scoreColumn', 'probaPrefix', 'idColumn', 'positiveLabel'] as const) {
    const v = c.get<unknown>(key);
    if (typeof v === 'string' && v.trim() !== '') {
      out[
        {
          trueColumn: 'trueCol',
          predColumn: 'predCol',
          scoreColumn: 'scoreCol',
          probaPrefix: 'probaPrefix',
          idColumn: 'idCol',
          positiveLabel: 'positive',
        }[key]
      ] = v.trim();
    }
  }
  const threshold = c.get<unknown>('threshold');
  if (typeof threshold === 'number' && Number.isFinite(threshold)) out['threshold'] = threshold;
  return out;
}
