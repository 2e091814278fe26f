import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readYamlParams } from '../../../src/core/text/yaml';
import { LiveFolderSource } from '../../../src/node/liveFolderSource';
import { LiveSource } from '../../../src/node/liveSource';
import { IN_PLACE_YAML_CHARS, OFF_THREAD } from '../../../src/node/preparedYaml';
import { readFolderRun } from '../../../src/node/readFolder';
import { readRunFile } from '../../../src/node/readSource';

/**
 * Issue #15: a parameters file is parsed by the `yaml` library in one call, up to 4 ms a KB on hostile text (512 KB:
 * 1.5–2 s), and the editor's readers parsed it on the extension host's thread. They now have it parsed in a worker
 * thread first; the result must be the same as in place.
 */
describe('parameters files parsed off the extension host', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'metric-lens-yaml-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A real-looking head, then what makes the library slow: a YAML error for every pair of quotes. */
  const hostile = (head: string) => `${head}${'""'.repeat(32 * 1024)}\n`;

  it('a DVCLive params.yaml and an MLflow meta.yaml: parsed in the worker, read as in place', async () => {
    mkdirSync(join(dir, 'dvclive', 'plots', 'metrics'), { recursive: true });
    const params = hostile('lr: 0.1\nbatch: 32\n');
    writeFileSync(join(dir, 'dvclive', 'params.yaml'), params);
    writeFileSync(join(dir, 'dvclive', 'plots', 'metrics', 'loss.tsv'), 'step\tloss\n0\t1\n1\t0.5\n');
    const before = OFF_THREAD.answered;
    const live = new LiveFolderSource(join(dir, 'dvclive'), 'dvclive', 'dvclive', 'dvclive');
    await live.refresh();
    assert.equal(OFF_THREAD.answered - before, 1, 'the parser was answered with the worker’s result');
    const run = live.parser!.run;
    const inPlace = readYamlParams(params);
    assert.deepEqual([...run.params], [...inPlace.values]);
    assert.equal(run.params.get('lr'), '0.1');
    // The same run as the CLI reads it (in place).
    const cli = (await readFolderRun(join(dir, 'dvclive'), 'dvclive', 'dvclive', 'dvclive')).run;
    assert.deepEqual([...run.params], [...cli.params]);
    assert.deepEqual(run.issues, cli.issues);
    assert.match(run.issues.map((i) => i.message).join('\n'), /YAML error/);

    mkdirSync(join(dir, 'mlruns', '1', 'abc', 'metrics'), { recursive: true });
    const meta = hostile('run_name: hostile\nstatus: 3\n');
    writeFileSync(join(dir, 'mlruns', '1', 'abc', 'meta.yaml'), meta);
    writeFileSync(join(dir, 'mlruns', '1', 'abc', 'metrics', 'loss'), '1700000000000 1.0 0\n');
    const ml = new LiveFolderSource(join(dir, 'mlruns', '1', 'abc'), 'abc', 'mlflow', 'abc');
    const at = OFF_THREAD.answered;
    await ml.refresh();
    assert.equal(OFF_THREAD.answered - at, 1);
    const mlCli = (await readFolderRun(join(dir, 'mlruns', '1', 'abc'), 'abc', 'mlflow', 'abc')).run;
    assert.deepEqual(ml.parser!.run.issues, mlCli.issues);
    assert.equal(ml.parser!.run.name, mlCli.name);
  });

  it('a W&B config.yaml (its own reading of values) and a Lightning hparams.yaml beside metrics.csv', async () => {
    const run = join(dir, 'wandb', 'run-20240101_000000-abc');
    mkdirSync(join(run, 'files'), { recursive: true });
    const config = hostile('lr:\n  desc: null\n  value: 0.1\n');
    writeFileSync(join(run, 'files', 'config.yaml'), config);
    writeFileSync(join(run, 'files', 'wandb-summary.json'), '{"loss": 0.5}');
    const before = OFF_THREAD.answered;
    const live = new LiveFolderSource(run, 'abc', 'wandb', 'abc');
    await live.refresh();
    assert.equal(OFF_THREAD.answered - before, 1);
    assert.deepEqual([...live.parser!.run.params], [...readYamlParams(config, { wandbConfig: true }).values]);

    mkdirSync(join(dir, 'lightning', 'version_0'), { recursive: true });
    const csv = join(dir, 'lightning', 'version_0', 'metrics.csv');
    writeFileSync(csv, 'epoch,step,train_loss\n0,0,1\n0,1,0.5\n');
    writeFileSync(join(dir, 'lightning', 'version_0', 'hparams.yaml'), hostile('lr: 0.01\n'));
    const at = OFF_THREAD.answered;
    const l = new LiveSource(csv, 'metrics.csv');
    await l.refresh();
    assert.equal(OFF_THREAD.answered - at, 1);
    const cli = await readRunFile(csv, 'metrics.csv');
    assert.equal(l.parser!.run.params.get('lr'), '0.01');
    assert.deepEqual([...l.parser!.run.params], [...cli.params]);
    assert.deepEqual(l.parser!.run.issues, cli.issues);
  });

  it('parses a small file in place (a round trip to the worker would cost more)', async () => {
    mkdirSync(join(dir, 'plots', 'metrics'), { recursive: true });
    const small = 'lr: 0.1\n# ' + 'x'.repeat(IN_PLACE_YAML_CHARS - 20) + '\n';
    writeFileSync(join(dir, 'params.yaml'), small);
    writeFileSync(join(dir, 'plots', 'metrics', 'loss.tsv'), 'step\tloss\n0\t1\n');
    const before = OFF_THREAD.answered;
    const live = new LiveFolderSource(dir, 'd', 'dvclive', 'd');
    await live.refresh();
    assert.equal(OFF_THREAD.answered, before);
    assert.equal(live.parser!.run.params.get('lr'), '0.1');
  });
});
