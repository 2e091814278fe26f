/**
 * Which points a line of a log holds: for hovers ("what is this number?") and for placing a finding
 * on its line. A series' points come in the order of the file's lines, so their lines are sorted and a
 * binary search finds a line's points: no index is built (a map of every point held the extension host
 * 1.2 s at the first hover over a log of 3.2 M points). Whether a series' lines are in order is checked
 * once per point, as the series grows (a float comparison each); one that is not is searched point by point.
 */

import type { Run } from './run';
import type { Series } from './series';

export interface PointAt {
  readonly series: Series;
  readonly index: number;
}

export class PointIndex {
  /** Per series: how many of its points were checked, and whether their lines are in order. */
  private readonly checked = new Map<Series, { upTo: number; sorted: boolean }>();

  constructor(private readonly run: Run) {}

  /** The points whose source line is `line` (1-based), in series order. */
  at(line: number): readonly PointAt[] {
    const out: PointAt[] = [];
    for (const s of this.run.series) {
      if (s.locationKind !== 'line' || s.length === 0) continue;
      const lines = s.locationArray();
      if (this.inOrder(s, lines)) {
        for (let i = firstAtOrAfter(lines, line); i < lines.length && lines[i] === line; i++)
          out.push({ series: s, index: i });
      } else {
        for (let i = 0; i < lines.length; i++) if (lines[i] === line) out.push({ series: s, index: i });
      }
    }
    return out;
  }

  private inOrder(s: Series, lines: Float64Array): boolean {
    let c = this.checked.get(s);
    // A series read again from its start is shorter than what was checked: check it again.
    if (!c || c.upTo > lines.length) this.checked.set(s, (c = { upTo: 0, sorted: true }));
    if (c.sorted) {
      let i = Math.max(1, c.upTo);
      for (; i < lines.length; i++) if (lines[i]! < lines[i - 1]!) break;
      c.sorted = i >= lines.length;
    }
    c.upTo = lines.length;
    return c.sorted;
  }
}

/** The first index whose line is at least `line`, in lines sorted ascending. */
function firstAtOrAfter(lines: Float64Array, line: number): number {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (lines[mid]! < line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The point a number on a log line refers to: the one whose value is that number (or that number
 * as a percentage), preferring the series whose name appears nearest before it on the line.
 */
export function pointForToken(
  points: readonly PointAt[],
  lineText: string,
  tokenStart: number,
  tokenValue: number,
): PointAt | undefined {
  const matches = points.filter(({ series, index }) => {
    const v = series.value(index);
    return (
      sameNumber(v, tokenValue) || sameNumber(v, tokenValue / 100) || (Number.isNaN(v) && Number.isNaN(tokenValue))
    );
  });
  if (matches.length <= 1) return matches[0];
  const before = lineText.slice(0, tokenStart).toLowerCase();
  let best = matches[0]!;
  let bestAt = -1;
  for (const m of matches) {
    const at = before.lastIndexOf(m.series.name.toLowerCase());
    if (at > bestAt) {
      best = m;
      bestAt = at;
    }
  }
  return best;
}

/** The token is the very text the parser read, so the numbers are equal exactly (up to the last bit of /100). */
function sameNumber(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= 4 * Number.EPSILON * Math.abs(a);
}
