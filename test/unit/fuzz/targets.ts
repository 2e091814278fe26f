// What the fuzzer reads: every parser behind its public entry point (`createParser`,
// `createFolderParser`, `PredictionsParser`, `detectFormat`), with the real samples of its format
// and a generator of format-shaped input. Each read returns a plain outcome to check and compare.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { evaluate, PredictionsParser, type PredictionOptions } from '../../../src/core/classify';
import { createFolderParser, createParser, detectFormat } from '../../../src/core/formats';
import { diagnoseRun } from '../../../src/core/diagnose/diagnoser';
import { decodeUtf8 } from '../../../src/core/text/lines';
import type { FolderRunParser, FormatId, ReadIssue, Run, RunParser } from '../../../src/core/model/run';
import { chunksOf, concatBytes, eventStreamArb, frame, unframe, utf8 } from './inputs';
import { wandbStreamArb } from './wandbInputs';

export interface FuzzFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** A real file (or folder of member files) of a target's format. */
export interface Sample {
  readonly label: string;
  readonly files: readonly FuzzFile[];
}

export interface Outcome {
  /** Everything read, as plain data (typed arrays kept), for comparing two reads. */
  readonly dump: unknown;
  readonly issues: readonly ReadIssue[];
  readonly issueCount: number;
  /** Bytes still held back after the final flush. */
  readonly pending: number;
  readonly seriesCount: number;
  readonly pointCount: number;
  /** Member files of a folder read (issues may name them). */
  readonly members: readonly string[];
}

export interface Read {
  readonly outcome: Outcome;
  /** The parser, kept alive by the caller while it measures what the parser retains. */
  readonly parser: unknown;
}

export interface Target {
  readonly name: string;
  readonly samples: readonly Sample[];
  /** Tokens random format-shaped noise is made of. */
  readonly alphabet: readonly string[];
  /** Format-shaped input built from scratch. */
  readonly generated: fc.Arbitrary<Uint8Array>;
  /** Whether a final flush must leave no bytes pending (true for every text format). */
  readonly drains: boolean;
  /** Ways to open the input (path and format variants, reader options), picked per case. */
  readonly variants: number;
  /**
   * Whether a flush in the middle (a live reader settling while the writer is quiet) must change
   * nothing: true for binary records, which a flush leaves waiting (a text flush ends the last line).
   */
  readonly settles: boolean;
  /** Whether a binary file given whole is refused with one issue (the single-file text formats). */
  readonly refusesBinary: boolean;
  /** Reads `files`, each pushed in chunks of `chunkSizes` (cycled; [] = one chunk), flushing after every chunk when `settle`. */
  read(files: readonly FuzzFile[], chunkSizes: readonly number[], variant: number, settle?: boolean): Read;
}

// ---- samples ----------------------------------------------------------------------------------

const FIXTURES = join(process.cwd(), 'test', 'fixtures');

function fixtureFile(path: string, name = path.split('/').pop()!): FuzzFile {
  return { name, bytes: new Uint8Array(readFileSync(join(FIXTURES, path))) };
}

function files(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else out.push(p);
  }
  return out.sort();
}

function singles(paths: readonly string[]): Sample[] {
  return paths.map((p) => ({ label: p, files: [fixtureFile(p)] }));
}

function glob(dir: string, pattern: RegExp): string[] {
  return files(join(FIXTURES, dir))
    .map((p) => relative(FIXTURES, p).replace(/\\/g, '/'))
    .filter((p) => pattern.test(p));
}

/** A folder run's members, named relative to it as a reader would push them. */
function folderSample(format: FormatId, dir: string): Sample {
  const root = join(FIXTURES, dir);
  const probe = createFolderParser('', format, '');
  const members: FuzzFile[] = [];
  for (const p of files(root)) {
    const name = relative(root, p).replace(/\\/g, '/');
    if (probe.memberMode(name))
      members.push({
        name,
        bytes:
          format === 'tfevents'
            ? firstRecords(new Uint8Array(readFileSync(p)), 32 * 1024)
            : new Uint8Array(readFileSync(p)),
      });
  }
  for (const outside of probe.outsideMembers) {
    try {
      members.push({ name: outside, bytes: new Uint8Array(readFileSync(join(root, outside))) });
    } catch {
      /* absent */
    }
  }
  return { label: dir, files: members };
}

/** The whole records of an event file within its first `bytes` (every case reads every member: they are kept small). */
function firstRecords(stream: Uint8Array, bytes: number): Uint8Array {
  const records: Uint8Array[] = [];
  let size = 0;
  for (const r of unframe(stream)) {
    if (size + r.length + 16 > bytes) break;
    records.push(frame(r));
    size += r.length + 16;
  }
  return concatBytes(records);
}

/** Binary files a user may open by mistake: the extension's PNG icon, an event file. */
export function binarySamples(): Uint8Array[] {
  return [
    new Uint8Array(readFileSync(join(process.cwd(), 'media', 'icon.png'))),
    fixtureFile(
      'tfevents/keras-nan/20220213-124139/validation/events.out.tfevents.1644728574.huangyuan3hdeMacBook-Pro.local.73068.1.v2',
    ).bytes,
    fixtureFile('tfevents/ultralytics/events.out.tfevents.1675348815.43529bab29be.37247.0').bytes.slice(0, 20000),
  ];
}

// ---- outcomes ---------------------------------------------------------------------------------

function dumpRun(run: Run): unknown {
  return {
    format: run.format,
    name: run.name,
    xLabel: run.xLabel,
    group: run.group,
    params: [...run.params],
    summary: [...run.summary],
    series: run.series.map((s) => ({
      name: s.name,
      split: s.id.split,
      percent: s.percent,
      segments: s.segmentStarts.slice(),
      steps: s.stepArray(),
      values: s.valueArray(),
      locations: s.locationArray(),
      epochs: s.epochArray() ?? null,
      walls: s.wallTimeArray() ?? null,
      files: Array.from({ length: s.length }, (_, i) => s.fileOf(i) ?? null),
    })),
    issues: run.issues.map((i) => ({ ...i })),
    issueCount: run.issueCount,
  };
}

function runOutcome(run: Run, pending: number, members: readonly string[]): Outcome {
  return {
    dump: dumpRun(run),
    issues: run.issues,
    issueCount: run.issueCount,
    pending,
    seriesCount: run.series.length,
    pointCount: run.pointCount,
    members,
  };
}

function feed(
  push: (chunk: Uint8Array) => void,
  bytes: Uint8Array,
  sizes: readonly number[],
  settle?: () => void,
): void {
  for (const c of chunksOf(bytes, sizes)) {
    push(c);
    settle?.();
  }
  // An empty push is what a reader hands over when a file did not grow: it must change nothing.
  if (sizes.includes(0)) push(new Uint8Array(0));
}

function readSingle(make: () => RunParser, files: readonly FuzzFile[], sizes: readonly number[], settle = false): Read {
  const parser = make();
  feed((c) => parser.push(c), files[0]!.bytes, sizes, settle ? () => parser.flush() : undefined);
  parser.flush();
  // What the editor does next with a run (its rules) must not break either: once per case, on the whole read.
  if (sizes.length === 0) diagnoseRun(parser.run);
  return { outcome: runOutcome(parser.run, parser.pendingBytes, []), parser };
}

function readFolder(
  make: () => FolderRunParser,
  files: readonly FuzzFile[],
  sizes: readonly number[],
  settle = false,
): Read {
  const parser = make();
  for (const f of files) {
    if (!parser.memberMode(f.name)) continue;
    feed((c) => parser.push(f.name, c), f.bytes, sizes, settle ? () => parser.flush(f.name) : undefined);
    parser.flush(f.name);
  }
  parser.flush();
  if (sizes.length === 0) diagnoseRun(parser.run);
  return {
    outcome: runOutcome(
      parser.run,
      parser.pendingBytes,
      files.map((f) => f.name),
    ),
    parser,
  };
}

// ---- generators of format-shaped input ----------------------------------------------------------

const numberText = fc.oneof(
  { arbitrary: fc.double().map(String), weight: 4 },
  { arbitrary: fc.integer({ min: -1000, max: 100000 }).map(String), weight: 4 },
  {
    arbitrary: fc.constantFrom(
      'nan',
      'NaN',
      'inf',
      '-inf',
      'Infinity',
      '-Infinity',
      '1e309',
      '',
      'NA',
      'null',
      'True',
      '1e-400',
      '9'.repeat(40),
      '0.1%',
      '93.5%',
      '-0',
    ),
    weight: 2,
  },
  { arbitrary: fc.string({ maxLength: 6 }), weight: 1 },
);
const metricName = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      'epoch',
      'step',
      'loss',
      'val_loss',
      'acc',
      'val_accuracy',
      'lr',
      'time',
      'global_step',
      'iteration',
      'iter',
      'train/loss',
      'metrics/mAP50(B)',
      'lr-Adam',
      'Unnamed: 0',
      'id',
      'wall_time',
      '_step',
      'mode',
      'eval_loss',
      'data_time',
    ),
    weight: 5,
  },
  { arbitrary: fc.string({ maxLength: 10 }), weight: 2 },
);
const lineEnd = fc.constantFrom('\n', '\n', '\n', '\r\n', '\r');

const csvArb: fc.Arbitrary<Uint8Array> = fc
  .record({
    d: fc.constantFrom(',', '\t', ';', ' , '),
    header: fc.array(metricName, { minLength: 1, maxLength: 8 }),
    rows: fc.array(
      fc.array(
        fc.oneof(
          { arbitrary: numberText, weight: 6 },
          { arbitrary: fc.constantFrom('"1,5"', '"a""b"', '"x\ny"', ' "q" ', '"'), weight: 1 },
        ),
        { maxLength: 9 },
      ),
      { maxLength: 40 },
    ),
    eol: lineEnd,
  })
  .map(({ d, header, rows, eol }) => utf8([header.join(d), ...rows.map((r) => r.join(d))].join(eol) + eol));

const jsonValue: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: numberText.filter((t) => t !== ''), weight: 5 },
  {
    arbitrary: fc.constantFrom(
      'NaN',
      'Infinity',
      '-Infinity',
      'null',
      'true',
      '"nan"',
      '"inf"',
      '"train"',
      '"val"',
      '[1, 2]',
      '{"a": 1, "b": {"c": 2}}',
      '[]',
      '{}',
      '"\\u00e9\\"x"',
    ),
    weight: 3,
  },
);
const jsonObject = fc
  .array(fc.tuple(metricName, jsonValue), { maxLength: 8 })
  .map((pairs) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(', ')}}`);

const jsonlArb: fc.Arbitrary<Uint8Array> = fc
  .record({
    lines: fc.array(
      fc.oneof(
        { arbitrary: jsonObject, weight: 8 },
        {
          arbitrary: fc.constantFrom(
            '',
            '[1]',
            '{"a":',
            'not json',
            '{"mode": "train", "epoch": 1, "iter": 10, "loss": 0.5}',
            '{"env_info": "x"}',
          ),
          weight: 1,
        },
      ),
      { maxLength: 40 },
    ),
    eol: lineEnd,
  })
  .map(({ lines, eol }) => utf8(lines.join(eol) + eol));

const trainerStateArb: fc.Arbitrary<Uint8Array> = fc
  .record({
    rows: fc.array(jsonObject, { maxLength: 30 }),
    pretty: fc.boolean(),
    extra: fc.constantFrom('', '"best_metric": null, ', '"global_step": 10, "log_history": [], '),
  })
  .map(({ rows, pretty, extra }) =>
    utf8(`{${extra}"log_history": [${rows.join(pretty ? ',\n    ' : ',')}]${pretty ? '\n' : ''}, "max_steps": 5}\n`),
  );

const kerasHistoryArb: fc.Arbitrary<Uint8Array> = fc
  .array(fc.tuple(metricName, fc.array(jsonValue, { maxLength: 30 })), { maxLength: 6 })
  .map((cols) => utf8(`{${cols.map(([k, vs]) => `${JSON.stringify(k)}: [${vs.join(', ')}]`).join(', ')}}`));

const textLine = fc.oneof(
  fc.tuple(fc.nat(100), fc.nat(100)).map(([e, n]) => `Epoch ${e}/${n}`),
  fc
    .tuple(fc.nat(300), fc.nat(300), numberText, numberText)
    .map(([i, n, a, b]) => `${i}/${n} [==========>...] - ETA: 2s - loss: ${a} - accuracy: ${b}`),
  fc
    .tuple(fc.nat(9), fc.nat(9), fc.nat(600), fc.nat(600), numberText)
    .map(([e, n, s, t, v]) => `Epoch [${e}/${n}], Step [${s}/${t}], Loss: ${v}`),
  fc.tuple(fc.nat(50), numberText, numberText).map(([e, a, b]) => `epoch ${e} | loss ${a} | acc ${b}%`),
  fc.tuple(fc.nat(50), numberText).map(([e, v]) => `2025-04-24 21:17:53,828 - INFO - epoch=${e} train_loss=${v}`),
  fc.tuple(fc.nat(50), fc.nat(50), numberText).map(([e, i, v]) => `Epoch(val) [${e}][${i}/25]  lr: 1e-3  loss: ${v}`),
  fc
    .tuple(fc.nat(50), numberText)
    .map(([s, v]) => `\r  ${s}%|###   | ${s}/100 [00:01<00:02, loss=${v}]\r 100%|#####| 100/100 [00:03, loss=${v}]`),
  fc.tuple(fc.nat(50), numberText).map(([s, v]) => `\x1b[32mstep ${s}\x1b[0m: val loss: ${v}`),
  fc.string({ maxLength: 40 }),
);
const textArb: fc.Arbitrary<Uint8Array> = fc
  .record({ lines: fc.array(textLine, { maxLength: 40 }), eol: lineEnd })
  .map(({ lines, eol }) => utf8(lines.join(eol) + eol));

const label = fc.oneof(
  fc.constantFrom(
    '0',
    '1',
    '2',
    'cat',
    'dog',
    'True',
    'False',
    '',
    '1.0',
    '0.5',
    'nan',
    '"a,b"',
    '"x\ny"',
    ' 1',
    '-1',
    '1e3',
  ),
  fc.string({ maxLength: 5 }),
);
const predictionsCsvArb: fc.Arbitrary<Uint8Array> = fc
  .record({
    header: fc.shuffledSubarray(
      [
        'y_true',
        'y_pred',
        'score',
        'p_cat',
        'p_dog',
        'id',
        'label',
        'prediction',
        'proba_0',
        'proba_1',
        '',
        'cat',
        'dog',
      ],
      { minLength: 1, maxLength: 6 },
    ),
    rows: fc.array(fc.array(fc.oneof(label, numberText), { minLength: 1, maxLength: 6 }), { maxLength: 60 }),
    d: fc.constantFrom(',', '\t', ';'),
    eol: lineEnd,
  })
  .map(({ header, rows, d, eol }) => utf8([header.join(d), ...rows.map((r) => r.join(d))].join(eol) + eol));

const predictionRecord = fc
  .array(
    fc.tuple(
      fc.constantFrom('actual', 'predicted', 'y_true', 'y_pred', 'score', 'probs', 'id', 'x'),
      fc.oneof(
        jsonValue,
        label.map((l) => JSON.stringify(l)),
      ),
    ),
    { maxLength: 5 },
  )
  .map((pairs) => `{${pairs.map(([k, v]) => `"${k}": ${v}`).join(', ')}}`);
const predictionsJsonArb: fc.Arbitrary<Uint8Array> = fc
  .record({
    records: fc.array(predictionRecord, { maxLength: 40 }),
    layout: fc.constantFrom('lines', 'array', 'wrapper', 'wrapperFirst'),
  })
  .map(({ records, layout }) =>
    utf8(
      layout === 'lines'
        ? records.join('\n') + '\n'
        : layout === 'array'
          ? `[${records.join(',\n')}]`
          : layout === 'wrapper'
            ? `{"confusion_matrix": [${records.join(', ')}]}`
            : `{"meta": {"a": [1, {"b": "]"}]}, "rows": [${records.join(',')}], "tail": 1}`,
    ),
  );

const yamlArb: fc.Arbitrary<Uint8Array> = fc
  .array(
    fc.oneof(
      fc.tuple(metricName, numberText).map(([k, v]) => `${k}: ${v}`),
      fc.constantFrom(
        'name: Default',
        'run_name: "a: b"',
        "run_name: 'it''s'",
        'nested:',
        '  lr: 0.1',
        '- item',
        '# comment',
        'key:',
        'x: [1, 2]',
        'y: |',
      ),
    ),
    { maxLength: 12 },
  )
  .map((lines) => utf8(lines.join('\n') + '\n'));

const mlflowMetricArb: fc.Arbitrary<Uint8Array> = fc
  .array(
    fc.tuple(
      fc.oneof(fc.integer({ min: 0, max: 2 ** 45 }).map(String), numberText),
      numberText,
      fc.option(fc.oneof(fc.nat(1000).map(String), numberText)),
    ),
    { maxLength: 40 },
  )
  .map((rows) => utf8(rows.map(([t, v, s]) => (s === null ? `${t} ${v}` : `${t} ${v} ${s}`)).join('\n') + '\n'));

const dvcliveTsvArb: fc.Arbitrary<Uint8Array> = fc
  .record({
    header: fc.constantFrom('step\tloss', 'step\tbinary_logloss', 'timestamp\tstep\tloss', 'loss', 'step\tloss\textra'),
    rows: fc.array(fc.array(numberText, { minLength: 1, maxLength: 3 }), { maxLength: 30 }),
  })
  .map(({ header, rows }) => utf8([header, ...rows.map((r) => r.join('\t'))].join('\n') + '\n'));

// ---- targets ----------------------------------------------------------------------------------

const JSON_ALPHABET = [
  '{',
  '}',
  '[',
  ']',
  ':',
  ',',
  '"',
  '"a"',
  '"loss"',
  '"step"',
  '"log_history"',
  '1',
  '0.5',
  '-',
  'e',
  'NaN',
  'Infinity',
  'null',
  'true',
  ' ',
  '\n',
  '\\',
  '\\"',
  'é',
];
const CSV_ALPHABET = [
  ',',
  '\t',
  ';',
  '"',
  '\n',
  '\r',
  ' ',
  '1',
  '0.5',
  '-',
  'e',
  '.',
  'nan',
  'inf',
  'epoch',
  'loss',
  'val_loss',
  'step',
  'a',
  'é',
];
const TEXT_ALPHABET = [
  'Epoch',
  'epoch',
  'step',
  'Step',
  '[',
  ']',
  '/',
  ':',
  '=',
  '|',
  ' ',
  '\n',
  '\r',
  '\b',
  '\x1b[31m',
  'loss',
  'acc',
  '1',
  '0.5',
  '%',
  '-',
  'e',
  'nan',
  'val',
  'INFO',
  '-',
];

const CSV_VARIANTS: readonly [string, FormatId][] = [
  ['logs/history.csv', 'csv'],
  ['logs/history.tsv', 'csv'],
  ['logs/training.log', 'csv'],
  ['lightning_logs/version_0/metrics.csv', 'lightning-csv'],
  ['runs/detect/train/results.csv', 'ultralytics-csv'],
];

const PREDICTION_OPTIONS: readonly PredictionOptions[] = [
  {},
  { format: 'json' },
  { format: 'delimited', delimiter: ';' },
  { trueCol: 'label' },
  { positive: 'cat', threshold: 0.3 },
  { probaPrefix: 'p_' },
];

const DETECT_PATHS = [
  'train.log',
  'out/metrics.txt',
  'data.json',
  'history.csv',
  'x',
  'mlruns/0/abc/metrics/loss',
  'events.out.tfevents.1',
];

export function makeTargets(): Target[] {
  const csvSamples = singles([
    'keras/training.log',
    'pytorch-digits/history.csv',
    'pytorch-digits/sparse_metrics.csv',
    'ultralytics/results.csv',
    'lightning/metrics.csv',
    ...glob('runs', /\.csv$/),
  ]);
  const jsonlSamples = singles([
    'pytorch-digits/metrics.jsonl',
    'jsonl/detectron2/metrics.json',
    ...glob('runs', /\.jsonl$/),
  ]);
  const hfSamples = singles(
    glob('hf-trainer-state', /trainer_state\.json$/).concat(glob('runs/samples', /trainer_state\.json$/)),
  );
  const kerasSamples = singles(glob('keras-history-json', /\.json$/));
  const textSamples = singles([
    ...glob('text', /\.log$/),
    'pytorch-digits/train.log',
    ...glob('runs', /train\.log$/).slice(0, 4),
  ]);
  const eventSamples = singles(glob('tfevents', /events\.out\.tfevents/));
  const predictionSamples = singles(glob('classify', /\.(csv|json)$/).filter((p) => !p.endsWith('reference.json')));
  const allSamples = [csvSamples, jsonlSamples, hfSamples, kerasSamples, textSamples, predictionSamples].flat();

  const single = (
    name: string,
    samples: Sample[],
    alphabet: string[],
    generated: fc.Arbitrary<Uint8Array>,
    make: (variant: number) => RunParser,
    variants = 1,
  ): Target => ({
    name,
    samples,
    alphabet,
    generated,
    drains: true,
    variants,
    settles: false,
    refusesBinary: true,
    read: (files, sizes, variant, settle) => readSingle(() => make(variant), files, sizes, settle),
  });
  const folder = (
    name: string,
    format: FormatId,
    dirs: string[],
    alphabet: string[],
    generated: fc.Arbitrary<Uint8Array>,
    drains = true,
  ): Target => ({
    name,
    samples: dirs.map((d) => folderSample(format, d)),
    alphabet,
    generated,
    drains,
    variants: 1,
    settles: !drains,
    refusesBinary: false,
    read: (files, sizes, _variant, settle) =>
      readFolder(() => createFolderParser(`folder/${name}`, format, name), files, sizes, settle),
  });

  return [
    single(
      'csv',
      csvSamples,
      CSV_ALPHABET,
      csvArb,
      (v) => createParser(CSV_VARIANTS[v]![0], CSV_VARIANTS[v]![1]),
      CSV_VARIANTS.length,
    ),
    single('jsonl', jsonlSamples, JSON_ALPHABET, jsonlArb, () => createParser('logs/metrics.jsonl', 'jsonl')),
    single('hf-trainer-state', hfSamples, JSON_ALPHABET, trainerStateArb, () =>
      createParser('out/trainer_state.json', 'hf-trainer-state'),
    ),
    single('keras-history-json', kerasSamples, JSON_ALPHABET, kerasHistoryArb, () =>
      createParser('out/history.json', 'keras-history-json'),
    ),
    single('text', textSamples, TEXT_ALPHABET, textArb, () => createParser('logs/train.log', 'text')),
    {
      ...single(
        'tfevents',
        eventSamples,
        ['\x00', '\x08', '\x12', '\x1a', '\x2a', 'loss', '\xff'],
        eventStreamArb,
        (v) =>
          createParser(
            v === 0 ? 'logs/events.out.tfevents.1.host' : 'logs/validation/events.out.tfevents.1.host',
            'tfevents',
          ),
        2,
      ),
      drains: false,
      settles: true,
      refusesBinary: false,
    },
    folder(
      'tfevents-folder',
      'tfevents',
      ['tfevents/keras-imdb/imdb-model-1690485351', 'tfevents/keras-nan/20220213-124139'],
      ['\x00', '\x12', 'loss'],
      eventStreamArb,
      false,
    ),
    folder(
      'dvclive',
      'dvclive',
      ['dvclive/dvclive', 'dvclive/results/train'],
      [...CSV_ALPHABET, ...JSON_ALPHABET],
      fc.oneof(dvcliveTsvArb, jsonlArb, yamlArb),
    ),
    folder(
      'wandb',
      'wandb',
      ['wandb/core-0.19/run-20250317_143420-w0raviok', 'wandb/lightning-0.12/run-20250305_085822-r4uk18q2'],
      ['\x00', '\x12', '\x0a', '\x82', ':W&B', '_step', 'loss', '\xff', 'value:'],
      fc.oneof(wandbStreamArb, yamlArb, jsonlArb),
      false,
    ),
    folder(
      'mlflow',
      'mlflow',
      [
        'mlflow/mnist/mlruns/0/c89566f24f7b4bf0b526c7ac29c426be',
        'mlflow/keras-autolog/mlruns/1/ed05f9cd599442fe9a0c9222184710b8',
      ],
      ['0', '1', ' ', '\n', '.', 'e', '-', 'nan', ':', 'name', 'run_name'],
      fc.oneof(mlflowMetricArb, yamlArb),
    ),
    {
      name: 'predictions',
      samples: predictionSamples,
      alphabet: [...CSV_ALPHABET, ...JSON_ALPHABET, 'cat', 'dog', 'y_true', 'y_pred', 'score'],
      generated: fc.oneof(predictionsCsvArb, predictionsJsonArb),
      drains: true,
      variants: PREDICTION_OPTIONS.length,
      settles: false,
      refusesBinary: true,
      read: (files, sizes, variant, settle) =>
        readPredictions(files[0]!, sizes, PREDICTION_OPTIONS[variant]!, variant % 2 === 0, settle),
    },
    {
      name: 'detect',
      samples: allSamples,
      alphabet: [...CSV_ALPHABET, ...JSON_ALPHABET, ...TEXT_ALPHABET],
      generated: fc.oneof(csvArb, jsonlArb, textArb),
      drains: true,
      variants: DETECT_PATHS.length,
      settles: false,
      refusesBinary: false,
      read: (files, _sizes, variant) => {
        const format = detectFormat(DETECT_PATHS[variant]!, decodeUtf8(files[0]!.bytes.subarray(0, 8192)));
        return {
          parser: undefined,
          outcome: {
            dump: format ?? null,
            issues: [],
            issueCount: 0,
            pending: 0,
            seriesCount: 0,
            pointCount: 0,
            members: [],
          },
        };
      },
    },
  ];
}

function readPredictions(
  file: FuzzFile,
  sizes: readonly number[],
  options: PredictionOptions,
  sized: boolean,
  settle = false,
): Read {
  const parser = new PredictionsParser('predictions.csv', options, sized ? file.bytes.length : 0);
  feed((c) => parser.push(c), file.bytes, sizes, settle ? () => parser.flush() : undefined);
  parser.flush();
  const read = parser.result();
  const data = read.data;
  // What the panel computes next from the rows must not break either (computed once per case: it is the slow part).
  if (data && sizes.length === 0) evaluate(data);
  const n = data?.n ?? 0;
  return {
    parser,
    outcome: {
      dump: { data: data ?? null, issues: read.issues.map((i) => ({ ...i })), issueCount: read.issueCount },
      issues: read.issues,
      issueCount: read.issueCount,
      pending: parser.pendingBytes,
      seriesCount: 0,
      pointCount: data?.kind === 'matrix' ? 0 : n,
      members: [],
    },
  };
}

let cachedTargets: Target[] | undefined;
export function targets(): Target[] {
  cachedTargets ??= makeTargets();
  return cachedTargets;
}

export function targetNamed(name: string): Target {
  const t = targets().find((x) => x.name === name);
  if (!t)
    throw new Error(
      `no fuzz target "${name}" (targets: ${targets()
        .map((x) => x.name)
        .join(', ')})`,
    );
  return t;
}
