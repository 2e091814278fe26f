import * as assert from 'node:assert/strict';
import { isFromCompareWebview } from '../../../src/protocol/compare';
import { isFromCurvesWebview, isViewRequest } from '../../../src/protocol/curves';
import { isFromMatrixWebview } from '../../../src/protocol/matrix';

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

describe('inbound messages of the matrix and compare webviews, and what every webview sends', () => {
  const common = [
    { type: 'probeResult', id: 1, snapshot: {} },
    { type: 'problem', kind: 'scriptError', message: 'x' },
  ];

  it("accepts each panel's own messages and the common ones", () => {
    const matrix = [
      { type: 'ready', version: 1 },
      { type: 'rows', requestId: 1, file: 0, i: 1, j: 0, threshold: null, offset: 0, limit: 100 },
      { type: 'images', requestId: 2, file: 0, rows: [0, 5] },
      { type: 'openLine', file: 0, line: 3 },
    ];
    const compare = [
      { type: 'ready', version: 1 },
      { type: 'showCurves', ids: ['file:///a.csv'] },
      { type: 'copy', format: 'markdown', text: '| a |' },
    ];
    for (const m of [...matrix, ...common]) assert.ok(isFromMatrixWebview(m), JSON.stringify(m));
    for (const m of [...compare, ...common]) assert.ok(isFromCompareWebview(m), JSON.stringify(m));
    for (const m of common) assert.ok(isFromCurvesWebview(m), JSON.stringify(m));
  });

  it("refuses another panel's messages, out-of-range fields, and types that are only inherited names", () => {
    const everywhere: unknown[] = [
      { type: 'toString' },
      { type: 'constructor' },
      { type: '__proto__' },
      { type: 'hasOwnProperty' },
      { type: 'probeResult', id: 1, snapshot: null },
      { type: 'problem', kind: 'scriptError', message: 5 },
      { type: 'applyState', patch: {} },
    ];
    const matrix = [
      ...everywhere,
      { type: 'view', view: VIEW },
      { type: 'copy', format: 'csv', text: '' },
      { type: 'ready' },
      { type: 'rows', requestId: 1, file: 64, i: 0, j: 0, threshold: null, offset: 0, limit: 1 },
      { type: 'rows', requestId: 1, file: 0, i: 0, j: 0, threshold: NaN, offset: 0, limit: 1 },
      { type: 'rows', requestId: 1, file: 0, i: 0, j: 0, threshold: null, offset: 0, limit: 10_001 },
      { type: 'images', requestId: 1, file: 0, rows: Array.from({ length: 201 }, (_, i) => i) },
      { type: 'openLine', file: 0, line: 0 },
    ];
    const compare = [
      ...everywhere,
      { type: 'openLine', file: 0, line: 3 },
      { type: 'showCurves', ids: ['x'.repeat(5000)] },
      { type: 'showCurves', ids: Array.from({ length: 10_001 }, () => 'a') },
      { type: 'copy', format: 'png', text: '' },
    ];
    for (const m of matrix) assert.equal(isFromMatrixWebview(m), false, JSON.stringify(m));
    for (const m of compare) assert.equal(isFromCompareWebview(m), false, JSON.stringify(m));
    for (const m of everywhere) assert.equal(isFromCurvesWebview(m), false, JSON.stringify(m));
  });
});
