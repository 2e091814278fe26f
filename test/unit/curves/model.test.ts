import * as assert from 'node:assert/strict';
import { CurvesModel } from '../../../webview/curves/model';
import { SeriesViewer } from '../../../src/extension/curves/seriesView';
import { runPayload, summaryEntries } from '../../../src/extension/curves/payload';
import { DelimitedLogParser } from '../../../src/core/formats/delimited';
import type { FindingMark, ViewRequest } from '../../../src/protocol/curves';
import { bytes } from '../helpers';

const VIEW: ViewRequest = { smoothing: 0, xMode: 'step', xRange: null, buckets: 1000 };

/** A run read by the real parser, with the viewers a panel keeps, grown line by line. */
function liveRun(id: string, text: string) {
  const parser = new DelimitedLogParser(id, id);
  parser.push(bytes(text));
  const viewers = new Map<string, SeriesViewer>();
  const viewer = (name: string) => {
    let v = viewers.get(name);
    if (!v) {
      v = new SeriesViewer(id, parser.run.getSeries(name)!, () => 0);
      viewers.set(name, v);
    }
    return v;
  };
  return {
    payload: () => [runPayload(id, parser.run, '.', false)],
    summary: () => summaryEntries(id, parser.run),
    full: () => parser.run.series.map((s) => viewer(s.name).full(VIEW)),
    append: (line: string) => {
      parser.push(bytes(line));
      return parser.run.series.flatMap((s) => viewer(s.name).update(VIEW) ?? []);
    },
  };
}

describe('the curves model, updated', () => {
  const header = 'step,loss,accuracy,lr\n0,1.0,,0.1\n1,0.9,0.5,0.1\n';

  it('names only the charts whose series got points', () => {
    const run = liveRun('a', header);
    const model = new CurvesModel();
    model.init(run.payload(), run.full(), run.summary(), []);
    assert.deepEqual(
      model
        .charts()
        .map((c) => c.key)
        .sort(),
      ['accuracy', 'loss', 'lr'],
    );
    // A line with a loss only: the loss chart alone.
    const series = run.append('2,0.8,,\n');
    assert.deepEqual(
      series.map((s) => s.name),
      ['loss'],
    );
    assert.deepEqual([...(model.update(run.payload(), series, run.summary(), []) as Set<string>)], ['loss']);
    // A line with all three.
    const all = run.append('3,0.7,0.6,0.05\n');
    assert.deepEqual([...(model.update(run.payload(), all, run.summary(), []) as Set<string>)].sort(), [
      'accuracy',
      'loss',
      'lr',
    ]);
    assert.equal(model.allSeries().find((s) => s.name === 'loss')!.x.length, 4);
  });

  it('adds the charts of a series whose finding mark came or went, and no other', () => {
    const run = liveRun('a', header);
    const model = new CurvesModel();
    model.init(run.payload(), run.full(), run.summary(), []);
    const mark: FindingMark = {
      runId: 'a',
      metric: 'accuracy',
      rule: 'plateau',
      severity: 'info',
      message: 'flat',
      fromStep: 0,
      toStep: 1,
    };
    assert.deepEqual([...(model.update(run.payload(), [], run.summary(), [mark]) as Set<string>)], ['accuracy']);
    // The same marks again: nothing to draw.
    assert.deepEqual([...(model.update(run.payload(), [], run.summary(), [mark]) as Set<string>)], []);
    assert.deepEqual([...(model.update(run.payload(), [], run.summary(), []) as Set<string>)], ['accuracy']);
  });

  it('asks for every chart when the runs they all draw changed (another x label)', () => {
    const run = liveRun('a', header);
    const model = new CurvesModel();
    model.init(run.payload(), run.full(), run.summary(), []);
    const renamed = run.payload().map((r) => ({ ...r, xLabel: 'epoch' }));
    assert.equal(model.update(renamed, [], run.summary(), []), 'all');
  });
});
