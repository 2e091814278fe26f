// Regressions found by fuzzing the predictions parser (npm run fuzz): each test failed before its fix.
import * as assert from 'node:assert/strict';
import { detectColumns, PredictionsParser, type PredictionOptions } from '../../../src/core/classify';
import { bytes } from '../helpers';

function readIn(data: Uint8Array, sizes: readonly number[], options: PredictionOptions = {}) {
  const p = new PredictionsParser('p.json', options);
  for (let at = 0, k = 0; at < data.length; k++) {
    const n = sizes[k % sizes.length]!;
    p.push(data.subarray(at, at + n));
    at += n;
  }
  p.flush();
  return p.result();
}

describe('predictions parser on hostile input', () => {
  it('reports a malformed JSON record once, however the file is split into pushes', () => {
    const data = bytes('[{"y_true": 1, "y_pred": 1}, {"y_true" 0, "y_pred": 1}, {"y_true": 0, "y_pred": 0}]\n');
    const whole = readIn(data, [data.length]);
    assert.deepEqual(
      whole.issues.map((i) => i.message),
      ['line 1: not valid JSON; skipped to the next line', 'line 2: the JSON ends before its closing bracket'],
    );
    for (const sizes of [[1], [2, 5], [7]])
      assert.deepEqual(readIn(data, sizes).issues, whole.issues, `chunks ${sizes}`);
  });

  // How long these take as they grow (linear, not quadratic) is checked by growth ratios, without a clock
  // limit: test/unit/fuzz/growth.ts.
  it('reads a long JSON record that arrives in small pushes', () => {
    const long = 'x'.repeat(8 << 20);
    const data = bytes(
      `{"y_true": "a", "y_pred": "a"}\n{"y_true": "b", "y_pred": "a", "note": "${long}"}\n{"y_true": "b", "y_pred": "b"}\n`,
    );
    const r = readIn(data, [4096]);
    assert.equal(r.data?.n, 3);
  });

  it('chooses between CSV and JSON after many blank bytes', () => {
    const data = new Uint8Array((4 << 20) + 32).fill(0x20);
    data.set(bytes('\ny_true,y_pred\n1,1\n0,1\n'), 4 << 20);
    const r = readIn(data, [16]);
    assert.equal(r.data?.n, 2);
  });

  it('holds memory linear in the file for 22 000 columns over a few rows (npm run fuzz found 185 MB for 23 KB)', () => {
    const extra = 22_000;
    const header = `y_true\ty_pred${Array.from({ length: extra }, (_, i) => `\tc${i}`).join('')}\n`;
    const row = (t: number, p: number) => `${t}\t${p}${'\t0'.repeat(extra)}\n`;
    const data = bytes(header + row(1, 1) + row(0, 1) + row(0, 0));
    const before = process.memoryUsage().arrayBuffers;
    const p = new PredictionsParser('wide.csv', {});
    p.push(data);
    p.flush();
    const r = p.result();
    // Typed-array memory is counted as allocated, without waiting for a collection: the columns' own.
    const grown = process.memoryUsage().arrayBuffers - before;
    assert.equal(r.data?.n, 3);
    assert.ok(grown < 64 * data.length, `${(grown / 2 ** 20).toFixed(1)} MB of columns for ${data.length} bytes`);
  });

  it('names at most 20 header columns, each shortened, when a forced column is missing', () => {
    const names = Array.from({ length: 200 }, (_, i) => `column_${i}_${'w'.repeat(100)}`);
    const detected = detectColumns(names, { trueCol: 'label' });
    assert.ok('error' in detected);
    assert.ok(detected.error.length < 1000, `${detected.error.length} characters`);
    assert.match(
      detected.error,
      /^column "label" \(--true-col\) is not in the header: "column_0_w+…", .* and 180 more$/,
    );
  });

  it('lists at most 10 labels, each shortened and with control characters escaped, for an unknown positive class', () => {
    const rows = Array.from(
      { length: 30 },
      (_, i) => `label\u0001${i}${'z'.repeat(50)},label\u0001${i}${'z'.repeat(50)}`,
    ).join('\n');
    const r = readIn(bytes(`y_true,y_pred\n${rows}\n`), [1 << 16], { positive: 'cat' });
    const message = r.issues.map((i) => i.message).find((m) => m.startsWith('the positive class'))!;
    assert.ok(message.length < 600, `${message.length} characters`);
    assert.doesNotMatch(message, /[\u0000-\u001f]/);
    assert.match(message, /\(label\\u00010z+…, .* and 20 more\)/);
  });
});
