/**
 * The curves toolbar: run chips (toggle a run), filter, x axis, smoothing, scales, grouping, zoom
 * reset and export. Native-looking controls from @vscode-elements/elements; every control has a
 * label for screen readers and is reachable by keyboard.
 */

import { el } from '../vscodeApi';
import type { RunPayload } from '../../src/protocol/curves';
import type { RunStatus } from '../../src/core/model/run';
import { metricXMode, xMetricOf } from '../../src/core/curves/xAxis';
import { ownXLabel } from './chartConfig';
import type { UiState } from './state';

export interface ToolbarCallbacks {
  change(patch: Partial<UiState>): void;
  resetZoom(): void;
  exportData(format: 'csv' | 'json' | 'markdown'): void;
}

type ValueElement = HTMLElement & { value: string };
type CheckElement = HTMLElement & { checked: boolean };

export class Toolbar {
  readonly element: HTMLElement;
  private readonly runs: HTMLElement;
  private readonly filter: ValueElement;
  private readonly xMode: ValueElement;
  private readonly smoothing: HTMLInputElement;
  private readonly smoothingValue: HTMLOutputElement;
  private readonly checks: Record<'yLog' | 'xLog' | 'includeZero' | 'ignoreOutliers', CheckElement>;
  private readonly groupBy: ValueElement;
  private readonly groupPattern: ValueElement;
  private readonly band: ValueElement;
  private readonly resetZoom: HTMLElement;

  constructor(private readonly cb: ToolbarCallbacks) {
    this.runs = el('div', { className: 'run-chips', attrs: { role: 'group', 'aria-label': 'Runs' } });

    this.filter = el('vscode-textfield' as 'input', {
      attrs: {
        placeholder: 'Filter metrics and runs (regex)',
        'aria-label': 'Filter metrics and runs by regular expression',
        'data-control': 'filter',
      },
    }) as unknown as ValueElement;
    this.filter.addEventListener('input', () => cb.change({ filter: this.filter.value }));

    this.xMode = select('x axis', 'xMode', [
      ['step', 'step'],
      ['epoch', 'epoch'],
      ['relative', 'relative time'],
      ['wall', 'wall time'],
    ]);
    this.xMode.addEventListener('change', () =>
      cb.change({ xMode: this.xMode.value as UiState['xMode'], xRange: null }),
    );

    this.smoothing = el('input', {
      attrs: {
        type: 'range',
        min: '0',
        max: '0.99',
        step: '0.01',
        'aria-label': 'Smoothing (exponential moving average weight)',
        'data-control': 'smoothing',
      },
    });
    this.smoothingValue = el('output', { className: 'smoothing-value' });
    this.smoothing.addEventListener('input', () => {
      this.smoothingValue.textContent = Number(this.smoothing.value).toFixed(2);
      cb.change({ smoothing: Number(this.smoothing.value) });
    });

    const check = (key: keyof Toolbar['checks'], label: string) => {
      const c = el('vscode-checkbox' as 'input', {
        attrs: { label, 'aria-label': label, 'data-control': key },
      }) as unknown as CheckElement;
      c.addEventListener('change', () => cb.change({ [key]: c.checked } as Partial<UiState>));
      return c;
    };
    this.checks = {
      yLog: check('yLog', 'Log y'),
      xLog: check('xLog', 'Log x'),
      includeZero: check('includeZero', 'Include zero'),
      ignoreOutliers: check('ignoreOutliers', 'Ignore outliers'),
    };

    this.groupBy = select('group runs', 'groupBy', [
      ['none', 'no grouping'],
      ['folder', 'group by folder'],
      ['regex', 'group by name pattern'],
      ['config', 'group by config (except seed)'],
    ]);
    this.groupBy.addEventListener('change', () => cb.change({ groupBy: this.groupBy.value as UiState['groupBy'] }));
    this.groupPattern = el('vscode-textfield' as 'input', {
      attrs: {
        placeholder: 'name pattern, e.g. (.*)_seed\\d+',
        'aria-label': 'Regular expression grouping run names; the first group names the group',
        'data-control': 'groupPattern',
      },
    }) as unknown as ValueElement;
    this.groupPattern.addEventListener('change', () => cb.change({ groupPattern: this.groupPattern.value }));
    this.band = select('band', 'band', [
      ['std', 'mean ± std'],
      ['minmax', 'min – max'],
    ]);
    this.band.addEventListener('change', () => cb.change({ band: this.band.value as UiState['band'] }));

    this.resetZoom = button('Reset zoom', 'zoom-out', 'reset-zoom', () => cb.resetZoom());
    const exports = el(
      'span',
      { className: 'exports', attrs: { role: 'group', 'aria-label': 'Export' } },
      button('CSV', 'export', 'export-csv', () => cb.exportData('csv'), 'Export the visible series as CSV'),
      button('JSON', 'json', 'export-json', () => cb.exportData('json'), 'Export the visible series as JSON'),
      button(
        'Copy summary',
        'copy',
        'copy-markdown',
        () => cb.exportData('markdown'),
        'Copy the summary table as Markdown',
      ),
    );

    const smoothingGroup = el(
      'label',
      { className: 'smoothing' },
      el('span', { text: 'Smoothing' }),
      this.smoothing,
      this.smoothingValue,
    );
    this.element = el(
      'div',
      { className: 'controls' },
      el('div', { className: 'row' }, this.runs),
      el(
        'div',
        { className: 'row' },
        this.filter,
        this.xMode,
        smoothingGroup,
        this.checks.yLog,
        this.checks.xLog,
        this.checks.includeZero,
        this.checks.ignoreOutliers,
      ),
      el('div', { className: 'row' }, this.groupBy, this.groupPattern, this.band, this.resetZoom, exports),
    );
  }

  /** Shows the state (after a restore, or after a change made elsewhere, e.g. zooming). */
  render(state: UiState, runs: readonly RunPayload[], colorOf: (runId: string) => string): void {
    if (document.activeElement !== this.filter) this.filter.value = state.filter;
    this.showStepMetrics(state, runs);
    this.showStepLabel(state, runs);
    this.xMode.value = state.xMode;
    this.smoothing.value = String(state.smoothing);
    this.smoothingValue.textContent = state.smoothing.toFixed(2);
    for (const [k, c] of Object.entries(this.checks)) c.checked = state[k as keyof Toolbar['checks']];
    this.groupBy.value = state.groupBy;
    this.groupPattern.value = state.groupPattern;
    this.groupPattern.hidden = state.groupBy !== 'regex';
    this.band.value = state.band;
    this.band.hidden = state.groupBy === 'none';
    this.resetZoom.toggleAttribute('disabled', state.xRange === null);
    this.runs.replaceChildren(
      ...runs.map((r) => {
        const hidden = state.hiddenRuns.includes(r.id);
        const swatch = el('span', { className: 'swatch' });
        swatch.style.backgroundColor = colorOf(r.id);
        const chip = el(
          'button',
          {
            className: 'run-chip',
            attrs: {
              type: 'button',
              'aria-pressed': String(!hidden),
              title: `${r.source} (${r.format}) — click to ${hidden ? 'show' : 'hide'}`,
            },
          },
          swatch,
          el('span', { text: r.name }),
        );
        if (r.live) chip.append(el('span', { className: 'live', text: 'live' }));
        const status = statusText(r.status);
        if (status) {
          chip.append(
            el('span', {
              className: `run-status ${r.status!.state}`,
              text: status,
              attrs: { 'data-status': r.status!.state },
            }),
          );
          chip.title += `\n${statusDetails(r.status!)}`;
        }
        if (hidden) chip.classList.add('off');
        chip.addEventListener('click', () => {
          const next = hidden ? state.hiddenRuns.filter((id) => id !== r.id) : [...state.hiddenRuns, r.id];
          this.cb.change({ hiddenRuns: next });
        });
        return chip;
      }),
    );
  }

  /** Each run chip's status tag, '' where it has none. */
  runStatuses(): string[] {
    return [...this.runs.querySelectorAll('.run-chip')].map((c) => c.querySelector('.run-status')?.textContent ?? '');
  }

  /** The x-axis choices as shown (the hidden left out). */
  xChoices(): string[] {
    return [...this.xMode.querySelectorAll<HTMLElement>('vscode-option')]
      .filter((o) => !o.hidden)
      .map((o) => o.textContent ?? '');
  }

  /**
   * The runs' step metrics (W&B's `trainer/global_step`) as more x-axis choices, after the four fixed
   * ones; the one chosen stays offered while no run has it (its charts then say so).
   */
  private showStepMetrics(state: UiState, runs: readonly RunPayload[]): void {
    const names = new Set(runs.flatMap((r) => r.stepMetrics ?? []));
    const chosen = xMetricOf(state.xMode);
    if (chosen !== undefined) names.add(chosen);
    const wanted = [...names].sort().map(metricXMode);
    const present = [...this.xMode.querySelectorAll<HTMLElement>('vscode-option[data-step-metric]')];
    if (present.map((o) => o.getAttribute('value')).join('\n') === wanted.join('\n')) return;
    for (const o of present) o.remove();
    for (const mode of wanted)
      this.xMode.append(
        el('vscode-option' as 'option', { text: xMetricOf(mode)!, attrs: { value: mode, 'data-step-metric': '' } }),
      );
  }

  /**
   * The first x-axis choice is each run's own x, named for what it counts when the runs agree
   * (a Keras history counts epochs, detectron2 iterations). When that is epochs, the "epoch"
   * choice would draw the same again: it is left out unless chosen already.
   */
  private showStepLabel(state: UiState, runs: readonly RunPayload[]): void {
    const own = ownXLabel(runs.map((r) => r.xLabel));
    const options = this.xMode.querySelectorAll<HTMLElement>('vscode-option');
    const stepOption = [...options].find((o) => o.getAttribute('value') === 'step');
    const epochOption = [...options].find((o) => o.getAttribute('value') === 'epoch');
    if (stepOption && stepOption.textContent !== own) stepOption.textContent = own;
    if (epochOption) epochOption.hidden = own === 'epoch' && state.xMode !== 'epoch';
  }
}

function select(label: string, control: string, options: [string, string][]): ValueElement {
  const s = el(
    'vscode-single-select' as 'select',
    { attrs: { 'aria-label': label, title: label, 'data-control': control } },
    ...options.map(([value, text]) => el('vscode-option' as 'option', { text, attrs: { value } })),
  ) as unknown as ValueElement;
  return s;
}

function button(text: string, icon: string, action: string, onClick: () => void, label = text): HTMLElement {
  const b = el('vscode-button' as 'button', {
    attrs: { secondary: '', icon, title: label, 'aria-label': label, 'data-action': action },
  });
  b.textContent = text;
  b.addEventListener('click', onClick);
  return b;
}

/** How a run ended, in a word or two (`crashed · exit 255`); '' when its writer does not say. */
export function statusText(status: RunStatus | undefined): string {
  if (!status || status.state === 'unknown') return '';
  if (status.state === 'crashed')
    return status.exitCode !== undefined ? `crashed · exit ${status.exitCode}` : 'crashed';
  return status.state;
}

/** The rest of what the writer says of the run, for the chip's tooltip: start, command, host, notes. */
function statusDetails(status: RunStatus): string {
  const lines = [statusText(status)];
  if (status.startedAt) lines.push(`started ${status.startedAt}`);
  if (status.host) lines.push(`on ${status.host}`);
  if (status.command) lines.push(status.command);
  for (const n of status.notes ?? []) lines.push(n);
  return lines.join('\n');
}
