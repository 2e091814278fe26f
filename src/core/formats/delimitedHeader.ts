/**
 * What the header of a delimited log says: each column's name (made unique), its part in a row
 * (a metric, the step, epoch or wall time, ignored, or text once a cell says so) and the writer
 * the names betray when the path did not (Ultralytics, Lightning).
 */

import { axisRole, type Split } from '../model/metricName';
import type { FormatId } from '../model/run';
import type { Series } from '../model/series';

export type ColumnRole = 'metric' | 'step' | 'epoch' | 'wallTime' | 'relativeTime' | 'ignored' | 'text';

/** Column roles as small integers, for the per-cell loops (comparing strings per cell costs more than the cell). */
export const ROLE_CODE: Record<ColumnRole, number> = {
  metric: 0,
  step: 1,
  epoch: 2,
  wallTime: 3,
  relativeTime: 4,
  ignored: 5,
  text: 6,
};
export const METRIC = 0,
  STEP = 1,
  EPOCH = 2,
  WALL = 3,
  IGNORED = 5;

export interface Column {
  readonly name: string;
  /** The series the column's values go to (the column's name unless the caller renames it). */
  series: string;
  role: ColumnRole;
  split?: Split;
  /** Set once a non-number has been reported for this column, so a broken column is reported once. */
  reported: boolean;
  /** The series its values go to, once it has one (a lookup per cell would cost more than the cell). */
  target?: Series;
}

/** Columns named by position, for a file with no header (its first row is data). */
export function positionalColumns(count: number): Column[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `column ${i + 1}`,
    series: `column ${i + 1}`,
    role: 'metric' as ColumnRole,
    reported: false,
  }));
}

/** The columns a header names: a repeated name gets a count (`loss (2)`), an index or unnamed column is ignored. */
export function headerColumns(names: readonly string[]): Column[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    let unique = name;
    const count = seen.get(name) ?? 0;
    if (count > 0) unique = `${name} (${count + 1})`;
    seen.set(name, count + 1);
    const axis = axisRole(name);
    const ignored = name === '' || /^Unnamed: \d+$/.test(name) || /^(index|id)$/i.test(name);
    const role: ColumnRole = axis ?? (ignored ? 'ignored' : 'metric');
    return { name: unique, series: unique, role, reported: false };
  });
}

/** Tells the writer from the header when the path did not. */
export function refineFormat(names: readonly string[], padded: boolean): FormatId {
  const set = new Set(names.map((n) => n.toLowerCase()));
  if (padded || names.some((n) => /^(train|val)\/(box|cls|dfl|seg|obj)_loss$/.test(n) || /^metrics\/mAP/.test(n)))
    return 'ultralytics-csv';
  if (
    set.has('epoch') &&
    set.has('step') &&
    names.some((n) => /_(step|epoch)$/.test(n) || /^(train|val|test)_/.test(n))
  )
    return 'lightning-csv';
  return 'csv';
}
