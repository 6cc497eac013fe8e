import type { CapacityLadder, RunResult } from '../../core/index.js';
import { prepareSource, type PreparedSource } from './LoadSource.js';
import { resolveCapacityOptions, type CapacityOptions, type ResolvedCapacityOptions } from './CapacityOptions.js';
import { generatorSaturation, suggestedWorkers, type GeneratorUsage } from './GeneratorMeter.js';
import { breakReason, failsHard, stepFromResult, type FindStep } from './LoadStep.js';
import { ProcessSampler, type ProcessReading } from './ProcessSampler.js';
import { combineHolds, holdsSettled, marginalReason } from './StepHolds.js';

/** Share of the machine's CPU busy at which the figures near the line carry a caveat. */
const MACHINE_SATURATED = 0.9;

/** Why the ladder stopped climbing. */
export type StopReason = 'max' | 'broken' | 'budget' | 'hard-failure' | 'generator';

/** The outcome of `findCapacity`, also the `--out find.json` file. Extends the HTML report's ladder input. */
export interface CapacityReport extends CapacityLadder {
  format: 'loadline.capacity';
  version: 1;
  /** The URL, or the scenario file, searched. */
  target: string;
  steps: FindStep[];
  /** SLOs expressions as written. */
  slos: string[];
  /**
   * Highest offered load whose step met every SLO (and was not broken); absent when none did. A failed
   * step below it counts as noise. `below`: the lowest failing load above it (the line lies between);
   * `atLeast`: the generator, not the service, stopped the search, so the service may sustain more.
   */
  maxSustainable?: { rate: number; below?: number; atLeast?: true };
  /** Lowest offered load where errors passed the limit or throughput stopped following; absent when none within the ladder, or when the generator was the limit there. */
  breakingPoint?: { rate: number; reason?: string };
  /** The generator (its event loop or CPU) could not send the load: from which offered load, why, and how many worker threads to try. */
  generatorLimit?: { rate: number; reason: string; suggestedWorkers?: number };
  stopReason: StopReason;
  /** Why the figures near the line may be off, in words (the machine's CPUs saturated during those holds); absent otherwise. */
  caveat?: string;
  /** Why the search stopped before it was done, in words (budget spent, target failing hard, generator saturated); absent otherwise. */
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

  /** One warm-up and hold at `offered`: the target's CPU/RSS and the generator's own load are read over the hold only. */
  async hold(offered: number, phase: FindStep['phase']): Promise<{ step: FindStep; result: RunResult }> {
    const o = this.o;
    let before: ProcessReading | undefined;
    let endMeter: (() => GeneratorUsage) | undefined;
    let generator: GeneratorUsage | undefined;
    const holdStarts = () => {
      endMeter = o.generatorMeter.begin();
      if (!this.sampler) return;
      try {
        before = this.sampler.read();
      } catch {
        before = undefined; // the target exited: the step reports no CPU/RSS
      }
    };
    const holdEnds = () => {
      generator ??= endMeter?.();
    };
    const startTimer = o.warmupMs > 0 ? o.clock.setTimeout(holdStarts, o.warmupMs) : undefined;
    if (o.warmupMs === 0) holdStarts();
    // Read at the end of the hold, not of the graceful stop, whose waiting would dilute the figure.
    const endTimer = o.clock.setTimeout(holdEnds, o.warmupMs + o.stepDurationMs);
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
      if (startTimer) o.clock.clearTimeout(startTimer);
      o.clock.clearTimeout(endTimer);
    }
    holdEnds();
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
      step.passes = 0;
      step.missed.push(`broken: ${broken}`);
    }
    if (generator) {
      step.generator = generator;
      const limited = generatorSaturation(generator);
      if (limited) step.generatorLimited = limited;
    }
    return { step, result };
  }

  /** A step: one hold, held again while its verdict is marginal (up to `maxHolds`, within the budget); the majority decides. */
  async measure(offered: number, phase: FindStep['phase']): Promise<FindStep> {
    const o = this.o;
    const holds: FindStep[] = [];
    let marginal: string | undefined;
    let last: RunResult;
    for (;;) {
      const { step, result } = await this.hold(offered, phase);
      holds.push(step);
      last = result;
      if (holds.length === 1) {
        if (failsHard(step)) break;
        marginal = marginalReason(step, result, o.mode, o.breakRules, o.marginalBand);
      }
      if (holdsSettled(holds, marginal !== undefined) || holds.length >= o.maxHolds || !this.fitsBudget()) break;
    }
    const step = combineHolds(holds);
    if (marginal) step.marginal = marginal;
    this.steps.push(step);
    o.onStep?.(step, last);
    return step;
  }

  up(offered: number): number {
    const o = this.o;
    const raw = o.step !== undefined ? offered + o.step : offered * o.growth;
    return o.mode === 'vus' ? Math.max(offered + 1, Math.round(raw)) : Math.round(raw * 100) / 100;
  }

  down(offered: number): number {
    const raw = offered / this.o.growth;
    return this.o.mode === 'vus' ? Math.max(1, Math.min(offered - 1, Math.round(raw))) : Math.round(raw * 100) / 100;
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

  budgetNote(what: string): string {
    return `time budget of ${Math.round(this.o.budgetMs / 1000)} s spent ${what}`;
  }
}

/**
 * Finds a service's load line: multiplies the load (arrival rate, or VUs) by `growth` until a step
 * breaks, each step a warm-up and a measured hold judged on the SLOs (held again when the verdict
 * is marginal), steps down when the first load already fails, then bisects between the highest
 * passing and the lowest failing load, and reports the maximum sustainable load and the breaking
 * point. Bounded by `budgetMs`, not by a fixed maximum; stops early when the target fails hard
 * (refused connections, nearly all requests failing) or when the generator itself is saturated,
 * which the report names rather than taking its ceiling for the service's.
 *
 * @example
 * const report = await findCapacity({
 *   load: { url: 'http://127.0.0.1:3000/api/users' },
 *   slos: ['p(95)<127', 'http_req_failed:rate<0.01'],
 * });
 * console.log(report.maxSustainable?.rate, report.breakingPoint?.rate);
 */
export async function findCapacity(options: CapacityOptions): Promise<CapacityReport> {
  const o = resolveCapacityOptions(options);
  const source = o.source ?? (await prepareSource(o));
  const search = new Search(o, source);
  let stopReason = 'max' as StopReason;
  let stoppedEarly: string | undefined;
  /** A step after which climbing further tells nothing: the target fails hard, or the generator cannot send more. */
  const hardStop = (step: FindStep): boolean => {
    const hard = failsHard(step);
    if (hard) {
      stopReason = 'hard-failure';
      stoppedEarly = `target failing hard at ${step.offered}: ${hard}`;
    } else if (step.generatorLimited) {
      stopReason = 'generator';
      stoppedEarly = `generator saturated at ${step.offered}: ${step.generatorLimited}`;
    }
    return hard !== undefined || step.generatorLimited !== undefined;
  };

  // Climb: past the first SLO miss too, up to the breaking point, so both lines are found.
  for (let offered = o.start; offered <= o.max + 1e-9; offered = search.up(offered)) {
    if (!search.fitsBudget()) {
      stopReason = 'budget';
      stoppedEarly = search.budgetNote(`before offering ${offered}`);
      break;
    }
    const step = await search.measure(offered, 'ladder');
    if (hardStop(step)) break;
    if (step.broken) {
      stopReason = 'broken';
      break;
    }
  }

  // Step down while even the first load fails, so the bisection starts from a passing load, not from 0.
  if (stopReason !== 'hard-failure' && stopReason !== 'generator') {
    const floor = o.mode === 'vus' ? 1 : 0.5;
    for (let offered = search.down(o.start); search.bracket().pass === undefined && offered >= floor; offered = search.down(offered)) {
      if (search.steps.some((s) => s.offered === offered)) break;
      if (!search.fitsBudget()) {
        stoppedEarly ??= search.budgetNote(`while stepping down to ${offered}`);
        break;
      }
      if (hardStop(await search.measure(offered, 'ladder'))) break;
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
        stoppedEarly ??= search.budgetNote(`while refining between ${low} and ${fail}`);
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
    if (reason && !s.broken && !s.ok) s.broken = reason;
    else if (reason && !s.broken && s.holds === 1) {
      s.broken = reason;
      s.ok = false;
      s.passes = 0;
      s.missed.push(`broken: ${reason}`);
    }
  }
  const { pass, fail } = search.bracket();
  // The generator was the limit when it was saturated at the line: at the lowest failing step above it, or at the highest passing one.
  const limitedAt = steps.find((s) => s.generatorLimited && (pass === undefined || s.offered >= pass) && (fail === undefined || s.offered <= fail));
  // As for the SLOs, a broken step below one that still scaled is noise: the break is above the last step that scaled.
  const scaled = steps.filter((s) => s.broken === undefined).reduce((m, s) => Math.max(m, s.offered), -Infinity);
  const breaking = steps.find((s) => s.broken !== undefined && s.offered > scaled && !s.generatorLimited);
  const suggested = limitedAt ? suggestedWorkers(o.workers) : undefined;
  // A machine with no CPU to spare at the line starves the generator and the service alike (both often run on it).
  const busy = Math.max(0, ...steps.filter((s) => s.offered === pass || s.offered === fail).map((s) => s.generator?.machineBusy ?? 0));
  const caveat = busy >= MACHINE_SATURATED ? `the machine's CPUs were ${(busy * 100).toFixed(0)}% busy during the holds at the line: the generator competed for CPU with the service and anything else running there, so the line may read low; search from a quieter machine or one of its own` : undefined;
  const report: CapacityReport = {
    format: 'loadline.capacity',
    version: 1,
    target: search.source.name,
    unit: o.mode,
    slos: o.slos.map((s) => s.expression.source),
    steps,
    ...(pass !== undefined ? { maxSustainable: { rate: pass, ...(fail !== undefined ? { below: fail } : {}), ...(limitedAt ? { atLeast: true as const } : {}) } } : {}),
    ...(breaking && !(limitedAt && breaking.offered >= limitedAt.offered) ? { breakingPoint: { rate: breaking.offered, reason: breaking.broken! } } : {}),
    ...(limitedAt ? { generatorLimit: { rate: limitedAt.offered, reason: limitedAt.generatorLimited!, ...(suggested ? { suggestedWorkers: suggested } : {}) } } : {}),
    stopReason,
    ...(caveat ? { caveat } : {}),
    ...(stoppedEarly ? { stoppedEarly } : {}),
    budgetMs: o.budgetMs,
    elapsedMs: Math.round(search.elapsed()),
  };
  return report;
}
