// The properties every parser keeps on any input: nothing throws, time and retained memory stay
// bounded, every issue has a place and a readable message, chunking and encodings change nothing.
import { MAX_KEPT_ISSUES, type ReadIssue } from '../../../src/core/model/run';
import type { FuzzCase } from './cases';
import { threadCpuMs } from './cpuClock';
import { utf8 } from './inputs';
import { targetNamed, type FuzzFile, type Outcome, type Read, type Target } from './targets';

/**
 * Generous bounds: a parser slower than this, or keeping more than this, has a real problem. Times are the CPU
 * time of the reading thread (`cpuClock.ts`), not the clock, so that load on the machine does not fail them.
 */
export const BOUNDS = {
  /** Fixed allowance per read (JIT warm-up, a garbage collection). */
  baseMs: 250,
  msPerMB: 1000,
  /** Each push costs a call or two whatever its size: one-byte pushes are a case of their own. */
  msPerPush: 0.005,
  baseRetainedBytes: 48 * 1024 * 1024,
  retainedPerInputByte: 64,
  maxMessageLength: 400,
} as const;

function bytesOf(files: readonly FuzzFile[]): number {
  return files.reduce((n, f) => n + f.bytes.length, 0);
}

/** What is wrong with one read's outcome, whatever the input. */
export function outcomeProblems(t: Target, o: Outcome, inputBytes: number): string[] {
  const out: string[] = [];
  o.issues.forEach((issue, k) => {
    const p = issueProblem(issue, o.members);
    if (p) out.push(`issue ${k} ${p}: ${JSON.stringify(issue).slice(0, 300)}`);
  });
  if (o.issues.length > MAX_KEPT_ISSUES) out.push(`keeps ${o.issues.length} issues (more than ${MAX_KEPT_ISSUES})`);
  if (o.issueCount < o.issues.length) out.push(`issueCount ${o.issueCount} < ${o.issues.length} issues kept`);
  if (t.drains && o.pending !== 0) out.push(`${o.pending} bytes still pending after the final flush`);
  if (o.pending > inputBytes) out.push(`${o.pending} bytes pending from ${inputBytes} bytes of input`);
  if (o.pointCount > inputBytes) out.push(`${o.pointCount} points from ${inputBytes} bytes of input`);
  if (o.seriesCount > inputBytes) out.push(`${o.seriesCount} series from ${inputBytes} bytes of input`);
  return out;
}

function issueProblem(issue: ReadIssue, members: readonly string[]): string | undefined {
  const hasLine = issue.line !== undefined;
  const hasOffset = issue.offset !== undefined;
  if (!hasLine && !hasOffset) return 'has neither a line nor an offset';
  if (hasLine && !(Number.isInteger(issue.line) && issue.line! >= 1)) return `has line ${issue.line}`;
  if (hasOffset && !(Number.isInteger(issue.offset) && issue.offset! >= 0)) return `has offset ${issue.offset}`;
  if (typeof issue.message !== 'string' || issue.message.trim() === '') return 'has no message';
  if (/[\u0000-\u001f\u007f-\u009f]/.test(issue.message))
    return "has a control character in its message (the file's bytes should be quoted, not pasted)";
  if (issue.message.length > BOUNDS.maxMessageLength) return `has a message of ${issue.message.length} characters`;
  if (issue.file !== undefined && !members.includes(issue.file))
    return `names a file "${issue.file}" that was not read`;
  return undefined;
}

/** The first place two values differ (typed arrays compared element-wise, NaN equal to NaN), or undefined. */
export function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (typeof a === 'number' && typeof b === 'number')
    return Object.is(a, b) || a === b ? undefined : `${path}: ${a} ≠ ${b}`;
  if (a === b) return undefined;
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b)) {
    const x = a as unknown as ArrayLike<number>,
      y = b as unknown as ArrayLike<number>;
    if (x.length !== y.length) return `${path}: length ${x.length} ≠ ${y.length}`;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return `${path}[${i}]: ${x[i]} ≠ ${y[i]}`;
    return undefined;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path}: length ${a.length} ≠ ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
      if (d) return d;
    }
    return undefined;
  }
  return `${path}: ${JSON.stringify(a)?.slice(0, 80)} ≠ ${JSON.stringify(b)?.slice(0, 80)}`;
}

interface Timed {
  readonly read: Read | undefined;
  /** The reading thread's CPU time (see cpuClock.ts). */
  readonly ms: number;
  readonly error: string | undefined;
}

function timedRead(
  t: Target,
  files: readonly FuzzFile[],
  chunks: readonly number[],
  variant: number,
  settle = false,
): Timed {
  const start = threadCpuMs();
  try {
    const read = t.read(files, chunks, variant, settle);
    return { read, ms: threadCpuMs() - start, error: undefined };
  } catch (e) {
    const err = e as Error;
    const where = (err.stack ?? '')
      .split('\n')
      .slice(1, 4)
      .map((l) => l.trim())
      .join(' ← ');
    return {
      read: undefined,
      ms: threadCpuMs() - start,
      error: `threw ${err.name}: ${String(err.message).slice(0, 160)} (${where})`,
    };
  }
}

const gc = (globalThis as { gc?: () => void }).gc;

function heapBytes(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

export interface CaseResult {
  readonly problems: string[];
  readonly bytes: number;
  readonly msPerMB: number;
  readonly retainedMB: number;
}

export interface CheckOptions {
  /** Whether the retained memory is measured (a collection before and after: slow). */
  readonly measureMemory?: boolean;
  /**
   * Whether a read slower than BOUNDS fails the case: `npm run fuzz` only. `npm test` checks growth by
   * ratios instead (`growth.ts`): unit tests hold no bound in milliseconds, not even of CPU time (a thread
   * sharing its core's caches with others is slower too).
   */
  readonly timed?: boolean;
}

/** Reads a case whole and in its chunks and checks every property. */
export function checkCase(
  t: Target,
  c: FuzzCase,
  { measureMemory = false, timed = false }: CheckOptions = {},
): CaseResult {
  const bytes = bytesOf(c.files);
  const problems: string[] = [];
  const before = heapBytes();
  const whole = timedRead(t, c.files, [], c.variant);
  const chunked = c.chunks.length > 0 ? timedRead(t, c.files, c.chunks, c.variant) : undefined;
  for (const r of [whole, chunked]) if (r?.error) problems.push(r.error);
  for (const [r, chunks] of [
    [whole, []],
    [chunked, c.chunks],
  ] as const) {
    const budgetMs = BOUNDS.baseMs + (BOUNDS.msPerMB * bytes) / 1e6 + BOUNDS.msPerPush * pushesOf(c.files, chunks);
    if (!timed || !r || r.ms <= budgetMs) continue;
    // A collection (or, on the wall-clock fallback, a busy machine) can slow one read: slow means slow every time.
    const again = Math.min(...[0, 1].map(() => timedRead(t, c.files, chunks, c.variant).ms));
    if (again > budgetMs)
      problems.push(`took ${again.toFixed(0)} ms of CPU for ${bytes} bytes (bound ${budgetMs.toFixed(0)} ms)`);
    else (r as { ms: number }).ms = again;
  }
  const slowest = Math.max(whole.ms, chunked?.ms ?? 0);
  const msPerMB = bytes >= 256 * 1024 ? slowest / (bytes / 1e6) : 0;

  if (whole.read) problems.push(...outcomeProblems(t, whole.read.outcome, bytes));
  if (whole.read && chunked?.read) {
    const d = firstDifference(whole.read.outcome.dump, chunked.read.outcome.dump);
    if (d) problems.push(`chunks [${c.chunks.join(',')}] read differently from one chunk: ${d}`);
  }
  if (c.reference && whole.read) {
    const ref = timedRead(t, c.reference, [], c.variant);
    const d = ref.read && firstDifference(seriesOf(ref.read.outcome.dump), seriesOf(whole.read.outcome.dump));
    if (d) problems.push(`reads differently from the same text in UTF-8: ${d}`);
  }
  if (c.expectRefused && whole.read) {
    const o = whole.read.outcome;
    if (o.issueCount !== 1 || o.pointCount !== 0 || !/not text|UTF-32/.test(o.issues[0]?.message ?? '')) {
      problems.push(
        `a binary file read as text gives ${o.issueCount} issues and ${o.pointCount} points (want one issue saying it is not text): ${JSON.stringify(o.issues.slice(0, 2).map((i) => i.message))}`,
      );
    }
  }
  if (t.settles && c.chunks.length > 0 && whole.read) {
    const settled = timedRead(t, c.files, c.chunks, c.variant, true);
    const d =
      settled.error ??
      (settled.read && firstDifference(seriesOf(whole.read.outcome.dump), seriesOf(settled.read.outcome.dump)));
    if (d) problems.push(`a flush after every chunk [${c.chunks.join(',')}] reads differently: ${d}`);
  }
  if (c.expectIssue && whole.read && !whole.read.outcome.issues.some((i) => c.expectIssue!.test(i.message))) {
    problems.push(
      `no issue matching ${c.expectIssue} (issues: ${JSON.stringify(whole.read.outcome.issues.slice(0, 3).map((i) => i.message))})`,
    );
  }

  // What a parser keeps after reading must stay proportionate to what it read.
  let retainedMB = 0;
  const allowed = BOUNDS.baseRetainedBytes + BOUNDS.retainedPerInputByte * bytes;
  if (gc && (measureMemory || heapBytes() - before > allowed)) {
    const retained = retainedBy(() => t.read(c.files, c.chunks, c.variant));
    retainedMB = retained / 1e6;
    if (retained > allowed) problems.push(`a read of ${bytes} bytes retains ${(retained / 1e6).toFixed(1)} MB`);
  }
  return { problems, bytes, msPerMB, retainedMB };
}

function pushesOf(files: readonly FuzzFile[], chunks: readonly number[]): number {
  if (chunks.length === 0) return files.length;
  const cycle = chunks.reduce((a, b) => a + b, 0);
  return files.reduce((n, f) => n + (cycle === 0 ? 1 : Math.ceil((f.bytes.length / cycle) * chunks.length)), 0);
}

/** Bytes (heap and array buffers) still held by what `read` returns, after garbage collection. */
function retainedBy(read: () => Read): number {
  gc!();
  gc!();
  const base = heapBytes();
  let held: Read | undefined = read();
  // The last string a regular expression ran on is held by the engine (RegExp.input), and the number
  // parser keeps a view of the last bytes it read (decimal.ts): the next small read lets both go.
  /./.exec('.');
  targetNamed('csv').read([{ name: 'h.csv', bytes: utf8('a,b\n1,2\n') }], [], 0);
  gc!();
  gc!();
  const retained = heapBytes() - base;
  held = undefined;
  return held === undefined ? retained : 0;
}

function seriesOf(dump: unknown): unknown {
  const d = dump as { series?: { name: string; steps: unknown; values: unknown }[]; data?: unknown };
  if (d && d.series) return d.series.map((s) => ({ name: s.name, steps: s.steps, values: s.values }));
  if (d && d.data !== undefined) {
    const data = d.data as Record<string, unknown> | null;
    return data && { ...data, source: undefined };
  }
  return dump;
}
