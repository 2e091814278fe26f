/** The `metricLens.curves.*` settings, read and checked (a hand-edited settings.json can hold anything). */

import * as vscode from 'vscode';
import { isXMode, type XMode } from '../../core/curves/xAxis';
import type { CurvesBootstrap, CurvesSettings } from '../../protocol/curves';

export const SECTION = 'metricLens.curves';

/** The curves settings that apply to `scope` (the panel's first file). */
export function readCurvesConfig(scope?: vscode.Uri): CurvesBootstrap {
  const c = vscode.workspace.getConfiguration(SECTION, scope ?? null);
  const smoothing = c.get<number>('smoothing', 0);
  const xMode = c.get<string>('xAxis', 'step');
  const max = c.get<number>('maxPointsPerSeries', 4000);
  const palette = c.get<unknown>('palette', []);
  const settings: CurvesSettings = {
    palette: Array.isArray(palette)
      ? palette
          .filter(
            (p): p is string =>
              typeof p === 'string' && /^(#[0-9a-f]{3,8}|rgba?\([^)]*\)|hsla?\([^)]*\))$/i.test(p.trim()),
          )
          .slice(0, 64)
      : [],
    maxPointsPerSeries: Number.isFinite(max) ? Math.max(400, Math.min(16_000, Math.round(max))) : 4000,
  };
  return {
    settings,
    defaults: {
      smoothing: Number.isFinite(smoothing) ? Math.max(0, Math.min(0.99, smoothing)) : 0,
      xMode: isXMode(xMode) ? (xMode as XMode) : 'step',
    },
  };
}
