/**
 * Hyper-parameters and names from the YAML (and JSON, a subset of it) that training tools write
 * beside their runs: MLflow's `meta.yaml`, DVCLive's `params.yaml`, Lightning's `hparams.yaml`,
 * W&B's `config.yaml`, Hugging Face's `training_args.json`. Read with the `yaml` library (a full
 * YAML 1.2 parser, linear in its input), then flattened: nested mappings become `a.b.c`, a list is
 * one value written as `[x, y]`. Every size is bounded, aliases included, so a "billion laughs"
 * file costs what its budget allows and says so.
 */

import { LineCounter, parseDocument, isAlias, isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import { clipped, formatSize } from './messages';
import { MiB } from './sizes';

/**
 * The largest parameters file parsed; the callers' own limit (a rewritten member) is larger. The `yaml`
 * library parses in one synchronous call, about half a millisecond a kilobyte on hostile text (a YAML error
 * made for every pair of quotes, a line of bookkeeping for every empty line) and that call runs where the
 * file is read (the extension host's thread for a run's sidecar files): 512 KB bounds it to a few hundred
 * milliseconds, where the largest real parameters files seen (W&B `config.yaml` of a Hugging Face run) are
 * about 10 KB.
 */
export const MAX_YAML_BYTES = MiB / 2;
/** Lines of a parameters file: the library's cost per line, even an empty one, bounded with the bytes. */
export const MAX_YAML_LINES = 20_000;
/** Values visited, each alias counted as many times as it is expanded. */
export const MAX_YAML_NODES = 100_000;
/** Mappings and lists inside one another. */
export const MAX_YAML_DEPTH = 64;
/** Parameters kept from one file. */
export const MAX_PARAMS = 10_000;
/** The longest value kept (a long list is cut, with `…`). */
const MAX_VALUE_CHARS = 1_000;

export interface YamlIssue {
  /** 1-based line of the problem. */
  readonly line: number;
  readonly message: string;
}

export interface YamlParams {
  /** Flattened parameters, in the file's order. */
  readonly values: Map<string, string>;
  /** The first problem met (the rest of the file is still read where the parser could). */
  readonly issue?: YamlIssue | undefined;
}

/**
 * How a reader parses a parameters file: `readYamlParams` itself, or (on the extension host) a function that
 * answers with what a worker thread computed for that text (`src/node/preparedYaml.ts`).
 */
export type YamlParse = (text: string, options?: YamlOptions) => YamlParams;

export interface YamlOptions {
  /**
   * W&B's `config.yaml`: each top-level key holds `{desc, value}` and only its `value` is the
   * parameter; `_wandb` (the SDK's own bookkeeping) and `wandb_version` are left out.
   */
  readonly wandbConfig?: boolean;
}

/** The parameters of a YAML or JSON text, flattened. Never throws. */
export function readYamlParams(text: string, options: YamlOptions = {}): YamlParams {
  const values = new Map<string, string>();
  if (text.length > MAX_YAML_BYTES) {
    return {
      values,
      issue: {
        line: 1,
        message: `the file is ${formatSize(text.length)}, over the ${formatSize(MAX_YAML_BYTES)} a parameters file may have; not read`,
      },
    };
  }
  const overLines = lineOverLimit(text);
  if (overLines !== undefined) {
    return {
      values,
      issue: {
        line: overLines,
        message: `over ${MAX_YAML_LINES.toLocaleString('en-US')} lines, more than a parameters file may have; not read`,
      },
    };
  }
  const deep = tooDeepLine(text);
  if (deep !== undefined) {
    return {
      values,
      issue: {
        line: deep,
        message: `nested over ${MAX_YAML_DEPTH} levels (mappings and lists inside one another); not read`,
      },
    };
  }
  let doc: Document.Parsed;
  const lines = new LineCounter();
  try {
    // uniqueKeys off: PyYAML, which writes most of these files, reads a repeated key as the last one.
    doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false, logLevel: 'silent' });
  } catch (e) {
    // The parser's own recursion on deeply nested flow collections: a stack overflow, not a crash.
    return {
      values,
      issue: {
        line: 1,
        message: `the YAML could not be read (${e instanceof RangeError ? 'nested too deeply' : clipped(String(e), 200)})`,
      },
    };
  }
  let issue: YamlIssue | undefined;
  const first = doc.errors[0];
  // The library's message can quote the file's own bytes (a block scalar header's extra characters): escaped and cut.
  if (first)
    issue = {
      line: lines.linePos(first.pos[0]).line,
      message: `YAML error: ${clipped(firstLine(first.message), 200)}`,
    };
  const flattener = new Flattener(doc, values, lines);
  if (options.wandbConfig && isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      const key = keyText(pair.key);
      if (key === undefined || key === '_wandb' || key === 'wandb_version') continue;
      let v = pair.value as Node | null;
      if (isAlias(v)) v = flattener.resolve(v);
      // A `{desc, value}` entry as the SDK writes it; anything else is taken as it is.
      const inner =
        isMap(v) && v.items.some((p) => keyText(p.key) === 'value') ? (v.get('value', true) as Node | null) : v;
      flattener.visit(key, inner ?? null, 1);
    }
  } else if (doc.contents) {
    flattener.visit('', doc.contents, 0);
  }
  return { values, issue: issue ?? flattener.issue };
}

class Flattener {
  private nodes = 0;
  issue: YamlIssue | undefined;
  /** What each alias names, found in one walk (the library's own `resolve` searches the document every time). */
  private readonly targets = new Map<Node, Node>();

  constructor(
    doc: Document.Parsed,
    private readonly out: Map<string, string>,
    private readonly lines: LineCounter,
  ) {
    const anchors = new Map<string, Node>();
    // In document order, as YAML defines it: an alias names the closest anchor before it. Recursion
    // depth is bounded by the nesting checked before parsing.
    const walk = (node: unknown): void => {
      if (isAlias(node)) {
        const target = anchors.get(node.source);
        if (target) this.targets.set(node, target);
        return;
      }
      if (!isMap(node) && !isSeq(node) && !isScalar(node)) return;
      if (node.anchor) anchors.set(node.anchor, node);
      if (isMap(node))
        for (const p of node.items) {
          walk(p.key);
          walk(p.value);
        }
      else if (isSeq(node)) for (const item of node.items) walk(item);
    };
    walk(doc.contents);
  }

  resolve(node: Node | null): Node | null {
    return isAlias(node) ? (this.targets.get(node) ?? null) : node;
  }

  private spend(node: Node | null): boolean {
    if (++this.nodes <= MAX_YAML_NODES) return true;
    this.fail(
      node,
      `over ${MAX_YAML_NODES.toLocaleString('en-US')} values (aliases counted each time they are used); the rest is not read`,
    );
    return false;
  }

  private fail(node: Node | null, message: string): void {
    this.issue ??= { line: node?.range ? this.lines.linePos(node.range[0]).line : 1, message };
  }

  /** Sets `path` (and below) from `node`; `depth` counts the collections around it. */
  visit(path: string, node: Node | null, depth: number): void {
    if (!this.spend(node)) return;
    if (isAlias(node)) node = this.resolve(node);
    if (isMap(node)) {
      if (depth >= MAX_YAML_DEPTH) {
        this.fail(node, `nested over ${MAX_YAML_DEPTH} levels; the deeper values are not read`);
        return;
      }
      for (const pair of node.items) {
        const key = keyText(pair.key);
        if (key === undefined) continue;
        this.visit(path === '' ? key : `${path}.${key}`, pair.value as Node | null, depth + 1);
        if (this.nodes > MAX_YAML_NODES) return;
      }
      return;
    }
    if (path === '') return; // A document that is one scalar or list holds no named parameter.
    if (this.out.size >= MAX_PARAMS && !this.out.has(path)) {
      this.fail(node, `over ${MAX_PARAMS.toLocaleString('en-US')} parameters; the rest are not read`);
      this.nodes = MAX_YAML_NODES + 1;
      return;
    }
    const text = this.text(node, depth);
    this.out.set(path, text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text);
  }

  /** A value as the user wrote it: a scalar's own text, a list as `[a, b]`, a mapping inside a list as `{k: v}`. */
  private text(node: Node | null, depth: number): string {
    if (isAlias(node)) node = this.resolve(node);
    if (node === null || node === undefined) return '';
    if (isScalar(node)) return scalarText(node);
    if (depth >= MAX_YAML_DEPTH) {
      this.fail(node, `nested over ${MAX_YAML_DEPTH} levels; the deeper values are not read`);
      return '…';
    }
    let out = '';
    const add = (s: string): boolean => {
      out += s;
      return out.length <= MAX_VALUE_CHARS;
    };
    if (isSeq(node)) {
      add('[');
      for (let i = 0; i < node.items.length; i++) {
        if (!this.spend(node.items[i] as Node)) break;
        if (!add((i > 0 ? ', ' : '') + this.text(node.items[i] as Node, depth + 1))) break;
      }
      return `${out}]`;
    }
    if (isMap(node)) {
      add('{');
      for (let i = 0; i < node.items.length; i++) {
        const p = node.items[i]!;
        if (!this.spend(p.value as Node)) break;
        if (!add(`${i > 0 ? ', ' : ''}${keyText(p.key) ?? ''}: ${this.text(p.value as Node, depth + 1)}`)) break;
      }
      return `${out}}`;
    }
    return '';
  }
}

/** A mapping key as text; `undefined` for a key that is itself a collection (not a parameter name). */
function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return scalarText(key);
  return key === null || key === undefined ? '' : undefined;
}

/**
 * A scalar's text: null (`~`, `null`, nothing) is empty; a string is its value (quotes and escapes
 * resolved); a number or boolean is kept as written (`1.0e-3` stays that, not `0.001`), so two
 * files that wrote the same text group together and the user sees their own spelling.
 */
function scalarText(s: { value: unknown; source?: string }): string {
  if (s.value === null || s.value === undefined) return '';
  if (typeof s.value === 'string') return s.value;
  return typeof s.source === 'string' && s.source !== '' ? s.source : String(s.value);
}

/**
 * The line at which `text` nests over `MAX_YAML_DEPTH` levels, or `undefined`. The parser recurses
 * once per level (a few hundred levels overflow its stack), so depth is checked before parsing, in
 * one pass: block levels are the indentations still open (a stack of them), plus the `- ` that
 * open lists on a line; flow levels are the `[` and `{` not yet closed. Quotes are not tracked, so
 * a string holding many brackets counts them: a conservative bound, far above what real files nest.
 */
function tooDeepLine(text: string): number | undefined {
  const indents: number[] = [];
  let flow = 0;
  let line = 1;
  let i = 0;
  while (i < text.length) {
    let indent = 0;
    while (text.charCodeAt(i + indent) === 0x20) indent++;
    let j = i + indent;
    const c = text.charCodeAt(j);
    if (c !== 0x0a && c !== 0x0d && c !== 0x23 /* # */ && j < text.length && flow === 0) {
      while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
      indents.push(indent);
      // `- - x` opens a list inside a list on one line.
      while (
        (text.charCodeAt(j) === 0x2d /* - */ || text.charCodeAt(j) === 0x3f) /* ? */ &&
        text.charCodeAt(j + 1) === 0x20
      ) {
        indents.push(indent + 1);
        j += 2;
        while (text.charCodeAt(j) === 0x20) j++;
      }
    }
    for (; j < text.length && text.charCodeAt(j) !== 0x0a; j++) {
      const d = text.charCodeAt(j);
      if (d === 0x5b || d === 0x7b) flow++;
      else if ((d === 0x5d || d === 0x7d) && flow > 0) flow--;
      else continue;
      if (indents.length + flow > MAX_YAML_DEPTH) return line;
    }
    if (indents.length + flow > MAX_YAML_DEPTH) return line;
    i = j + 1;
    line++;
  }
  return undefined;
}

function firstLine(message: string): string {
  const nl = message.indexOf('\n');
  return nl < 0 ? message : message.slice(0, nl);
}

/** The first line past `MAX_YAML_LINES`, or `undefined`: a scan for newlines that stops there (linear). */
function lineOverLimit(text: string): number | undefined {
  let at = -1;
  for (let line = 1; line <= MAX_YAML_LINES; line++) {
    at = text.indexOf('\n', at + 1);
    if (at < 0) return undefined;
  }
  // MAX_YAML_LINES newlines seen: a line after the last of them makes one too many.
  return at + 1 < text.length ? MAX_YAML_LINES + 1 : undefined;
}
