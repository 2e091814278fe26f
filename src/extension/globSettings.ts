/**
 * Globs from settings (`metricLens.formats` keys, `metricLens.runs.include` and `.exclude`), read with the core's
 * matcher: one meaning for both, VS Code's. A glob that cannot be read (an unbalanced `{`) is left out with one
 * warning naming the setting and the glob, instead of an error that would leave the panels waiting.
 */

import * as vscode from 'vscode';
import { compileGlob, GlobError } from '../core/text/glob';
import { quoted } from '../core/text/messages';
import { log } from './log';

/** VS Code compares paths without case where the file system does (Windows, macOS). */
export const GLOB_IGNORE_CASE = process.platform === 'win32' || process.platform === 'darwin';

const warned = new Set<string>();

/** The glob as a test of relative paths; undefined, after one warning, when it cannot be read. */
export function settingGlob(setting: string, glob: string): ((path: string) => boolean) | undefined {
  try {
    return compileGlob(glob, { ignoreCase: GLOB_IGNORE_CASE });
  } catch (e) {
    if (!(e instanceof GlobError)) throw e;
    const message = vscode.l10n.t(
      'Metric Lens: the glob {0} in the setting {1} is ignored: {2}.',
      quoted(glob),
      setting,
      e.message,
    );
    log.warn(message);
    if (!warned.has(`${setting}\n${glob}`)) {
      warned.add(`${setting}\n${glob}`);
      void vscode.window.showWarningMessage(message);
    }
    return undefined;
  }
}

/** The globs of a list setting that can be read (the others are warned about and left out; not a list: none). */
export function readableGlobs(setting: string, globs: unknown): string[] {
  if (!Array.isArray(globs)) return [];
  return globs.filter((g): g is string => typeof g === 'string' && settingGlob(setting, g) !== undefined);
}
