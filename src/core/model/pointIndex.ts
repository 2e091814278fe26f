/**
 * Which points a line of a log holds: for hovers ("what is this number?") and for placing a finding
 * on its line. Built incrementally as a run grows: indexing an appended point costs O(1).
 */

import type { Run } from './run';
import type { Series } from './series';

export interface PointAt {
  readonly series: Series;
  readonly index: number;
}

export class PointIndex {
  private readonly byLine = new Map<number, PointAt[]>();
  private readonly indexed = new Map<Series, number>();

  constructor(private readonly run: Run) {}

  /** The points whose source line is `line` (1-based), in series order. */
  at(line: number): readonly PointAt[] {
    this.catchUp();
    return this.byLine.get(line) ?? [];
  }

  private catchUp(): void {
    for (const s of this.run.series) {
      if (s.locationKind !== 'line') continue;
      let i = this.indexed.get(s) ?? 0;
      for (; i < s.length; i++) {
        const line = s.location(i);
        let list = this.byLine.get(line);
        if (!list) {
          list = [];
          this.byLine.set(line, list);
        }
        list.push({ series: s, index: i });
      }
      this.indexed.set(s, i);
    }
  }
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
