/**
 * Reads one line of a training script's stdout: which epoch and step it names, and its metric
 * pairs (`loss: 0.31`, `val_loss=0.6`, `| acc 93.5%`). Written for what real loops print:
 * Keras progress lines, `Epoch [1/5], Step [100/600], Loss: 0.2245`, python-logging prefixes,
 * tqdm/Lightning bars, mmengine's `Epoch(train) [1][10/25]`. Only the last `\r` update of a line
 * counts (the rest was overwritten on screen); ANSI colours are dropped.
 */

export interface TextMetric {
  name: string;
  value: number;
  percent: boolean;
}

export interface ScannedLine {
  /** `Epoch 3/10` alone on its line (Keras' header before the epoch's progress). */
  epochHeader: boolean;
  /** A Keras progress line: `281/281 ━━━━ 5s 9ms/step - loss: …`; `progressDone` when its counter is full. */
  progress: boolean;
  progressDone: boolean;
  epoch: number;
  step: number;
  /** The total after `/` in `Step [100/600]`: the step counts within the epoch. */
  stepTotal: number;
  /** The split the line is about (`Epoch(val)`, a leading `Validation:` or `train`), for names without one. */
  split: string | undefined;
  metrics: TextMetric[];
  count: number;
  /** Pairs past `MAX_METRICS_PER_LINE` were left out. */
  truncated: boolean;
}

export function emptyScan(): ScannedLine {
  return {
    epochHeader: false,
    progress: false,
    progressDone: false,
    epoch: NaN,
    step: NaN,
    stepTotal: NaN,
    split: undefined,
    metrics: [],
    count: 0,
    truncated: false,
  };
}

// These regular expressions run over a line of a file (up to MAX_LINE_BYTES). Each is linear in the line's length:
// - ANSI, and AXIS: tried only where `\x1b`, `[` or an axis word starts; from there each quantifier is followed by a
//   character it cannot take (`[0-9;?]*` then a letter, `\s*` then `(`, `:` or a digit), so a failed try gives back
//   at most the run it took, and the runs of different starts do not overlap (a try stops at the next start).
// - TIMESTAMP, BRACKET_TAG, LEVEL, KERAS_HEADER, PROGRESS, LEADING_SPLIT: anchored at `^`, so tried once; no two
//   adjacent quantifiers can take the same character (`[\w.]+\s+-\s+` alternates disjoint classes), so the
//   backtracking is one step back per character.
// - `NUMBER` runs on at most 40 characters; the bar segments and quotes around names are read by loops below.
// test/unit/linearTime.test.ts reads 150 KB runs of one character; scripts/fuzz.mjs bounds the time per byte.
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Za-z0-9]|\[(?:\d{1,3};)*\d{1,3}m/g;
// `2025-04-24 21:17:53,828 - INFO - `, `[06/01 12:00:00 d2.utils.events]: `, `08/21 02:58:41 - mmengine - INFO - `, `INFO:root:`.
const TIMESTAMP =
  /^\s*\[?(?:\d{4}-\d\d-\d\d[ T_][\d:.,]+(?:Z|[+-]\d\d:?\d\d)?|\d\d\/\d\d(?:\/\d{2,4})? \d\d:\d\d:\d\d(?:[.,]\d+)?)\]?\s*/;
const BRACKET_TAG = /^\s*\[[^\]]*\]:?\s*/;
const LEVEL = /^(?:[\w.]+\s+-\s+)*(?:DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL)\s*(?:-\s+|:\s*(?:[\w.]+:)?)/;
const KERAS_HEADER = /^\s*Epoch\s+(\d+)\s*\/\s*(\d+)\s*$/i;
const PROGRESS = /^\s*(\d+)\/(\d+)\s+(?=\S)/;
// `Epoch: [3]  [120/500]` (torchvision's and maskrcnn-benchmark's MetricLogger): a bracket may follow the colon.
const AXIS =
  /\b(epoch|step|iteration|iter|batch|global_step)\b(?:\s*\((\w+)\))?\s*(?:[:=#]\s*)?(?:\[\s*)?(\d+)(?:\s*\/\s*(\d+))?\s*\]?(?:\s*\[\s*(\d+)\s*(?:\/\s*(\d+))?\s*\]?)?/gi;
const LEADING_SPLIT =
  /^\s*(train|training|val|valid|validation|eval|evaluation|test|testing)\b(?:\s+set)?\s*(?:[:\-|,]|\s(?=[A-Za-z]))/i;
const SPLIT_WORD = /^(train|training|trn|val|valid|validation|eval|evaluation|dev|test|testing)$/i;
const NOT_METRICS = new Set(['eta', 'v_num', 'it/s', 's/it']);
/** Metric pairs read from one line at most; the rest of a longer line is ignored. */
export const MAX_METRICS_PER_LINE = 1000;

/** Fills `out` from the line `raw`; returns false when the line can hold nothing of interest. */
export function scanTextLine(raw: string, out: ScannedLine): boolean {
  out.epochHeader = false;
  out.progress = false;
  out.progressDone = false;
  out.epoch = NaN;
  out.step = NaN;
  out.stepTotal = NaN;
  out.split = undefined;
  out.count = 0;
  out.truncated = false;

  let s = lastUpdate(raw);
  if (s.indexOf('\x1b') >= 0 || (s.indexOf('m') >= 0 && /\[\d/.test(s))) s = s.replace(ANSI, '');
  if (!/\d/.test(s)) return false;
  s = stripPrefix(s);

  const header = KERAS_HEADER.exec(s);
  if (header) {
    out.epochHeader = true;
    out.epoch = Number(header[1]);
    return true;
  }
  const progress = PROGRESS.exec(s);
  if (progress) {
    out.progress = true;
    out.progressDone = progress[1] === progress[2];
  }
  if (!progress) readAxes(s, out);
  const lead = LEADING_SPLIT.exec(s);
  if (lead) out.split = lead[1]!.toLowerCase();
  readPairs(s, out);
  readBarSegments(s, out);
  return true;
}

/** The text after the last carriage return that has something on it; backspaces dropped. */
function lastUpdate(raw: string): string {
  let s = raw;
  if (s.indexOf('\b') >= 0) s = s.replace(/\x08+/g, '');
  let cr = s.lastIndexOf('\r');
  while (cr >= 0) {
    const tail = s.slice(cr + 1);
    if (tail.trim() !== '') return tail;
    s = s.slice(0, cr);
    cr = s.lastIndexOf('\r');
  }
  return s;
}

function stripPrefix(line: string): string {
  let s = line;
  const t = TIMESTAMP.exec(s);
  if (t) s = s.slice(t[0].length).replace(/^-\s+/, '');
  const level = LEVEL.exec(s);
  if (level) s = s.slice(level[0].length);
  else if (t) {
    const b = BRACKET_TAG.exec(s);
    if (b) s = s.slice(b[0].length);
  }
  return s;
}

function readAxes(s: string, out: ScannedLine): void {
  AXIS.lastIndex = 0;
  for (let m = AXIS.exec(s); m; m = AXIS.exec(s)) {
    // `epochs=10`, `1.5 epoch`: a word boundary is not enough; the number must follow the word.
    const word = m[1]!.toLowerCase();
    const n = Number(m[3]);
    const mode = m[2]?.toLowerCase();
    // `Epoch(val)`: the line's metrics are validation ones (training is what unmarked names mean anyway).
    if (mode && SPLIT_WORD.test(mode) && !/^(train|training|trn)$/.test(mode)) out.split = mode;
    if (word === 'epoch') {
      if (Number.isNaN(out.epoch)) out.epoch = n;
      // mmengine `Epoch(train) [1][10/25]`, PyTorch's MNIST `Epoch: 1 [640/60000 (1%)]`: an iteration within
      // the epoch. In `Epoch(val) [1][25/25]` it counts validation batches, not training steps.
      if (m[5] !== undefined && Number.isNaN(out.step) && out.split === undefined) {
        out.step = Number(m[5]);
        out.stepTotal = m[6] === undefined ? NaN : Number(m[6]);
      }
    } else if (Number.isNaN(out.step)) {
      out.step = n;
      out.stepTotal = m[4] === undefined ? NaN : Number(m[4]);
    }
  }
}

function isNameChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 95 ||
    c === 47 ||
    c === 46 ||
    c === 64 ||
    c === 40 ||
    c === 41 ||
    c === 45 ||
    c === 39 ||
    c === 34 ||
    c === 35
  );
}

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/** Characters that may follow a value: anything else (`0:00:12`, `12s`, `2345M`, `9890/10000`) means it is not a metric value. */
function endsValue(c: number | undefined): boolean {
  return (
    c === undefined ||
    c === 32 ||
    c === 9 ||
    c === 44 ||
    c === 59 ||
    c === 124 ||
    c === 41 ||
    c === 93 ||
    c === 125 ||
    c === 37 ||
    c === 39 ||
    c === 34 ||
    c === 13
  );
}

/** `name: value`, `name=value` pairs. */
function readPairs(s: string, out: ScannedLine): void {
  for (let p = 0; p < s.length; p++) {
    const c = s.charCodeAt(p);
    if (c !== 58 /* : */ && c !== 61 /* = */) continue;
    const value = readValue(s, p + 1);
    if (!value) continue;
    const name = nameBefore(s, p);
    if (name === undefined) continue;
    addMetric(out, name, value.value, value.percent);
    p = value.end - 1;
  }
}

/** `epoch 1 | loss 0.5 | acc 93.5%`: name and value with only a space between, in `|`-separated parts. */
function readBarSegments(s: string, out: ScannedLine): void {
  if (s.indexOf('|') < 0) return;
  for (const part of s.split('|')) {
    if (part.indexOf(':') >= 0 || part.indexOf('=') >= 0) continue;
    const segment = barSegment(part);
    if (!segment) continue;
    const value = readValue(segment.value, 0);
    if (!value || value.end !== segment.value.length) continue;
    const name = segment.name;
    const lower = name.toLowerCase();
    if (lower === 'epoch' || lower === 'step' || lower === 'iter' || lower === 'iteration') {
      if (lower === 'epoch' && Number.isNaN(out.epoch)) out.epoch = value.value;
      else if (lower !== 'epoch' && Number.isNaN(out.step)) out.step = value.value;
      continue;
    }
    const percent = !value.percent && segment.percent;
    addMetric(out, name, percent ? percentOf(segment.value) : value.value, value.percent || percent);
  }
}

/**
 * A bar segment's name (one to four words of `[A-Za-z][\w./@-]*` joined by single spaces), its value (the last
 * token) and whether a `%` follows the value. Read by scanning rather than by one regular expression: the
 * regular expression it replaces backtracked over a long run of spaces (a 150 KB line took 25 s). Each step
 * below is one pass over the part or a part of it, so the time is linear in its length.
 */
function barSegment(part: string): { name: string; value: string; percent: boolean } | undefined {
  let t = part.trim();
  let percent = false;
  // `93.5%` or `93.5 %`: a token of `%` alone, or one `%` ending a longer token.
  if (t.length > 1 && t.charCodeAt(t.length - 1) === 37) {
    t = t.slice(0, -1).trimEnd();
    percent = true;
  }
  let space = t.length - 1;
  while (space >= 0 && !isSpace(t.charCodeAt(space))) space--;
  if (space < 0) return undefined;
  const value = t.slice(space + 1);
  const name = t.slice(0, space).trimEnd();
  return isBarName(name) ? { name, value, percent } : undefined;
}

/** JavaScript's `\s` (what `trim` removes): ASCII and Unicode spaces, line ends, the BOM. */
function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** One to four words, each a letter then `[\w./@-]`, joined by single spaces. */
function isBarName(name: string): boolean {
  let words = 0;
  let start = true;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (start) {
      if (!isLetter(c) || ++words > 4) return false;
      start = false;
    } else if (c === 32) start = true;
    else if (!(isLetter(c) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 47 || c === 64 || c === 45))
      return false;
  }
  return words > 0 && !start;
}

/** `77.58`: digits with at most one point. Unambiguous (a digit is read by one quantifier only), so linear. */
const PLAIN_DECIMAL = /^-?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** `77.58` (%) as the fraction 0.7758, rounded once: dividing by 100 would give 0.7757999999999999. */
function percentOf(text: string): number {
  const t = text.replace(/^\+/, '');
  return PLAIN_DECIMAL.test(t) ? Number(`${t}e-2`) : Number(t) / 100;
}

const NUMBER = /^[-+]?(?:nan|inf(?:inity)?|(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)/i;

function readValue(s: string, from: number): { value: number; percent: boolean; end: number } | undefined {
  let i = from;
  while (i < s.length && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 9)) i++;
  if (i - from > 4) return undefined;
  const m = NUMBER.exec(s.slice(i, i + 40));
  if (!m) return undefined;
  let end = i + m[0].length;
  // `99,661` (Keras' `Total params: 99,661`) is one number written with a thousands separator, a count and
  // not a metric: never the value 99 followed by 661.
  if (s.charCodeAt(end) === 44 && /^[-+]?\d{1,3}$/.test(m[0]) && isThousandsGroup(s, end)) return undefined;
  if (!endsValue(s.charCodeAt(end) || undefined)) return undefined;
  const text = m[0].toLowerCase().replace(/^\+/, '');
  let value = text.endsWith('nan')
    ? NaN
    : text.includes('inf')
      ? text.startsWith('-')
        ? -Infinity
        : Infinity
      : Number(text);
  // `93.5%` or `97.43 %`.
  let percent = false;
  let j = end;
  while (j < s.length && s.charCodeAt(j) === 32) j++;
  if (s.charCodeAt(j) === 37 /* % */ && j - end <= 1) {
    percent = true;
    value = percentOf(text);
    end = j + 1;
  }
  return { value, percent, end };
}

/** Whether `,ddd` follows at `at`, not followed by another digit: a thousands group. */
function isThousandsGroup(s: string, at: number): boolean {
  for (let k = 1; k <= 3; k++) {
    const c = s.charCodeAt(at + k);
    if (!(c >= 48 && c <= 57)) return false;
  }
  const after = s.charCodeAt(at + 4);
  return !(after >= 48 && after <= 57);
}

/**
 * Rows of a model summary printed into the log (Keras' `Total params: 99,661`, torchinfo's
 * `Params size (MB): 46.76`, `Total mult-adds (G): 1.82`) are sizes of the model, not metrics.
 * Linear: each alternative is a fixed word, the first two anchored at the end.
 */
const SUMMARY_ROW = /(?:^|[\s_])(?:params|parameters)$|\bsize \([KMGT]?B\)$|mult-adds/i;

function balanced(name: string): boolean {
  let depth = 0;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 40) depth++;
    else if (c === 41 && --depth < 0) return false;
  }
  return depth === 0;
}

/** The metric name before a separator at `sep`: up to four words, back to a delimiter or another value. */
function nameBefore(s: string, sep: number): string | undefined {
  let end = sep;
  while (end > 0 && s.charCodeAt(end - 1) === 32) end--;
  let start = end;
  let pos = end;
  for (let words = 0; words < 4; words++) {
    let w = pos;
    while (w > 0 && isNameChar(s.charCodeAt(w - 1))) w--;
    if (w === pos) break;
    const word = s.slice(w, pos);
    // A number (a previous pair's value) ends the name.
    if (!/[A-Za-z]/.test(word) || NUMBER_WORD.test(word)) break;
    start = w;
    // One space joins words (`Train Loss`); two spaces, ` - ` or punctuation end the name.
    if (w < 2 || s.charCodeAt(w - 1) !== 32) break;
    const before = s.charCodeAt(w - 2);
    if (!isNameChar(before) || (before === 45 && (w < 3 || s.charCodeAt(w - 3) === 32))) break;
    pos = w - 1;
  }
  const name = trimQuotes(s.slice(start, end));
  if (name === '' || !isLetter(name.charCodeAt(0))) return undefined;
  if (NOT_METRICS.has(name.toLowerCase())) return undefined;
  // `Trainer(log_every_n_steps=50)` in a warning: an argument, not a metric; `mAP50(B)`, `AP (M)` close theirs.
  if (!balanced(name) || SUMMARY_ROW.test(name)) return undefined;
  return name;
}

/** The name without quotes around it. A loop: `/['"]+$/` tried at each quote of a long run is quadratic. */
function trimQuotes(name: string): string {
  let a = 0;
  let b = name.length;
  while (a < b && (name.charCodeAt(a) === 39 || name.charCodeAt(a) === 34)) a++;
  while (b > a && (name.charCodeAt(b - 1) === 39 || name.charCodeAt(b - 1) === 34)) b--;
  return name.slice(a, b);
}

const NUMBER_WORD = /^[-+]?(?:[\d.]+(e[-+]?\d+)?|nan|inf|infinity)%?$/i;

function addMetric(out: ScannedLine, name: string, value: number, percent: boolean): void {
  // `epoch: 3`, `Train Epoch: 1`, `global_step=500` name axes, not metrics.
  const axis = /(?:^|\s)(epoch|step|iter|iteration|global_step)$/i.exec(name)?.[1]?.toLowerCase();
  if (axis === 'epoch') {
    if (Number.isNaN(out.epoch)) out.epoch = value;
    return;
  }
  if (axis !== undefined) {
    if (Number.isNaN(out.step)) out.step = value;
    return;
  }
  // A line of a thousand pairs is noise (or a hostile file), and its pairs would all be kept.
  if (out.count >= MAX_METRICS_PER_LINE) {
    out.truncated = true;
    return;
  }
  const i = out.count++;
  const m = out.metrics[i];
  if (m) {
    m.name = name;
    m.value = value;
    m.percent = percent;
  } else out.metrics.push({ name, value, percent });
}
