/**
 * One classification file in the panel: headline metrics, the matrix (normalisation, order by
 * error, top confusions), for binary scores the threshold explorer (`thresholdExplorer.ts`), the
 * one-vs-rest curves, the per-class report, and calibration.
 */

import { reportAtThreshold, type BinarySweep, type ClassificationReport } from '../../src/core/classify';
import type { ClassificationPayload, MatrixFile } from '../../src/protocol/matrix';
import { runColor } from '../curves/palette';
import { count as countText, fixed } from '../format';
import { el, renderPart, updatePart } from '../vscodeApi';
import { smallChart } from './charts';
import { renderHeatmap } from './heatmap';
import { classOrder, errorRates, topConfusions, type Normalization } from './matrixMath';
import { ThresholdExplorer } from './thresholdExplorer';
import { fmtT, metric, type ViewContext } from './viewParts';

export class ClassificationView {
  readonly element: HTMLElement;
  private readonly metrics = el('div', { className: 'metrics', attrs: { role: 'group', 'aria-label': 'Metrics' } });
  private readonly matrixBox = el('div', { className: 'matrix-box' });
  private readonly confusions = el('ol', { className: 'confusions' });
  private readonly reportBox = el('div', { className: 'report-box' });
  private readonly sweep: BinarySweep | undefined;
  private threshold: ThresholdExplorer | undefined;

  constructor(
    private readonly p: ClassificationPayload,
    private readonly file: MatrixFile,
    private readonly ctx: ViewContext,
  ) {
    this.sweep = p.binary?.sweep;
    // Each section is built on its own: one that throws shows its error, the others still render.
    const part = (name: string, build: () => HTMLElement) => renderPart(ctx.problems, name, build);
    const sections: Node[] = [
      this.metrics,
      part('confusion matrix', () =>
        el(
          'section',
          { className: 'matrix-section', attrs: { 'aria-label': 'Confusion matrix' } },
          el('h2', { text: 'Confusion matrix' }),
          // Past the class limit there is no matrix to normalise or order (the box says why): no controls.
          ...(p.confusion ? [this.matrixControls()] : []),
          this.matrixBox,
          el('h3', { text: 'Top confusions' }),
          this.confusions,
        ),
      ),
    ];
    if (p.binary)
      sections.push(part('threshold explorer', () => (this.threshold = new ThresholdExplorer(p, ctx)).element));
    if (p.probabilities && p.probabilities.curves?.length > 0)
      sections.push(part('one-vs-rest curves', () => this.ovrSection()));
    sections.push(
      el(
        'section',
        { attrs: { 'aria-label': 'Per-class report' } },
        el('h2', { text: 'Per-class report' }),
        this.reportBox,
      ),
    );
    if (p.calibration) sections.push(part('calibration', () => this.calibrationSection()));
    this.element = el('div', { className: 'classification' }, ...sections);
    this.update();
  }

  /** The report shown: at the slider's threshold, or the file's own predictions. */
  report(): ClassificationReport {
    const t = this.ctx.state().threshold;
    if (t !== null && this.sweep && this.p.binary)
      return reportAtThreshold(this.sweep, t, this.p.binary.positive, this.p.labels);
    const p = this.p;
    return {
      labels: p.labels,
      n: p.n,
      confusion: p.confusion,
      predicted: p.predicted,
      accuracy: p.accuracy,
      balancedAccuracy: p.balancedAccuracy,
      mcc: p.mcc,
      kappa: p.kappa,
      perClass: p.perClass,
      macro: p.macro,
      weighted: p.weighted,
      micro: p.micro,
    };
  }

  /** Redraws what depends on the state (threshold, normalisation, order, sort). Cheap for k ≤ 50. */
  update(): void {
    const problems = this.ctx.problems;
    let r: ClassificationReport;
    try {
      r = this.report();
    } catch (e) {
      // Nothing below can be drawn without the report: say so where the metrics go.
      updatePart(problems, 'report at this threshold', this.metrics, () => {
        throw e;
      });
      return;
    }
    updatePart(problems, 'metrics', this.metrics, () => this.metrics.replaceChildren(...this.metricElements(r)));
    updatePart(problems, 'confusion matrix', this.matrixBox, () => this.updateMatrix(r));
    updatePart(problems, 'per-class report', this.reportBox, () => this.reportBox.replaceChildren(this.reportTable(r)));
    const threshold = this.threshold;
    if (threshold) updatePart(problems, 'threshold explorer', threshold.atThreshold, () => threshold.update(r));
  }

  private updateMatrix(r: ClassificationReport): void {
    const s = this.ctx.state();
    const k = this.p.labels.length;
    if (!r.confusion) {
      // Past the limit the host sends no matrix (its memory grows as the square of the classes): say so.
      const limit = this.p.withoutMatrix?.limit;
      this.matrixBox.replaceChildren(
        el('p', {
          className: 'without-matrix',
          text:
            `${countText(k)} classes: over the ${limit !== undefined ? `${countText(limit)} ` : ''}for which a confusion ` +
            'matrix is computed (its memory grows as the square of the classes). The overall metrics and the per-class ' +
            'report are computed without it.',
        }),
      );
      this.confusions.replaceChildren(el('li', { text: 'Not computed without the matrix.' }));
      return;
    }
    const order = classOrder(r.confusion, k, s.sortByError);
    const caption =
      s.threshold === null
        ? `Rows: true class; columns: predicted class${this.file.predictedFrom === 'argmax' ? ' (most probable class)' : ''}`
        : `Predicted positive when score ≥ ${fmtT(s.threshold)}`;
    this.matrixBox.replaceChildren(
      renderHeatmap(
        {
          matrix: r.confusion,
          labels: this.p.labels,
          order,
          normalization: s.normalization,
          colors: this.ctx.colors,
          selected: s.selected && s.selected.file === this.ctx.fileIndex ? s.selected : null,
          caption,
        },
        this.file.hasRows ? (i, j) => this.ctx.setState({ selected: { file: this.ctx.fileIndex, i, j } }) : undefined,
      ),
    );
    this.confusions.replaceChildren(
      ...topConfusions(r.confusion, k, 10).map((c) => {
        const b = el('button', {
          className: 'link',
          text: `${this.p.labels[c.i]!} → ${this.p.labels[c.j]!}: ${c.count}`,
          attrs: { type: 'button' },
        });
        if (this.file.hasRows)
          b.addEventListener('click', () =>
            this.ctx.setState({ selected: { file: this.ctx.fileIndex, i: c.i, j: c.j } }),
          );
        else b.disabled = true;
        return el('li', {}, b);
      }),
    );
    if (this.confusions.children.length === 0)
      this.confusions.replaceChildren(el('li', { text: 'No confusions: every row predicted right.' }));
  }

  private metricElements(r: ClassificationReport): HTMLElement[] {
    const out = [
      metric('Accuracy', r.accuracy, 'accuracy'),
      metric('Balanced accuracy', r.balancedAccuracy, 'balancedAccuracy'),
      metric('MCC', r.mcc, 'mcc'),
      metric("Cohen's κ", r.kappa, 'kappa'),
      metric('Macro F1', r.macro.f1, 'macroF1'),
      metric('Rows', r.n, 'n', true),
    ];
    const b = this.p.binary;
    if (b)
      out.push(
        metric('ROC AUC', b.rocAuc, 'rocAuc'),
        metric('Average precision', b.averagePrecision, 'averagePrecision'),
        metric('Log loss', b.logLoss, 'logLoss'),
      );
    const pr = this.p.probabilities;
    if (pr) {
      out.push(
        metric('AUC (OvR, macro)', pr.rocAucMacro, 'rocAucMacro'),
        metric('AUC (OvR, weighted)', pr.rocAucWeighted, 'rocAucWeighted'),
        metric('AP (macro)', pr.averagePrecisionMacro, 'averagePrecisionMacro'),
      );
      if (pr.topK.length >= 2) out.push(metric('Top-2 accuracy', pr.topK[1], 'top2'));
      if (pr.topK.length >= 5) out.push(metric('Top-5 accuracy', pr.topK[4], 'top5'));
      if (!b) out.push(metric('Log loss', pr.logLoss, 'logLoss'));
    }
    if (this.p.calibration) out.push(metric('ECE (10 bins)', this.p.calibration.ece, 'ece'));
    return out;
  }

  private matrixControls(): HTMLElement {
    const s = this.ctx.state();
    const norm = el(
      'vscode-single-select' as 'select',
      { attrs: { 'aria-label': 'Normalisation', 'data-control': 'normalization' } },
      ...(
        [
          ['none', 'counts'],
          ['true', 'by true class (recall)'],
          ['pred', 'by predicted class (precision)'],
          ['all', 'over all rows'],
        ] as const
      ).map(([v, t]) =>
        el('vscode-option' as 'option', {
          text: t,
          attrs: { value: v, ...(s.normalization === v ? { selected: '' } : {}) },
        }),
      ),
    );
    norm.addEventListener('change', () =>
      this.ctx.setState({ normalization: (norm as unknown as { value: string }).value as Normalization }),
    );
    const sort = el('vscode-checkbox' as 'input', {
      attrs: {
        label: 'Order classes by error',
        'aria-label': 'Order classes by error rate',
        'data-control': 'sortByError',
        ...(s.sortByError ? { checked: '' } : {}),
      },
    });
    sort.addEventListener('change', () =>
      this.ctx.setState({ sortByError: (sort as unknown as { checked: boolean }).checked }),
    );
    return el('div', { className: 'row' }, norm, sort);
  }

  private reportTable(r: ClassificationReport): HTMLElement {
    const s = this.ctx.state();
    const ovr = new Map((this.p.probabilities?.perClass ?? []).map((c) => [c.label, c]));
    // Without the matrix (past its limit), a class's error rate is 1 − its recall, as the matrix gives it.
    const errors = r.confusion
      ? errorRates(r.confusion, r.labels.length)
      : Float64Array.from(r.perClass, (c) => (c.support > 0 ? 1 - c.recall : NaN));
    const columns: [string, string][] = [
      ['label', 'Class'],
      ['precision', 'Precision'],
      ['recall', 'Recall'],
      ['f1', 'F1'],
      ['support', 'Support'],
      ['error', 'Error rate'],
    ];
    if (ovr.size > 0) columns.push(['auc', 'ROC AUC (OvR)'], ['ap', 'AP']);
    const rows = r.perClass.map((c, i) => ({
      c,
      i,
      error: errors[i]!,
      auc: ovr.get(c.label)?.rocAuc,
      ap: ovr.get(c.label)?.averagePrecision,
    }));
    const key = (x: (typeof rows)[number]): number | string => {
      switch (s.reportSort.column) {
        case 'label':
          return x.i;
        case 'error':
          return x.error;
        case 'auc':
          return x.auc ?? NaN;
        case 'ap':
          return x.ap ?? NaN;
        default:
          return (x.c as unknown as Record<string, number>)[s.reportSort.column] ?? 0;
      }
    };
    rows.sort((a, b) => {
      const va = key(a),
        vb = key(b);
      const d =
        typeof va === 'number' && typeof vb === 'number'
          ? Number.isNaN(va)
            ? 1
            : Number.isNaN(vb)
              ? -1
              : va - vb
          : String(va).localeCompare(String(vb));
      return (s.reportSort.descending ? -d : d) || a.i - b.i;
    });
    const num = (v: number | null | undefined, count = false) =>
      el('td', { className: 'num', text: count ? countText(v) : fixed(v) });
    const head = el(
      'tr',
      {},
      ...columns.map(([k, label]) => {
        const active = s.reportSort.column === k;
        const b = el('button', {
          className: 'sort',
          text: label + (active ? (s.reportSort.descending ? ' ▼' : ' ▲') : ''),
          attrs: { type: 'button' },
        });
        b.addEventListener('click', () =>
          this.ctx.setState({
            reportSort: { column: k, descending: active ? !s.reportSort.descending : k !== 'label' },
          }),
        );
        return el(
          'th',
          {
            attrs: {
              scope: 'col',
              'aria-sort': active ? (s.reportSort.descending ? 'descending' : 'ascending') : 'none',
            },
          },
          b,
        );
      }),
    );
    const body = rows.map((x) =>
      el(
        'tr',
        {},
        el('th', { text: x.c.label, attrs: { scope: 'row' } }),
        num(x.c.precision),
        num(x.c.recall),
        num(x.c.f1),
        num(x.c.support, true),
        num(x.error),
        ...(ovr.size > 0 ? [num(x.auc), num(x.ap)] : []),
      ),
    );
    const avg = (name: string, a: { precision: number; recall: number; f1: number }, support: number | undefined) =>
      el(
        'tr',
        { className: 'average' },
        el('th', { text: name, attrs: { scope: 'row' } }),
        num(a.precision),
        num(a.recall),
        num(a.f1),
        num(support, true),
        el('td'),
        ...(ovr.size > 0 ? [el('td'), el('td')] : []),
      );
    return el(
      'table',
      { className: 'report data-table' },
      el('thead', {}, head),
      el(
        'tbody',
        {},
        ...body,
        avg('macro avg', r.macro, r.n),
        avg('weighted avg', r.weighted, r.n),
        avg('micro avg', r.micro, r.n),
      ),
    );
  }

  /** Each class's ROC and PR curve against the rest (the first classes; the report has every class's areas). */
  private ovrSection(): HTMLElement {
    const pr = this.p.probabilities!;
    const theme = this.ctx.chartTheme;
    const color = (c: number) => runColor(theme.palette, c, theme.dark);
    const roc = smallChart(
      'ROC curves, one class vs the rest',
      'false positive rate',
      'true positive rate',
      [
        ...pr.curves.map((c, i) => ({ label: c.label, x: c.fpr, y: c.tpr, color: color(i) })),
        { label: 'chance', x: [0, 1], y: [0, 1], dashed: true, color: theme.muted },
      ],
      theme,
      { square: true, unit: true },
    );
    const prc = smallChart(
      'Precision–recall, one class vs the rest',
      'recall',
      'precision',
      pr.curves.map((c, i) => ({ label: c.label, x: c.recall, y: c.precision, color: color(i), stepped: true })),
      theme,
      { square: true, unit: true },
    );
    const k = this.p.labels.length;
    const note =
      pr.curves.length < k
        ? ` Curves of the first ${pr.curves.length} of ${countText(k)} classes; the report below has every class's areas.`
        : '';
    return el(
      'section',
      { attrs: { 'aria-label': 'One-vs-rest curves' } },
      el('h2', { text: 'One class vs the rest' }),
      el('p', {
        className: 'note',
        text: `ROC AUC ${fixed(pr.rocAucMacro)} (macro), ${fixed(pr.rocAucWeighted)} (weighted); average precision ${fixed(pr.averagePrecisionMacro)} (macro).${note}`,
      }),
      el('div', { className: 'charts-row' }, roc.element, prc.element),
    );
  }

  private calibrationSection(): HTMLElement {
    const cal = this.p.calibration!;
    // An empty bin's means are NaN, which arrive as null: it has no point on the chart.
    const bins = cal.bins.filter(
      (b) => b.count > 0 && typeof b.meanPredicted === 'number' && typeof b.fractionPositive === 'number',
    );
    const theme = this.ctx.chartTheme;
    const chart = smallChart(
      `Reliability diagram (ECE ${fixed(cal.ece)})`,
      'mean predicted probability',
      'fraction positive',
      [
        { label: 'model', x: bins.map((b) => b.meanPredicted), y: bins.map((b) => b.fractionPositive), points: true },
        { label: 'perfectly calibrated', x: [0, 1], y: [0, 1], dashed: true, color: theme.muted },
      ],
      theme,
      { square: true, unit: true },
    );
    const table = el(
      'table',
      { className: 'data-table small' },
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          ...['bin', 'rows', 'mean predicted', 'fraction positive'].map((h) =>
            el('th', { text: h, attrs: { scope: 'col' } }),
          ),
        ),
      ),
      el(
        'tbody',
        {},
        ...cal.bins.map((b) =>
          el(
            'tr',
            {},
            el('td', { text: `${fixed(b.lower, 1)}–${fixed(b.upper, 1)}` }),
            el('td', { className: 'num', text: countText(b.count) }),
            el('td', { className: 'num', text: fixed(b.meanPredicted) }),
            el('td', { className: 'num', text: fixed(b.fractionPositive) }),
          ),
        ),
      ),
    );
    return el(
      'section',
      { attrs: { 'aria-label': 'Calibration' } },
      el('h2', { text: 'Calibration' }),
      el('div', { className: 'charts-row' }, chart.element, table),
    );
  }
}
