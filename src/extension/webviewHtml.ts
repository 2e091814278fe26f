import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';

/** Only the extension's own built assets may be loaded into a webview. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/**
 * The page of a webview: a strict CSP with a fresh nonce per render — no inline script or style,
 * no eval, nothing from the network. Everything the page loads is bundled under `media/`. The
 * panels' text is English (not translated yet), so the page says `lang="en"` whatever the UI
 * language: a screen reader then reads it with English rules.
 */
export function webviewHtml(
  webview: vscode.Webview,
  extensionUri: vscode.Uri,
  script: string,
  title: string,
  bootstrap: unknown = {},
): string {
  const nonce = randomBytes(16).toString('base64');
  const asset = (p: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', p)).toString();
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeAttr(title)}</title>
<link rel="stylesheet" href="${asset('dist/codicon.css')}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${asset('webview.css')}">
<script type="module" nonce="${nonce}" src="${asset('dist/elements.js')}"></script>
<script defer nonce="${nonce}" src="${asset(`dist/${script}`)}"></script>
</head>
<body data-bootstrap="${escapeAttr(JSON.stringify(bootstrap))}">
<main id="app" aria-busy="true"></main>
</body>
</html>`;
}

function escapeAttr(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
