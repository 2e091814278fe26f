/**
 * What every panel does with its webview besides its own messages: post (a closed panel's message
 * is dropped, not an error), receive (an inbound message is checked by the panel's guard; a probe
 * result or a problem is handled here, the panel's own messages are returned to it), ask what the
 * webview shows (tests), and log the problems it reports (CSP violations, script errors).
 */

import type * as vscode from 'vscode';
import type { CommonFromWebview, CommonToWebview } from '../protocol/common';
import { packArrays } from '../protocol/wireArrays';
import { log } from './log';

/** A panel's own inbound messages: `M` without the ones every webview sends. */
export type OwnMessage<M> = Exclude<M, { readonly type: CommonFromWebview<unknown>['type'] }>;

export class WebviewChannel<ToWebview extends { readonly type: string }, Snapshot> {
  readonly problems: string[] = [];
  private nextProbe = 1;
  private readonly probes = new Map<number, (s: Snapshot) => void>();

  /** `name` says which panel in the log; `version` is the panel's protocol version its webview should speak. */
  constructor(
    private readonly webview: vscode.Webview,
    private readonly name: string,
    private readonly version: number,
  ) {}

  async post(message: ToWebview | CommonToWebview): Promise<void> {
    try {
      // Typed arrays in one buffer: VS Code loses some when a message carries many (see wireArrays).
      await this.webview.postMessage(packArrays(message));
    } catch (e) {
      // The panel was closed while the message was on its way.
      log.debug(`posting to the ${this.name} webview failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /**
   * An inbound message, checked: the panel's own message, or undefined when it was a probe result
   * or a problem (handled here) or of no known shape (logged and ignored: the webview is untrusted).
   */
  receive<M extends { readonly type: string }>(raw: unknown, guard: (m: unknown) => m is M): OwnMessage<M> | undefined {
    if (!guard(raw)) {
      log.warn(`${this.name} webview sent a message of unknown shape; ignored: ${safeJson(raw)}`);
      return undefined;
    }
    const m = raw as M | CommonFromWebview<Snapshot>;
    if (m.type === 'probeResult' || m.type === 'problem') {
      this.handle(m as CommonFromWebview<Snapshot>);
      return undefined;
    }
    if (m.type === 'ready' && 'version' in m && m.version !== this.version) {
      log.warn(`${this.name} webview speaks protocol ${String(m.version)}, host ${this.version}`);
    }
    return m as OwnMessage<M>;
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
      void this.post({ type: 'probe', id });
    });
  }

  /** Handles a probe result or a reported problem. */
  private handle(m: CommonFromWebview<Snapshot>): void {
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

/** A message as the log shows it: JSON, cut short (it came from an untrusted webview). */
function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v).slice(0, 200);
  } catch {
    return String(v);
  }
}
