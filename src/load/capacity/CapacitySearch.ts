import type { RunResult } from '../../core/index.js';
import type { CapacityLadder } from '../../report/index.js';
import { prepareSource, type PreparedSource } from './LoadSource.js';
import { resolveCapacityOptions, type CapacityOptions, type ResolvedCapacityOptions } from './CapacityOptions.js';
import { breakReason, failsHard, stepFromResult, type FindStep } from './LoadStep.js';
import { ProcessSampler, type ProcessReading } from './ProcessSampler.js';

/** Why the ladder stopped climbing. */
export type StopReason = 'max' | 'broken' | 'budget' | 'hard-failure';

/** The outcome of `findCapacity`, also the `--out find.json` file. Extends the HTML report's ladder input. */
export interface CapacityReport extends CapacityLadder {
  format: 'loadline.capacity';
  version: 1;
  /** The URL, or the scenario file, searched. */
  target: string;
  steps: FindStep[];
  /** SLO expressions as written. */
  slos: string[];
  /** Highest offered load whose step met every SLO (and was not broken); absent when none did. A failed step below it counts as noise. */
  maxSustainable?: { rate: number };
  /** Lowest offered load where errors passed the limit or throughput stopped following; absent when none within the ladder. */
  breakingPoint?: { rate: number; reason?: string };
  stopReason: StopReason;
  /** Why the search stopped before it was done, in words (budget spent, target failing hard); absent otherwise. */
  stoppedEarly?: string;
  budgetMs: number;
  elapsedMs: number;
}

class Search {
  readonly steps: FindStep[] = [];
  readonly o: ResolvedCapacityOptions;
  readonly sampler: ProcessSampler | undefined;
  readonly startedAt: number;
  readonly source: PreparedSource;

  constructor(o: ResolvedCapacityOptions, source: PreparedSource) {
    this.o = o;
    this.source = source;
    this.sampler = o.pid === undefined ? undefined : new ProcessSampler(o.pid, 'pid');
    this.startedAt = o.clock.now();
  }

  elapsed(): number {
    return this.o.clock.now() - this.startedAt;
  }

  fitsBudget(): boolean {
    return this.elapsed() + this.o.warmupMs + this.o.stepDurationMs <= this.o.budgetMs;
  }

  below(offered: number): FindStep | undefined {
    let best: FindStep | undefined;
    for (const s of this.steps) if (s.offered < offered && (!best || s.offered > best.offered)) best = s;
    return best;
  }

  async measure(offered: number, phase: FindStep['phase']): Promise<FindStep> {
    const o = this.o;
    let before: ProcessReading | undefined;
    // The target's CPU is read over the hold only, not the warm-up.
    const readTarget = () => {
      try {
        before = this.sampler!.read();
      } catch {
        before = undefined; // the target exited: the step reports no CPU/RSS
      }
    };
    const timer = this.sampler && o.warmupMs > 0 ? setTimeout(readTarget, o.warmupMs) : undefined;
    if (this.sampler && o.warmupMs === 0) readTarget();
    let result: RunResult;
    try {
      result = await this.source.run({
        model: o.mode === 'vus' ? 'closed' : 'open',
        ...(o.mode === 'vus' ? { vus: offered } : { rate: offered }),
        durationMs: o.stepDurationMs,
        warmupMs: o.warmupMs,
        thresholds: o.slos,
        timeoutMs: o.timeoutMs,
        gracefulStopMs: o.gracefulStopMs,
      });
    } finally {
      clearTimeout(timer);
    }
    let usage: { cpuPercent: number; rssBytes: number } | undefined;
    if (this.sampler) {
      try {
        usage = this.sampler.usageSince(before ?? this.sampler.read());
      } catch {
        usage = undefined; // the target exited during the step
      }
    }
    const step = stepFromResult(offered, phase, result, usage);
    const broken = breakReason(step, this.below(offered), o.mode, o.breakRules);
    if (broken) {
      step.broken = broken;
      step.ok = false;
      step.missed.push(`broken: ${broken}`);
    }
    this.steps.push(step);
    o.onStep?.(step, result);
    return step;
  }

  next(offered: number): number {
    const o = this.o;
    const raw = o.growth !== undefined ? offered * o.growth : offered + o.step;
    return o.mode === 'vus' ? Math.max(offered + 1, Math.round(raw)) : Math.round(raw * 100) / 100;
  }

  /**
   * Highest passing load, and the lowest failing load above it. A failed step below a passing one
   * (a neighbour's CPU burst during a low step) is noise, not the load line.
   */
  bracket(): { pass: number | undefined; fail: number | undefined } {
    let pass: number | undefined;
    for (const s of this.steps) if (s.ok && (pass === undefined || s.offered > pass)) pass = s.offered;
    let fail: number | undefined;
    for (const s of this.steps) if (!s.ok && (pass === undefined || s.offered > pass) && (fail === undefined || s.offered < fail)) fail = s.offered;
    return { pass, fail };
  }
}

/**
 * Finds a service's load line: steps the load up (arrival rate, or VUs), each step a warm-up and a
 * measured hold judged on the SLOs, bisects between the last passing and the first failing step,
 * and reports the maximum sustainable load and the breaking point. Bounded by `budgetMs`; stops
 * climbing early when the target fails hard (refused connections, nearly all requests failing).
 *
 * @example
 * const report = await findCapacity({
 *   load: { url: 'http://127.0.0.1:3000/api/users' },
 *   slos: ['p(95)<127', 'http_req_failed:rate<0.01'],
 *   start: 100, step: 200, max: 2500,
 * });
 * console.log(report.maxSustainable?.rate, report.breakingPoint?.rate);
 */
export async function findCapacity(options: CapacityOptions): Promise<CapacityReport> {
  const o = resolveCapacityOptions(options);
  const search = new Search(o, await prepareSource(o));
  let stopReason: StopReason = 'max';
  let stoppedEarly: string | undefined;

  // Climb: past the first SLO miss too, up to the breaking point, so both lines are found.
  for (let offered = o.start; offered <= o.max + 1e-9; offered = search.next(offered)) {
    if (!search.fitsBudget()) {
      stopReason = 'budget';
      stoppedEarly = `time budget of ${Math.round(o.budgetMs / 1000)} s spent before offering ${offered}`;
      break;
    }
    const step = await search.measure(offered, 'ladder');
    const hard = failsHard(step);
    if (hard) {
      stopReason = 'hard-failure';
      stoppedEarly = `target failing hard at ${offered}: ${hard}`;
      break;
    }
    if (step.broken) {
      stopReason = 'broken';
      break;
    }
  }

  // Refine: bisect between the last pass (or 0) and the first failure.
  if (stopReason !== 'hard-failure' || search.steps.some((s) => s.ok)) {
    for (let i = 0; i < o.refineSteps; i++) {
      const { pass, fail } = search.bracket();
      if (fail === undefined) break;
      const low = pass ?? 0;
      const minGap = Math.max(o.mode === 'vus' ? 1 : 0.5, o.resolution * (pass ?? fail));
      if (fail - low <= minGap) break;
      const mid = o.mode === 'vus' ? Math.round((low + fail) / 2) : Math.round(((low + fail) / 2) * 100) / 100;
      if (mid <= low || mid >= fail) break;
      if (!search.fitsBudget()) {
        stoppedEarly ??= `time budget of ${Math.round(o.budgetMs / 1000)} s spent while refining between ${low} and ${fail}`;
        break;
      }
      await search.measure(mid, 'refine');
    }
  }

  const steps = [...search.steps].sort((a, b) => a.offered - b.offered);
  // Breaking reasons judged against the final neighbours, now that refinement filled the gaps.
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!;
    const reason = breakReason(s, steps[i - 1], o.mode, o.breakRules);
    if (reason && !s.broken) {
      s.broken = reason;
      if (s.ok) {
        s.ok = false;
        s.missed.push(`broken: ${reason}`);
      }
    }
  }
  const { pass } = search.bracket();
  // As for the SLOs, a broken step below one that still scaled is noise: the break is above the last step that scaled.
  const scaled = steps.filter((s) => s.broken === undefined).reduce((m, s) => Math.max(m, s.offered), -Infinity);
  const breaking = steps.find((s) => s.broken !== undefined && s.offered > scaled);
  const report: CapacityReport = {
    format: 'loadline.capacity',
    version: 1,
    target: search.source.name,
    unit: o.mode,
    slos: o.slos.map((s) => s.expression.source),
    steps,
    ...(pass !== undefined ? { maxSustainable: { rate: pass } } : {}),
    ...(breaking ? { breakingPoint: { rate: breaking.offered, reason: breaking.broken! } } : {}),
    stopReason,
    ...(stoppedEarly ? { stoppedEarly } : {}),
    budgetMs: o.budgetMs,
    elapsedMs: Math.round(search.elapsed()),
  };
  return report;
}
