/** The webview side of VS Code: typed messaging and persisted UI state. */

interface VsCodeApi<State> {
  postMessage(message: unknown): void;
  getState(): State | undefined;
  setState(state: State): void;
}

declare function acquireVsCodeApi<State>(): VsCodeApi<State>;

export function connect<State, Out>(): { post: (m: Out) => void; getState: () => State | undefined; setState: (s: State) => void } {
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
}

/** Reports CSP violations and uncaught errors to the host (where they are logged and tested), and keeps them for probes. */
export function reportProblems(post: (m: { type: 'problem'; kind: 'securityViolation' | 'scriptError'; message: string }) => void): Problems {
  const problems: Problems = { securityViolations: [], scriptErrors: [] };
  const report = (kind: 'securityViolation' | 'scriptError', message: string) => {
    (kind === 'securityViolation' ? problems.securityViolations : problems.scriptErrors).push(message);
    post({ type: 'problem', kind, message });
  };
  document.addEventListener('securitypolicyviolation', (e) => {
    report('securityViolation', `${e.violatedDirective} blocked ${e.blockedURI || 'inline content'}`);
  });
  window.addEventListener('error', (e) => report('scriptError', `${e.message} (${e.filename}:${e.lineno})`));
  window.addEventListener('unhandledrejection', (e) => report('scriptError', String(e.reason)));
  return problems;
}

/** Makes an element with text content only: file contents never reach the DOM as HTML. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: { className?: string; text?: string; attrs?: Record<string, string> } = {}, ...children: Node[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props.className) e.className = props.className;
  if (props.text !== undefined) e.textContent = props.text;
  for (const [k, v] of Object.entries(props.attrs ?? {})) e.setAttribute(k, v);
  for (const c of children) e.appendChild(c);
  return e;
}
