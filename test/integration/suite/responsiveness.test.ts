import * as assert from 'node:assert/strict';
import {
  appendFileSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
  closeSync,
  writeFileSync,
} from 'node:fs';
import * as vscode from 'vscode';
import { maskedCrc32c } from '../../../src/core/text/crc32c';
import type { CurvesSnapshot } from '../../../src/protocol/curves';
import type { MatrixSnapshot } from '../../../src/protocol/matrix';
import { api, curvesOf, panelIndex, pointsOf, screenshot, sleep, waitFor, workspaceUri } from '../helpers';
import { hasThreadCpu, loadAverage, watchHostThread } from '../hostThread';

function percentile(xs: number[], p: number): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
}

function drawsByChart(s: CurvesSnapshot): Map<string, number> {
  return new Map(s.charts.map((c) => [c.key, c.draws]));
}

/** Which charts were drawn again since `before`, and how many times. */
function changedCharts(before: Map<string, number>, after: CurvesSnapshot): Record<string, number> {
  return Object.fromEntries(
    after.charts.filter((c) => c.draws !== before.get(c.key)).map((c) => [c.key, c.draws - (before.get(c.key) ?? 0)]),
  );
}

describe('Fast at any size, in the editor', () => {
  // Twenty quantities a run logs (train loss per step, the rest at evaluations): twenty charts.
  const EVAL_METRICS = [
    'val_loss',
    'accuracy',
    'val_accuracy',
    'lr',
    'grad_norm',
    'precision',
    'recall',
    'f1',
    'auc',
    'bleu',
    'perplexity',
    'dice',
    'iou',
    'map50',
    'kl',
    'entropy',
    'reward',
    'throughput',
    'rmse',
    'wer',
    'psnr',
  ];

  it('draws an appended line with 20 charts open quickly: p50 and p95 over 50 appends', async function () {
    this.timeout(180_000);
    mkdirSync(workspaceUri('scratch', 'latency').fsPath, { recursive: true });
    const file = workspaceUri('scratch', 'latency', 'metrics.jsonl');
    const evalLine = (step: number) =>
      JSON.stringify(
        Object.fromEntries([
          ['step', step],
          ['loss', 1 / (1 + step)],
          ...EVAL_METRICS.map((m, i) => [m, (i + 1) / (2 + step)]),
        ]),
      ) + '\n';
    writeFileSync(file.fsPath, evalLine(0) + evalLine(1));
    await vscode.commands.executeCommand('metricLens.showCurves', file);
    let shown = await curvesOf(file, (s) => s.charts.length === 20 && pointsOf(s, 'loss', 'loss') === 2);
    assert.equal(shown.charts.length, 20);
    const a = await api();
    const panel = await panelIndex(file);
    // The start-up reads of the workspace's runs (the Runs view follows up to 100) are over: the figure is
    // the path of an appended line, not the extension's activation (run alone, this test starts just after).
    await a.workspaceRuns();
    const findingsBefore = JSON.stringify(a.findingsFor(file));
    // The findings service says nothing (no diagnostics set, no event) for a line that changes no finding.
    let diagnosticEvents = 0;
    const counting = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === file.toString())) diagnosticEvents++;
    });
    const latencies: number[] = [];
    // Where the time goes: on the host (watch, read, diagnose, post), host → page, in the page (the redraw).
    const legs = { host: [] as number[], transit: [] as number[], page: [] as number[] };
    for (let step = 2; step < 52; step++) {
      // A writer at a few lines a second: each line lands after the panel settled, so the figure is
      // the path from one append to its pixel, not the coalescing of bursts (at most one read per 100 ms).
      await sleep(150);
      const updates = a.messagesPosted(panel)['update'] ?? 0;
      const draws = drawsByChart(shown);
      const t0 = Date.now();
      appendFileSync(file.fsPath, `{"step": ${step}, "loss": ${1 / (1 + step)}}\n`);
      shown = await curvesOf(file, (x) => pointsOf(x, 'loss', 'loss') === step + 1);
      // When the webview drew the new point (its clock is this machine's), not when the test noticed.
      latencies.push(shown.drawnAt - t0);
      const postedAt = a.lastPostedAt(panel)['update']!;
      legs.host.push(postedAt - t0);
      legs.transit.push(shown.receivedAt - postedAt);
      legs.page.push(shown.drawnAt - shown.receivedAt);
      // One message for the line, and only the chart it adds a point to drawn again.
      assert.equal((a.messagesPosted(panel)['update'] ?? 0) - updates, 1, `messages for the line of step ${step}`);
      assert.deepEqual(changedCharts(draws, shown), { loss: 1 }, `charts drawn again for the line of step ${step}`);
    }
    counting.dispose();
    assert.equal(JSON.stringify(a.findingsFor(file)), findingsBefore, 'no finding came or went while the loss fell');
    assert.equal(diagnosticEvents, 0, 'diagnostics set again for lines that changed no finding');
    const p50 = percentile(latencies, 0.5);
    const p95 = percentile(latencies, 0.95);
    console.log(
      `      append → point drawn, 20 charts open: p50 ${p50} ms, p95 ${p95} ms (target p95 ≤ 50 ms); all: ${latencies.join(' ')}`,
    );
    for (const [leg, xs] of Object.entries(legs))
      console.log(
        `        ${leg}: p50 ${percentile(xs, 0.5)} ms, p95 ${percentile(xs, 0.95)} ms; all: ${xs.join(' ')}`,
      );
    // A generous bound: timed assertions flake on a loaded machine; the numbers above are the measurement.
    assert.ok(p95 < 1000, `p95 ${p95} ms`);

    // A line that brings a finding (a NaN loss): the run and the findings change in one turn, and
    // the one message carries both the point and the mark.
    const updates = a.messagesPosted(panel)['update'] ?? 0;
    const draws = drawsByChart(shown);
    appendFileSync(file.fsPath, '{"step": 52, "loss": NaN}\n');
    shown = await curvesOf(file, (x) => (x.charts.find((c) => c.key === 'loss')?.markers ?? 0) > 0);
    assert.ok(
      a.findingsFor(file).some((f) => f.rule === 'nonFinite'),
      `findings: ${JSON.stringify(a.findingsFor(file))}`,
    );
    await sleep(300);
    shown = await curvesOf(file);
    assert.equal((a.messagesPosted(panel)['update'] ?? 0) - updates, 1, 'one message for the line and its finding');
    assert.deepEqual(changedCharts(draws, shown), { loss: 1 });
  });

  it('keeps the extension host responsive while a large predictions file is evaluated', async function () {
    this.timeout(300_000);
    mkdirSync(workspaceUri('scratch', 'latency').fsPath, { recursive: true });
    const file = workspaceUri('scratch', 'latency', 'big_predictions.csv');
    const fd = openSync(file.fsPath, 'w');
    writeSync(fd, 'y_true,score\n');
    let chunk = '';
    let seed = 7;
    for (let r = 0; r < 3_000_000; r++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const y = r % 3 === 0 ? 1 : 0;
      chunk += `${y},${((seed / 2147483648) * 0.6 + y * 0.4).toFixed(6)}\n`;
      if (chunk.length > 1 << 20) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    writeSync(fd, chunk);
    closeSync(fd);
    const a = await api();
    const t0 = Date.now();
    await vscode.commands.executeCommand('metricLens.showConfusionMatrix', file);
    // While it reads, the host's thread stays free (see hostThread.ts).
    const watch = watchHostThread();
    let panelDone = false;
    try {
      while (!panelDone && Date.now() - t0 < 240_000) {
        await new Promise((r) => setTimeout(r, 100));
        const i = a.matrixPanels().findIndex((p) => p.sources[0] === file.toString());
        if (i >= 0) {
          const s = await a.probeMatrix(i).catch(() => undefined);
          panelDone = !!s && s.cells.length === 2;
        }
      }
    } finally {
      watch.stop();
    }
    console.log(
      `      3 M-row predictions evaluated in ${Date.now() - t0} ms (load average ${loadAverage()}); the longest stall ` +
        `of the host's event loop: ${watch.worstCpu.cpuMs} ms of its thread's CPU (${watch.worstCpu.lateMs} ms on the ` +
        `clock); the longest on the clock ${watch.worstLate.lateMs} ms (${watch.worstLate.cpuMs} ms CPU)`,
    );
    assert.ok(panelDone, 'the matrix was drawn');
    // The issue's bound, on the thread's own CPU time in a stall (load only stretches the stall on the clock).
    if (hasThreadCpu())
      assert.ok(watch.worstCpu.cpuMs <= 100, `the host's thread worked ${watch.worstCpu.cpuMs} ms in one stall`);
    else assert.ok(watch.worstLate.lateMs < 1000, `the host was blocked for ${watch.worstLate.lateMs} ms`);
    await waitFor(
      () => a.matrixPanels(),
      (ps) => ps.some((p) => p.sources[0] === file.toString()),
      'the panel',
    );
  });

  it('stays responsive with a workspace of hostile files: the Runs view reads them, every panel renders or says why not', async function () {
    this.timeout(600_000);
    const root = workspaceUri('scratch', 'hostile');
    const at = (...p: string[]) => vscode.Uri.joinPath(root, ...p);
    const write = (uri: vscode.Uri, content: string | Uint8Array) => {
      mkdirSync(vscode.Uri.joinPath(uri, '..').fsPath, { recursive: true });
      writeFileSync(uri.fsPath, content);
    };
    // Each of these froze or crashed the host before issue #15 (its repro, or larger).
    const files = {
      // A parameters file beside a log holding a line of spaces (cubic in a regular expression: an hour at 20 KB).
      yaml: at('yaml', 'metrics.csv'),
      // A `|`-separated line with 150 000 spaces in a bar segment (quadratic: 23 s blocked).
      bars: at('bars', 'train.log'),
      // Epochs counting down, 300 000 rows: every step goes back (rule state per segment: 12 s, 2.4 GB at 500 000).
      countdown: at('countdown', 'metrics.csv'),
      // A long ordinary log, 4 M points: diagnosed at once, it held the host for seconds.
      long: at('long', 'metrics.csv'),
      // A TensorBoard record header claiming 1 GiB (valid checksum) in the middle of a real event file.
      tfevents: at('tb', 'events.out.tfevents.1675348815.hostile.1.0'),
      // The same header in front of 20 MB of records: read in one flush when the writer went quiet (200 ms).
      tfeventsLarge: at('tbbig', 'events.out.tfevents.1675348815.hostile.2.0'),
      // A Lightning run whose hparams.yaml is 512 KB of `""` (a YAML error a pair): 1.5-2 s in the yaml library.
      hparams: at('lightning', 'version_0', 'metrics.csv'),
      // Nothing to read.
      empty: at('empty', 'metrics.csv'),
      header: at('header', 'metrics.csv'),
    };
    const predictions = at('classes', 'predictions.csv');
    write(files.yaml, 'epoch,loss\n0,1\n1,0.5\n');
    write(at('yaml', 'params.yaml'), `lr: 0.1\n${' '.repeat(20_000)}a\n`);
    write(files.bars, `epoch 1 | loss 0.5\nepoch 2 | loss 1${' '.repeat(150_000)}2 3\nepoch 3 | loss 0.25\n`);
    const rows = (n: number, line: (i: number) => string) => {
      const out: string[] = [];
      for (let i = 0; i < n; i++) out.push(line(i));
      return out.join('\n') + '\n';
    };
    /** A large file written a slice at a time, letting the host breathe: the test's own work is not what is measured. */
    const writeRows = async (uri: vscode.Uri, head: string, n: number, line: (i: number) => string, tail: string) => {
      write(uri, head);
      for (let from = 0; from < n; from += 20_000) {
        appendFileSync(
          uri.fsPath,
          rows(Math.min(20_000, n - from), (i) => line(from + i)),
        );
        await sleep(1);
      }
      appendFileSync(uri.fsPath, tail);
    };
    // Written elsewhere, then moved in: the Runs view sees each whole (a log growing as it is written is another test).
    const staging = workspaceUri('scratch', 'hostile-staging');
    const countdown = vscode.Uri.joinPath(staging, 'countdown.csv');
    await writeRows(
      countdown,
      'epoch,loss,val_loss\n',
      300_000,
      (i) => `${300_000 - i},${(1 / (1 + i)).toFixed(6)},${(1.1 / (1 + i)).toFixed(6)}`,
      '0,0.5,NaN\n',
    );
    const long = vscode.Uri.joinPath(staging, 'long.csv');
    await writeRows(
      long,
      'step,epoch,loss,val_loss,accuracy,lr\n',
      800_000,
      (i) =>
        `${i},${Math.floor(i / 8000)},${(1 / (1 + i / 1000) + (i % 7) * 1e-3).toFixed(6)},${(1.2 / (1 + i / 1000)).toFixed(6)},${(i / 8e5).toFixed(5)},0.001`,
      '800000,100,NaN,0.1,1,0.001\n',
    );
    mkdirSync(vscode.Uri.joinPath(files.countdown, '..').fsPath, { recursive: true });
    mkdirSync(vscode.Uri.joinPath(files.long, '..').fsPath, { recursive: true });
    renameSync(countdown.fsPath, files.countdown.fsPath);
    renameSync(long.fsPath, files.long.fsPath);
    const real = readFileSync(
      workspaceUri('tfevents', 'ultralytics', 'events.out.tfevents.1675348815.43529bab29be.37247.0').fsPath,
    );
    const header = new Uint8Array(12);
    new DataView(header.buffer).setBigUint64(0, 1n << 30n, true);
    new DataView(header.buffer).setUint32(8, maskedCrc32c(header.subarray(0, 8)), true);
    write(files.tfevents, Buffer.concat([real.subarray(0, 8844), header, real.subarray(8844)]));
    const body = real.subarray(8844);
    write(files.tfeventsLarge, Buffer.concat([real.subarray(0, 8844), header, ...Array<Uint8Array>(100).fill(body)]));
    write(at('lightning', 'version_0', 'hparams.yaml'), `lr: 0.1\n${'""'.repeat(256 * 1024 - 8)}\n`);
    write(files.hparams, 'epoch,step,train_loss,val_loss\n0,0,1,\n0,1,0.5,0.6\n1,2,0.25,0.4\n');
    // A DVCLive run folder with the same params.yaml (parsed as a folder member, not a sidecar).
    write(at('dvclive', 'params.yaml'), `lr: 0.1\n${'""'.repeat(256 * 1024 - 8)}\n`);
    write(at('dvclive', 'plots', 'metrics', 'loss.tsv'), 'step\tloss\n0\t1\n1\t0.5\n');
    write(files.empty, '');
    write(files.header, 'epoch,loss,val_loss\n');
    write(predictions, 'y_true,y_pred\n' + rows(20_000, (i) => `${i},${(i + 1) % 20_000}`));

    // From here the host's thread is watched (see hostThread.ts): the CPU time it spends in each stall of its
    // event loop, and the stall's length on the clock.
    const watch = watchHostThread();
    const slowest = () => `${watch.worstCpu.cpuMs} ms CPU, ${watch.worstLate.lateMs} ms on the clock`;
    const t0 = Date.now();
    const a = await api();
    const seen: string[] = [];
    seen.push(`files written, then ${slowest()}`);
    try {
      // The Runs view finds the logs and reads them in the background (and diagnoses what it lists).
      const listed = await waitFor(
        () => a.workspaceRuns(),
        (rs) =>
          [
            files.countdown,
            files.long,
            files.bars,
            files.tfevents,
            files.tfeventsLarge,
            files.hparams,
            at('dvclive', 'params.yaml'),
          ].every((f) => rs.some((r) => r.uri.startsWith(f.toString().replace(/\/[^/]+$/, '')) && r.points > 0)),
        'the hostile runs listed and read',
        300_000,
      );
      seen.push(
        `Runs view (${slowest()}): ${listed
          .filter((r) => r.path.startsWith('scratch/hostile/'))
          .map((r) => `${r.path} (${r.points} points)`)
          .join(', ')}`,
      );
      // Their diagnosis ends with the NaN of their last line (found only once the rules have caught up with the run).
      for (const f of [files.countdown, files.long]) {
        await waitFor(
          () => a.findingsFor(f).map((x) => x.rule),
          (rules) => rules.includes('nonFinite'),
          `the findings of ${f.fsPath}`,
          300_000,
        );
      }

      // Each log in a curves panel: charts, or a message saying why there are none, and the issue it must name.
      // A large file shows its first charts before it is read to its end (the damaged TensorBoard header is
      // reported when the reader gets past it): wait for the issue, not only the first chart.
      const expectedIssue: Partial<Record<keyof typeof files, RegExp>> = {
        tfevents: /claims 1 GB, but whole records follow inside it/,
        tfeventsLarge: /claims 1 GB, but whole records follow inside it/,
        hparams: /in hparams\.yaml beside it, line \d+: YAML error/,
      };
      for (const [name, file] of Object.entries(files) as [keyof typeof files, vscode.Uri][]) {
        await vscode.commands.executeCommand('metricLens.showCurves', file);
        const issue = expectedIssue[name];
        const s = await curvesOf(
          file,
          (x) =>
            (x.charts.length > 0 || (x.message !== '' && !/^Reading/.test(x.message))) &&
            (issue === undefined || issue.test(x.issues.join('\n'))),
          120_000,
        );
        seen.push(
          `${name} (${slowest()}): ${s.charts.length} charts${s.message ? `, "${s.message}"` : ''}${s.issues.length ? `, issues: ${s.issues.join(' | ').slice(0, 300)}` : ''}`,
        );
        assert.deepEqual([...s.scriptErrors, ...s.securityViolations], [], name);
        if (name === 'empty' || name === 'header')
          assert.match(`${s.message} ${s.issues.join(' ')}`, /No metrics found yet|no values to read/, name);
        else assert.ok(s.charts.length > 0, `${name}: ${s.message}`);
        if (issue) assert.match(s.issues.join('\n'), issue, name);
      }

      // The predictions of 20 000 classes: a panel that renders, or says why not.
      await vscode.commands.executeCommand('metricLens.showConfusionMatrix', predictions);
      const m = await waitFor(
        async (): Promise<MatrixSnapshot | undefined> => {
          const i = a.matrixPanels().findIndex((p) => p.sources[0] === predictions.toString());
          return i < 0 ? undefined : a.probeMatrix(i).catch(() => undefined);
        },
        (x) => !!x && (x.reportRows > 0 || (x.message !== '' && !/^Reading/.test(x.message))),
        'the matrix panel of 20 000 classes',
        120_000,
      );
      seen.push(
        `predictions: ${m!.reportRows} report rows, ${m!.classes} classes drawn as ${m!.drawnAs}${m!.message ? `, "${m!.message}"` : ''}${m!.issues.length ? `, issues: ${m!.issues.join(' | ').slice(0, 300)}` : ''}`,
      );
      seen.push(`predictions' metrics: ${JSON.stringify(m!.metrics)}`);
      assert.match(
        m!.issues.join(' '),
        /20000 distinct classes, over the 2000 for which a confusion matrix is computed/,
      );
      // The report without the matrix: every class's row and the metrics; where the matrix goes, why it is missing.
      assert.equal(m!.reportRows, 20_000);
      assert.equal(m!.drawnAs, 'none');
      // No normalisation or ordering offered for a matrix that is not there.
      assert.deepEqual(m!.matrixControls, []);
      assert.match(m!.withoutMatrix, /^20,000 classes: over the 2,000 for which a confusion matrix is computed/);
      assert.equal(m!.metrics['accuracy'], '0.0000');
      assert.equal(m!.metrics['n'], '20,000');
      await screenshot('matrix-over-class-limit', 'window');
    } finally {
      watch.stop();
      console.log(`      ${seen.join('\n      ')}`);
      console.log(
        `      hostile workspace read, listed and opened in ${Date.now() - t0} ms (load average ${loadAverage()}); ` +
          `the longest stall of the host's event loop: ${watch.worstCpu.cpuMs} ms of its thread's CPU ` +
          `(${watch.worstCpu.lateMs} ms on the clock); the longest on the clock ${watch.worstLate.lateMs} ms ` +
          `(${watch.worstLate.cpuMs} ms CPU); stalls over 50 ms of CPU: ${JSON.stringify(watch.stalls)}`,
      );
    }
    // The issue's bound: no file holds the host's thread for more than 100 ms. Measured as the thread's own
    // CPU time in a stall (10 ms steps), so a machine busy with other work, which only stretches the stall on
    // the clock, does not fail it.
    if (hasThreadCpu()) assert.ok(watch.worstCpu.cpuMs <= 100, `the host's thread worked ${slowest()} in one stall`);
    else assert.ok(watch.worstLate.lateMs < 1000, `the host was blocked for ${watch.worstLate.lateMs} ms`);

    // A hover over a number of the 3.2 M-point log (row 399 999's loss): its point is found by a binary search of
    // each series' lines (a map of every point, built at the first hover, held the host 830 ms of CPU here). Opening
    // the 36 MB log as a document is VS Code's own work on the host (its copy of the text: 230-260 ms of CPU seen),
    // so the hover is watched on its own.
    const row = (await vscode.workspace.openTextDocument(files.long)).lineAt(400_000).text;
    assert.match(row, /^399999,49,/);
    const hoverWatch = watchHostThread();
    let hoverText: string;
    try {
      const hover = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        files.long,
        new vscode.Position(400_000, 12),
      );
      hoverText = hover
        .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')))
        .join('\n');
      await sleep(50);
    } finally {
      hoverWatch.stop();
    }
    console.log(
      `      hover on the long log's row 399 999: the longest stall ${hoverWatch.worstCpu.cpuMs} ms of the host thread's ` +
        `CPU (${hoverWatch.worstCpu.lateMs} ms on the clock): ${hoverText.replace(/\s+/g, ' ').slice(0, 160)}`,
    );
    assert.match(hoverText, /loss\*\* = 0\\?\.007494/, 'the hover describes the point under the cursor');
    if (hasThreadCpu())
      assert.ok(hoverWatch.worstCpu.cpuMs <= 100, `the hover held the host's thread ${hoverWatch.worstCpu.cpuMs} ms`);
  });
});
