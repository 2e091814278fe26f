/** `metricLens.formats`: the user's word on which reader a file gets, for when detection guesses wrong. */

import * as vscode from 'vscode';
import { FORMAT_IDS, type FormatId } from '../core/model/run';
import { settingGlob } from './globSettings';

/** Formats the user chose for a file in this session (Read as Text Log), before any setting. */
const chosen = new Map<string, FormatId>();

export function chooseFormat(uri: vscode.Uri, format: FormatId): void {
  chosen.set(uri.toString(), format);
}

export function formatOverride(uri: vscode.Uri): FormatId | undefined {
  const picked = chosen.get(uri.toString());
  if (picked) return picked;
  const map = vscode.workspace.getConfiguration('metricLens', uri).get<Record<string, unknown>>('formats', {});
  const rel = vscode.workspace.asRelativePath(uri, false);
  for (const [glob, format] of Object.entries(map ?? {})) {
    if (
      typeof format === 'string' &&
      (FORMAT_IDS as readonly string[]).includes(format) &&
      settingGlob('metricLens.formats', glob)?.(rel) === true
    )
      return format as FormatId;
  }
  return undefined;
}
