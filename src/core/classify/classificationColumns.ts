/**
 * The columns a predictions file's rows are read into, one growable typed array each (see
 * `growable.ts`): true and predicted label ids, the score, the probability columns, the columns with
 * no role, numeric ids, and each row's line. The parser fills them row by row; what is done to them
 * as a whole lives here: sizing them once, giving them away as a part, taking a part's rows on.
 */

import type { ColumnPlan } from './columns';
import { Float64Column, Int32Column } from './growable';

/** The filled part of each column (views, not copies). */
export interface ColumnArrays {
  readonly trueIds: Int32Array;
  readonly predIds: Int32Array;
  readonly score: Float64Array;
  readonly proba: readonly Float64Array[];
  readonly others: readonly (Float64Array | undefined)[];
  readonly ids: Float64Array | undefined;
  readonly lines: Int32Array;
}

export class ClassificationColumns {
  readonly trueIds = new Int32Column();
  readonly predIds = new Int32Column();
  readonly score = new Float64Column();
  proba: Float64Column[] = [];
  /** Columns with no role; one turns `undefined` at its first cell that is text. */
  others: (Float64Column | undefined)[] = [];
  /** Ids while every one is a number (the parser keeps them as text once one is not). */
  idNumbers: Float64Column | undefined;
  readonly lines = new Int32Column();

  /** The columns `plan` has besides labels and score; probability columns in shared memory when `shared`. */
  plan(plan: ColumnPlan, shared: boolean): void {
    this.proba = plan.proba.map(() => new Float64Column(shared));
    this.others = plan.others.map(() => new Float64Column());
    if (plan.id >= 0) this.idNumbers = new Float64Column();
  }

  /** Room for `rows` rows in the columns `plan` fills on every row. */
  reserve(rows: number, plan: ColumnPlan): void {
    this.trueIds.reserve(rows);
    this.lines.reserve(rows);
    if (plan.pred >= 0) this.predIds.reserve(rows);
    if (plan.score >= 0) this.score.reserve(rows);
    for (const c of this.proba) c.reserve(rows);
    this.idNumbers?.reserve(rows);
  }

  /**
   * The rows read so far as regression values (the labels turned out to be numbers with fractions:
   * see the parser): each label id's number from `values`, the predicted one from the predicted
   * label when `fromPredicted`, else the score. The label and score columns are emptied.
   */
  toRegression(
    values: readonly number[],
    fromPredicted: boolean,
  ): { readonly actual: Float64Column; readonly predicted: Float64Column } {
    const actual = new Float64Column();
    const predicted = new Float64Column();
    const t = this.trueIds.values();
    const p = this.predIds.values();
    const s = this.score.values();
    for (let i = 0; i < t.length; i++) {
      actual.push(values[t[i]!]!);
      predicted.push(fromPredicted ? values[p[i]!]! : s[i]!);
    }
    this.trueIds.length = 0;
    this.predIds.length = 0;
    this.score.length = 0;
    return { actual, predicted };
  }

  arrays(): ColumnArrays {
    return {
      trueIds: this.trueIds.values(),
      predIds: this.predIds.values(),
      score: this.score.values(),
      proba: this.proba.map((c) => c.values()),
      others: this.others.map((c) => c?.values()),
      ids: this.idNumbers?.values(),
      lines: this.lines.values(),
    };
  }

  /**
   * Appends a part's rows (see `predictionsPart.ts`): its label ids mapped through `labelIds`, its
   * lines moved by `lineShift`. The part's arrays are used up.
   */
  append(part: ColumnArrays, labelIds: Int32Array, lineShift: number, plan: ColumnPlan): void {
    this.trueIds.append(renumber(part.trueIds, labelIds));
    if (plan.pred >= 0) this.predIds.append(renumber(part.predIds, labelIds));
    if (plan.score >= 0) this.score.append(part.score);
    this.proba.forEach((c, k) => c.append(part.proba[k]!));
    // A column that held text on either side holds no probabilities (see the parser's `readOthers`).
    this.others = this.others.map((c, k) => {
      const more = part.others[k];
      if (!c || !more) return undefined;
      c.append(more);
      return c;
    });
    if (this.idNumbers && part.ids) this.idNumbers.append(part.ids);
    this.lines.append(shiftLines(part.lines, lineShift));
  }
}

/** `ids` with each part label id replaced by `table`'s id for it (in place: the part is used up). */
function renumber(ids: Int32Array, table: Int32Array): Int32Array {
  for (let i = 0; i < ids.length; i++) ids[i] = table[ids[i]!]!;
  return ids;
}

/** `lines` moved by `offset` (in place). */
function shiftLines(lines: Int32Array, offset: number): Int32Array {
  for (let i = 0; i < lines.length; i++) lines[i] = lines[i]! + offset;
  return lines;
}
