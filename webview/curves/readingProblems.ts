/**
 * The curves panel's "N problems reading …" box: each problem a reader reported, with a link that opens
 * the file at its line. Folded or open as the user left it (kept in the page's state).
 */

import type { RunPayload } from '../../src/protocol/curves';
import { el } from '../vscodeApi';

export interface ReadingProblemsHost {
  /** The user opened or folded the box. */
  readonly toggled: (open: boolean) => void;
  /** The user asked to open a run's file at a line. */
  readonly openAt: (runId: string, line: number) => void;
}

export class ReadingProblems {
  readonly element = el('details', { className: 'issues', attrs: { hidden: '' } });
  /** The list the problems are rendered into (its own part of the page: a failure there is shown there). */
  readonly list = el('ul');
  private readonly summary = el('summary');

  constructor(private readonly host: ReadingProblemsHost) {
    this.element.append(this.summary, this.list);
    this.element.addEventListener('toggle', () => host.toggled(this.element.open));
  }

  render(runs: readonly RunPayload[], open: boolean): void {
    const all = runs.flatMap((r) => r.issues.map((i) => ({ run: r, issue: i })));
    const total = runs.reduce((n, r) => n + r.issueCount, 0);
    this.element.hidden = total === 0;
    if (total === 0) return;
    this.summary.textContent = `${total} ${total === 1 ? 'problem' : 'problems'} reading ${runs
      .filter((r) => r.issueCount > 0)
      .map((r) => r.source)
      .join(', ')}`;
    this.list.replaceChildren(
      ...all.map(({ run, issue }) => {
        const li = el('li', { text: issue.message });
        if (issue.line !== undefined) {
          const line = issue.line;
          const link = el('button', {
            className: 'link',
            text: 'open',
            attrs: { type: 'button', title: `Open ${run.source} at line ${line}` },
          });
          link.addEventListener('click', () => this.host.openAt(run.id, line));
          li.append(' ', link);
        }
        return li;
      }),
    );
    if (open) this.element.open = true;
  }

  /** Each problem's message as shown, for the tests' probe. */
  messages(): string[] {
    return [...this.list.querySelectorAll('li')].map((li) => li.firstChild?.textContent ?? '');
  }
}
