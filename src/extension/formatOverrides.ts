/** `metricLens.formats`: the user's word on which reader a file gets, for when detection guesses wrong. */

import * as vscode from 'vscode';
import { FORMAT_IDS, type FormatId } from '../core/run';
import { settingGlob } from './globSettings';

export function formatOverride(uri: vscode.Uri): FormatId | undefined {
  const map = vscode.workspace.getConfiguration('metricLens', uri).get<Record<string, unknown>>('formats', {});
  const rel = vscode.workspace.asRelativePath(uri, false);
  for (const [glob, format] of Object.entries(map ?? {})) {
    if (typeof format === 'string' && (FORMAT_IDS as readonly string[]).includes(format) && settingGlob('metricLens.formats', glob)?.(rel) === true) return format as FormatId;
  }
  return undefined;
}
