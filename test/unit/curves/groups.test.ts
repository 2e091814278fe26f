import * as assert from 'node:assert/strict';
import { groupRuns, groupViews } from '../../../src/extension/curves/groups';
import { Run } from '../../../src/core/model/run';

function run(id: string, values: number[], params: Record<string, string> = {}): { id: string; run: Run } {
  const r = new Run(id, 'csv', id);
  values.forEach((v, i) => r.seriesFor('val_loss').append(i, v, i + 2));
  for (const [k, v] of Object.entries(params)) r.params.set(k, v);
  return { id, run: r };
}

describe('run groups', () => {
  const runs = [
    {
      id: 'a',
      name: 'lr0.1_seed1',
      folder: 'sweep/lr0.1',
      params: new Map([
        ['lr', '0.1'],
        ['seed', '1'],
      ]),
    },
    {
      id: 'b',
      name: 'lr0.1_seed2',
      folder: 'sweep/lr0.1',
      params: new Map([
        ['lr', '0.1'],
        ['seed', '2'],
      ]),
    },
    {
      id: 'c',
      name: 'lr0.01_seed1',
      folder: 'sweep/lr0.01',
      params: new Map([
        ['lr', '0.01'],
        ['seed', '1'],
      ]),
    },
    {
      id: 'd',
      name: 'lr0.01_seed2',
      folder: 'sweep/lr0.01',
      params: new Map([
        ['lr', '0.01'],
        ['seed', '2'],
      ]),
    },
    { id: 'e', name: 'baseline', folder: 'other', params: new Map([['lr', '0.5']]) },
  ];

  it("groups by folder, by a name pattern's first group, and by config except the seed", () => {
    const expected = new Map([
      ['sweep/lr0.1', ['a', 'b']],
      ['sweep/lr0.01', ['c', 'd']],
    ]);
    assert.deepEqual(groupRuns(runs, 'folder', ''), expected);
    assert.deepEqual(
      groupRuns(runs, 'regex', '(lr[\\d.]+)_seed\\d+'),
      new Map([
        ['lr0.1', ['a', 'b']],
        ['lr0.01', ['c', 'd']],
      ]),
    );
    assert.deepEqual(
      groupRuns(runs, 'config', ''),
      new Map([
        ['lr=0.1', ['a', 'b']],
        ['lr=0.01', ['c', 'd']],
      ]),
    );
    assert.deepEqual(groupRuns(runs, 'none', ''), new Map());
    assert.deepEqual(groupRuns(runs, 'regex', '(unclosed'), new Map());
  });

  it('draws a group as its mean with a ±std band, or min–max', () => {
    const a = run('a', [1, 2, 3]);
    const b = run('b', [3, 4, 5]);
    const all = new Map([
      [a.id, a.run],
      [b.id, b.run],
    ]);
    const [g] = groupViews(all, new Map([['g', ['a', 'b']]]), 'step', 'std');
    assert.deepEqual(Array.from(g!.mean), [2, 3, 4]);
    assert.deepEqual(Array.from(g!.low), [1, 2, 3]);
    assert.deepEqual(Array.from(g!.high), [3, 4, 5]);
    assert.equal(g!.chartKey, 'loss');
    assert.equal(g!.split, 'val');
    const [m] = groupViews(all, new Map([['g', ['a', 'b']]]), 'step', 'minmax');
    assert.deepEqual(Array.from(m!.low), [1, 2, 3]);
  });
});
