/**
 * Glob patterns with VS Code's semantics (its `glob.ts`, which `files.exclude`, `files.associations` and
 * `workspace.findFiles` use): `*` any run of characters within a path segment, `?` one character of a segment,
 * `**` any number of segments, `[0-9]`, `[!a]` and `[^a]` one character of a set, `{a,b}` alternatives (not
 * nested: VS Code's search refuses that), matched against `/`-separated relative paths. `*` matches names that start with a dot, as in VS Code.
 *
 * Matched without a regular expression: a backtracking engine takes time exponential in the number of `*` (ten
 * stars against a 40-character path took 76 s in picomatch and in the regular expression this file built before).
 * Here the pattern is a small automaton run over the path once, keeping the set of places the pattern may be at:
 * time at most (pattern length) × (path length) per alternative, whatever the pattern.
 */

/** A glob the user wrote that cannot be used: the message says why. */
export class GlobError extends Error {}

export interface GlobOptions {
  /** Compare letters without case (VS Code does on Windows and macOS, whose file systems ignore case). */
  readonly ignoreCase?: boolean;
}

/** Longest glob read (a setting holding more is a mistake or hostile). */
export const MAX_GLOB_LENGTH = 2000;
/** Most alternatives `{…}` may expand to. */
export const MAX_GLOB_ALTERNATIVES = 1000;

const enum Kind {
  Char,
  AnyChar,
  Set,
  Star,
  AnyPath,
  Folders,
}

interface Token {
  readonly kind: Kind;
  /** `Char`: the character; `Set`: the characters and ranges as pairs of code points. */
  readonly ch?: string;
  readonly ranges?: readonly number[];
  readonly negate?: boolean;
}

/** Whether `path` (relative, `/` or `\` separated) matches `glob`. Throws `GlobError` for a glob that cannot be read. */
export function matchesGlob(path: string, glob: string, options: GlobOptions = {}): boolean {
  return compileGlob(glob, options)(path);
}

/**
 * A glob as a test of paths. A glob without a `/` matches the file name in any folder, as in VS Code's
 * `files.associations` (`*.log` is `**\/*.log`). Throws `GlobError` for an unbalanced `{`, a glob over
 * `MAX_GLOB_LENGTH` characters or one whose braces expand to more than `MAX_GLOB_ALTERNATIVES`.
 */
export function compileGlob(glob: string, options: GlobOptions = {}): (path: string) => boolean {
  if (glob.length > MAX_GLOB_LENGTH)
    throw new GlobError(`the glob is ${glob.length} characters long, over the ${MAX_GLOB_LENGTH} a glob may have`);
  const full = glob.includes('/') ? glob : `**/${glob}`;
  const ignoreCase = options.ignoreCase === true;
  const alternatives = expandBraces(ignoreCase ? full.toLowerCase() : full).map(tokenize);
  return (path: string) => {
    let normal = path.replace(/\\/g, '/');
    if (ignoreCase) normal = normal.toLowerCase();
    return alternatives.some((tokens) => run(tokens, normal, ignoreCase));
  };
}

/** `a{b,c}d{e,f}` → `abde`, `abdf`, `acde`, `acdf`. */
function expandBraces(glob: string): string[] {
  const open = glob.indexOf('{');
  if (open < 0) return [glob];
  let depth = 0;
  const commas: number[] = [];
  let close = -1;
  for (let i = open; i < glob.length && close < 0; i++) {
    const c = glob[i];
    if (c === '{' && depth > 0)
      throw new GlobError(`a "{" inside braces at character ${i + 1}: VS Code does not nest them`);
    if (c === '{') depth++;
    else if (c === '}') {
      if (--depth === 0) close = i;
    } else if (c === ',' && depth === 1) commas.push(i);
  }
  if (close < 0) throw new GlobError(`the "{" at character ${open + 1} is never closed by a "}"`);
  const bounds = [open, ...commas, close];
  const tails = expandBraces(glob.slice(close + 1));
  const out: string[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    for (const middle of expandBraces(glob.slice(bounds[k]! + 1, bounds[k + 1]))) {
      for (const tail of tails) {
        out.push(glob.slice(0, open) + middle + tail);
        if (out.length > MAX_GLOB_ALTERNATIVES)
          throw new GlobError(`its braces make more than ${MAX_GLOB_ALTERNATIVES} alternatives`);
      }
    }
  }
  return out;
}

function tokenize(glob: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        let j = i;
        while (glob[j] === '*') j++;
        const wholeSegment = (i === 0 || glob[i - 1] === '/') && (j === glob.length || glob[j] === '/');
        if (wholeSegment && glob[j] === '/') {
          tokens.push({ kind: Kind.Folders });
          i = j;
          continue;
        }
        tokens.push({ kind: Kind.AnyPath });
        i = j - 1;
      } else if (tokens[tokens.length - 1]?.kind !== Kind.Star) tokens.push({ kind: Kind.Star });
    } else if (c === '?') tokens.push({ kind: Kind.AnyChar });
    else if (c === '[') {
      const set = readSet(glob, i);
      if (set) {
        tokens.push(set.token);
        i = set.end;
      } else tokens.push({ kind: Kind.Char, ch: c });
    } else tokens.push({ kind: Kind.Char, ch: c });
  }
  return tokens;
}

/** `[a-z0-9_]`, `[!.]`, `[^/]`; undefined when the `[` is never closed (it is then a plain character). */
function readSet(glob: string, open: number): { token: Token; end: number } | undefined {
  let i = open + 1;
  const negate = glob[i] === '!' || glob[i] === '^';
  if (negate) i++;
  const ranges: number[] = [];
  let first = true;
  for (; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === ']' && !first) return { token: { kind: Kind.Set, ranges, negate }, end: i };
    first = false;
    const lo = c.charCodeAt(0);
    if (glob[i + 1] === '-' && i + 2 < glob.length && glob[i + 2] !== ']') {
      ranges.push(lo, glob.charCodeAt(i + 2));
      i += 2;
    } else ranges.push(lo, lo);
  }
  return undefined;
}

function inSet(t: Token, c: string, ignoreCase: boolean): boolean {
  const r = t.ranges!;
  const codes = ignoreCase ? [c.charCodeAt(0), c.toUpperCase().charCodeAt(0)] : [c.charCodeAt(0)];
  let found = false;
  for (const code of codes) for (let k = 0; k < r.length && !found; k += 2) found = code >= r[k]! && code <= r[k + 1]!;
  return found !== t.negate;
}

/**
 * Runs the tokens over the path as an automaton. A place is a token index, times two: the odd place of a
 * `Folders` token (`**\/`) means "inside some folders, waiting for the `/` that ends one".
 */
function run(tokens: readonly Token[], path: string, ignoreCase: boolean): boolean {
  const places = 2 * tokens.length + 2;
  let now = new Uint8Array(places);
  let next = new Uint8Array(places);
  const add = (set: Uint8Array, place: number): void => {
    // Follow the moves that take no character: past a `*`, `**` or `**/`, which may all match nothing.
    while (!set[place]) {
      set[place] = 1;
      const t = tokens[place >> 1];
      if ((place & 1) === 1 || !t || !(t.kind === Kind.Star || t.kind === Kind.AnyPath || t.kind === Kind.Folders))
        return;
      place += 2;
    }
  };
  add(now, 0);
  for (let i = 0; i < path.length; i++) {
    const c = path[i]!;
    next.fill(0);
    let any = false;
    for (let place = 0; place < places; place++) {
      if (!now[place]) continue;
      const t = tokens[place >> 1];
      if (!t) continue;
      const slash = c === '/';
      switch (t.kind) {
        case Kind.Char:
          if (c === t.ch) {
            add(next, place + 2);
            any = true;
          }
          break;
        case Kind.AnyChar:
          if (!slash) {
            add(next, place + 2);
            any = true;
          }
          break;
        case Kind.Set:
          if (!slash && inSet(t, c, ignoreCase)) {
            add(next, place + 2);
            any = true;
          }
          break;
        case Kind.Star:
          if (!slash) {
            add(next, place);
            any = true;
          }
          break;
        case Kind.AnyPath:
          add(next, place);
          any = true;
          break;
        case Kind.Folders:
          // `(.*/)?`: any character keeps it inside the folders; a `/` may also end them.
          if (slash) add(next, (place & ~1) + 2);
          add(next, (place & ~1) + 1);
          any = true;
          break;
      }
    }
    if (!any) return false;
    [now, next] = [next, now];
  }
  return now[2 * tokens.length] === 1;
}
