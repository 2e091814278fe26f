/**
 * What every panel does with its webview besides its own messages: post (a closed panel's message
 * is dropped, not an error), ask what the webview shows (tests), and log the problems it reports
 * (CSP violations, script errors).
 */

import * as vscode from 'vscode';
import { packArrays } from '../wireArrays';
import { log } from './log';

type Common<Snapshot> =
  | { readonly type: 'probeResult'; readonly id: number; readonly snapshot: Snapshot }
  | { readonly type: 'problem'; readonly kind: 'securityViolation' | 'scriptError'; readonly message: string };

export class WebviewChannel<ToWebview, Snapshot> {
  readonly problems: string[] = [];
  private nextProbe = 1;
  private readonly probes = new Map<number, (s: Snapshot) => void>();

  constructor(
    private readonly webview: vscode.Webview,
    private readonly name: string,
    private readonly probeMessage: (id: number) => ToWebview,
  ) {}

  async post(message: ToWebview): Promise<void> {
    try {
      // Typed arrays in one buffer: VS Code loses some when a message carries many (see wireArrays).
      await this.webview.postMessage(packArrays(message));
    } catch (e) {
      // The panel was closed while the message was on its way.
      log.debug(`posting to the ${this.name} webview failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  probe(timeoutMs = 5000): Promise<Snapshot> {
    const id = this.nextProbe++;
    return new Promise<Snapshot>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.probes.delete(id);
        reject(new Error(`the ${this.name} webview did not answer`));
      }, timeoutMs);
      this.probes.set(id, (s) => {
        clearTimeout(timer);
        resolve(s);
      });
      void this.post(this.probeMessage(id));
    });
  }

  /** Handles a probe result or a reported problem. */
  handle(m: Common<Snapshot>): void {
    if (m.type === 'probeResult') {
      const resolve = this.probes.get(m.id);
      this.probes.delete(m.id);
      resolve?.(m.snapshot);
    } else {
      this.problems.push(`${m.kind}: ${m.message}`);
      log.error(`${this.name} webview ${m.kind}: ${m.message}`);
    }
  }
}
