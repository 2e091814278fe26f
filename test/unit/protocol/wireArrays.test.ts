import * as assert from 'node:assert/strict';
import { packArrays, sendAsColumns, TABLE_MIN_ROWS, unpackArrays } from '../../../src/protocol/wireArrays';

/** What VS Code does to a message on its way: JSON, except the typed arrays, which travel as buffers. */
function overTheWire<T>(message: T): { received: T; buffers: number } {
  const buffers: ArrayBufferLike[] = [];
  const json = JSON.stringify(message, (_k, v: unknown) => {
    if (ArrayBuffer.isView(v)) {
      if (!buffers.includes(v.buffer)) buffers.push(v.buffer);
      return {
        $buffer: buffers.indexOf(v.buffer),
        type: v.constructor.name,
        byteOffset: v.byteOffset,
        length: (v as Float64Array).length,
      };
    }
    return v;
  });
  const copies = buffers.map((b) => b.slice(0));
  const received = JSON.parse(json, (_k, v: { $buffer?: number; type: string; byteOffset: number; length: number }) => {
    if (v && typeof v === 'object' && typeof v.$buffer === 'number') {
      const ctor = (globalThis as unknown as Record<string, new (b: ArrayBufferLike, o: number, n: number) => unknown>)[
        v.type
      ]!;
      return new ctor(copies[v.$buffer]!, v.byteOffset, v.length);
    }
    return v;
  }) as T;
  return { received, buffers: buffers.length };
}

describe('typed arrays sent to a webview', () => {
  it('travel in one buffer however many a message carries, and come back equal, NaN and ±Infinity included', () => {
    const series = Array.from({ length: 130 }, (_, i) => ({
      name: `s${i}`,
      total: i,
      x: Float64Array.from({ length: i % 7 }, (_, k) => k * 1.5),
      y: Float64Array.from({ length: i % 7 }, (_, k) => (k === 1 ? NaN : k === 2 ? -Infinity : k / 3)),
      kind: Int8Array.from({ length: i % 3 }, (_, k) => k - 1),
      best: i % 2 ? { x: 1, y: 2 } : null,
    }));
    const message = { type: 'init', version: 2, series, labels: ['a', 'b'], nothing: null };
    const { received, buffers } = overTheWire(packArrays(message));
    assert.equal(buffers, 1);
    const back = unpackArrays(received);
    assert.equal(back.type, 'init');
    assert.deepEqual(Object.keys(back), Object.keys(message));
    assert.deepEqual(back, message);
    back.series.forEach((s, i) => {
      assert.ok(s.x instanceof Float64Array && s.kind instanceof Int8Array, `series ${i}`);
      assert.deepEqual(Array.from(s.y), Array.from(message.series[i]!.y));
    });
  });

  it('packs views into a larger buffer (a subarray, arrays sharing a buffer) by their own elements', () => {
    const whole = Float64Array.from([1, 2, 3, 4, 5, 6]);
    const bytes = Uint8Array.from([7, 8, 9]);
    const message = {
      a: whole.subarray(1, 3),
      b: whole.subarray(4),
      c: bytes,
      d: Int32Array.from([-1, 2 ** 31 - 1]),
      same: [bytes, bytes],
    };
    const back = unpackArrays(overTheWire(packArrays(message)).received);
    assert.deepEqual(Array.from(back.a), [2, 3]);
    assert.deepEqual(Array.from(back.b), [5, 6]);
    assert.deepEqual(Array.from(back.c), [7, 8, 9]);
    assert.deepEqual(Array.from(back.d), [-1, 2 ** 31 - 1]);
    assert.deepEqual(
      back.same.map((x) => Array.from(x)),
      [
        [7, 8, 9],
        [7, 8, 9],
      ],
    );
  });

  it("carries a long array of records of one shape (a report's row per class) as columns, and gives the records back", () => {
    const record = (i: number) => ({
      label: `class ${i}`,
      precision: i === 3 ? NaN : i / 20_000,
      recall: i === 4 ? Infinity : 1 - i / 20_000,
      f1: 0.5,
      support: i % 7,
    });
    const perClass = sendAsColumns(Array.from({ length: 20_000 }, (_, i) => record(i)));
    const message = {
      type: 'init',
      evaluations: [{ labels: perClass.map((c) => c.label), perClass }],
      small: perClass.slice(0, 3),
    };
    const packed = packArrays(message);
    // The JSON VS Code writes: the typed arrays (the one buffer) travel apart from it.
    const json = JSON.stringify(packed, (_k, v: unknown) => (ArrayBuffer.isView(v) ? null : v));
    // On the wire: no record per class (the key names would be there 20 000 times), the numbers in the buffer.
    assert.equal(
      json.split('"precision"').length - 1,
      1 + 3,
      'the key written once for the table, once a row of the short array',
    );
    assert.ok(json.length < 800_000, `${json.length} characters of JSON`);
    const back = unpackArrays(overTheWire(packed).received);
    assert.deepEqual(back, message);
    assert.ok(Number.isNaN(back.evaluations[0]!.perClass[3]!.precision));
    assert.equal(back.evaluations[0]!.perClass[4]!.recall, Infinity);
  });

  it('sends records that differ in shape, hold something else than numbers and strings, or are not marked, as they are', () => {
    const rows = (f: (i: number) => Record<string, unknown>) =>
      Array.from({ length: TABLE_MIN_ROWS + 1 }, (_, i) => f(i));
    for (const [what, list] of [
      ['a key missing', rows((i) => (i === 9 ? { a: 1 } : { a: 1, b: 2 }))],
      ['a null', rows((i) => ({ a: i === 9 ? null : 1 }))],
      ['a string among numbers', rows((i) => ({ a: i === 9 ? '1' : 1 }))],
      ['a nested object', rows(() => ({ a: { b: 1 } }))],
    ] as const) {
      const message = { list: sendAsColumns(list), y: Float64Array.of(1) };
      const packed = packArrays(message);
      assert.ok(Array.isArray((packed as { list: unknown }).list), what);
      assert.deepEqual(unpackArrays(overTheWire(packed).received), message, what);
    }
    // Of one shape but not marked (another panel's rows): as they are.
    const unmarked = { list: rows((i) => ({ a: i, b: 'x' })), y: Float64Array.of(1) };
    assert.ok(Array.isArray((packArrays(unmarked) as { list: unknown }).list));
  });

  it('leaves a message without typed arrays as it is, and one that was not packed too', () => {
    const plain = { type: 'loading', message: 'Reading…' };
    assert.equal(packArrays(plain), plain);
    assert.equal(unpackArrays(plain), plain);
  });
});
