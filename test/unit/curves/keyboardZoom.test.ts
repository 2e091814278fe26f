import * as assert from 'node:assert/strict';
import { describeRange, keyboardRange, type Range } from '../../../webview/curves/keyboardZoom';

const EXTENT: Range = [0, 100];
const range = (key: string, view: Range) => keyboardRange(key, view, EXTENT)?.range;

describe('keyboard zoom and pan of the x axis', () => {
  it('zooms in to the middle half with + (and =), out to twice the width with -', () => {
    assert.deepEqual(range('+', [0, 100]), [25, 75]);
    assert.deepEqual(range('=', [25, 75]), [37.5, 62.5]);
    assert.deepEqual(range('-', [37.5, 62.5]), [25, 75]);
    assert.deepEqual(range('_', [40, 50]), [35, 55]);
  });

  it('shows everything once zoomed out past the whole run, and with 0', () => {
    assert.equal(range('-', [25, 75]), null);
    assert.equal(range('-', [0, 100]), null);
    assert.equal(range('0', [40, 50]), null);
  });

  it('pans a quarter of the width with the arrows, and stops at either end', () => {
    assert.deepEqual(range('ArrowRight', [20, 40]), [25, 45]);
    assert.deepEqual(range('ArrowLeft', [20, 40]), [15, 35]);
    assert.deepEqual(range('ArrowLeft', [2, 22]), [0, 20]);
    assert.deepEqual(range('ArrowRight', [90, 100]), [90, 100]);
  });

  it('goes to the start or the end of the run with Home and End, keeping the width', () => {
    assert.deepEqual(range('Home', [40, 60]), [0, 20]);
    assert.deepEqual(range('End', [40, 60]), [80, 100]);
  });

  it('keeps a zoomed-out view inside the run when it would pass an end', () => {
    assert.deepEqual(range('-', [0, 30]), [0, 60]);
    assert.deepEqual(range('-', [80, 100]), [60, 100]);
  });

  it('stops zooming in at a millionth of the run (no empty range)', () => {
    let view: Range = [0, 100];
    for (let k = 0; k < 60; k++) view = range('+', view) as Range;
    assert.ok(view[1] - view[0] >= 100e-6 * 0.999, `${view[1] - view[0]}`);
    assert.ok(view[1] > view[0]);
  });

  it('leaves other keys to the page, and a run without extent alone', () => {
    assert.equal(keyboardRange('a', [0, 100], EXTENT), undefined);
    assert.equal(keyboardRange('Enter', [0, 100], EXTENT), undefined);
    assert.equal(keyboardRange('+', [5, 5], [5, 5]), undefined);
    assert.deepEqual(keyboardRange('0', [5, 5], [5, 5]), { range: null });
  });

  it('says the range shown, and of what, for a screen reader', () => {
    const f = (x: number) => String(Math.round(x));
    assert.equal(describeRange([25, 75], EXTENT, f), 'x axis: 25 to 75, 50 % of 0 to 100');
    assert.equal(describeRange(null, EXTENT, f), 'x axis: everything, 0 to 100');
  });
});
