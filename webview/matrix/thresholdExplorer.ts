/**
 * The threshold explorer of a file with binary scores: a slider over the distinct scores, the
 * value typed, suggested thresholds (max F1, Youden's J, a target precision or recall), the
 * counts at the threshold, and ROC and PR curves with the threshold's point, all recomputed here
 * with the core at every step of the slider.
 */

import {
  countsAtThreshold,
  precisionRecallCurve,
  rocCurve,
  thinCurve,
  thresholdForPrecision,
  thresholdForRecall,
  type ClassificationReport,
} from '../../src/core/classify';
import type { ClassificationPayload } from '../../src/protocol/matrix';
import { fixed } from '../format';
import { el } from '../vscodeApi';
import { smallChart, type SmallChart } from './charts';
import { fmtT, metric, type ViewContext } from './viewParts';

export class ThresholdExplorer {
  readonly element: HTMLElement;
  /** The counts and metrics at the threshold: what `update` redraws. */
  readonly atThreshold = el('div', { className: 'at-threshold', attrs: { 'aria-live': 'polite' } });
  private roc: SmallChart | undefined;
  private pr: SmallChart | undefined;
  private slider: HTMLInputElement | undefined;
  private thresholdInput: HTMLInputElement | undefined;

  constructor(
    private readonly p: ClassificationPayload,
    private readonly ctx: ViewContext,
  ) {
    this.element = this.build();
  }

  private build(): HTMLElement {
    const b = this.p.binary!;
    const sweep = b.sweep;
    const m = sweep.thresholds.length;
    const positive = this.p.labels[b.positive]!;
    this.slider = el('input', {
      attrs: {
        type: 'range',
        min: '0',
        max: String(Math.max(0, m - 1)),
        step: '1',
        'aria-label': `Decision threshold on the score of ${positive}`,
        'data-control': 'threshold',
      },
    });
    this.thresholdInput = el('input', {
      className: 'threshold-input',
      attrs: { type: 'number', step: 'any', 'aria-label': 'Threshold value', 'data-control': 'thresholdValue' },
    });
    this.slider.addEventListener('input', () => {
      const t = sweep.thresholds[m - 1 - Number(this.slider!.value)]!;
      this.ctx.setState({ threshold: t });
    });
    this.thresholdInput.addEventListener('change', () => {
      const v = Number(this.thresholdInput!.value);
      if (Number.isFinite(v)) this.ctx.setState({ threshold: v });
    });
    const choose = (label: string, t: number | undefined, action: string) => {
      const btn = el('vscode-button' as 'button', {
        attrs: { secondary: '', 'data-action': action, ...(t === undefined ? { disabled: '' } : {}) },
      });
      btn.textContent = t === undefined ? label : `${label} (t = ${fmtT(t)})`;
      btn.addEventListener('click', () => {
        if (t !== undefined) this.ctx.setState({ threshold: t });
      });
      return btn;
    };
    const reset = el('vscode-button' as 'button', { attrs: { secondary: '', 'data-action': 'file-predictions' } });
    reset.textContent = "The file's predictions";
    reset.addEventListener('click', () => this.ctx.setState({ threshold: null }));
    const targetKind = el(
      'vscode-single-select' as 'select',
      { attrs: { 'aria-label': 'Target metric', 'data-control': 'targetKind' } },
      el('vscode-option' as 'option', { text: 'precision', attrs: { value: 'precision' } }),
      el('vscode-option' as 'option', { text: 'recall', attrs: { value: 'recall' } }),
    );
    const targetValue = el('input', {
      className: 'threshold-input',
      attrs: {
        type: 'number',
        min: '0',
        max: '1',
        step: '0.01',
        placeholder: '0.95',
        'aria-label': 'Target value',
        'data-control': 'targetValue',
      },
    });
    const targetNote = el('span', { className: 'note' });
    const find = el('vscode-button' as 'button', { attrs: { secondary: '', 'data-action': 'find-target' } });
    find.textContent = 'Find threshold';
    find.addEventListener('click', () => {
      const kind = ((targetKind as unknown as { value: string }).value === 'recall' ? 'recall' : 'precision') as
        'precision' | 'recall';
      const value = Number(targetValue.value);
      if (!(value >= 0 && value <= 1)) {
        targetNote.textContent = 'Type a value between 0 and 1.';
        return;
      }
      const c = kind === 'precision' ? thresholdForPrecision(sweep, value) : thresholdForRecall(sweep, value);
      if (!c) {
        targetNote.textContent = `No threshold reaches ${kind} ${value}.`;
        return;
      }
      targetNote.textContent = `t = ${fmtT(c.threshold)}: precision ${fixed(c.precision)}, recall ${fixed(c.recall)}`;
      this.ctx.setState({ threshold: c.threshold, target: { kind, value } });
    });
    const roc = rocCurve(sweep);
    const rocThin = thinCurve(roc.fpr, roc.tpr, 2000);
    const prc = precisionRecallCurve(sweep);
    const prThin = thinCurve(prc.recall, prc.precision, 2000);
    const theme = this.ctx.chartTheme;
    this.roc = smallChart(
      `ROC curve (AUC ${fixed(b.rocAuc)})`,
      'false positive rate',
      'true positive rate',
      [
        { label: 'ROC', x: rocThin.x, y: rocThin.y },
        { label: 'chance', x: [0, 1], y: [0, 1], dashed: true, color: theme.muted },
      ],
      theme,
      { square: true, unit: true },
    );
    this.pr = smallChart(
      `Precision–recall (AP ${fixed(b.averagePrecision)})`,
      'recall',
      'precision',
      [{ label: 'PR', x: prThin.x, y: prThin.y, stepped: true }],
      theme,
      { square: true, unit: true },
    );
    const exact = b.sweepExact
      ? ''
      : ` (the slider moves over ${m.toLocaleString('en')} of the distinct scores; counts are exact at each)`;
    return el(
      'section',
      { className: 'threshold-section', attrs: { 'aria-label': 'Threshold explorer' } },
      el('h2', { text: `Threshold on the score of "${positive}"` }),
      el(
        'div',
        { className: 'row' },
        el('label', { className: 'slider' }, el('span', { text: 'threshold' }), this.slider),
        this.thresholdInput,
        reset,
      ),
      el(
        'div',
        { className: 'row' },
        choose('Max F1', b.maxF1?.threshold, 'max-f1'),
        choose("Youden's J", b.youden?.threshold, 'youden'),
        el('span', { className: 'spacer-s' }),
        el('span', { text: 'Lowest threshold with' }),
        targetKind,
        targetValue,
        find,
        targetNote,
      ),
      this.atThreshold,
      el('p', { className: 'note', text: `Predicts "${positive}" when its score ≥ threshold${exact}.` }),
      el('div', { className: 'charts-row' }, this.roc.element, this.pr.element),
    );
  }

  /** The slider, the value and the counts at the state's threshold; `r` is the report at it. */
  update(r: ClassificationReport): void {
    if (!this.p.binary || !this.slider || !this.thresholdInput) return;
    const t = this.ctx.state().threshold;
    const sweep = this.p.binary.sweep;
    const m = sweep.thresholds.length;
    const shownT = t ?? this.p.binary.threshold;
    // The slider position of the largest threshold ≤ t (thresholds are descending).
    let idx = 0;
    while (idx < m && sweep.thresholds[idx]! >= shownT) idx++;
    this.slider.value = String(Math.max(0, m - idx));
    if (document.activeElement !== this.thresholdInput) this.thresholdInput.value = t === null ? '' : String(t);
    this.thresholdInput.placeholder = t === null ? `file (t = ${fmtT(this.p.binary.threshold)})` : '';
    const c = countsAtThreshold(sweep, shownT);
    const positives = sweep.positives + sweep.nanPositives;
    const negatives = sweep.negatives + sweep.nanNegatives;
    const precision = c.tp + c.fp > 0 ? c.tp / (c.tp + c.fp) : 0;
    const recall = positives > 0 ? c.tp / positives : 0;
    const fpr = negatives > 0 ? c.fp / negatives : 0;
    this.roc?.setMarker(fpr, recall);
    this.pr?.setMarker(recall, precision);
    const positive = this.p.labels[this.p.binary.positive]!;
    this.atThreshold.replaceChildren(
      el('span', { text: t === null ? "The file's own predicted labels." : `At threshold ${fmtT(shownT)}:` }),
      metric(`Precision (${positive})`, r.perClass[this.p.binary.positive]?.precision, 'precisionPositive'),
      metric(`Recall (${positive})`, r.perClass[this.p.binary.positive]?.recall, 'recallPositive'),
      metric('TP', c.tp, 'tp', true),
      metric('FP', c.fp, 'fp', true),
      metric('FN', c.fn, 'fn', true),
      metric('TN', c.tn, 'tn', true),
    );
  }
}
