import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  readYamlParams,
  MAX_PARAMS,
  MAX_YAML_BYTES,
  MAX_YAML_DEPTH,
  MAX_YAML_LINES,
  MAX_YAML_NODES,
} from '../../../src/core/text/yaml';
import { groupRuns } from '../../../src/extension/curves/groups';
import { DvcliveParser } from '../../../src/core/formats/dvclive';
import { fixture, fixtureBytes } from '../helpers';

const text = (...p: string[]) => readFileSync(fixture(...p), 'utf8');

describe('YAML parameters (readYamlParams)', () => {
  it("quotes the file's bytes in a YAML error, control characters escaped (fuzz, mlflow #472)", () => {
    // The library's message pastes the header it could not read: `>` then control bytes and invalid UTF-8.
    const { issue } = readYamlParams(`a: >\u0011\u0018e\u0004\ufffd\u0361h\u001b[2J\nb: 1\n`);
    assert.ok(issue, 'the block scalar header is an error');
    assert.match(issue.message, /^YAML error: /);
    assert.doesNotMatch(issue.message, /[\u0000-\u001f\u007f-\u009f]/, issue.message);
    assert.match(issue.message, /\\u0011/, 'the control byte is shown as an escape');
  });

  it('reads a real DVCLive params.yaml: nested sections, lists as one value, a plain scalar continued on the next line', () => {
    const { values, issue } = readYamlParams(text('dvclive', 'sed', 'params.yaml'));
    assert.equal(issue, undefined);
    assert.equal(values.get('training.batch_size'), '12');
    assert.equal(values.get('training.val_thresholds'), '[0.5]');
    assert.equal(values.get('net.pooling'), '[[1, 2], [1, 2], [1, 2], [1, 2], [1, 2], [1, 2], [1, 2]]');
    // `synth_tsv:` with its value on the next, deeper line: one value, not an empty one.
    assert.equal(
      values.get('data.synth_tsv'),
      '/mnt/d/DESED_dataset/dcase_synth/metadata/train/synthetic21_train/soundscapes.tsv',
    );
    assert.equal(values.get('opt.lr'), '0.001');
    assert.equal(values.get('log_dir'), './exp/');
    assert.equal(values.size, 70); // PyYAML's safe_load gives 70 leaves (lists counted as one)
  });

  it("reads MLflow's meta.yaml (quoted '0' stays a string, [] is an empty list) and Lightning's hparams.yaml", () => {
    const meta = readYamlParams(
      text('mlflow', 'mnist', 'mlruns', '0', '00e2ba8f3b404a6abced114ac6b51ff8', 'meta.yaml'),
    ).values;
    assert.equal(meta.get('run_name'), 'spiffy-snail-442');
    assert.equal(meta.get('experiment_id'), '0');
    assert.equal(meta.get('entry_point_name'), '');
    assert.equal(meta.get('tags'), '[]');
    const hp = readYamlParams(text('lightning', 'regression', 'hparams.yaml')).values;
    // Written as in the file (`1.0e-05`), so runs group by what their files say.
    assert.deepEqual(
      [...hp],
      [
        ['hidden_dim', '64'],
        ['input_dim', '4'],
        ['lr', '1.0e-05'],
        ['num_layers', '2'],
        ['output_dim', '1'],
      ],
    );
  });

  it("reads W&B's config.yaml: the value of each key, nested keys as paths four levels deep, _wandb and wandb_version left out", () => {
    const { values, issue } = readYamlParams(
      text('wandb', 'lightning-0.12', 'run-20250305_085822-r4uk18q2', 'files', 'config.yaml'),
      { wandbConfig: true },
    );
    assert.equal(issue, undefined);
    assert.equal(values.get('cfg.model.model_cfg.arch.n_layers'), '35');
    assert.equal(values.get('cfg.model.model_cfg.hyperparameters.lr'), '0.0001');
    assert.equal(values.get('cfg.callbacks.model_checkpoint.filename'), '{epoch}-{step}-{val_loss:.4f}');
    assert.equal(values.get('cfg.logger.entity'), '');
    assert.ok(![...values.keys()].some((k) => k.startsWith('_wandb') || k === 'wandb_version' || k.endsWith('.desc')));
  });

  it('keeps a key two levels deep and a quoted "run # 1" whole; a comment after a plain value is not part of it', () => {
    const { values } = readYamlParams('model:\n  encoder:\n    depth: 4\n    name: "run # 1"\n  lr: 0.1 # tuned\n');
    assert.deepEqual(
      [...values],
      [
        ['model.encoder.depth', '4'],
        ['model.encoder.name', 'run # 1'],
        ['model.lr', '0.1'],
      ],
    );
  });

  it('groups runs that differ only in a nested value apart, and runs that differ only in the seed together', () => {
    const base = text('wandb', 'lightning-0.12', 'run-20250305_085822-r4uk18q2', 'files', 'config.yaml');
    const deeper = base.replace('n_layers: 35', 'n_layers: 36');
    const reseeded = base.replace('seed: 15855310', 'seed: 7');
    assert.notEqual(deeper, base);
    assert.notEqual(reseeded, base);
    const runs = [
      ['a', base],
      ['b', deeper],
      ['c', reseeded],
    ].map(([id, t]) => ({
      id: id!,
      name: id!,
      folder: '',
      params: readYamlParams(t!, { wandbConfig: true }).values,
    }));
    assert.deepEqual([...groupRuns(runs, 'config', '').values()], [['a', 'c']]);
  });

  it('names the line of a YAML error and keeps what was read before it', () => {
    const { values, issue } = readYamlParams('lr: 0.1\nbatch: 32\nbad: [1, 2\nafter: 1\n');
    assert.equal(values.get('lr'), '0.1');
    assert.ok(issue);
    assert.match(issue.message, /^YAML error: /);
    assert.equal(issue.line, 4);
  });

  it('reads a line of spaces (issue #15: 3 000 and 200 000 spaces, then `a`) as no parameter, in linear time', () => {
    for (const n of [3_000, 200_000]) {
      const { values, issue } = readYamlParams(`${' '.repeat(n)}a`);
      assert.equal(values.size, 0);
      assert.equal(issue, undefined);
    }
    const { values } = readYamlParams(`lr: 0.1\n${' '.repeat(20_000)}\nbatch: 2\n`);
    assert.deepEqual(
      [...values],
      [
        ['lr', '0.1'],
        ['batch', '2'],
      ],
    );
  });

  it('bounds a "billion laughs" file: each alias expansion counts, the values are cut, and it says so', () => {
    const lines = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 12; i++)
      lines.push(
        `k${i}: &k${i} [${Array(10)
          .fill(i === 1 ? '*a' : `*k${i - 1}`)
          .join(', ')}]`,
      );
    const { values } = readYamlParams(lines.join('\n'));
    // 10^12 strings if expanded; each value stops at its bound instead.
    for (const v of values.values()) assert.ok(v.length <= 1_001, `a value of ${v.length} characters`);
    const many = ['x: &x {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9, j: 10}'];
    for (let i = 1; i < 8; i++)
      many.push(
        `y${i}: &y${i} {${Array.from({ length: 10 }, (_, k) => `k${k}: ${i === 1 ? '*x' : `*y${i - 1}`}`).join(', ')}}`,
      );
    const r = readYamlParams(many.join('\n'));
    assert.ok(r.issue);
    assert.match(
      r.issue.message,
      new RegExp(`over ${MAX_PARAMS.toLocaleString('en-US')} parameters; the rest are not read`),
    );
    assert.equal(r.values.size, MAX_PARAMS);
    // A list of lists of aliases: no parameter per value, so the count of values visited stops it.
    const nested = ['a: &a [1]'];
    for (let i = 1; i < 4; i++)
      nested.push(
        `b${i}: &b${i} [${Array(10)
          .fill(i === 1 ? '*a' : `*b${i - 1}`)
          .join(', ')}]`,
      );
    for (let i = 0; i < 2_000; i++) nested.push(`c${i}: [${Array(10).fill('*b3').join(', ')}]`);
    const n = readYamlParams(nested.join('\n'));
    assert.match(n.issue?.message ?? '', new RegExp(`over ${MAX_YAML_NODES.toLocaleString('en-US')} values`));
  });

  it("refuses a file over its bytes or its lines before parsing (the fuzzer's 4 MB of empty lines and line of quotes)", () => {
    // Just at the bounds it reads.
    const atLines = 'a: 1\n' + '\n'.repeat(MAX_YAML_LINES - 1);
    assert.deepEqual([readYamlParams(atLines).values.get('a'), readYamlParams(atLines).issue], ['1', undefined]);
    const overLines = readYamlParams(atLines + 'b: 2\n');
    assert.equal(overLines.values.size, 0);
    assert.equal(overLines.issue?.line, MAX_YAML_LINES + 1);
    assert.match(overLines.issue!.message, /over 20,000 lines, more than a parameters file may have; not read/);
    const blank = readYamlParams('\n'.repeat(MAX_YAML_LINES * 20)); // 400 KB: under the bytes, over the lines
    assert.match(blank.issue?.message ?? '', /over 20,000 lines/);
    const quotes = readYamlParams('a: 1\n' + '"'.repeat(MAX_YAML_BYTES));
    assert.equal(quotes.values.size, 0);
    assert.match(quotes.issue?.message ?? '', /the file is .*, over the 512 KB a parameters file may have; not read/);
  });

  it('refuses nesting deeper than its bound (flow and block) with the line, before the parser recurses', () => {
    const flow = readYamlParams(`ok: 1\na: ${'['.repeat(100_000)}`);
    assert.deepEqual([flow.values.size, flow.issue?.line], [0, 2]);
    assert.match(flow.issue!.message, new RegExp(`nested over ${MAX_YAML_DEPTH} levels`));
    let block = '';
    for (let i = 0; i < 200; i++) block += `${' '.repeat(i)}k${i}:\n`;
    assert.equal(readYamlParams(block).issue?.line, MAX_YAML_DEPTH + 1);
    const lists = readYamlParams('- '.repeat(1_000) + 'x');
    assert.equal(lists.issue?.line, 1);
    // Just under the bound reads.
    let ok = '';
    for (let i = 0; i < MAX_YAML_DEPTH - 1; i++) ok += `${' '.repeat(i)}k${i}:\n`;
    ok += `${' '.repeat(MAX_YAML_DEPTH - 1)}v: 1\n`;
    assert.equal(readYamlParams(ok).values.size, 1);
  });

  it('reads JSON (Hugging Face arguments) the same way', () => {
    const { values } = readYamlParams(
      '{"learning_rate": 5e-05, "lr_scheduler_kwargs": {"power": 1.0}, "report_to": ["wandb"], "hub_token": null}',
    );
    assert.deepEqual(
      [...values],
      [
        ['learning_rate', '5e-05'],
        ['lr_scheduler_kwargs.power', '1.0'],
        ['report_to', '[wandb]'],
        ['hub_token', ''],
      ],
    );
  });

  it('reports a DVCLive params.yaml error on the run, naming the file and line', () => {
    const p = new DvcliveParser('dvclive', 'dvclive');
    p.push('params.yaml', fixtureBytes('dvclive', 'sed', 'params.yaml'));
    p.push('params.yaml', new TextEncoder().encode('broken: [\n')); // line 127; the parser names the end, 128
    p.flush();
    assert.equal(p.run.params.get('net.n_RNN_cell'), '128');
    assert.deepEqual(
      p.run.issues.map((i) => [i.file, i.line]),
      [['params.yaml', 128]],
    );
  });
});
