/** The webview side of VS Code: typed messaging and persisted UI state. */

interface VsCodeApi<State> {
  postMessage(message: unknown): void;
  getState(): State | undefined;
  setState(state: State): void;
}

declare function acquireVsCodeApi<State>(): VsCodeApi<State>;

export function connect<State, Out>(): {
  post: (m: Out) => void;
  getState: () => State | undefined;
  setState: (s: State) => void;
} {
  const api = acquireVsCodeApi<State>();
  return {
    post: (m) => api.postMessage(m),
    getState: () => api.getState(),
    setState: (s) => api.setState(s),
  };
}

export interface Problems {
  readonly securityViolations: string[];
  readonly scriptErrors: string[];
  /** A part of the panel that failed to render: kept, logged on the host (like an uncaught error). */
  renderError(part: string, error: unknown): void;
}

/** Reports CSP violations and uncaught errors to the host (where they are logged and tested), and keeps them for probes. */
export function reportProblems(
  post: (m: { type: 'problem'; kind: 'securityViolation' | 'scriptError'; message: string }) => void,
): Problems {
  const report = (kind: 'securityViolation' | 'scriptError', message: string) => {
    (kind === 'securityViolation' ? problems.securityViolations : problems.scriptErrors).push(message);
    post({ type: 'problem', kind, message });
  };
  const problems: Problems = {
    securityViolations: [],
    scriptErrors: [],
    renderError: (part, error) => report('scriptError', `rendering the ${part}: ${errorText(error)}`),
  };
  document.addEventListener('securitypolicyviolation', (e) => {
    report('securityViolation', `${e.violatedDirective} blocked ${e.blockedURI || 'inline content'}`);
  });
  window.addEventListener('error', (e) => report('scriptError', `${e.message} (${e.filename}:${e.lineno})`));
  window.addEventListener('unhandledrejection', (e) => report('scriptError', String(e.reason)));
  return problems;
}

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // The first frame says where (the bundle is not minified in tests; a user's log gets a line number).
  const at = error.stack
    ?.split('\n')
    .find((l) => l.trim().startsWith('at '))
    ?.trim();
  return `${error.name}: ${error.message}${at ? ` (${at})` : ''}`;
}

/**
 * Builds one part of a panel; when it throws, the part is replaced by a visible error (and the
 * error reported to the host's log), and the other parts still render: a value the code did not
 * expect never leaves a panel blank or on "Reading…".
 */
export function renderPart<T extends Node>(problems: Problems, part: string, build: () => T): T | HTMLElement {
  try {
    return build();
  } catch (e) {
    problems.renderError(part, e);
    return renderErrorBox(part, e);
  }
}

/** Runs an update of one part in place; when it throws, `box` shows the error instead. */
export function updatePart(problems: Problems, part: string, box: HTMLElement, update: () => void): void {
  try {
    update();
  } catch (e) {
    problems.renderError(part, e);
    box.replaceChildren(renderErrorBox(part, e));
  }
}

/** What a part that failed shows in its place. */
export function renderErrorBox(part: string, error: unknown): HTMLElement {
  const message = error instanceof Error ? error.message : String(error);
  return el(
    'div',
    { className: 'render-error', attrs: { role: 'alert', 'data-part': part } },
    el('span', { className: 'codicon codicon-error', attrs: { 'aria-hidden': 'true' } }),
    el('span', {
      text: ` Could not show the ${part}: ${message}. The rest of the panel is shown; the error is in the Metric Lens log (Output panel).`,
    }),
  );
}

/** Makes an element with text content only: file contents never reach the DOM as HTML. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { className?: string; text?: string; attrs?: Record<string, string> } = {},
  ...children: Node[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props.className) e.className = props.className;
  if (props.text !== undefined) e.textContent = props.text;
  for (const [k, v] of Object.entries(props.attrs ?? {})) e.setAttribute(k, v);
  for (const c of children) e.appendChild(c);
  return e;
}
