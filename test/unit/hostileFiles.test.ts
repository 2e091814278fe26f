// Issue #15: files a cloned repository may hold, given to the CLI (which reads through the same src/node
// readers as the extension). Each is generated here, a few KB at most; each failed before its fix, most by
// hanging (the test's timeout then fails it) or by exit 0 with nothing said.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/cli';
import { MAX_MATRIX_CLASSES } from '../../src/core/classify/report';

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'ml-hostile-'));
}

interface Report {
  runs: unknown[];
  errors: { source: string; message: string }[];
}

describe('hostile files given to the CLI', function () {
  this.timeout(10_000);

  it('refuses a FIFO named train.log or predictions.csv with a message, instead of waiting for a writer forever', async function () {
    if (process.platform === 'win32') this.skip();
    const dir = scratch();
    for (const [command, name] of [
      ['inspect', 'train.log'],
      ['classify', 'predictions.csv'],
    ] as const) {
      const fifo = join(dir, name);
      execFileSync('mkfifo', [fifo]);
      const r = await runCli([command, fifo, '--json']);
      assert.equal(r.code, 2, `${command}: ${r.stdout}${r.stderr}`);
      const out = JSON.parse(r.stdout) as Report;
      assert.match(
        out.errors.map((e) => e.message).join('\n'),
        /is a named pipe \(FIFO\), not a regular file; not read/,
        command,
      );
    }
  });

  it('refuses a device named like a log (/dev/zero) with a message', async function () {
    if (process.platform === 'win32') this.skip();
    const r = await runCli(['inspect', '/dev/zero', '--json']);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /is a device, not a regular file/);
  });
});

describe('files that hold nothing, given to the CLI', () => {
  it('says an empty file, a header with no rows and a file of zero bytes hold nothing, and exits 2', async () => {
    const dir = scratch();
    const cases: [string, string | Buffer, RegExp][] = [
      ['empty.csv', '', /no values to read: the file is empty, or holds a header and no rows yet/],
      [
        'header.csv',
        'epoch,loss,val_loss\n',
        /no values to read: the file is empty, or holds a header and no rows yet/,
      ],
      ['metrics.jsonl', '', /no values to read/],
      ['zero.csv', Buffer.alloc(4096), /binary data \(a zero byte at byte 0\), not text/],
    ];
    for (const [name, content, message] of cases) {
      const file = join(dir, name);
      writeFileSync(file, content);
      for (const json of [true, false]) {
        const r = await runCli(['inspect', file, ...(json ? ['--json'] : [])]);
        assert.equal(r.code, 2, `${name}: ${r.stdout}`);
        assert.match(r.stderr, message, name);
        if (json) assert.match((JSON.parse(r.stdout) as Report).errors.map((e) => e.message).join('\n'), message, name);
        else assert.match(r.stdout, message, name);
      }
    }
  });
});

describe('predictions of many classes, given to the CLI', () => {
  it(`reports ${MAX_MATRIX_CLASSES + 1} and 20 000 classes without a matrix of their square, with the limit, as JSON and as text`, async () => {
    const dir = scratch();
    for (const k of [MAX_MATRIX_CLASSES + 1, 20_000]) {
      const file = join(dir, `k${k}.csv`);
      // Every third row wrong: accuracy 2/3 (rounded as the rows fall).
      writeFileSync(
        file,
        `y_true,y_pred\n${Array.from({ length: k }, (_, i) => `${i},${i % 3 === 0 ? (i + 1) % k : i}`).join('\n')}\n`,
      );
      const message = `${k} distinct classes, over the ${MAX_MATRIX_CLASSES} for which a confusion matrix is computed (its memory grows as the square of the classes): the per-class report and overall metrics are given without it`;
      const json = await runCli(['classify', file, '--json']);
      assert.equal(json.code, 0, json.stderr);
      const out = JSON.parse(json.stdout) as Report & { confusion?: unknown; accuracy: number; perClass: unknown[] };
      assert.equal(out.errors[0]!.message, message);
      assert.equal(out.confusion, undefined);
      assert.equal(out.perClass.length, k);
      assert.equal(out.accuracy, (k - Math.ceil(k / 3)) / k);
      const text = await runCli(['classify', file]);
      assert.equal(text.code, 0);
      assert.match(
        text.stdout,
        new RegExp(`no confusion matrix: ${k} classes, over the ${MAX_MATRIX_CLASSES} for which one is computed`),
      );
      assert.match(text.stdout, new RegExp(`${k} distinct classes, over the ${MAX_MATRIX_CLASSES}`));
    }
    // At the limit: evaluated, the matrix given.
    const file = join(dir, 'limit.csv');
    writeFileSync(
      file,
      `y_true,y_pred\n${Array.from({ length: MAX_MATRIX_CLASSES }, (_, i) => `${i},${i}`).join('\n')}\n`,
    );
    const r = await runCli(['classify', file, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { accuracy: number; confusion: number[][] };
    assert.equal(out.accuracy, 1);
    assert.equal(out.confusion.length, MAX_MATRIX_CLASSES);
  });
});

describe('folders whose members are too large, given to the CLI', () => {
  it('does not read a TensorBoard or MLflow member over 1 GiB, and names it with its size and the limit', async () => {
    const dir = scratch();
    const tb = join(dir, 'logs', 'run1');
    mkdirSync(tb, { recursive: true });
    writeFileSync(join(tb, 'events.out.tfevents.1.host.1.0'), '');
    truncateSync(join(tb, 'events.out.tfevents.1.host.1.0'), 1024 ** 3 + 1); // sparse: no disk used
    const ml = join(dir, 'mlruns', '0', 'abc');
    mkdirSync(join(ml, 'metrics'), { recursive: true });
    writeFileSync(join(ml, 'meta.yaml'), 'run_id: abc\nstatus: 3\n');
    writeFileSync(join(ml, 'metrics', 'loss'), '1700000000000 0.5 0\n');
    writeFileSync(join(ml, 'metrics', 'acc'), '');
    truncateSync(join(ml, 'metrics', 'acc'), 1024 ** 3 + 1);
    const tooLarge =
      'the file is 1.0 GB, over the 1 GB a training log may have; nothing was read (split the log, or log less often)';
    for (const [folder, member] of [
      [tb, 'events.out.tfevents.1.host.1.0'],
      [ml, 'metrics/acc'],
    ] as const) {
      const r = await runCli(['inspect', folder, '--json']);
      const out = JSON.parse(r.stdout) as Report;
      assert.deepEqual(
        out.errors.map((e) => [e.source, e.message]),
        [[join(folder, member), tooLarge]],
        r.stdout,
      );
    }
  });
});

describe('names that hold terminal escapes, printed by the CLI', () => {
  it('prints a metric name and a label holding ESC sequences escaped, in inspect and classify', async () => {
    const dir = scratch();
    const log = join(dir, 'h.csv');
    writeFileSync(log, 'epoch,"loss\x1b]0;owned\x07\x1b[2J"\n0,1\n1,0.5\n');
    const inspect = await runCli(['inspect', log]);
    assert.equal(inspect.code, 0, inspect.stderr);
    assert.doesNotMatch(inspect.stdout, /\x1b|\x07/);
    assert.match(inspect.stdout, /loss\\u001b\]0;owned\\u0007\\u001b\[2J/);
    const preds = join(dir, 'p.csv');
    writeFileSync(preds, 'y_true,y_pred\n"a\x1b[31m","a\x1b[31m"\nb,b\nb,"a\x1b[31m"\n');
    const classify = await runCli(['classify', preds]);
    assert.equal(classify.code, 0, classify.stderr);
    assert.doesNotMatch(classify.stdout, /\x1b/);
    assert.match(classify.stdout, /a\\u001b\[31m/);
  });
});
