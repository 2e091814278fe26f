/**
 * The host↔webview protocol, what every panel shares: the messages each webview exchanges with the
 * host besides its own (apply state, probe, probe result, problem), and how the host checks an
 * inbound message (a webview is untrusted: every field is checked before use, with bounds). Each
 * panel's own messages are in `curves.ts`, `matrix.ts` and `compare.ts` beside this file; typed
 * arrays travel packed in one buffer (`wireArrays.ts`).
 *
 * The webviews import these modules for their types and version constants; the guards run on the
 * host. Nothing here imports `vscode` or the DOM.
 */

/** Messages the host sends to every webview. */
export type CommonToWebview =
  /** Apply UI settings (defaults from the user's settings, or a test driving the panel). Unknown fields are ignored. */
  | { readonly type: 'applyState'; readonly patch: Readonly<Record<string, unknown>> }
  /** A test asks what the panel shows. */
  | { readonly type: 'probe'; readonly id: number };

export type ProblemKind = 'securityViolation' | 'scriptError';

/** Messages every webview sends the host: what it shows (answering a probe), and a problem it met. */
export type CommonFromWebview<Snapshot> =
  | { readonly type: 'probeResult'; readonly id: number; readonly snapshot: Snapshot }
  | { readonly type: 'problem'; readonly kind: ProblemKind; readonly message: string };

/** An inbound message's fields, before they are checked. */
export type Fields = Readonly<Record<string, unknown>>;

/** A check of an inbound message's fields for each of a panel's own message types (the common ones are added). */
export type FieldChecks<M extends { readonly type: string }> = {
  readonly [K in Exclude<M['type'], CommonFromWebview<unknown>['type']>]: (o: Fields) => boolean;
};

const COMMON_CHECKS: Readonly<Record<CommonFromWebview<unknown>['type'], (o: Fields) => boolean>> = {
  probeResult: (o) => typeof o['id'] === 'number' && typeof o['snapshot'] === 'object' && o['snapshot'] !== null,
  problem: (o) =>
    (o['kind'] === 'securityViolation' || o['kind'] === 'scriptError') && typeof o['message'] === 'string',
};

/**
 * A guard narrowing an untrusted inbound message to `M`: an object whose `type` is one of the
 * panel's (checked by its entry in `checks`) or a common one. Anything else is refused.
 */
export function messageGuard<M extends { readonly type: string }>(checks: FieldChecks<M>): (m: unknown) => m is M {
  const all: Readonly<Record<string, (o: Fields) => boolean>> = { ...COMMON_CHECKS, ...checks };
  return (m: unknown): m is M => {
    if (typeof m !== 'object' || m === null) return false;
    const o = m as Fields;
    const type = o['type'];
    return typeof type === 'string' && Object.hasOwn(all, type) && all[type]!(o);
  };
}

/** Every webview's first message says which version of its panel's protocol it speaks. */
export const isReady = (o: Fields): boolean => typeof o['version'] === 'number';

/** How many keys or ids one inbound message may list. */
export const MAX_KEYS = 10_000;

export function isPositiveInteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 2 ** 31;
}

export function isIndex(v: unknown, max = 2 ** 31): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < max;
}

/** The end of a `switch` over a message's `type` that handled every one (the compiler checks it). */
export function assertNever(x: never): never {
  throw new Error(`unexpected message ${JSON.stringify(x)}`);
}
