/**
 * True and predicted labels that share no label are not a pairing anyone meant: `Label` (`GON+`,
 * `GON-`) taken as the truth by its name beside `prediction` (0, 1) gives accuracy 0. The columns
 * with no role keep their labels (a few hundred distinct at most: ids and free text drop out), and
 * when the named pair shares nothing, the column whose labels the other side's cover best takes the
 * place of the true or the predicted column. When none does, the issue says so, naming the columns.
 */

import { listed, quoted } from '../text/messages';
import { booleanPairing } from './booleanLabels';
import { Int32Column } from './growable';
import { LabelTable, labelNumber, orderLabels } from './labels';

/** More distinct values than this in a column with no role: an id or free text, not labels. */
const MAX_OTHER_LABELS = 256;
/** Columns with no role whose labels are kept (the first ones): each costs four bytes a row. */
export const MAX_TRACKED_OTHERS = 16;
/** A replacement's rows that must hold a label of the other side. */
const MIN_COVERAGE = 0.5;

/** The labels of one column with no role, row by row, while it has few distinct ones. */
export class OtherLabels {
  readonly table = new LabelTable(MAX_OTHER_LABELS);
  readonly ids = new Int32Column();

  /** Adds a row's cell; false once the column has too many distinct values (then drop it). */
  push(bytes: Uint8Array, start: number, end: number): boolean {
    const id = this.table.internBytes(bytes, start, end);
    if (id < 0) return false;
    this.ids.push(id);
    return true;
  }

  pushText(text: string): boolean {
    const id = this.table.internText(text);
    if (id < 0) return false;
    this.ids.push(id);
    return true;
  }
}

/** One side of a pairing: label ids of each row into a table. */
export interface LabelSide {
  readonly table: LabelTable;
  readonly ids: Int32Array;
}

export interface Repaired {
  /** The true and predicted label ids, into `table` (a new table holding just their labels). */
  readonly trueIds: Int32Array;
  readonly predIds: Int32Array;
  readonly table: LabelTable;
  /** The header columns now holding the true and predicted labels (-1: none, predictions come from `score`). */
  readonly trueCol: number;
  readonly predCol: number;
  /** The named predicted column's values when they are probabilities, not labels: the positive class's score. */
  readonly score?: Float64Array;
  readonly scoreCol?: number;
}

type Report = (line: number, message: string) => void;

/**
 * The pairing to read: as named when the true and predicted labels share one, else with the best
 * replacement from `others` (column index → its labels), else as named with an issue saying why
 * the numbers mean nothing. `undefined` when nothing changes.
 */
export function repairPairing(
  names: readonly string[],
  truth: LabelSide & { readonly col: number },
  pred: LabelSide & { readonly col: number },
  others: ReadonlyMap<number, LabelSide>,
  report: Report,
): Repaired | undefined {
  const trueLabels = distinct(truth);
  const predLabels = distinct(pred);
  if (shares(trueLabels, predLabels)) return undefined;
  const booleans = booleanPairing(
    { ...truth, labels: trueLabels, name: names[truth.col]! },
    { ...pred, labels: predLabels, name: names[pred.col]! },
    report,
  );
  if (booleans) return { ...booleans, trueCol: truth.col, predCol: pred.col };
  let best: { side: 'true' | 'pred'; col: number; coverage: number } | undefined;
  for (const [col, side] of others) {
    if (side.ids.length !== truth.ids.length) continue;
    for (const [role, against] of [
      ['true', predLabels],
      ['pred', trueLabels],
    ] as const) {
      const coverage = coverageOf(side, against);
      if (coverage >= MIN_COVERAGE && (!best || coverage > best.coverage)) best = { side: role, col, coverage };
    }
  }
  // At most about 115 characters, so that a message naming two columns stays one readable line (under 400)
  // however long the header cells and labels of a damaged file are.
  const describe = (col: number, labels: readonly string[]): string =>
    `column ${quoted(names[col]!, 24)} (${listed(labels, 3, true, 16)})`;
  // `cnn_prediction` holding 0.9998777, 0.4226084… beside two true labels: a probability, not a label.
  const score = best ? undefined : probabilities(pred, trueLabels.length);
  if (score) {
    report(
      1,
      `${describe(pred.col, predLabels)} holds probabilities, not labels: it is read as the score of the positive class, and predictions as score >= threshold (name the predicted-label column with --pred-col)`,
    );
    const table = new LabelTable();
    return {
      trueIds: reintern(truth, table),
      predIds: new Int32Array(0),
      table,
      trueCol: truth.col,
      predCol: -1,
      score,
      scoreCol: pred.col,
    };
  }
  if (!best) {
    report(
      1,
      `the true labels, ${describe(truth.col, trueLabels)}, and the predicted labels, ${describe(pred.col, predLabels)}, have no label in common, nor has any other column: every row counts as an error (name them with --true-col and --pred-col)`,
    );
    return undefined;
  }
  const replacement = others.get(best.col)!;
  const [newTrue, newPred] = best.side === 'true' ? [replacement, pred] : [truth, replacement];
  const [kept, dropped] = best.side === 'true' ? [pred.col, truth.col] : [truth.col, pred.col];
  report(
    1,
    `${describe(dropped, best.side === 'true' ? trueLabels : predLabels)} has no label in common with ${describe(kept, best.side === 'true' ? predLabels : trueLabels)}: column ${quoted(names[best.col]!, 24)} is read as the ${best.side === 'true' ? 'true' : 'predicted'} labels instead (name another with --${best.side === 'true' ? 'true' : 'pred'}-col)`,
  );
  const table = new LabelTable();
  return {
    trueIds: reintern(newTrue, table),
    predIds: reintern(newPred, table),
    table,
    trueCol: best.side === 'true' ? best.col : truth.col,
    predCol: best.side === 'pred' ? best.col : pred.col,
  };
}

/** The labels a side uses, in the order of their ids. */
function distinct(side: LabelSide): string[] {
  const used = new Uint8Array(side.table.size);
  for (const id of side.ids) used[id] = 1;
  return side.table.allTexts().filter((_, id) => used[id] === 1);
}

/**
 * What makes two labels the same, as scikit-learn compares the two columns: their values when
 * every label of both is a number (`1.0` is `1`), else their text.
 */
function sameLabelKeys(a: readonly string[], b: readonly string[]): [string[], string[]] {
  const all = [...a, ...b];
  if (!orderLabels(all).numeric) return [a.map((t) => t.trim()), b.map((t) => t.trim())];
  const key = (t: string): string => String(labelNumber(t));
  return [a.map(key), b.map(key)];
}

/** Whether two label sets share a label. */
function shares(a: readonly string[], b: readonly string[]): boolean {
  const [ka, kb] = sameLabelKeys(a, b);
  const left = new Set(ka);
  return kb.some((k) => left.has(k));
}

/** The fraction of a side's rows whose label is one of `labels`. */
function coverageOf(side: LabelSide, labels: readonly string[]): number {
  if (side.ids.length === 0) return 0;
  const [wanted, keys] = sameLabelKeys(labels, side.table.allTexts());
  const set = new Set(wanted);
  const hit = Uint8Array.from(keys, (k) => (set.has(k) ? 1 : 0));
  let n = 0;
  for (const id of side.ids) n += hit[id]!;
  return n / side.ids.length;
}

/**
 * A side's values, when its labels are numbers from 0 to 1 and not all 0 and 1 (one fraction at
 * least), beside two true labels: a probability column taken for labels. Else undefined.
 */
function probabilities(side: LabelSide, trueClasses: number): Float64Array | undefined {
  if (trueClasses !== 2) return undefined;
  // The side's own labels only: its table may hold the other side's too.
  const values = distinct(side).map(labelNumber);
  if (!values.every((v) => v >= 0 && v <= 1) || values.every((v) => v === 0 || v === 1)) return undefined;
  const all = side.table.allTexts().map(labelNumber);
  return Float64Array.from(side.ids, (id) => all[id]!);
}

/** A side's ids moved into `table` (only the labels the side uses). */
function reintern(side: LabelSide, table: LabelTable): Int32Array {
  const map = new Int32Array(side.table.size).fill(-1);
  return Int32Array.from(side.ids, (id) => {
    if (map[id]! < 0) map[id] = table.internText(side.table.text(id));
    return map[id]!;
  });
}
