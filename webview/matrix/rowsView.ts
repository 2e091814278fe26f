/**
 * The rows behind a matrix cell: id, true and predicted label, score, line — a click opens the
 * predictions file at that line. When the ids are image paths, thumbnails: the "4 misclassified as
 * 9" grid of the guides, without a line of matplotlib.
 */

import type { MatrixRow } from '../../src/protocol/matrix';
import { count, isFiniteNumber, MISSING } from '../format';
import { el } from '../vscodeApi';

export interface RowsCallbacks {
  openLine(line: number): void;
  more(): void;
  close(): void;
}

export function renderRows(
  title: string,
  rows: readonly MatrixRow[],
  total: number,
  images: ReadonlyMap<number, { dataUrl?: string; error?: string }>,
  imageIds: boolean,
  cb: RowsCallbacks,
): HTMLElement {
  const close = el(
    'button',
    {
      className: 'icon-button',
      attrs: {
        type: 'button',
        title: 'Close the list',
        'aria-label': 'Close the list of rows',
        'data-action': 'close-rows',
      },
    },
    el('span', { className: 'codicon codicon-close', attrs: { 'aria-hidden': 'true' } }),
  );
  close.addEventListener('click', () => cb.close());
  const head = el(
    'div',
    { className: 'rows-head' },
    el('h2', { text: `${title}: ${count(total)} ${total === 1 ? 'row' : 'rows'}` }),
    close,
  );
  if (total === 0) return el('section', { className: 'rows', attrs: { 'aria-label': 'Rows' } }, head);
  const hasScore = rows.some((r) => r.score !== undefined);
  const hasId = rows.some((r) => r.id !== undefined);
  const header = el(
    'tr',
    {},
    ...[...(hasId ? ['id'] : []), 'true', 'predicted', ...(hasScore ? ['score'] : []), 'line'].map((h) =>
      el('th', { text: h, attrs: { scope: 'col' } }),
    ),
  );
  const body = rows.map((r) => {
    const open = el('button', {
      className: 'link',
      text: String(r.line),
      attrs: { type: 'button', title: `Open the predictions file at line ${r.line}`, 'data-line': String(r.line) },
    });
    open.addEventListener('click', () => cb.openLine(r.line));
    return el(
      'tr',
      {},
      ...(hasId ? [el('td', { text: r.id === undefined ? '' : String(r.id) })] : []),
      el('td', { text: r.trueLabel }),
      el('td', { text: r.predictedLabel }),
      ...(hasScore
        ? [
            el('td', {
              className: 'num',
              text: r.score === undefined ? '' : isFiniteNumber(r.score) ? String(+r.score.toPrecision(6)) : MISSING,
            }),
          ]
        : []),
      el('td', { className: 'num' }, open),
    );
  });
  const parts: Node[] = [head];
  if (imageIds) {
    parts.push(
      el(
        'div',
        { className: 'thumbs', attrs: { role: 'list', 'aria-label': 'Images' } },
        ...rows.slice(0, 48).map((r) => {
          const img = images.get(r.row);
          const caption = el('figcaption', { text: `${String(r.id ?? '')} — ${r.trueLabel} → ${r.predictedLabel}` });
          const fig = el('figure', { className: 'thumb', attrs: { role: 'listitem' } });
          if (img?.dataUrl) {
            const i = el('img', {
              attrs: { alt: `${String(r.id ?? '')}: true ${r.trueLabel}, predicted ${r.predictedLabel}` },
            });
            i.src = img.dataUrl;
            i.addEventListener('click', () => cb.openLine(r.line));
            fig.append(i);
          } else {
            fig.append(el('div', { className: 'thumb-missing', text: img?.error ?? 'loading…' }));
          }
          fig.append(caption);
          return fig;
        }),
      ),
    );
  }
  parts.push(el('table', { className: 'data-table rows-table' }, el('thead', {}, header), el('tbody', {}, ...body)));
  if (rows.length < total) {
    const more = el('vscode-button' as 'button', { attrs: { secondary: '', 'data-action': 'more-rows' } });
    more.textContent = `Show more (${rows.length} of ${count(total)})`;
    more.addEventListener('click', () => cb.more());
    parts.push(more);
  }
  return el('section', { className: 'rows', attrs: { 'aria-label': 'Rows' } }, ...parts);
}
