/**
 * Runs every enabled rule over a run and keeps what it can between calls, so a growing log is
 * re-diagnosed at the cost of what was appended: per series, the evaluation curves (track.ts), the
 * spike scan and the NaN watch continue from where they stopped; a rule over curves runs again only
 * when one of its curves changed, and then over at most MAX_UNITS evaluations.
 */

import type { Finding } from '../model/findings';
import type { Run } from '../model/run';
import type { Series } from '../model/series';
import type { RuleContext } from './finding';
import { alignTrainToVal, groupSeries, type MetricGroup } from './pairing';
import { RULES, resolveRules, type ResolvedRule, type RuleId, type RuleSettings } from './registry';
import { chanceEvidence, classesFromRun, detectChanceLevel, hasPoseMetrics } from './rules/chanceLevel';
import { detectDivergence } from './rules/divergence';
import { detectEarlyStopping } from './rules/earlyStopping';
import { detectGeneralizationGap } from './rules/generalizationGap';
import { SpikeScanner, describeSpikes } from './rules/lossSpike';
import { MeasuredLines, NonFiniteWatch, detectNonFinite } from './rules/nonFinite';
import { detectOscillation } from './rules/oscillation';
import { detectOverfitting, detectScoreOverfitting } from './rules/overfitting';
import { detectOverlappingRuns } from './rules/overlappingRuns';
import { detectPlateau } from './rules/plateau';
import { detectSuspiciousValidation } from './rules/suspiciousValidation';
import { detectFrozenLoss, detectUnderfitting } from './rules/underfitting';
import { isFraction, SeriesTrack, type Curve } from './track';
import { DEFAULT_MAX_SHOWN, oneFindingPerProblem } from './budget';
import { detectFrozenMetric, isQualityMetric, nanByDesign, oneFindingPerStretch } from './rules/frozenMetric';
import { seriesKinds, type SeriesKind } from './seriesKinds';

interface Memo {
  readonly inputs: readonly unknown[];
  readonly findings: readonly Finding[];
}

/** The number of classes the run's parameters give, and whether it logs keypoint metrics (see chanceLevel.ts). */
interface RunFacts {
  readonly classes: number | undefined;
  readonly pose: boolean;
}

/** Logging steps averaged into one point of a per-step training series with no evaluations to pace it. */
const SMOOTH_STEPS = 8;

const RULE_ORDER = new Map<string, number>(RULES.map((r, i) => [r.id, i]));

export class RunDiagnoser {
  private readonly rules: ReadonlyMap<RuleId, ResolvedRule>;
  /** What was wrong with the settings given (clamped values, unknown names). */
  readonly settingsProblems: readonly string[];
  private readonly tracks = new Map<Series, SeriesTrack>();
  private readonly rawTracks = new Map<Series, SeriesTrack>();
  private readonly watches = new Map<Series, NonFiniteWatch>();
  private readonly spikes = new Map<Series, SpikeScanner>();
  private readonly memos = new Map<string, Memo>();
  private readonly aligned = new WeakMap<Curve, { train: Curve; values: Float64Array }>();

  private kinds = new Map<Series, SeriesKind>();
  /** Segments whose curve rules ran since the last diagnosis, and groups of the next one (see `warm`). */
  private warmed = 0;
  private warmedGroups = 0;
  private readonly maxShown: number;

  /** `maxShown`: warnings and errors shown per run, the rest folded into one finding (0: all; see budget.ts). */
  constructor(
    readonly run: Run,
    settings?: RuleSettings,
    maxShown = DEFAULT_MAX_SHOWN,
  ) {
    const { rules, problems } = resolveRules(settings);
    this.rules = rules;
    this.settingsProblems = problems;
    this.maxShown = Math.max(0, Math.floor(Number.isFinite(maxShown) ? maxShown : DEFAULT_MAX_SHOWN));
  }

  /** Every finding for the run as it is now (copies merged, within the budget), ordered by place in the file, then by rule. */
  diagnose(): Finding[] {
    const all = this.diagnoseAll();
    // The kinds diagnoseAll has just worked out for the run as it is now.
    return oneFindingPerProblem(all, this.run, this.kinds, this.maxShown).sort(byPlace);
  }

  /**
   * Does at most about `budget` points' worth of the work that grows with the run: reading appended
   * points into the curves, the spike scan, the NaN watch. True once none is left; `diagnose()` then
   * costs what the rules over the curves cost (at most MAX_UNITS evaluations a curve, MAX_SEGMENTS
   * curves a series), whatever the length of the run. So a caller that must stay responsive (the
   * editor) calls this in slices, letting other work run between them, before `diagnose()`.
   */
  catchUp(budget = Infinity): boolean {
    let left = budget;
    this.smoothPerStepTraining();
    for (const s of this.run.series) {
      const t = this.trackOf(s);
      left -= t.update(left);
      if (!t.caughtUp) return false;
      const raw = this.rawTrackOf(s);
      if (raw) {
        left -= raw.update(left);
        if (!raw.caughtUp) return false;
      }
    }
    this.kinds = seriesKinds(this.run);
    if (this.context('nonFinite')) {
      for (const s of this.run.series) {
        if (nanByDesign(s.name)) continue;
        const w = this.watchOf(s);
        left -= w.advance(left);
        if (!w.caughtUp) return false;
      }
    }
    const spike = this.context('lossSpike');
    if (spike) {
      for (const s of this.run.series) {
        const sc = this.spikeScannerOf(s, spike);
        if (!sc) continue;
        left -= sc.advance(left);
        if (!sc.caughtUp) return false;
      }
    }
    return this.warm(left);
  }

  /**
   * A training series logged every few steps with no whole epoch to average it over (its x is the step, or
   * its epoch a fraction: Hugging Face) is judged per stretch between its validation twin's evaluations, as
   * a Keras or Lightning epoch mean would be; with no twin, a series whose epoch is a fraction (so known to
   * be per logging step) over blocks of SMOOTH_STEPS points. Evaluations stay one unit each.
   */
  private smoothPerStepTraining(): void {
    for (const g of groupSeries(this.run)) {
      const s = g.train;
      if (!s || s.length === 0 || s.maxPointsPerStep > 1) continue;
      const evals = g.val?.length ?? 0;
      if (evals >= 2) this.trackOf(s).smoothOver(Math.floor(s.length / evals));
      else if (isFraction(s.epoch(0)) || isFraction(s.epoch(s.length - 1))) this.trackOf(s).smoothOver(SMOOTH_STEPS);
    }
  }

  /** Every finding of every rule, before copies are merged and the budget applies. */
  diagnoseAll(): Finding[] {
    this.catchUp();
    const out: Finding[] = [];
    this.seriesRules(out);
    const { groups, segments, runFacts } = this.curveInputs();
    for (let seg = 0; seg < segments; seg++) {
      this.curveRules(groups, seg, runFacts, out);
      this.frozenRule(seg, out);
    }
    this.warmed = 0;
    this.warmedGroups = 0;
    return out;
  }

  /** What the rules over curves need of the run as a whole, worked out once a diagnosis (not per group and segment). */
  private curveInputs(): { groups: MetricGroup[]; segments: number; runFacts: RunFacts } {
    const run = this.run;
    return {
      groups: groupSeries(run),
      segments: Math.max(1, ...run.series.map((s) => this.trackOf(s).segmentCount)),
      runFacts: { classes: classesFromRun(run), pose: hasPoseMetrics(run) },
    };
  }

  /**
   * Runs the rules over the curves not run since the last diagnosis, a few groups at a time within
   * `budget` (a group costs the length of its curves): their findings are memoised, so `diagnose()`
   * then only looks them up. A run of thousands of series and dozens of segments is judged in slices
   * too. (The rules over the run's main loss and accuracy run here on a slice's groups: memoised on
   * their curves, they are run again by `diagnose()` wherever those differ.)
   */
  private warm(budget: number): boolean {
    const { groups, segments, runFacts } = this.curveInputs();
    let left = budget;
    const scratch: Finding[] = [];
    while (this.warmed < segments) {
      if (left <= 0) return false;
      const seg = this.warmed;
      let to = this.warmedGroups;
      while (to < groups.length && left > 0) {
        const g = groups[to++]!;
        left -= 1 + (this.curve(g.train, seg)?.length ?? 0) + (this.curve(g.val, seg)?.length ?? 0);
      }
      this.curveRules(groups.slice(this.warmedGroups, to), seg, runFacts, scratch);
      if (to < groups.length) {
        this.warmedGroups = to;
        continue;
      }
      this.frozenRule(seg, scratch);
      this.warmed++;
      this.warmedGroups = 0;
    }
    return true;
  }

  /** Judged by the loss rules on its own: a loss, not a counter, not a tiny term, not a component beside its total. */
  private judgedLoss(s: Series | undefined): boolean {
    const k = s && this.kinds.get(s);
    return k !== undefined && k.judgedAsLoss && !k.component;
  }

  /** A second track, one unit a logging step, for a series whose track averages blocks of them; else undefined. */
  private rawTrackOf(s: Series): SeriesTrack | undefined {
    if (!this.trackOf(s).smoothed) return undefined;
    let raw = this.rawTracks.get(s);
    if (!raw) {
      raw = new SeriesTrack(s);
      this.rawTracks.set(s, raw);
    }
    return raw;
  }

  /** The series one unit a logging step where its track averages blocks of them (see rawTrackOf); else undefined. */
  private rawCurve(s: Series, seg: number): Curve | undefined {
    const raw = this.rawTrackOf(s);
    if (!raw) return undefined;
    raw.update();
    const c = raw.curve(seg);
    return c && c.length > 0 ? c : undefined;
  }

  private trackOf(s: Series): SeriesTrack {
    let t = this.tracks.get(s);
    if (!t) {
      t = new SeriesTrack(s);
      this.tracks.set(s, t);
    }
    return t;
  }

  private context(id: RuleId): RuleContext | undefined {
    const r = this.rules.get(id);
    if (!r || !r.enabled) return undefined;
    return { rule: id, severity: r.severity, source: this.run.source, xLabel: this.run.xLabel, params: r.params };
  }

  private seriesRules(out: Finding[]): void {
    const nonFinite = this.context('nonFinite');
    if (nonFinite) {
      const points: { series: Series; index: number }[] = [];
      const measured = new MeasuredLines(this.run.series);
      for (const s of this.run.series) {
        // COCO writes NaN (detectron2) for an object size or a category the set has none of: not a training failure.
        if (nanByDesign(s.name)) continue;
        const i = this.watchOf(s).first();
        if (i >= 0) points.push({ series: s, index: i });
        else if (measured.nanWhereMeasured(s)) points.push({ series: s, index: 0 });
      }
      out.push(...detectNonFinite(points, nonFinite));
    }
    const overlap = this.context('overlappingRuns');
    if (overlap) out.push(...detectOverlappingRuns(this.run, overlap));
    const spike = this.context('lossSpike');
    if (spike) {
      for (const s of this.run.series) {
        const sc = this.spikeScannerOf(s, spike);
        if (sc) out.push(...describeSpikes(s, sc.scan(), spike));
      }
    }
  }

  private watchOf(s: Series): NonFiniteWatch {
    let w = this.watches.get(s);
    if (!w) {
      w = new NonFiniteWatch(s);
      this.watches.set(s, w);
    }
    return w;
  }

  /** The spike scanner of a series the spike rule judges, or undefined. */
  private spikeScannerOf(s: Series, spike: RuleContext): SpikeScanner | undefined {
    // `loss_step` / `batch_loss` come with a per-epoch twin (Lightning adds the suffixes only when both are logged): judge that one.
    if (!this.judgedLoss(s) || (s.id.split !== 'train' && s.id.split !== 'val') || s.id.aggregation === 'step')
      return undefined;
    let sc = this.spikes.get(s);
    if (!sc) {
      sc = new SpikeScanner(
        s,
        spike.params['window']!,
        spike.params['z']!,
        spike.params['minRise']!,
        spike.params['minRangeShare']!,
      );
      this.spikes.set(s, sc);
    }
    return sc;
  }

  private curve(s: Series | undefined, seg: number): Curve | undefined {
    if (!s) return undefined;
    const c = this.trackOf(s).curve(seg);
    return c && c.length > 0 ? c : undefined;
  }

  /** Training values at each validation evaluation, computed once per pair of curves. */
  private align(train: Curve, val: Curve): Float64Array {
    const hit = this.aligned.get(val);
    if (hit && hit.train === train) return hit.values;
    const values = alignTrainToVal(train, val);
    this.aligned.set(val, { train, values });
    return values;
  }

  /** Runs `detect` unless its inputs are the very objects of the last call. */
  private memo(key: string, inputs: readonly unknown[], detect: () => Finding[]): readonly Finding[] {
    const m = this.memos.get(key);
    if (m && m.inputs.length === inputs.length && m.inputs.every((x, i) => x === inputs[i])) return m.findings;
    const findings = detect();
    this.memos.set(key, { inputs, findings });
    return findings;
  }

  private frozenRule(seg: number, out: Finding[]): void {
    const ctx = this.context('frozenMetric');
    if (!ctx) return;
    const found: Finding[] = [];
    for (const s of this.run.series) {
      if (!isQualityMetric(s)) continue;
      const c = this.curve(s, seg);
      if (c) found.push(...this.memo(`frozen|${s.name}|${seg}`, [c], () => detectFrozenMetric(c, ctx)));
    }
    out.push(...oneFindingPerStretch(found));
  }

  private curveRules(allGroups: readonly MetricGroup[], seg: number, runFacts: RunFacts, out: Finding[]): void {
    // Loss groups the loss rules judge: a counter, a tiny term or a component beside its total is left out.
    const groups = allGroups.filter((g) => !g.lowerIsBetter || this.judgedLoss(g.train ?? g.val));
    const lossGroups = groups.filter((g) => g.lowerIsBetter);
    const primaryLoss =
      lossGroups.find((g) => g.key === 'loss') ?? lossGroups.find((g) => g.key === 'total_loss') ?? lossGroups[0];
    const accuracy =
      groups.find((g) => g.quantity === 'accuracy' && g.key === 'accuracy') ??
      groups.find((g) => g.quantity === 'accuracy');

    // Accuracies with no training twin that turned down (see detectScoreOverfitting): said only when no loss says it
    // (mAP, precision and the like wander with the detector's thresholds; an accuracy is the classifier's own score).
    const lossTurned: Finding[] = [];
    const scoreTurned: Finding[] = [];
    const ov = this.context('overfitting');
    const trainLoss = this.curve(primaryLoss?.train, seg);
    for (const g of groups) {
      const train = this.curve(g.train, seg);
      const val = this.curve(g.val, seg);
      const at = `${g.key}|${seg}`;
      if (ov && !train && val && trainLoss && g.quantity === 'accuracy') {
        const trainAtVal = this.align(trainLoss, val);
        scoreTurned.push(
          ...this.memo(`overfitting|${at}`, [trainLoss, val], () =>
            detectScoreOverfitting(trainLoss, val, trainAtVal, ov),
          ),
        );
      }
      if (train && val) {
        const trainAtVal = this.align(train, val);
        if (ov && g.lowerIsBetter)
          lossTurned.push(
            ...this.memo(`overfitting|${at}`, [train, val], () => detectOverfitting(train, val, trainAtVal, ov)),
          );
        const gap = this.context('generalizationGap');
        if (gap && !g.lowerIsBetter)
          out.push(...this.memo(`gap|${at}`, [train, val], () => detectGeneralizationGap(train, val, trainAtVal, gap)));
      }
      if (g.lowerIsBetter) {
        const osc = this.context('oscillation');
        if (osc) {
          for (const c of [train, val])
            if (c) out.push(...this.memo(`oscillation|${at}|${c.series.name}`, [c], () => detectOscillation(c, osc)));
        }
        // A validation loss rising while training loss falls is overfitting, not divergence: judge training first,
        // a per-step one at its own resolution (the rise test is rank-based, so noise is no rise), beside its
        // validation twin (see detectDivergence).
        const div = this.context('divergence');
        const own = train ?? val;
        const fine = train ? this.rawCurve(g.train!, seg) : undefined;
        const twin = train ? val : undefined;
        const diverged =
          div && own
            ? this.memo(`divergence|${at}`, [own, twin, fine], () => detectDivergence(own, div, twin, fine))
            : [];
        out.push(...diverged);
        // A loss that diverged has no plateau worth a second finding.
        const pl = this.context('plateau');
        if (pl && train && diverged.length === 0)
          out.push(...this.memo(`plateau|${at}`, [train], () => detectPlateau(train, true, pl)));
      }
      const chance = this.context('chanceLevel');
      const judged = val ?? train;
      if (chance && judged) {
        const classes = chance.params['classes']! > 0 ? chance.params['classes']! : runFacts.classes;
        const splitLoss = this.curve(judged === val ? primaryLoss?.val : primaryLoss?.train, seg);
        const e = chanceEvidence(judged, splitLoss, classes, runFacts.pose, chance.params['window']!);
        if (e)
          out.push(
            ...this.memo(`chance|${at}|${e.level.chance}|${e.lossAtChance}`, [judged, e.loss], () =>
              detectChanceLevel(judged, e.level, chance, e.lossAtChance),
            ),
          );
      }
    }

    out.push(...lossTurned, ...(lossTurned.length > 0 ? [] : scoreTurned.slice(0, 1)));

    const es = this.context('earlyStopping');
    const esGroup = primaryLoss?.val ? primaryLoss : accuracy?.val ? accuracy : undefined;
    const esCurve = this.curve(esGroup?.val, seg);
    if (es && esGroup && esCurve) {
      out.push(
        ...this.memo(`earlyStopping|${seg}`, [esCurve], () => detectEarlyStopping(esCurve, esGroup.lowerIsBetter, es)),
      );
    }

    const uf = this.context('underfitting');
    if (uf) {
      const trainLoss = this.curve(primaryLoss?.train, seg);
      const trainAcc = this.curve(accuracy?.train, seg);
      const barely =
        trainLoss || trainAcc
          ? this.memo(`underfitting|${seg}`, [trainLoss, trainAcc], () => detectUnderfitting(trainLoss, trainAcc, uf))
          : [];
      out.push(...barely);
      // A loss that never moved (training or validation, any term): said once a run (see oneFrozenLoss).
      if (barely.length === 0) {
        for (const g of lossGroups) {
          for (const c of [this.curve(g.train, seg), this.curve(g.val, seg)])
            if (c) out.push(...this.memo(`frozenLoss|${c.series.name}|${seg}`, [c], () => detectFrozenLoss(c, uf)));
        }
      }
    }

    const sv = this.context('suspiciousValidation');
    const svGroup =
      primaryLoss?.train && primaryLoss.val ? primaryLoss : accuracy?.train && accuracy.val ? accuracy : undefined;
    if (sv && svGroup) {
      const train = this.curve(svGroup.train, seg);
      const val = this.curve(svGroup.val, seg);
      if (train && val) {
        const trainAtVal = this.align(train, val);
        out.push(
          ...this.memo(`suspicious|${seg}`, [train, val], () =>
            detectSuspiciousValidation(train, val, trainAtVal, svGroup.lowerIsBetter, sv),
          ),
        );
      }
    }
  }
}

function byPlace(a: Finding, b: Finding): number {
  const pa = a.line ?? a.offset ?? 0,
    pb = b.line ?? b.offset ?? 0;
  if (pa !== pb) return pa - pb;
  return (RULE_ORDER.get(a.rule) ?? 99) - (RULE_ORDER.get(b.rule) ?? 99);
}

/** All findings of a run, once. For a growing run, keep a RunDiagnoser and call `diagnose()` again. */
export function diagnoseRun(run: Run, settings?: RuleSettings, maxShown?: number): Finding[] {
  return new RunDiagnoser(run, settings, maxShown).diagnose();
}
