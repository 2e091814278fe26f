// Issue #15: a thumbnail is read only from inside the workspace, judged on real paths: a symbolic link
// in a cloned repository that leads out of it shows nothing (real links on disk, made in the test).
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readThumbnailFile } from '../../src/node/thumbnailFile';

describe('thumbnail files', () => {
  const base = mkdtempSync(join(tmpdir(), 'ml-thumbs-'));
  const workspace = join(base, 'repo');
  const secret = join(base, 'outside');
  mkdirSync(join(workspace, 'images'), { recursive: true });
  mkdirSync(secret);
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
  writeFileSync(join(workspace, 'images', 'cat.png'), png);
  writeFileSync(join(secret, 'secret.png'), Buffer.from('not for the webview'));
  symlinkSync(join(secret, 'secret.png'), join(workspace, 'images', 'leak.png'));
  symlinkSync(secret, join(workspace, 'images', 'elsewhere'));
  symlinkSync(join(workspace, 'images', 'cat.png'), join(workspace, 'images', 'alias.png'));

  it('reads an image inside the workspace, also through a link that stays inside', async () => {
    const expected = `data:image/png;base64,${png.toString('base64')}`;
    assert.deepEqual(await readThumbnailFile([workspace], 'images/cat.png'), { dataUrl: expected });
    assert.deepEqual(await readThumbnailFile([workspace], 'images/alias.png'), { dataUrl: expected });
  });

  it('does not follow a link (to a file or to a folder) out of the workspace, and says why', async () => {
    const refused = { error: 'image is outside the workspace (its real path, links followed): not shown' };
    assert.deepEqual(await readThumbnailFile([workspace], 'images/leak.png'), refused);
    assert.deepEqual(await readThumbnailFile([workspace], 'images/elsewhere/secret.png'), refused);
    assert.deepEqual(await readThumbnailFile([workspace], join(secret, 'secret.png')), refused);
    assert.deepEqual(await readThumbnailFile([workspace], '../outside/secret.png'), refused);
    assert.deepEqual(await readThumbnailFile([workspace], 'images/none.png'), {
      error: 'image not found in the workspace',
    });
  });
});
