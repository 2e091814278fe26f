// The detector's hits and false alarms over every real and generated run, as the table in
// docs/detector-evaluation.md. What each run should show comes from how it was made
// (test/fixtures/runs/runs.json, written by scripts/make-training-runs.py from the raw numbers) or from
// the SOURCES.md beside each real file under test/fixtures; never from the detector.
//
// Regenerate the document (from the repository root):
//   npx tsc -p . --outDir /tmp/ml-out && node /tmp/ml-out/test/unit/diagnose/evaluation.js --write
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunDiagnoser, diagnoseRun, type RuleSettings } from '../../../src/core/diagnose';
import type { Finding } from '../../../src/core/model/findings';
import { parserForFile, readRunFile } from '../../../src/node/readSource';
import { FIXTURES } from '../helpers';
import { curve, epochRun, falling } from './synthetic';

export interface Expectation {
  /** Epoch where the problem starts, as the file numbers it; checked within ±TOLERANCE. */
  readonly epoch?: number;
}

export interface Case {
  readonly file: string;
  readonly run: string;
  readonly about: string;
  readonly expect: Readonly<Record<string, Expectation>>;
  /** Rules that may fire without being wrong (early stopping on a run that went on, a plateau…). */
  readonly allow: readonly string[];
  readonly settings?: RuleSettings;
}

export const TOLERANCE = 3;

/** The digits runs have ten classes; a user says so once in the settings. */
const DIGITS: RuleSettings = { chanceLevel: { params: { classes: 10 } } };

interface Manifest {
  [run: string]: {
    about: string;
    expect: Record<string, { epoch: number | null }>;
    allow: string[];
    reference: { epochs: number };
  };
}

/** Each generated run in every layout written, epochs shifted to how each file numbers them. */
function generatedCases(): Case[] {
  const manifest = JSON.parse(readFileSync(join(FIXTURES, 'runs', 'runs.json'), 'utf8')) as Manifest;
  const layouts: { file: string; firstEpoch: number }[] = [
    { file: 'history.csv', firstEpoch: 0 },
    { file: 'metrics.csv', firstEpoch: 0 },
    { file: 'train.log', firstEpoch: 1 },
    { file: 'metrics.jsonl', firstEpoch: 0 },
  ];
  const out: Case[] = [];
  for (const [run, m] of Object.entries(manifest)) {
    for (const layout of layouts) {
      // The swapped run has no Lightning layout (its step rows could not be swapped).
      if (!existsSync(join(FIXTURES, 'runs', run, layout.file))) continue;
      const expect: Record<string, Expectation> = {};
      for (const [rule, e] of Object.entries(m.expect))
        expect[rule] = e.epoch === null ? {} : { epoch: e.epoch + layout.firstEpoch };
      out.push({
        file: join('test', 'fixtures', 'runs', run, layout.file),
        run,
        about: m.about,
        expect,
        allow: m.allow,
        settings: DIGITS,
      });
    }
  }
  return out;
}

/** The real files, with what SOURCES.md (or the numbers in the file) says about them. */
function realCases(): Case[] {
  const digits = 'PyTorch MLP on digits; SOURCES.md: validation loss lowest at epoch 24 (0-based) of 50, rising after';
  const digitsAllow = ['earlyStopping', 'generalizationGap'];
  return [
    {
      file: 'test/fixtures/pytorch-digits/history.csv',
      run: 'pytorch-digits',
      about: digits,
      expect: { overfitting: { epoch: 25 } },
      allow: digitsAllow,
      settings: DIGITS,
    },
    {
      file: 'test/fixtures/pytorch-digits/sparse_metrics.csv',
      run: 'pytorch-digits',
      about: digits,
      expect: { overfitting: { epoch: 25 } },
      allow: digitsAllow,
      settings: DIGITS,
    },
    {
      file: 'test/fixtures/pytorch-digits/train.log',
      run: 'pytorch-digits',
      about: digits,
      expect: { overfitting: { epoch: 26 } },
      allow: digitsAllow,
      settings: DIGITS,
    },
    {
      file: 'test/fixtures/pytorch-digits/metrics.jsonl',
      run: 'pytorch-digits',
      about: digits,
      expect: { overfitting: { epoch: 25 } },
      allow: digitsAllow,
      settings: DIGITS,
    },
    {
      file: 'test/fixtures/runs/samples/hf-trainer/trainer_state.json',
      run: 'hf-trainer',
      about:
        'Hugging Face Trainer, 10 epochs; SOURCES.md: eval loss rising from epoch 4 while training loss falls (and macro-F1 0.19–0.25: it barely learned)',
      expect: { overfitting: { epoch: 4 } },
      allow: ['earlyStopping', 'underfitting', 'plateau'],
    },
    {
      file: 'test/fixtures/keras/training.log',
      run: 'keras-resnet50',
      about:
        'Keras CSVLogger, ResNet50 on emotions, 17 epochs: val_loss 7.42 at epoch 1 between 1.44 and 1.29; at the end 5 % above its best at epoch 10',
      expect: { lossSpike: { epoch: 1 } },
      allow: ['overfitting', 'earlyStopping', 'oscillation'],
    },
    {
      file: 'test/fixtures/lightning/metrics.csv',
      run: 'lightning-regression',
      about: 'Lightning CSVLogger, a regression: train_loss about 930 for all 5 epochs, val_loss 681.6 → 681.1',
      expect: { underfitting: { epoch: 0 } },
      allow: ['plateau', 'suspiciousValidation'],
    },
    {
      file: 'test/fixtures/runs/samples/lightning-mnist/lightning_logs/version_18/metrics.csv',
      run: 'lightning-mnist v18',
      about: 'Lightning CSVLogger, MNIST, 5 epochs with per-step and per-epoch loss and accuracy: falls and settles',
      expect: {},
      allow: ['plateau', 'earlyStopping'],
    },
    {
      file: 'test/fixtures/runs/samples/lightning-mnist/lightning_logs/version_4/metrics.csv',
      run: 'lightning-mnist v4',
      about: 'Lightning CSVLogger, MNIST, training only, per-batch losses between 0.002 and 0.3 late in training',
      expect: {},
      allow: ['plateau'],
    },
    {
      file: 'test/fixtures/ultralytics/results.csv',
      run: 'ultralytics-yolov8',
      about:
        'Ultralytics 8.0, 25 epochs: all losses fall; training losses jump at epoch 15 when mosaic augmentation is switched off',
      expect: {},
      allow: ['plateau', 'earlyStopping'],
    },
  ];
}

export function allCases(): Case[] {
  return [...generatedCases(), ...realCases()];
}

export interface Outcome {
  readonly case: Case;
  /** Why the file could not be read (no reader for its format yet), instead of findings. */
  readonly unreadable?: string;
  readonly findings: readonly Finding[];
  /** Expected rules that fired, at the right place. */
  readonly hits: readonly string[];
  /** Expected rules that did not fire, or fired too far from where the problem starts. */
  readonly misses: readonly string[];
  /** Rules that fired although neither expected nor allowed. */
  readonly falseAlarms: readonly string[];
}

function judge(c: Case, findings: readonly Finding[]): Pick<Outcome, 'hits' | 'misses' | 'falseAlarms'> {
  const hits: string[] = [],
    misses: string[] = [],
    falseAlarms: string[] = [];
  // A finding that says what other rules said of the same problem says it for them too (one problem, one finding).
  const said = findings.flatMap((f) => [f, ...(f.sameProblem ?? [])]);
  for (const [rule, e] of Object.entries(c.expect)) {
    const fs = said.filter((f) => f.rule === rule);
    const placed =
      e.epoch === undefined ? fs : fs.filter((f) => f.epoch !== undefined && Math.abs(f.epoch - e.epoch!) <= TOLERANCE);
    (placed.length > 0 ? hits : misses).push(rule);
  }
  for (const f of said) {
    if (!(f.rule in c.expect) && !c.allow.includes(f.rule) && !falseAlarms.includes(f.rule)) falseAlarms.push(f.rule);
  }
  return { hits, misses, falseAlarms };
}

export async function evaluateCase(c: Case): Promise<Outcome> {
  let findings: Finding[];
  try {
    const run = await readRunFile(join(process.cwd(), c.file), c.file);
    findings = new RunDiagnoser(run, c.settings).diagnose();
  } catch (e) {
    return {
      case: c,
      unreadable: e instanceof Error ? e.message : String(e),
      findings: [],
      hits: [],
      misses: [],
      falseAlarms: [],
    };
  }
  return { case: c, findings, ...judge(c, findings) };
}

export interface Sighting {
  readonly rule: string;
  readonly severity: string;
  readonly epoch: number | undefined;
  readonly seenAt: number;
}

/**
 * Replays a file line by line, diagnosing after each line as the extension does on a live log, and
 * lists every finding that ever appeared (rule, the epoch it points at) with the epoch the file had
 * reached when it first did.
 */
export async function replay(file: string, settings?: RuleSettings): Promise<Sighting[]> {
  const path = join(process.cwd(), file);
  const parser = await parserForFile(path, file);
  const diagnoser = new RunDiagnoser(parser.run, settings);
  const bytes = new Uint8Array(readFileSync(path));
  const seen = new Map<string, Sighting>();
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 10) continue;
    parser.push(bytes.subarray(start, i + 1));
    start = i + 1;
    const reached = Math.max(
      ...parser.run.series.map((s) => (s.length ? (s.epoch(s.length - 1) ?? -Infinity) : -Infinity)),
    );
    for (const f of diagnoser.diagnose()) {
      const key = `${f.rule}@${f.epoch}`;
      if (!seen.has(key)) seen.set(key, { rule: f.rule, severity: f.severity, epoch: f.epoch, seenAt: reached });
    }
  }
  return [...seen.values()];
}

const cell = (s: string) => s.replace(/\|/g, '\\|');

export async function renderEvaluation(): Promise<string> {
  const outcomes: Outcome[] = [];
  for (const c of allCases()) outcomes.push(await evaluateCase(c));
  const read = outcomes.filter((o) => !o.unreadable);
  const out: string[] = [
    '# Training-health detector: hits and false alarms',
    '',
    'Every run Metric Lens is tested on, what it was made (or is known) to show, and what the curve rules',
    'of `src/core/diagnose/` report on it with their default settings (plus `chanceLevel.classes = 10` for',
    'the digits runs, as a user would set it). A **hit** is an expected rule that fired within',
    `±${TOLERANCE} epochs of where the problem starts (when a place is expected); a **miss** is one that did not;`,
    'a **false alarm** is any rule that fired although it was neither expected nor listed as acceptable',
    '(acceptable: early stopping on a run that went on past its best, a plateau, and the like — listed per',
    "run). Generated runs come from `scripts/make-training-runs.py` (PyTorch on scikit-learn's digits);",
    'their expectations are in `test/fixtures/runs/runs.json`, computed from the raw numbers. Real files',
    'come from public repositories (see the `SOURCES.md` in each folder under `test/fixtures/`).',
    '',
    'Regenerate (from the repository root):',
    '',
    '```',
    'npx tsc -p . --outDir /tmp/ml-out && node /tmp/ml-out/test/unit/diagnose/evaluation.js --write',
    '```',
    '',
    '## Summary',
    '',
  ];
  const expected = read.reduce((a, o) => a + Object.keys(o.case.expect).length, 0);
  const hits = read.reduce((a, o) => a + o.hits.length, 0);
  const alarms = read.reduce((a, o) => a + o.falseAlarms.length, 0);
  const healthy = read.filter((o) => Object.keys(o.case.expect).length === 0);
  const healthyWarned = healthy.filter((o) => o.findings.some((f) => f.severity !== 'info'));
  out.push(
    `- files read: ${read.length} of ${outcomes.length} (${outcomes.length - read.length} in formats without a reader yet)`,
  );
  out.push(`- expected findings: ${expected}; hits: ${hits}; misses: ${expected - hits}`);
  out.push(`- false alarms: ${alarms} (over ${read.length} files)`);
  out.push(`- healthy files with a warning or error: ${healthyWarned.length} of ${healthy.length}`);
  out.push(
    '',
    '## Per rule',
    '',
    '| rule | files expecting it | hits | misses | false alarms | acceptable extra firings |',
    '|---|---:|---:|---:|---:|---:|',
  );
  const rules = [
    ...new Set(read.flatMap((o) => [...Object.keys(o.case.expect), ...o.findings.map((f) => f.rule)])),
  ].sort();
  for (const r of rules) {
    const exp = read.filter((o) => r in o.case.expect).length;
    const h = read.filter((o) => o.hits.includes(r)).length;
    const m = read.filter((o) => o.misses.includes(r)).length;
    const fa = read.filter((o) => o.falseAlarms.includes(r)).length;
    const extra = read.filter(
      (o) => !(r in o.case.expect) && o.case.allow.includes(r) && o.findings.some((f) => f.rule === r),
    ).length;
    out.push(`| ${r} | ${exp} | ${h} | ${m} | ${fa} | ${extra} |`);
  }
  out.push(
    '',
    '## Per file',
    '',
    '| file | what it shows | expected | fired (rule @ epoch) | result |',
    '|---|---|---|---|---|',
  );
  for (const o of outcomes) {
    const exp =
      Object.entries(o.case.expect)
        .map(([r, e]) => (e.epoch === undefined ? r : `${r} @ ${e.epoch}`))
        .join(', ') || '(none)';
    const fired = o.unreadable
      ? '—'
      : o.findings
          .map(
            (f) =>
              `${placed(f)}${f.severity === 'info' ? ' (info)' : ''}${f.sameProblem ? ` (saying ${f.sameProblem.map(placed).join(', ')})` : ''}`,
          )
          .join(', ') || '(none)';
    const result = o.unreadable
      ? `not read: ${o.unreadable}`
      : [
          o.hits.length ? `hit: ${o.hits.join(', ')}` : '',
          o.misses.length ? `**miss: ${o.misses.join(', ')}**` : '',
          o.falseAlarms.length ? `**false alarm: ${o.falseAlarms.join(', ')}**` : '',
        ]
          .filter(Boolean)
          .join('; ') || 'ok';
    out.push(
      `| \`${cell(o.case.file.replace(/^test\/fixtures\//, ''))}\` | ${cell(o.case.about)} | ${cell(exp)} | ${cell(fired)} | ${cell(result)} |`,
    );
  }
  out.push(
    '',
    '## Live: the runs replayed line by line',
    '',
    'Each file above fed to the parser one line at a time and diagnosed after every line, as the extension',
    'does on a growing log. For the overfitting runs: when the finding first appeared. For the runs expected',
    'to be healthy: every warning or error that appeared at some point and was gone by the end.',
    '',
    '| file | turn (first epoch after the lowest validation loss) | flagged when the file reached epoch | finding points at epoch |',
    '|---|---:|---:|---:|',
  );
  for (const o of read) {
    const turn = o.case.expect['overfitting']?.epoch;
    if (turn === undefined) continue;
    const first = (await replay(o.case.file, o.case.settings)).find((x) => x.rule === 'overfitting');
    out.push(
      `| \`${cell(o.case.file.replace(/^test\/fixtures\//, ''))}\` | ${turn} | ${first?.seenAt ?? 'never'} | ${first?.epoch ?? '—'} |`,
    );
  }
  out.push(
    '',
    '| healthy file | warnings that came and went (rule @ epoch, seen when the file reached epoch) |',
    '|---|---|',
  );
  for (const o of healthy) {
    const passing = (await replay(o.case.file, o.case.settings)).filter((x) => x.severity !== 'info');
    out.push(
      `| \`${cell(o.case.file.replace(/^test\/fixtures\//, ''))}\` | ${passing.map((x) => `${x.rule} @ ${x.epoch} (seen at ${x.seenAt})`).join(', ') || '(none)'} |`,
    );
  }
  out.push(
    '',
    '## Caveats',
    '',
    '- The thresholds were set while looking at these same runs, so this table shows the rules agree with',
    '  the cases they were tuned on; it is not a held-out test. New real logs are the test that counts.',
    '- A lucky low evaluation on a noisy, flat validation curve can still look like a turn. On synthetic',
    `  curves of pure ±10 % noise (40 epochs, 200 seeds) overfitting fires on ${noiseAlarms(1)} of 200 with the default`,
    `  trend test (\`minTrendZ\` 1) and on ${noiseAlarms(0)} of 200 without it. The price of the trend test: mild`,
    '  overfitting inside the noise (the `overfit` run, pytorch-digits) is flagged on a live log only once the',
    '  rise is a trend, long after the turn; the finding still points at the turn.',
    '- Healthy runs can show a warning for a while on a live log (see above) when their validation loss',
    '  rises for several evaluations and then comes back down.',
  );
  return out.join('\n') + '\n';
}

/** How many of 200 pure-noise validation curves (±10 % around a flat level) the overfitting rule flags. */
export function noiseAlarms(minTrendZ: number): number {
  let fired = 0;
  for (let seed = 1; seed <= 200; seed++) {
    const run = epochRun({ loss: falling(40), val_loss: curve(40, () => 0.2, 0.1, seed) });
    if (diagnoseRun(run, { overfitting: { params: { minTrendZ } } }).some((f) => f.rule === 'overfitting')) fired++;
  }
  return fired;
}

/** Where the hand-written part of docs/detector-evaluation.md starts (the real-run corpus): kept when regenerating. */
export const KEPT_MARKER = '<!-- kept when regenerated: the real-run corpus -->';

function keptPart(): string {
  const doc = join(process.cwd(), 'docs', 'detector-evaluation.md');
  if (!existsSync(doc)) return '';
  const text = readFileSync(doc, 'utf8');
  const at = text.indexOf(KEPT_MARKER);
  return at < 0 ? '' : '\n' + text.slice(at);
}

if (require.main === module) {
  // --write rewrites the document in place, keeping its hand-written end (a shell redirection would empty it first).
  renderEvaluation().then(
    (text) => {
      if (process.argv.includes('--write'))
        writeFileSync(join(process.cwd(), 'docs', 'detector-evaluation.md'), text + keptPart());
      else process.stdout.write(text + keptPart());
    },
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}

function placed(f: Finding): string {
  return `${f.rule} @ ${f.epoch ?? `step ${f.step}`}`;
}
