import * as vscode from 'vscode';

/** The extension's log, in the Output panel ("Metric Lens"), with the user's chosen log level. */
export const log: vscode.LogOutputChannel = vscode.window.createOutputChannel('Metric Lens', { log: true });
