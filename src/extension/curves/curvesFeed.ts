/**
 * What a curves panel sends its webview, and when: the whole view (`init`) when the page is ready or the
 * view changed, the new points (`update`) when a run grew, the group lines. One message per change, one
 * change at a time: a view of a series of millions of points is computed a few steps a turn
 * (`SeriesViewer.fullSteps`, `stepsInTurns`), so the extension host is never held by it, and the message
 * goes once every series is ready — the page keeps what it shows until then, never a part of the new view.
 * A change asked for meanwhile waits its turn; a whole view asked for makes the one in progress moot, and it
 * is dropped at its next turn.
 */

import * as vscode from 'vscode';
import { log } from '../log';
import type { RunLease } from '../liveRuns';
import { stepsInTurns } from '../../node/turns';
import { runPayload, runValueEntries, summaryEntries } from './payload';
import { SeriesViewer, seriesKey } from './seriesView';
import { groupRuns, groupViews, type GroupBy } from './groups';
import { allSteps, type Steps } from '../../core/curves/steps';
import { runStartSteps } from '../../core/curves/xAxis';
import type { Run } from '../../core/model/run';
import { seriesRoles, type SeriesRole } from '../../core/model/runValues';
import type { Series } from '../../core/model/series';
import {
  CURVES_PROTOCOL_VERSION,
  type FindingMark,
  type GroupView,
  type RunPayload,
  type RunValueEntry,
  type SeriesView,
  type SummaryEntry,
  type ToCurvesWebview,
  type ViewRequest,
} from '../../protocol/curves';

/** What the feed needs of its panel. */
export interface FeedPanel {
  leases(): readonly RunLease[];
  sources(): readonly vscode.Uri[];
  /** The page said `ready` and has not been destroyed since. */
  ready(): boolean;
  visible(): boolean;
  disposed(): boolean;
  maxPointsPerSeries(): number;
  marks(): FindingMark[];
  /** A step to zoom to that waited for the page, taken once. */
  takeFocus(): number | undefined;
  post(message: ToCurvesWebview): Promise<void>;
}

const DEFAULT_VIEW: ViewRequest = { smoothing: 0, xMode: 'step', xRange: null, buckets: 1000 };

type Roles = { id: string; run: Run; roles: Map<Series, SeriesRole> }[];

export class CurvesFeed {
  /** The webview's view (x mode, zoom, smoothing, width). */
  view: ViewRequest = DEFAULT_VIEW;
  grouping: { by: GroupBy; pattern: string; band: 'std' | 'minmax' } = { by: 'none', pattern: '', band: 'std' };
  private readonly viewers = new Map<string, SeriesViewer>();
  /** A message due (see `schedule`), and whether one is being made. */
  private pending: 'update' | 'all' | undefined;
  private sending = false;
  /** Most points sent for one series in one message, over the panel's life (tests check the budget). */
  maxPointsSent = 0;
  /** The keys of the series sent as curves: when one becomes a value of its run or back, all is sent again. */
  private curveKeys = '';

  constructor(private readonly panel: FeedPanel) {}

  /** Forgets what each series' viewer sent (other runs are shown). */
  forget(): void {
    this.viewers.clear();
  }

  /**
   * One message per change. A run's change reaches the panel and the findings service in the same turn
   * (both listen to the run), and the findings service fires in turn when the findings moved: waiting for
   * the end of the turn lets the one message carry the new points and the new marks. While a message is
   * being made, the next waits for it (and a whole view replaces an update).
   */
  schedule(kind: 'update' | 'all'): void {
    const first = this.pending === undefined;
    if (kind === 'all' || first) this.pending = kind;
    if (!first || this.sending) return;
    queueMicrotask(() => void this.drain());
  }

  private async drain(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      while (this.pending !== undefined && !this.panel.disposed()) {
        const what = this.pending;
        this.pending = undefined;
        try {
          await (what === 'all' ? this.sendAll() : this.sendUpdate());
        } catch (e) {
          log.error(`curves panel: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        }
      }
    } finally {
      this.sending = false;
    }
  }

  /** A message being made is moot: the panel went, its page was destroyed, or a whole view is due. */
  private readonly moot = (): boolean => this.panel.disposed() || !this.panel.ready() || this.pending === 'all';

  /** The runs currently read, by id (a run whose file is missing or unreadable is absent). */
  currentRuns(): Map<string, Run> {
    const out = new Map<string, Run>();
    for (const lease of this.panel.leases()) {
      const run = lease.run.run;
      if (run) out.set(lease.run.uri.toString(), run);
    }
    return out;
  }

  private viewerFor(runId: string, run: Run, name: string): SeriesViewer {
    const key = seriesKey(runId, name);
    let v = this.viewers.get(key);
    if (!v || v.series !== run.getSeries(name)) {
      v = new SeriesViewer(
        runId,
        run.getSeries(name)!,
        () => runStartSteps(run.series),
        (n) => run.getSeries(n),
      );
      this.viewers.set(key, v);
    }
    return v;
  }

  private runPayloads(): RunPayload[] {
    return this.panel.leases().flatMap((l) => {
      const run = l.run.run;
      return run ? [runPayload(l.run.uri.toString(), run, folderOf(l.run.uri), l.run.isLive)] : [];
    });
  }

  /** Each run's series with their roles (curve, value of the run, step metric): see `runValues.ts`. */
  private roles(): Roles {
    return [...this.currentRuns()].map(([id, run]) => ({ id, run, roles: seriesRoles(run) }));
  }

  private static summary(runs: Roles): SummaryEntry[] {
    return runs.flatMap(({ id, run, roles }) => summaryEntries(id, run, roles));
  }

  private static values(runs: Roles): RunValueEntry[] {
    return runs.flatMap(({ id, run, roles }) => runValueEntries(id, run, roles));
  }

  /** The series drawn as charts: neither values of their run nor step metrics (those are the x menu's). */
  private static curves(runs: Roles): { id: string; run: Run; s: Series }[] {
    return runs.flatMap(({ id, run, roles }) =>
      [...roles].filter(([, role]) => role === 'curve').map(([s]) => ({ id, run, s })),
    );
  }

  /** The webview's view with the points budget of the settings applied. */
  private effectiveView(): ViewRequest {
    return {
      ...this.view,
      buckets: Math.max(10, Math.min(this.view.buckets, Math.floor(this.panel.maxPointsPerSeries() / 4))),
    };
  }

  private async sendAll(): Promise<void> {
    await Promise.all(this.panel.leases().map((l) => l.run.ready));
    if (this.moot()) return;
    this.viewers.clear();
    const view = this.effectiveView();
    const runs = this.roles();
    const curves = CurvesFeed.curves(runs);
    const jobs = curves.map(({ id, run, s }) => this.viewerFor(id, run, s.name).fullSteps(view));
    const done = await stepsInTurns(allSteps(jobs), this.moot);
    if (!done) return;
    this.curveKeys = curves.map((c) => seriesKey(c.id, c.s.name)).join('\n');
    const focus = this.panel.takeFocus();
    await this.panel.post({
      type: 'init',
      version: CURVES_PROTOCOL_VERSION,
      sources: this.panel.sources().map((u) => u.toString()),
      runs: this.runPayloads(),
      series: done.value.map((v) => this.track(v)),
      summary: CurvesFeed.summary(runs),
      values: CurvesFeed.values(runs),
      findings: this.panel.marks(),
      ...this.groupsIfGrouped(),
      ...(focus !== undefined ? { focusStep: focus } : {}),
    });
  }

  private async sendUpdate(): Promise<void> {
    if (!this.panel.ready() || !this.panel.visible()) return;
    const view = this.effectiveView();
    const runs = this.roles();
    const curves = CurvesFeed.curves(runs);
    // A single value that became a curve (its second point came), or the reverse: the charts change.
    if (curves.map((c) => seriesKey(c.id, c.s.name)).join('\n') !== this.curveKeys) return this.sendAll();
    const jobs: Steps<SeriesView | undefined>[] = curves.map(({ id, run, s }) =>
      this.viewerFor(id, run, s.name).updateSteps(view),
    );
    const done = await stepsInTurns(allSteps(jobs), this.moot);
    if (!done) return;
    await this.panel.post({
      type: 'update',
      runs: this.runPayloads(),
      series: done.value.flatMap((v) => (v ? [this.track(v)] : [])),
      summary: CurvesFeed.summary(runs),
      values: CurvesFeed.values(runs),
      findings: this.panel.marks(),
      ...this.groupsIfGrouped(),
    });
  }

  async sendGroups(): Promise<void> {
    await this.panel.post({ type: 'groups', groups: this.groupLines() });
  }

  /** The group lines travel with the points they are made of, in the same message. */
  private groupsIfGrouped(): { groups?: GroupView[] } {
    return this.grouping.by === 'none' ? {} : { groups: this.groupLines() };
  }

  private groupLines(): GroupView[] {
    const runs = this.currentRuns();
    const groupable = [...runs].map(([id, run]) => ({
      id,
      name: run.name,
      folder: folderOf(vscode.Uri.parse(id)),
      params: run.params,
    }));
    const groups = groupRuns(groupable, this.grouping.by, this.grouping.pattern);
    return groupViews(runs, groups, this.view.xMode, this.grouping.band);
  }

  private track(v: SeriesView): SeriesView {
    if (v.x.length > this.maxPointsSent) this.maxPointsSent = v.x.length;
    return v;
  }
}

function folderOf(uri: vscode.Uri): string {
  const rel = vscode.workspace.asRelativePath(uri, false);
  const i = rel.lastIndexOf('/');
  return i >= 0 ? rel.slice(0, i) : '.';
}
