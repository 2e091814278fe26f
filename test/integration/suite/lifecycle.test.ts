import * as assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { curvesOf, pointsOf, sleep, workspaceUri } from '../helpers';

/** Values of the raw `loss` line as the webview has them, via its point count and totals. */
async function lossPoints(file: vscode.Uri, n: number): Promise<void> {
  await curvesOf(file, (s) => pointsOf(s, 'loss', 'loss') === n && s.charts[0]!.datasets[0]!.total === n);
}

describe('File lifecycle: the panel always ends up matching the file on disk', () => {
  const dir = () => workspaceUri('scratch', 'lifecycle');
  before(() => mkdirSync(dir().fsPath, { recursive: true }));

  it('appends in odd chunks: half lines, half UTF-8 characters, CRLF', async () => {
    const file = vscode.Uri.joinPath(dir(), 'chunks.csv');
    writeFileSync(file.fsPath, 'epoch,loss,note\r\n');
    await vscode.commands.executeCommand('metricLens.showCurves', file);
    const rows = Array.from({ length: 30 }, (_, e) => `${e},${(1 / (1 + e)).toFixed(4)},"é—${e}"\r\n`).join('');
    const bytes = Buffer.from(rows, 'utf8');
    for (let at = 0; at < bytes.length; at += 7) {
      appendFileSync(file.fsPath, bytes.subarray(at, at + 7));
      if (at % 49 === 0) await sleep(5);
    }
    await lossPoints(file, 30);
  });

  it('reads again after truncate-and-rewrite, delete-and-recreate, and replace-by-rename', async () => {
    const file = vscode.Uri.joinPath(dir(), 'cycle.csv');
    writeFileSync(file.fsPath, 'epoch,loss\n0,1\n1,0.9\n2,0.8\n');
    await vscode.commands.executeCommand('metricLens.showCurves', file);
    await lossPoints(file, 3);

    truncateSync(file.fsPath, 0);
    writeFileSync(file.fsPath, 'epoch,loss\n0,5\n');
    await lossPoints(file, 1);

    rmSync(file.fsPath);
    await sleep(300);
    writeFileSync(file.fsPath, 'epoch,loss\n0,1\n1,2\n');
    await lossPoints(file, 2);

    const tmp = vscode.Uri.joinPath(dir(), 'cycle.csv.tmp');
    writeFileSync(tmp.fsPath, 'epoch,loss\n0,1\n1,2\n2,3\n3,4\n');
    renameSync(tmp.fsPath, file.fsPath);
    await lossPoints(file, 4);
  });

  it('follows a rotated log: the new file under the old name is read from its start', async () => {
    const file = vscode.Uri.joinPath(dir(), 'train.csv');
    writeFileSync(file.fsPath, 'epoch,loss\n0,1\n1,0.9\n');
    await vscode.commands.executeCommand('metricLens.showCurves', file);
    await lossPoints(file, 2);
    renameSync(file.fsPath, file.fsPath + '.1');
    writeFileSync(file.fsPath, 'epoch,loss\n2,0.8\n');
    await lossPoints(file, 1);
    appendFileSync(file.fsPath, '3,0.7\n');
    await lossPoints(file, 2);
  });

  it('keeps up with a file growing by megabytes per second, losing and duplicating nothing', async function () {
    this.timeout(120_000);
    const file = vscode.Uri.joinPath(dir(), 'fast.csv');
    writeFileSync(file.fsPath, 'step,loss,val_loss\n');
    await vscode.commands.executeCommand('metricLens.showCurves', file);
    let step = 0;
    for (let burst = 0; burst < 20; burst++) {
      let chunk = '';
      for (let k = 0; k < 10_000; k++, step++)
        chunk += `${step},${(1 / (1 + step)).toFixed(8)},${(1.1 / (1 + step)).toFixed(8)}\n`;
      appendFileSync(file.fsPath, chunk);
      await sleep(25);
    }
    const s = await curvesOf(file, (x) => x.charts[0]?.datasets[0]?.total === step, 60_000);
    assert.equal(s.charts[0]!.datasets[1]!.total, step);
  });
});
