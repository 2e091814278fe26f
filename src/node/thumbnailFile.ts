/**
 * The image file a predictions file's id names, read for a thumbnail: only an image inside one of the
 * given roots (the workspace folders, the predictions file's folder) and only up to a size. Inside is
 * judged on real paths, so a symbolic link in a cloned repository (`img.png -> /home/user/.ssh/id_rsa.png`)
 * does not reach a file outside them.
 */

import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve } from 'node:path';
import { formatSize } from '../core/text/messages';
import { MiB } from '../core/text/sizes';

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

async function real(path: string): Promise<string | undefined> {
  try {
    return await realpath(path);
  } catch {
    return undefined;
  }
}

export async function readThumbnailFile(
  roots: readonly string[],
  id: string,
): Promise<{ dataUrl?: string; error?: string }> {
  const mime = MIME[extname(id).toLowerCase()];
  if (!mime) return { error: 'not an image (.png, .jpg, .gif, .bmp, .webp)' };
  const realRoots = (await Promise.all(roots.map(real))).filter((r): r is string => r !== undefined);
  const candidates = isAbsolute(id) ? [id] : roots.map((r) => resolve(join(r, id)));
  let outside = false;
  for (const candidate of candidates) {
    // The link resolved first: what is read is the real file, and it must be inside a real root.
    const path = await real(candidate);
    if (path === undefined) continue;
    if (!realRoots.some((r) => inside(r, path))) {
      outside = true;
      continue;
    }
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
  return {
    error: outside
      ? 'image is outside the workspace (its real path, links followed): not shown'
      : 'image not found in the workspace',
  };
}
