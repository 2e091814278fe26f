/**
 * Saves an export (a PNG a webview drew, a CSV…) where the user chooses in a save dialog — the
 * user's files are never written without asking. `target` replaces the dialog (the in-editor tests).
 */

import * as vscode from 'vscode';
import { homedir } from 'node:os';

/** Where the file went, or undefined when the user cancelled the dialog. */
export async function saveExport(
  bytes: Uint8Array,
  name: string,
  ext: string,
  title: string,
  target: vscode.Uri | undefined,
): Promise<vscode.Uri | undefined> {
  const base = name.replace(/[^\w.-]+/g, '_') || 'export';
  const uri =
    target ??
    (await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(
        vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(homedir()),
        `${base}.${ext}`,
      ),
      filters: { [ext.toUpperCase()]: [ext] },
      title,
    }));
  if (!uri) return undefined;
  await vscode.workspace.fs.writeFile(uri, bytes);
  return uri;
}

/** The bytes of a `data:image/png;base64,` URL. */
export function pngBytes(dataUrl: string): Uint8Array {
  return Buffer.from(dataUrl.slice('data:image/png;base64,'.length), 'base64');
}
