import * as assert from 'node:assert/strict';
import { isFromCurvesWebview, isViewRequest } from '../../src/protocol';

const VIEW = { smoothing: 0.5, xMode: 'step', xRange: null, buckets: 800 };

describe('inbound webview messages (validated on the host)', () => {
  it('accepts the messages the curves webview sends', () => {
    assert.ok(isFromCurvesWebview({ type: 'ready', version: 2, view: VIEW }));
    assert.ok(isFromCurvesWebview({ type: 'view', view: { ...VIEW, xRange: [1, 2] } }));
    assert.ok(isFromCurvesWebview({ type: 'openLocation', runId: 'file:///a.csv', line: 3 }));
    assert.ok(isFromCurvesWebview({ type: 'export', format: 'csv', seriesKeys: ['a'], name: 'x' }));
    assert.ok(
      isFromCurvesWebview({
        type: 'export',
        format: 'png',
        seriesKeys: [],
        name: 'x',
        dataUrl: 'data:image/png;base64,AAAA',
      }),
    );
    assert.ok(isFromCurvesWebview({ type: 'group', by: 'regex', pattern: '(a)', band: 'std', xMode: 'epoch' }));
  });

  it('refuses wrong shapes, wrong types and out-of-range values', () => {
    const bad: unknown[] = [
      null,
      'ready',
      42,
      [],
      {},
      { type: 'nope' },
      { type: 'ready' },
      { type: 'ready', version: '2', view: VIEW },
      { type: 'view', view: { ...VIEW, smoothing: 1 } },
      { type: 'view', view: { ...VIEW, smoothing: -0.1 } },
      { type: 'view', view: { ...VIEW, xMode: 'bogus' } },
      { type: 'view', view: { ...VIEW, buckets: 1e9 } },
      { type: 'view', view: { ...VIEW, xRange: [2, 1] } },
      { type: 'view', view: { ...VIEW, xRange: [0, NaN] } },
      { type: 'openLocation', runId: 'x', line: 0 },
      { type: 'openLocation', runId: 'x', line: 1.5 },
      { type: 'openLocation', runId: 5, line: 1 },
      { type: 'export', format: 'exe', seriesKeys: [], name: 'x' },
      { type: 'export', format: 'png', seriesKeys: [], name: 'x', dataUrl: 'javascript:alert(1)' },
      { type: 'export', format: 'csv', seriesKeys: [1], name: 'x' },
      { type: 'export', format: 'csv', seriesKeys: [], name: 'x'.repeat(1000) },
      { type: 'group', by: 'regex', pattern: 'x'.repeat(10_000), band: 'std', xMode: 'step' },
      { type: 'problem', kind: 'other', message: 'x' },
    ];
    for (const m of bad) assert.equal(isFromCurvesWebview(m), false, JSON.stringify(m));
    assert.equal(isViewRequest(undefined), false);
  });
});
