import * as assert from 'node:assert/strict';
import { CurvesModel } from '../../webview/curves/model';
import { chartConfig, type LineDataset, type Theme } from '../../webview/curves/chartConfig';
import { DelimitedLogParser } from '../../src/core/formats/delimited';
import { runPayload, SentPoints } from '../../src/extension/curves/payload';
import { bytes, fixtureBytes } from './helpers';

const THEME: Theme = { foreground: '#fff', mutedForeground: '#aaa', grid: '#333', background: '#000', fontFamily: 'x', fontSize: 12, palette: ['#111', '#222', '#333'], error: '#f00' };

function modelFor(text: Uint8Array): { model: CurvesModel; parser: DelimitedLogParser; sent: SentPoints } {
  const parser = new DelimitedLogParser('h.csv', 'h');
  parser.push(text);
  const sent = new SentPoints();
  const model = new CurvesModel();
  model.init([runPayload('r1', parser.run)], sent.take('r1', parser.run));
  return { model, parser, sent };
}

describe('curves webview model', () => {
  it('groups a Keras log into a loss chart and an accuracy chart, loss first', () => {
    const { model } = modelFor(fixtureBytes('keras', 'training.log'));
    const charts = model.charts();
    assert.deepEqual(charts.map((c) => c.title), ['loss', 'accuracy']);
    assert.deepEqual(charts[0]!.series.map((s) => [s.name, s.split, s.points.length]), [['loss', 'train', 17], ['val_loss', 'val', 17]]);
  });

  it('sends only new points after the first load, and the model grows by exactly those', () => {
    const { model, parser, sent } = modelFor(bytes('epoch,loss,val_loss\n0,1,1.1\n1,0.9,1.0\n'));
    parser.push(bytes('2,0.8,0.95\n'));
    const delta = sent.take('r1', parser.run);
    assert.deepEqual(delta.map((d) => [d.name, d.start, d.steps.length, d.total]), [['loss', 2, 1, 3], ['val_loss', 2, 1, 3]]);
    assert.deepEqual(sent.take('r1', parser.run), []);
    const { changedCharts } = model.append([runPayload('r1', parser.run)], delta);
    assert.deepEqual([...changedCharts], ['loss']);
    assert.deepEqual(model.charts()[0]!.series[0]!.points, [{ x: 0, y: 1 }, { x: 1, y: 0.9 }, { x: 2, y: 0.8 }]);
  });

  it('draws train solid and validation dashed in the run\'s colour, and non-finite values as gaps', () => {
    const { model } = modelFor(bytes('epoch,loss,val_loss\n0,1,inf\n1,0.9,1.0\n'));
    const cfg = chartConfig(model.charts()[0]!, new Map([['r1', { name: 'h', index: 1, xLabel: 'epoch' }]]), THEME);
    const [train, val] = cfg.data.datasets as LineDataset[];
    assert.deepEqual(train!.borderDash, []);
    assert.ok((val!.borderDash as number[]).length > 0);
    assert.equal(train!.borderColor, '#222');
    assert.equal(val!.borderColor, '#222');
    assert.ok(Number.isNaN(val!.data[0]!.y));
    assert.equal((cfg.options!.scales!['x'] as { title: { text: string } }).title.text, 'epoch');
  });
});
