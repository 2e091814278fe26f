/**
 * The comparison table's filter language, read by a small hand-written parser (no `eval`, no
 * regular expression): comparisons on columns (`optimizer.lr < 1e-3`, `val_loss.best <= 0.3`,
 * `optimizer = adam`, `name ~ seed`), words matched as text against the run's name, path,
 * format, status and parameter values, joined by `and` (or just a space), `or`, `not` and
 * parentheses. A cell a run does not have matches no comparison.
 *
 *   expr  := and ('or' and)*          and := unary (['and'] unary)*
 *   unary := 'not' unary | atom       atom := '(' expr ')' | name op value | word
 *   op    := < <= > >= = == != ~      (~: contains, case-insensitive)
 */

import { findColumn, type CellValue, type Column } from './columns';
import { compareCells } from './sort';
import type { CompareRow, CompareTable } from './table';

/** The longest filter read, and the deepest nesting of parentheses and `not`s. */
export const MAX_FILTER_CHARS = 1000;
export const MAX_FILTER_DEPTH = 32;

export class FilterError extends Error {
  /** 0-based position in the filter text the problem is at. */
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

export type RowPredicate = (row: CompareRow) => boolean;

type Op = '<' | '<=' | '>' | '>=' | '=' | '!=' | '~';
type Token =
  | { kind: 'word' | 'string'; text: string; at: number }
  | { kind: 'op'; op: Op; at: number }
  | { kind: '(' | ')' | 'end'; at: number };

const OPS: readonly (readonly [string, Op])[] = [
  ['<=', '<='],
  ['>=', '>='],
  ['!=', '!='],
  ['==', '='],
  ['<', '<'],
  ['>', '>'],
  ['=', '='],
  ['~', '~'],
];
const STOP = new Set([' ', '\t', '\n', '\r', '(', ')', '<', '>', '=', '!', '~', '"', "'"]);

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '(' || c === ')') {
      out.push({ kind: c, at: i });
      i++;
      continue;
    }
    const op = OPS.find(([s]) => text.startsWith(s, i));
    if (op) {
      out.push({ kind: 'op', op: op[1], at: i });
      i += op[0].length;
      continue;
    }
    if (c === '!') {
      out.push({ kind: 'word', text: 'not', at: i });
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      let s = '';
      let j = i + 1;
      for (; j < text.length && text[j] !== c; j++) {
        if (text[j] === '\\' && j + 1 < text.length) j++;
        s += text[j];
      }
      if (j >= text.length) throw new FilterError(`the quote opened at character ${i + 1} is not closed`, i);
      out.push({ kind: 'string', text: s, at: i });
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < text.length && !STOP.has(text[j]!)) j++;
    out.push({ kind: 'word', text: text.slice(i, j), at: i });
    i = j;
  }
  out.push({ kind: 'end', at: text.length });
  return out;
}

const STRICT_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Reads `text` against `table`'s columns. Throws `FilterError` with a plain message and where. */
export function parseFilter(text: string, table: CompareTable): RowPredicate {
  if (text.length > MAX_FILTER_CHARS)
    throw new FilterError(
      `the filter is ${text.length} characters long; at most ${MAX_FILTER_CHARS} are read`,
      MAX_FILTER_CHARS,
    );
  const tokens = tokenize(text);
  let k = 0;
  const peek = () => tokens[k]!;
  const keyword = (t: Token, w: string) => t.kind === 'word' && t.text.toLowerCase() === w;

  function expr(depth: number): RowPredicate {
    if (depth > MAX_FILTER_DEPTH) throw new FilterError(`nested more than ${MAX_FILTER_DEPTH} deep`, peek().at);
    const parts = [and(depth)];
    while (keyword(peek(), 'or')) {
      k++;
      parts.push(and(depth));
    }
    return parts.length === 1 ? parts[0]! : (row) => parts.some((p) => p(row));
  }

  function and(depth: number): RowPredicate {
    const parts = [unary(depth)];
    for (;;) {
      const t = peek();
      if (t.kind === 'end' || t.kind === ')' || keyword(t, 'or')) break;
      if (keyword(t, 'and')) k++;
      parts.push(unary(depth));
    }
    return parts.length === 1 ? parts[0]! : (row) => parts.every((p) => p(row));
  }

  function unary(depth: number): RowPredicate {
    if (depth > MAX_FILTER_DEPTH) throw new FilterError(`nested more than ${MAX_FILTER_DEPTH} deep`, peek().at);
    if (keyword(peek(), 'not')) {
      k++;
      const inner = unary(depth + 1);
      return (row) => !inner(row);
    }
    return atom(depth);
  }

  function atom(depth: number): RowPredicate {
    const t = peek();
    if (t.kind === '(') {
      k++;
      const inner = expr(depth + 1);
      if (peek().kind !== ')')
        throw new FilterError(`the parenthesis at character ${t.at + 1} is not closed`, peek().at);
      k++;
      return inner;
    }
    if (t.kind === 'op') throw new FilterError(`"${t.op}" needs a column name before it`, t.at);
    if (t.kind === ')') throw new FilterError('a ")" without its "("', t.at);
    if (t.kind === 'end') throw new FilterError('the filter ends where a condition was expected', t.at);
    k++;
    const name = (t as { text: string }).text;
    const next = peek();
    if (next.kind !== 'op') return textMatch(name);
    k++;
    const value = peek();
    if (value.kind !== 'word' && value.kind !== 'string')
      throw new FilterError(`"${next.op}" needs a value after it`, value.at);
    k++;
    const column = resolve(name, t.at);
    const v: number | string =
      value.kind === 'word' && STRICT_NUMBER.test(value.text) ? Number(value.text) : value.text;
    return comparison(column, next.op, v);
  }

  function resolve(name: string, at: number): Column {
    const c = findColumn(table, name);
    if (c) return c;
    if (table.metrics.includes(name))
      throw new FilterError(`"${name}" is a metric: say ${name}.best, ${name}.last or ${name}.best_step`, at);
    const near = [...table.params, ...table.metrics]
      .filter((n) => n.toLowerCase().includes(name.toLowerCase()))
      .slice(0, 3);
    throw new FilterError(`no column "${name}"${near.length > 0 ? ` (did you mean ${near.join(', ')}?)` : ''}`, at);
  }

  const predicate = expr(0);
  if (peek().kind !== 'end') {
    const t = peek();
    throw new FilterError(
      t.kind === ')' ? 'a ")" without its "("' : `unexpected "${text.slice(t.at, t.at + 20)}"`,
      t.at,
    );
  }
  return predicate;
}

function comparison(column: Column, op: Op, value: number | string): RowPredicate {
  return (row) => {
    const cell = column.get(row);
    if (cell === undefined) return false;
    if (op === '~') return cellText(cell).toLowerCase().includes(String(value).toLowerCase());
    const c =
      typeof value === 'number' && typeof cell === 'number'
        ? Number.isNaN(cell)
          ? NaN
          : cell < value
            ? -1
            : cell > value
              ? 1
              : 0
        : typeof value === 'number'
          ? NaN // text against a number: no match
          : cellText(cell).toLowerCase() === value.toLowerCase()
            ? 0
            : compareCells(cellText(cell), value);
    if (Number.isNaN(c)) return op === '!=';
    switch (op) {
      case '<':
        return c < 0;
      case '<=':
        return c <= 0;
      case '>':
        return c > 0;
      case '>=':
        return c >= 0;
      case '=':
        return c === 0;
      case '!=':
        return c !== 0;
    }
  };
}

function cellText(v: Exclude<CellValue, undefined>): string {
  return typeof v === 'number' ? String(v) : v;
}

/** A word: found, case-insensitive, in the run's name, path, format, status or a parameter's value. */
function textMatch(word: string): RowPredicate {
  const w = word.toLowerCase();
  return (row) =>
    [row.name, row.path, row.format, row.status ?? '', ...Object.values(row.params)].some((s) =>
      s.toLowerCase().includes(w),
    );
}

/** The rows `filter` keeps (all of them for an empty filter). */
export function filterRows(rows: readonly CompareRow[], table: CompareTable, filter: string): CompareRow[] {
  if (filter.trim() === '') return rows.slice();
  const p = parseFilter(filter, table);
  return rows.filter(p);
}
