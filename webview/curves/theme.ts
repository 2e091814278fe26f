/** Reads the VS Code theme's colours and font from the CSS variables VS Code sets on the page. */

import type { Theme } from './chartConfig';

const PALETTE_VARS = [
  '--vscode-charts-blue',
  '--vscode-charts-orange',
  '--vscode-charts-green',
  '--vscode-charts-purple',
  '--vscode-charts-red',
  '--vscode-charts-yellow',
];
const FALLBACK = ['#3794ff', '#d18616', '#89d185', '#b180d7', '#f14c4c', '#cca700'];

export function readTheme(): Theme {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const kind = document.body.dataset['vscodeThemeKind'] ?? '';
  return {
    foreground: v('--vscode-foreground', '#cccccc'),
    mutedForeground: v('--vscode-descriptionForeground', '#9d9d9d'),
    grid: v('--vscode-editorWidget-border', 'rgba(128,128,128,0.35)'),
    background: v('--vscode-editor-background', '#1e1e1e'),
    fontFamily: v('--vscode-font-family', 'sans-serif'),
    fontSize: parseFloat(v('--vscode-font-size', '13')) || 13,
    palette: PALETTE_VARS.map((name, i) => v(name, FALLBACK[i]!)),
    error: v('--vscode-errorForeground', '#f48771'),
    warning: v('--vscode-editorWarning-foreground', '#cca700'),
    dark: kind === 'vscode-dark' || kind === 'vscode-high-contrast' || document.body.classList.contains('vscode-dark'),
  };
}

/** Calls `onChange` when the user switches theme (VS Code changes the body's class). */
export function onThemeChange(onChange: () => void): void {
  new MutationObserver(onChange).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
