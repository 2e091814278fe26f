import * as assert from 'node:assert/strict';
import {
  cellColor,
  classOrder,
  contrast,
  errorRates,
  formatCell,
  normalize,
  readableText,
  topConfusions,
  type Rgb,
} from '../../webview/matrix/matrixMath';

// The guides' cat/dog example: 45 cats right, 5 called dogs; 3 dogs called cats, 47 right.
const CM = [45, 5, 3, 47];

describe('confusion matrix arithmetic', () => {
  it('normalises by true row (recall), predicted column (precision) and over all', () => {
    assert.deepEqual(Array.from(normalize(CM, 2, 'true')), [0.9, 0.1, 0.06, 0.94]);
    assert.deepEqual(Array.from(normalize(CM, 2, 'pred')), [45 / 48, 5 / 52, 3 / 48, 47 / 52]);
    assert.deepEqual(Array.from(normalize(CM, 2, 'all')), [0.45, 0.05, 0.03, 0.47]);
    assert.deepEqual(Array.from(normalize(CM, 2, 'none')), CM);
    assert.ok(Number.isNaN(normalize([0, 0, 1, 1], 2, 'true')[0]!));
  });

  it('gives per-class error rates and orders classes by them', () => {
    assert.deepEqual(
      Array.from(errorRates(CM, 2)).map((v) => +v.toFixed(10)),
      [0.1, 0.06],
    );
    const m = [10, 0, 0, 0, 2, 8, 0, 0, 0]; // class 1: 80 % wrong, class 2: no rows
    assert.deepEqual(classOrder(m, 3, true), [1, 0, 2]);
    assert.deepEqual(classOrder(m, 3, false), [0, 1, 2]);
  });

  it('lists the top confusions, most first, without the diagonal', () => {
    const m = [50, 1, 7, 0, 40, 23, 2, 3, 30];
    assert.deepEqual(topConfusions(m, 3, 2), [
      { i: 1, j: 2, count: 23 },
      { i: 0, j: 2, count: 7 },
    ]);
    assert.equal(topConfusions(m, 3, 10).length, 5);
  });

  it('keeps cell text readable: contrast of at least 4.5 on every shade, light and dark themes', () => {
    for (const bg of [
      [30, 30, 30],
      [255, 255, 255],
    ] as Rgb[]) {
      const fg: Rgb = bg[0] > 128 ? [51, 51, 51] : [204, 204, 204];
      for (let v = 0; v <= 100; v += 5) {
        for (const diagonal of [true, false]) {
          const c = cellColor(v, 100, diagonal, bg, [55, 148, 255], [241, 76, 76]);
          assert.ok(contrast(readableText(c, fg), c) >= 4.5, `${v} on ${bg}`);
        }
      }
    }
  });

  it('writes counts as integers and shares with two decimals', () => {
    assert.equal(formatCell(45, 'none'), '45');
    assert.equal(formatCell(0.9, 'true'), '0.90');
    assert.equal(formatCell(NaN, 'true'), '–');
  });
});
