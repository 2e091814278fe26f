/**
 * Loads a panel's page again when, shown, it never says `ready`. VS Code 1.100 (seen in its web
 * build) restores a panel after a window reload with options lacking `enableScripts`; the panel
 * sets its options and its page in `deserializeWebviewPanel`, and when two panels come back at
 * once, one of the two pages now and then never runs its script: the panel stays blank, visible,
 * and no `ready` ever comes (about three reloads in four in the reload test with a curves and a
 * compare panel side by side). Setting the page again runs it. A page that is only slow (a busy
 * machine) is loaded again too, at most `WAITS_MS.length` times, each wait twice the last.
 */

import type * as vscode from 'vscode';
import { Disposable } from './dispose';
import { log } from './log';

export const WAITS_MS: readonly number[] = [6000, 12_000, 24_000];

export class PageWatchdog extends Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;

  /** `what` names the panel in the log; `html` makes its page (as it would be set now). */
  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly what: string,
    private readonly isReady: () => boolean,
    private readonly html: () => string,
  ) {
    super();
    this._register({ dispose: () => this.stop() });
    // A hidden page is destroyed and says `ready` again when shown: wait for it then.
    this._register(
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.stop();
        else if (!isReady() && this.timer === undefined) this.rearm();
      }),
    );
    this.rearm();
  }

  /** Waits for `ready` again from the first wait (a page just set). */
  rearm(): void {
    this.attempt = 0;
    this.arm();
  }

  private arm(): void {
    this.stop();
    const wait = WAITS_MS[this.attempt];
    if (wait === undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.isDisposed || this.isReady() || !this.panel.visible) return;
      log.info(`${this.what}: the page said nothing ${wait / 1000} s after being shown; loading it again`);
      this.attempt++;
      // The options again first: a restored panel's page can stay blank because its options (scripts allowed) did
      // not reach the page the workbench made; assigning them sends them again (the same html would not be resent,
      // and a fresh nonce makes this html new).
      this.panel.webview.options = { ...this.panel.webview.options };
      this.panel.webview.html = this.html();
      this.arm();
    }, wait);
  }

  private stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
