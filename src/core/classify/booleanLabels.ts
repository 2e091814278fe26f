/**
 * True/False on one side, 0/1 on the other: `df.to_csv()` of a boolean target beside a model's integer
 * predictions. Compared as text they share no label and every row is an error (accuracy 0); scikit-learn
 * reading the file through pandas gets a bool column and an int column, and numpy's `True == 1` makes
 * them the same classes, False and True. Metric Lens reads such a pair as scikit-learn does and says so.
 * A column mixing both spellings (`True` and `1`) is read by pandas as text: there they stay different labels.
 */

import { listed, quoted } from '../text/messages';
import { LabelTable, labelNumber, orderLabels } from './labels';

type Bool = 'False' | 'True';

/** One side of the pairing (as `pairing.ts` has it): label ids of each row into a table. */
interface LabelSide {
  readonly table: LabelTable;
  readonly ids: Int32Array;
}

/** pandas' default `true_values` and `false_values`: the spellings `read_csv` makes a bool column of. */
function booleanWord(text: string): Bool | undefined {
  if (text === 'True' || text === 'TRUE' || text === 'true') return 'True';
  if (text === 'False' || text === 'FALSE' || text === 'false') return 'False';
  return undefined;
}

/** 0 and 1 (also `0.0`, `1.0`: pandas' float 1.0 equals True too). */
function zeroOne(text: string): Bool | undefined {
  const v = labelNumber(text);
  return v === 1 ? 'True' : v === 0 ? 'False' : undefined;
}

export interface BooleanPairing {
  readonly trueIds: Int32Array;
  readonly predIds: Int32Array;
  readonly table: LabelTable;
}

/**
 * Both sides as False and True, when one side's labels are all booleans and the other's all 0 or 1
 * (`labels`: the labels each side uses; `names`: its column's name); else undefined.
 */
export function booleanPairing(
  truth: LabelSide & { readonly labels: readonly string[]; readonly name: string },
  pred: LabelSide & { readonly labels: readonly string[]; readonly name: string },
  report: (line: number, message: string) => void,
): BooleanPairing | undefined {
  const all = (labels: readonly string[], f: (t: string) => Bool | undefined): boolean =>
    labels.length > 0 && labels.every((l) => f(l) !== undefined);
  const trueIsBool = all(truth.labels, booleanWord) && all(pred.labels, zeroOne);
  const predIsBool = all(pred.labels, booleanWord) && all(truth.labels, zeroOne);
  if (!trueIsBool && !predIsBool) return undefined;
  const [bools, numbers] = trueIsBool ? [truth, pred] : [pred, truth];
  report(
    1,
    `column ${quoted(bools.name)} holds booleans (${listed(orderLabels(bools.labels).labels, 2)}) and column ` +
      `${quoted(numbers.name)} holds ${listed(orderLabels(numbers.labels).labels, 2)}: read as scikit-learn reads them through pandas, 1 as True and 0 as False ` +
      '(as text they would share no label and every row would count as an error)',
  );
  const table = new LabelTable();
  const move = (side: LabelSide, f: (t: string) => Bool | undefined): Int32Array => {
    const map = new Int32Array(side.table.size).fill(-1);
    return Int32Array.from(side.ids, (id) => {
      if (map[id]! < 0) map[id] = table.internText(f(side.table.text(id))!);
      return map[id]!;
    });
  };
  return {
    trueIds: move(truth, trueIsBool ? booleanWord : zeroOne),
    predIds: move(pred, trueIsBool ? zeroOne : booleanWord),
    table,
  };
}
