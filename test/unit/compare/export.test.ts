import * as assert from 'node:assert/strict';
import {
  compareCsv,
  compareJson,
  compareMarkdown,
  compareRuns,
  defaultColumns,
  RUN_COLUMNS,
} from '../../../src/core/compare';
import { csvText } from '../../../src/core/text/csvCell';
import { Run } from '../../../src/core/model/run';

describe('compare: exports', () => {
  function hostileTable() {
    const a = new Run('=HYPERLINK("http://x")', 'csv', "=cmd|' /C calc'!A0");
    a.params.set('note', '@SUM(1+1)');
    a.params.set('lr', '-0.5');
    a.seriesFor('loss').append(0, -1.5, 1);
    a.seriesFor('loss').append(1, NaN, 2);
    const b = new Run('b.csv', 'csv', 'b|c');
    b.params.set('note', 'plain');
    b.params.set('lr', '+1');
    return compareRuns([
      { run: a, id: 'a', path: a.source, findings: [] },
      { run: b, id: 'b', path: 'b.csv', findings: [] },
    ]);
  }

  it('neutralises text cells a spreadsheet would run as a formula, keeps numbers (negative ones too) as numbers', () => {
    const t = hostileTable();
    const csv = compareCsv(defaultColumns(t), t.rows).split('\n');
    assert.equal(csv[0], 'name,path,format,status,steps,errors,warnings,note,lr,loss.best,loss.last');
    assert.equal(csv[1], `'=cmd|' /C calc'!A0,"'=HYPERLINK(""http://x"")",csv,,1,0,0,'@SUM(1+1),-0.5,-1.5,nan`);
    assert.equal(csv[2], 'b|c,b.csv,csv,,,0,0,plain,1,,');
    for (const s of ['=1', '+1', '-1', '@a', '\tx', '\rx']) assert.ok(csvText(s).replace(/^"/, '').startsWith("'"), s);
  });

  it('writes Markdown with pipes escaped and JSON with non-finite numbers as strings', () => {
    const t = hostileTable();
    const md = compareMarkdown(defaultColumns(t), t.rows).split('\n');
    assert.equal(md[1], '|---|---|---|---|---:|---:|---:|---|---:|---:|---:|');
    assert.ok(md[3]!.startsWith('| b\\|c | b.csv |'), md[3]);
    const json = compareJson(RUN_COLUMNS.slice(0, 1), t.rows);
    assert.deepEqual(
      json.rows.map((r) => r['name']),
      ["=cmd|' /C calc'!A0", 'b|c'],
    );
    assert.equal(compareJson(defaultColumns(t), t.rows).rows[0]!['loss.last'], 'NaN');
  });
});
