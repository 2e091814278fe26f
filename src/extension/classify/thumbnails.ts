/**
 * Thumbnails of the images a predictions file names in its id column (`image`, `path`,
 * `filename`): read by the host and sent as data URLs, so the webview's resource roots stay the
 * extension's own files. Only image files inside the workspace (or beside the predictions file),
 * and only up to a size, are read (`src/node/thumbnailFile.ts`).
 */

import * as vscode from 'vscode';
import { dirname } from 'node:path';
import { readThumbnailFile } from '../../node/thumbnailFile';

export function readThumbnail(predictions: vscode.Uri, id: string): Promise<{ dataUrl?: string; error?: string }> {
  const roots = [dirname(predictions.fsPath), ...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath)];
  return readThumbnailFile(roots, id);
}
