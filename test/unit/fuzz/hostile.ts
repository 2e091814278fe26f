// Large and hostile inputs, read once per run of the fuzzer: 10 MB lines of every awkward byte,
// 100 000 levels of nesting, binary files, a line over the limit.
import { withMember, type FuzzCase } from './cases';
import { concatBytes, utf8 } from './inputs';
import { checkCase } from './properties';
import type { Failure, TargetReport } from './runner';
import { binarySamples, targetNamed, type Target } from './targets';

function repeated(unit: string, bytes: number): Uint8Array {
  const u = utf8(unit);
  const n = Math.max(1, Math.floor(bytes / u.length));
  const out = new Uint8Array(n * u.length);
  for (let i = 0; i < n; i++) out.set(u, i * u.length);
  return out;
}

/**
 * The big inputs (10 MB lines, 100 000 levels of nesting, a line over the limit…) for one target;
 * only the small ones (nesting, binary files) when `large` is false.
 */
export function hostileCases(t: Target, lineLimit: number, large = true): FuzzCase[] {
  const MB = 1024 * 1024;
  const sample = t.samples[0]!;
  const at = (bytes: Uint8Array, label: string, chunks: number[], extra: Partial<FuzzCase> = {}): FuzzCase => ({
    kind: 'hostile',
    label,
    files: withMember(sample.files, 0, bytes),
    chunks,
    variant: 0,
    ...extra,
  });
  const head = sample.files[0]!.bytes.subarray(0, 2000);
  const out: FuzzCase[] = [];
  out.push(at(concatBytes([head, repeated('[', 100_000), utf8('\n')]), '100 000 levels of nesting', []));
  out.push(at(concatBytes([head, repeated('{"a":', 100_000), utf8('\n')]), '100 000 nested objects', []));
  for (const bin of binarySamples())
    out.push(at(bin, `binary file of ${bin.length} bytes`, [4096], t.refusesBinary ? { expectRefused: true } : {}));
  if (!large) return out;
  for (const unit of [
    'a',
    ' ',
    '0',
    '"',
    '[',
    '{"a":',
    '\\',
    ',',
    '| a 1 ' + ' '.repeat(50),
    'loss: 1 ',
    'epoch ',
    '\r',
    '\b',
    '\x00',
    '1e5',
  ]) {
    out.push(
      at(concatBytes([head, repeated(unit, 10 * MB), utf8('\n'), head]), `a 10 MB line of ${JSON.stringify(unit)}`, [
        64 * 1024,
        1 * MB,
        4096,
      ]),
    );
  }
  out.push(at(repeated(' ', 4 * MB), '4 MB of spaces in 16-byte pushes', [16]));
  out.push(at(repeated('\n', 4 * MB), '4 MB of empty lines', [4096]));
  out.push(at(repeated('"x\n', 2 * MB), 'a quote opened and never closed, over 2 MB', [4096]));
  out.push(at(concatBytes([head, repeated('x,y,z\n', 8 * MB)]), '8 MB of rows that do not fit', [1 * MB]));
  out.push(
    at(
      concatBytes([
        head,
        ...Array.from({ length: 60_000 }, (_, i) => utf8(`{"k${i}": 1, "step": ${i}}\nk${i},1\nk${i}: 1\n`)),
      ]),
      '60 000 different metric names',
      [1 * MB],
    ),
  );
  out.push(at(repeated(String.fromCharCode(0xfffd), 4 * MB), '4 MB of U+FFFD', [65536]));
  const random = new Uint8Array(8 * MB);
  let s = 12345;
  for (let i = 0; i < random.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    random[i] = s >>> 24;
  }
  out.push(at(random, '8 MB of random bytes', [1 * MB, 777]));
  if (t.drains && t.name !== 'detect') {
    // Over the limit: dropped with an issue that says how long the line is and what the limit is.
    out.push(
      at(
        concatBytes([head, utf8('\n'), repeated('7', lineLimit + 1024), utf8('\n'), head]),
        `a line over the ${lineLimit}-byte limit`,
        [4 * MB],
        { expectIssue: /\d+ ?(bytes|MB)\b.*\b(limit|over|longer than)|lines over/ },
      ),
    );
  }
  return out;
}

export function fuzzHostile(name: string, lineLimit: number, progress?: Int32Array): TargetReport {
  const t = targetNamed(name);
  let failures = 0;
  let maxMsPerMB = 0;
  let maxRetainedMB = 0;
  const firstFailures: Failure[] = [];
  const cases = hostileCases(t, lineLimit);
  cases.forEach((c, index) => {
    if (progress) {
      Atomics.store(progress, 0, index);
      Atomics.add(progress, 1, 1);
    }
    const r = checkCase(t, c, { measureMemory: true, timed: true });
    maxMsPerMB = Math.max(maxMsPerMB, r.msPerMB);
    maxRetainedMB = Math.max(maxRetainedMB, r.retainedMB);
    if (r.problems.length > 0) {
      failures++;
      firstFailures.push({ index, kind: c.kind, label: c.label, problem: r.problems.join('; ').slice(0, 600) });
    }
  });
  return { target: name, cases: cases.length, failures, maxMsPerMB, maxRetainedMB, firstFailures };
}
