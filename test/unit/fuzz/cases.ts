// Fuzz cases: fast-check arbitraries that pick a real sample of a parser's format and break it
// (mutations, windows, re-encodings, other line ends), or build input from scratch.
import { wandbFrame, wandbUnframe } from './wandbInputs';
import fc from 'fast-check';
import {
  TOKENS,
  chunkSizesArb,
  concatBytes,
  convertLineEnds,
  frame,
  mutate,
  mutationArb,
  nested,
  reencode,
  unframe,
  utf8,
  type LineEnds,
  type Mutation,
  type TextEncoding,
} from './inputs';
import { binarySamples, targets, type FuzzFile, type Target } from './targets';
import {
  insertRun,
  manyClassesArb,
  manyClassesFile,
  runArb,
  stepsBackArb,
  stepsBackFile,
  stepsOf,
} from './hostileInputs';

export interface FuzzCase {
  readonly kind: string;
  readonly label: string;
  readonly files: readonly FuzzFile[];
  readonly chunks: readonly number[];
  readonly variant: number;
  /** For a re-encoded sample: the original, which must read the same. */
  readonly reference?: readonly FuzzFile[];
  /** Issues the read must report (a line over the limit): regular expressions over the messages. */
  readonly expectIssue?: RegExp;
  /** A binary file given whole to a text format: exactly one issue, nothing read. */
  readonly expectRefused?: boolean;
}

const WINDOW = 16 * 1024;

// ---- cases ------------------------------------------------------------------------------------

function pick<T>(list: readonly T[], i: number): T {
  return list[i % list.length]!;
}

function windowOf(bytes: Uint8Array, start: number, length: number): Uint8Array {
  if (bytes.length <= WINDOW) return bytes;
  const s = start % (bytes.length - Math.min(length, bytes.length) + 1);
  return bytes.subarray(s, s + length);
}

/** The sample's members with member `m` replaced by `bytes` (single-file samples have one). */
export function withMember(files: readonly FuzzFile[], m: number, bytes: Uint8Array): FuzzFile[] {
  const i = m % files.length;
  return files.map((f, k) => (k === i ? { name: f.name, bytes } : f));
}

export function caseArb(t: Target): fc.Arbitrary<FuzzCase> {
  const samples = t.samples;
  const others = targets().flatMap((x) => x.samples.flatMap((s) => s.files.map((f) => f.bytes)));
  const binaries = binarySamples();
  const common = { chunks: chunkSizesArb(), variant: fc.nat(), s: fc.nat(), m: fc.nat() };
  const build = (
    kind: string,
    label: string,
    files: readonly FuzzFile[],
    chunks: readonly number[],
    variant: number,
    extra: Partial<FuzzCase> = {},
  ): FuzzCase => ({ kind, label, files, chunks, variant: variant % t.variants, ...extra });
  const replacing = (kind: string, bytes: fc.Arbitrary<Uint8Array>) =>
    fc.record({ ...common, bytes }).map(({ chunks, variant, s, m, bytes: b }) => {
      const sample = pick(samples, s);
      return build(
        kind,
        `${sample.label} (member ${m % sample.files.length} replaced)`,
        withMember(sample.files, m, b),
        chunks,
        variant,
      );
    });

  const arbs: { arbitrary: fc.Arbitrary<FuzzCase>; weight: number }[] = [
    {
      weight: 2,
      arbitrary: fc
        .record(common)
        .map(({ chunks, variant, s }) =>
          build('sample', pick(samples, s).label, pick(samples, s).files, chunks, variant),
        ),
    },
    {
      weight: 10,
      arbitrary: fc
        .record({
          ...common,
          start: fc.nat(),
          length: fc.integer({ min: 1, max: WINDOW }),
          mutations: fc.array(mutationArb, { minLength: 1, maxLength: 6 }),
        })
        .map(({ chunks, variant, s, m, start, length, mutations }) => {
          const sample = pick(samples, s);
          const member = pick(sample.files, m);
          let bytes = windowOf(member.bytes, start, length);
          for (const mu of mutations) bytes = mutate(bytes, mu, others);
          return build(
            'mutated',
            `${sample.label}:${member.name} ${mutations.map(describeMutation).join(' ')}`,
            withMember(sample.files, m, bytes),
            chunks,
            variant,
          );
        }),
    },
    { weight: 2, arbitrary: replacing('random', fc.uint8Array({ maxLength: 2048 })) },
    {
      weight: 3,
      arbitrary: replacing(
        'noise',
        fc.array(fc.constantFrom(...t.alphabet), { maxLength: 400 }).map((a) => utf8(a.join(''))),
      ),
    },
    { weight: 6, arbitrary: replacing('generated', t.generated) },
    {
      weight: t.drains ? 2 : 0,
      arbitrary: fc
        .record({
          ...common,
          encoding: fc.constantFrom<TextEncoding>('utf16le-bom', 'utf16be-bom', 'utf16le', 'utf8-bom'),
        })
        .map(({ chunks, variant, s, m, encoding }) => {
          const sample = pick(samples, s);
          const files =
            sample.files.length === 1
              ? [{ name: sample.files[0]!.name, bytes: reencode(sample.files[0]!.bytes, encoding) }]
              : sample.files;
          return build(
            'encoded',
            `${sample.label} as ${encoding}`,
            t.drains && sample.files.length === 1
              ? files
              : withMember(sample.files, m, sample.files[m % sample.files.length]!.bytes),
            chunks,
            variant,
            t.drains && sample.files.length === 1 && encoding !== 'utf16le' ? { reference: sample.files } : {},
          );
        }),
    },
    {
      weight: 1,
      arbitrary: fc
        .record({
          ...common,
          b: fc.nat(),
          start: fc.nat(),
          length: fc.integer({ min: 1, max: WINDOW }),
          whole: fc.boolean(),
        })
        .map(({ chunks, variant, s, m, b, start, length, whole }) => {
          const bin = pick(binaries, b);
          const bytes = whole ? bin : windowOf(bin, start, length);
          return build(
            'binary',
            `binary #${b % binaries.length}${whole ? '' : ' window'}`,
            withMember(pick(samples, s).files, m, bytes),
            chunks,
            variant,
            whole && t.refusesBinary ? { expectRefused: true } : {},
          );
        }),
    },
    {
      // CRLF (or a mix of LF and CRLF) line ends read as LF ones do.
      weight: t.drains ? 1 : 0,
      arbitrary: fc
        .record({ ...common, style: fc.constantFrom<LineEnds>('crlf', 'lf-crlf'), seed: fc.nat() })
        .map(({ chunks, variant, s, m, style, seed }) => {
          const sample = pick(samples, s);
          const member = pick(sample.files, m);
          return build(
            'line ends',
            `${sample.label}:${member.name} as ${style}`,
            withMember(sample.files, m, convertLineEnds(member.bytes, style, seed)),
            chunks,
            variant,
            t.drains ? { reference: sample.files } : {},
          );
        }),
    },
    {
      weight: 1,
      arbitrary: fc
        .record({ ...common, kind: fc.nat(3), depth: fc.integer({ min: 1, max: 5000 }), closed: fc.boolean() })
        .map(({ chunks, variant, s, m, kind, depth, closed }) =>
          build(
            'nested',
            `nesting ${depth} (${kind}${closed ? ', closed' : ''})`,
            withMember(pick(samples, s).files, m, nested(kind, depth, closed)),
            chunks,
            variant,
          ),
        ),
    },
  ];
  // Issue #15's inputs: a run of one character in a sample, steps that go back, many classes.
  arbs.push({
    weight: 3,
    arbitrary: fc.record({ ...common, run: runArb }).map(({ chunks, variant, s, m, run }) => {
      const sample = pick(samples, s);
      const member = pick(sample.files, m);
      return build(
        'run',
        `${sample.label}:${member.name} with ${run.length} × ${JSON.stringify(run.char)} then ${JSON.stringify(run.tail)}`,
        withMember(sample.files, m, insertRun(windowOf(member.bytes, run.at, WINDOW), run)),
        chunks,
        variant,
      );
    }),
  });
  if (stepsBackFile(t.name, [1])) {
    arbs.push({
      weight: 2,
      arbitrary: fc
        .record({ ...common, steps: stepsBackArb })
        .map(({ chunks, variant, s, m, steps }) =>
          build(
            'steps back',
            `${steps.n} steps going back (shape ${steps.shape})`,
            withMember(pick(samples, s).files, m, stepsBackFile(t.name, stepsOf(steps.shape, steps.n, steps.seed))!),
            chunks,
            variant,
          ),
        ),
    });
  }
  if (t.name === 'predictions') {
    arbs.push({
      weight: 2,
      arbitrary: fc
        .record({ ...common, classes: manyClassesArb })
        .map(({ chunks, variant, classes }) =>
          build(
            'many classes',
            `${classes.k} classes over ${classes.k + classes.extra} rows`,
            [{ name: 'predictions.csv', bytes: manyClassesFile(classes.k, classes.k + classes.extra, classes.seed) }],
            chunks,
            variant,
          ),
        ),
    });
  }
  if (t.name.startsWith('tfevents')) {
    // Mutated payloads framed again with valid CRCs, so that the event decoder itself is fuzzed.
    arbs.push({
      weight: 10,
      arbitrary: fc
        .record({
          ...common,
          first: fc.nat(),
          count: fc.integer({ min: 1, max: 30 }),
          edits: fc.array(fc.tuple(fc.nat(), mutationArb), { minLength: 1, maxLength: 6 }),
        })
        .map(({ chunks, variant, s, m, first, count, edits }) => {
          const sample = pick(samples, s);
          const member = pick(sample.files, m);
          const records = unframe(member.bytes);
          const from = records.length === 0 ? 0 : first % records.length;
          const chosen = records.slice(from, from + count);
          for (const [r, mu] of edits)
            if (chosen.length > 0) chosen[r % chosen.length] = mutate(chosen[r % chosen.length]!, mu, []);
          return build(
            'reframed',
            `${sample.label}:${member.name} records ${from}+${chosen.length}`,
            withMember(sample.files, m, concatBytes(chosen.map((d) => frame(d)))),
            chunks,
            variant,
          );
        }),
    });
  }
  if (t.name === 'wandb') {
    // A sample's records, mutated, framed again with valid checksums: the record decoder itself is fuzzed.
    arbs.push({
      weight: 10,
      arbitrary: fc
        .record({
          ...common,
          first: fc.nat(),
          count: fc.integer({ min: 1, max: 60 }),
          edits: fc.array(fc.tuple(fc.nat(), mutationArb), { minLength: 1, maxLength: 6 }),
        })
        .map(({ chunks, variant, s, first, count, edits }) => {
          const sample = pick(samples, s);
          const m = sample.files.findIndex((f) => f.name.endsWith('.wandb'));
          const records = wandbUnframe(sample.files[m]!.bytes);
          const from = records.length === 0 ? 0 : first % records.length;
          const chosen = records.slice(from, from + count);
          for (const [r, mu] of edits)
            if (chosen.length > 0) chosen[r % chosen.length] = mutate(chosen[r % chosen.length]!, mu, []);
          return build(
            'reframed',
            `${sample.label} records ${from}+${chosen.length}`,
            withMember(sample.files, m, wandbFrame(chosen)),
            chunks,
            variant,
          );
        }),
    });
    // The whole log with bytes flipped, cut, or a chunk length made huge, header kept: damage past the first block.
    arbs.push({
      weight: 6,
      arbitrary: fc
        .record({
          ...common,
          at: fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 8 }),
          cut: fc.option(fc.nat()),
        })
        .map(({ chunks, variant, s, at, cut }) => {
          const sample = pick(samples, s);
          const m = sample.files.findIndex((f) => f.name.endsWith('.wandb'));
          const bytes = sample.files[m]!.bytes.slice();
          for (const [i, v] of at) bytes[7 + (i % Math.max(1, bytes.length - 7))] = v;
          const kept = cut === null ? bytes : bytes.subarray(0, cut % (bytes.length + 1));
          return build(
            'damaged',
            `${sample.label} ${at.length} bytes set${cut === null ? '' : `, cut at ${kept.length}`}`,
            withMember(sample.files, m, kept),
            chunks,
            variant,
          );
        }),
    });
  }
  // Re-encodings and line ends mean nothing to binary records (weight 0): those cases would only read the samples again.
  return fc.oneof(...arbs.filter((a) => a.weight > 0));
}

function describeMutation(m: Mutation): string {
  switch (m.op) {
    case 'token':
      return `token(${JSON.stringify(new TextDecoder().decode(TOKENS[m.token]!)).slice(0, 24)}${m.replace ? ', replacing' : ''})`;
    case 'repeat':
      return `repeat(#${m.unit}×${m.count})`;
    case 'insert':
      return `insert(${m.bytes.length})`;
    default:
      return m.op;
  }
}
