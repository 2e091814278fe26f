/**
 * Thumbnails of the images a predictions file names in its id column (`image`, `path`,
 * `filename`): read by the host and sent as data URLs, so the webview's resource roots stay the
 * extension's own files. Only image files inside the workspace (or beside the predictions file),
 * and only up to a size, are read.
 */

import * as vscode from 'vscode';
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, dirname, extname } from 'node:path';
import { formatSize } from '../../core/text/messages';
import { MiB } from '../../core/text/sizes';

export const MAX_THUMBNAIL_BYTES = 4 * MiB;

const MIME: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.bmp': 'image/bmp',
  '.webp': 'image/webp',
};

function inside(root: string, path: string): boolean {
  const r = relative(root, path);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
}

export async function readThumbnail(
  predictions: vscode.Uri,
  id: string,
): Promise<{ dataUrl?: string; error?: string }> {
  const mime = MIME[extname(id).toLowerCase()];
  if (!mime) return { error: 'not an image (.png, .jpg, .gif, .bmp, .webp)' };
  const roots = [dirname(predictions.fsPath), ...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath)];
  const candidates = isAbsolute(id) ? [id] : roots.map((r) => resolve(join(r, id)));
  for (const path of candidates) {
    if (!roots.some((r) => inside(r, path))) continue;
    try {
      const st = await stat(path);
      if (!st.isFile()) continue;
      if (st.size > MAX_THUMBNAIL_BYTES)
        return {
          error: `image is ${formatSize(st.size)}; thumbnails are shown up to ${formatSize(MAX_THUMBNAIL_BYTES)}`,
        };
      return { dataUrl: `data:${mime};base64,${(await readFile(path)).toString('base64')}` };
    } catch {
      // Not here: try the next root.
    }
  }
  return { error: 'image not found in the workspace' };
}
