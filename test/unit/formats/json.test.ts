import * as assert from 'node:assert/strict';
import { JsonTokenizer, type JsonHandler } from '../../../src/core/text/json';
import { LineSplitter } from '../../../src/core/text/lines';
import { readJsonLeaves } from '../../../src/core/formats/dvclive';
import { bytes, fixtureBytes } from '../helpers';

/** Tokens as `kind value @line` strings. */
function tokens(text: string): { out: string[]; error?: string } {
  const out: string[] = [];
  const h: JsonHandler = {
    openObject: (l) => out.push(`{ @${l}`),
    openArray: (l) => out.push(`[ @${l}`),
    close: (l) => out.push(`close @${l}`),
    key: (k, l) => out.push(`key ${k} @${l}`),
    number: (v, l) => out.push(`num ${Object.is(v, -0) ? '-0' : String(v)} @${l}`),
    string: (b, s, e, _esc, l) => out.push(`str ${new TextDecoder().decode(b.subarray(s, e))} @${l}`),
    literal: (v, l) => out.push(`lit ${String(v)} @${l}`),
  };
  const t = new JsonTokenizer(h);
  const lines = new LineSplitter();
  const feed = (b: Uint8Array, s: number, e: number, l: number) => t.feedLine(b, s, e, l);
  lines.push(bytes(text), feed);
  lines.flush(feed);
  return t.error ? { out, error: t.error.message } : { out };
}

describe('the tolerant JSON tokenizer', () => {
  it("reads Python's bare NaN, Infinity and -Infinity as numbers", () => {
    assert.deepEqual(tokens('[NaN, Infinity, -Infinity, 1e-05, -0.5]').out, [
      '[ @1',
      'num NaN @1',
      'num Infinity @1',
      'num -Infinity @1',
      'num 0.00001 @1',
      'num -0.5 @1',
      'close @1',
    ]);
  });

  it('gives every token the line it is on', () => {
    assert.deepEqual(tokens('{\n  "a": 1,\n  "b": [true, null],\n  "c": "x\\"y"\n}').out, [
      '{ @1',
      'key a @2',
      'num 1 @2',
      'key b @3',
      '[ @3',
      'lit true @3',
      'lit null @3',
      'close @3',
      'key c @4',
      'str x\\"y @4',
      'close @5',
    ]);
  });

  it('reports the line of a syntax error in words a user understands', () => {
    assert.equal(tokens('{\n  "a": 1\n  "b": 2\n}').error, "line 3: expected ',' or '}', found '\"'");
    assert.equal(tokens('{"a": nope}').error, 'line 1: "nope" is not a JSON value');
    assert.equal(tokens('{"a": "open\n}').error, 'line 1: a string is not closed on its line');
  });

  it("reads DVCLive's real roc.json, which JSON.parse rejects, with the values Python's json module gives", () => {
    const data = fixtureBytes('dvclive', 'dvclive', 'plots', 'sklearn', 'roc.json');
    assert.throws(() => JSON.parse(new TextDecoder().decode(data)));
    const thresholds: number[] = [];
    assert.equal(
      readJsonLeaves(data, () => undefined),
      undefined,
    );
    // The values inside the list are not leaves of an object; read them with the tokenizer directly.
    const h: JsonHandler = {
      openObject() {},
      openArray() {},
      close() {},
      literal() {},
      string() {},
      key(k) {
        last = k;
      },
      number(v) {
        if (last === 'threshold') thresholds.push(v);
      },
    };
    let last = '';
    const t = new JsonTokenizer(h);
    const lines = new LineSplitter();
    lines.push(data, (b, s, e, l) => t.feedLine(b, s, e, l));
    // Python: json.load(...)['roc'] has 19 points, the first threshold inf, the last 0.043569930154292426.
    assert.equal(thresholds.length, 19);
    assert.equal(thresholds[0], Infinity);
    assert.equal(thresholds[18], 0.043569930154292426);
  });
});
