// The Compare Runs panel's state as it comes back from storage (a reload): the charts' choices and the
// brushes are checked field by field, so a damaged or old state falls back to defaults, never throws.
import * as assert from 'node:assert/strict';
import { DEFAULT_STATE, sanitizeState } from '../../../webview/compare/state';

describe('compare: the panel state restored after a reload', () => {
  it('keeps the charts’ choices and well-formed brushes', () => {
    const s = sanitizeState(
      {
        plot: { x: 'optimizer.lr', y: 'val_loss.best', color: '', logX: 'on', logY: 'off' },
        brushes: [
          { key: 'optimizer.lr', kind: 'range', lo: 0.001, hi: 0.01 },
          { key: 'optimizer.name', kind: 'values', values: ['adam', 3, 'sgd'] },
        ],
      },
      null,
    );
    assert.deepEqual(s.plot, { x: 'optimizer.lr', y: 'val_loss.best', color: '', logX: 'on', logY: 'off' });
    assert.deepEqual(s.brushes, [
      { key: 'optimizer.lr', kind: 'range', lo: 0.001, hi: 0.01 },
      { key: 'optimizer.name', kind: 'values', values: ['adam', 'sgd'] },
    ]);
  });

  it('drops what is damaged: unknown log choices, brushes without bounds, a second brush on one axis', () => {
    const s = sanitizeState(
      {
        plot: { x: 7, y: 'val_loss.best', logX: 'sometimes' },
        brushes: [
          { key: 'a', kind: 'range', lo: '0', hi: 1 },
          { key: 'b', kind: 'range', lo: 0, hi: 1 },
          { key: 'b', kind: 'values', values: ['x'] },
          { kind: 'values', values: [] },
          null,
        ],
      },
      'file:///w',
    );
    assert.deepEqual(s.plot, { x: null, y: 'val_loss.best', color: null, logX: 'auto', logY: 'auto' });
    assert.deepEqual(s.brushes, [{ key: 'b', kind: 'range', lo: 0, hi: 1 }]);
    assert.deepEqual(sanitizeState({ plot: 'x', brushes: {} }, null).plot, DEFAULT_STATE.plot);
    assert.deepEqual(
      sanitizeState(
        { brushes: new Array(100).fill(0).map((_, i) => ({ key: `k${i}`, kind: 'range', lo: 0, hi: 1 })) },
        null,
      ).brushes.length,
      64,
    );
  });
});
