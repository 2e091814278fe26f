import * as assert from 'node:assert/strict';
import { runCli } from '../../../src/cli/cli';
import { fixture } from '../helpers';

interface Report {
  findings: Record<string, unknown>[];
  errors: unknown[];
}

describe('metric-lens inspect: findings and --fail-on', () => {
  const overfit = fixture('pytorch-digits', 'history.csv');

  it('fills findings in the JSON shape of the CLI (FindingJson), located as the file numbers it', async () => {
    const r = await runCli(['inspect', overfit, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const f = (JSON.parse(r.stdout) as Report).findings.find((x) => x['rule'] === 'overfitting')!;
    assert.deepEqual(Object.keys(f), [
      'rule',
      'severity',
      'source',
      'metric',
      'step',
      'epoch',
      'line',
      'message',
      'hint',
    ]);
    // history.csv: header on line 1, epoch 25 (0-based) on line 27; the best (0.143226) is epoch 24.
    assert.deepEqual(
      [f['severity'], f['source'], f['metric'], f['step'], f['epoch'], f['line']],
      ['warning', overfit, 'val_loss', 25, 25, 27],
    );
    assert.match(String(f['message']), /0\.1432 at epoch 24/);
    assert.match(String(f['hint']), /^try: /);
  });

  it('numbers epochs as a print-style log does: `Epoch [26/50]` is epoch 26', async function () {
    const r = await runCli(['inspect', fixture('pytorch-digits', 'train.log'), '--json']);
    assert.equal(r.code, 0, r.stderr);
    const f = (JSON.parse(r.stdout) as Report).findings.find((x) => x['rule'] === 'overfitting')!;
    assert.deepEqual([f['epoch'], f['line']], [26, 26]);
  });

  it('exits 1 with --fail-on at or below the worst severity found, 0 above it', async () => {
    assert.equal((await runCli(['inspect', overfit, '--fail-on', 'warning'])).code, 1);
    assert.equal((await runCli(['inspect', overfit, '--fail-on=info'])).code, 1);
    assert.equal((await runCli(['inspect', overfit, '--fail-on', 'error'])).code, 0);
    assert.equal((await runCli(['inspect', fixture('runs', 'nan', 'history.csv'), '--fail-on', 'error'])).code, 1);
    assert.equal((await runCli(['inspect', fixture('runs', 'healthy', 'history.csv'), '--fail-on', 'info'])).code, 0);
  });

  it('still exits 2 when an input is unreadable, whatever --fail-on says', async () => {
    assert.equal((await runCli(['inspect', overfit, 'no/such.csv', '--fail-on', 'info'])).code, 2);
  });

  it('refuses a severity it does not know', async () => {
    const r = await runCli(['inspect', overfit, '--fail-on', 'fatal']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--fail-on takes info, warning or error, not "fatal"/);
  });

  it('prints the findings in the table output, with file and line', async () => {
    const r = await runCli(['inspect', overfit]);
    // overfitting (earlyStopping naming the same best is not said again beside it).
    assert.match(r.stdout, /findings \(1\)/);
    assert.match(
      r.stdout,
      new RegExp(
        `warning\\s+overfitting\\s+${overfit.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:27\\s+val_loss\\s+epoch 25`,
      ),
    );
  });
});
