import * as vscode from 'vscode';

const channel = vscode.window.createOutputChannel('Metric Lens', { log: true });

/** How many logged errors and warnings are kept for `loggedProblems` (the oldest are dropped). */
const KEEP = 500;
const problems: string[] = [];

/**
 * The extension's log, in the Output panel ("Metric Lens"), with the user's chosen log level. Its
 * errors and warnings are also kept (the last few hundred), so the in-editor tests can fail on
 * what a user would find there: a webview's uncaught error, a file that could not be evaluated.
 */
export const log: vscode.LogOutputChannel = new Proxy(channel, {
  get(target, prop, receiver) {
    if (prop === 'error' || prop === 'warn') {
      return (message: string | Error, ...args: unknown[]) => {
        problems.push(`${prop}: ${message instanceof Error ? message.message : message}`);
        if (problems.length > KEEP) problems.splice(0, problems.length - KEEP);
        return prop === 'error' ? target.error(message, ...args) : target.warn(message as string, ...args);
      };
    }
    const v: unknown = Reflect.get(target, prop, receiver);
    return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
  },
});

/** Errors and warnings logged so far (the last `KEEP`), oldest first. */
export function loggedProblems(): readonly string[] {
  return problems;
}
