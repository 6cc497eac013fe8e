import { systemClock, type Clock, type RunResult, type ThresholdResult, type TimerHandle } from '../core/index.js';
import { buildResult } from './buildResult.js';
import { ClosedModel } from './model/ClosedModel.js';
import type { LoadModel, ModelEvents } from './model/LoadModel.js';
import { resolveLoadOptions, UNLIMITED_MS, type LoadOptions, type ResolvedLoadOptions } from './LoadOptions.js';
import { OpenModel } from './model/OpenModel.js';
import { quickIteration } from './iteration/quickIteration.js';
import { RequestRecorder } from './iteration/RequestRecorder.js';
import { RunStats, defaultExpectedStatus } from './stats/RunStats.js';
import { RunStatsSource } from './stats/RunStatsSource.js';
import { evaluateThresholds } from './stats/thresholds.js';

/** Live figures of a running load, for progress lines. */
export interface ProgressSnapshot {
  phase: 'warmup' | 'running' | 'stopping';
  /** Measured milliseconds so far (0 during warm-up). */
  elapsedMs: number;
  /** Planned measured duration in ms; null when bounded by `amount` only. */
  totalMs: number | null;
  /** Active VUs (closed) or iterations in flight (open). */
  vus: number;
  /** Open model: VUs allocated so far (the most iterations that were in flight at once). */
  allocatedVus?: number;
  /** Target arrival rate now (open model). */
  rate?: number;
  /** Requests per second and p95 (ms) of the last full interval. */
  rps: number;
  p95: number;
  requests: number;
  errors: number;
  dropped: number;
}

/** A load run in progress. */
export interface LoadRun {
  /** The options as resolved (defaults filled in). */
  readonly options: ResolvedLoadOptions;
  /** Resolves with the result once the run ended (completed, aborted or interrupted). */
  readonly result: Promise<RunResult>;
  /** Stops starting iterations, lets in-flight ones finish briefly, and ends the run with that status. */
  stop(status?: 'interrupted' | 'aborted'): void;
  progress(): ProgressSnapshot;
  /** The live stats; their histograms are freed once the result is built (see `onEnd`). */
  readonly stats: RunStats;
}

/** How long in-flight requests may finish after an interrupt, in ms. */
const INTERRUPT_GRACE_MS = 1000;

/**
 * Starts a load run (quick mode: one request per iteration, unless `iteration` builds another) and
 * returns a handle; the options are
 * validated first, so bad input throws before any request is sent.
 *
 * @example
 * const run = startLoad({ url: 'http://127.0.0.1:3000/api/users', vus: 50, durationMs: 30_000 });
 * process.once('SIGINT', () => run.stop('interrupted'));
 * const result = await run.result;
 */
export function startLoad(options: LoadOptions): LoadRun {
  const o = resolveLoadOptions(options);
  const clock: Clock = options.clock ?? systemClock;
  const expected = o.expectStatus ? new Set(o.expectStatus) : undefined;
  const stats = new RunStats(expected ? (s) => expected.has(s) : defaultExpectedStatus);
  const recorder = new RequestRecorder(stats, clock);
  const setup = (options.iteration ?? quickIteration)({ options: o, stats, recorder, clock });
  const iteration = setup.iteration;

  const startedAtWall = clock.wallNow();
  const startMs = clock.now();
  const measuredFrom = startMs + o.warmupMs;
  recorder.measuredFromMs = measuredFrom;
  let phase: ProgressSnapshot['phase'] = o.warmupMs > 0 ? 'warmup' : 'running';
  let status: RunResult['status'] = 'completed';
  let stoppedAt: number | undefined;
  let endedAt: number | undefined;
  let intervalStart = measuredFrom;
  let intervalTimer: TimerHandle | undefined;
  let graceTimer: TimerHandle | undefined;
  let endTimer: TimerHandle | undefined;
  let lastPoint = { rps: 0, p95: 0 };
  let thresholdResults: ThresholdResult[] | undefined;
  let resolveResult!: (r: RunResult) => void;
  let rejectResult!: (e: unknown) => void;
  const result = new Promise<RunResult>((res, rej) => {
    resolveResult = res;
    rejectResult = rej;
  });

  const measuredMs = () => Math.max(0, (stoppedAt ?? endedAt ?? clock.now()) - measuredFrom);
  const source = new RunStatsSource(stats, measuredMs);
  const sources = [...(options.metricSources ?? []), source];
  const abortable = o.thresholds.filter((t) => t.abortOnFail);

  const events: ModelEvents = {
    iterationDone: (_vu, failed, intendedStartMs) => {
      if (recorder.counts(intendedStartMs)) stats.recordIteration(failed);
    },
    dropped: (intendedStartMs) => {
      if (recorder.counts(intendedStartMs)) stats.recordDropped();
    },
    finished: () => finish(false),
  };

  // Warm-up runs at the starting level, then the stages begin.
  const warm = o.warmupMs > 0 ? [{ durationMs: o.warmupMs, target: Math.max(o.start, o.stages[0]?.target ?? 0) }, { durationMs: 0, target: o.start }] : [];
  const warmStart = warm.length ? warm[0]!.target : o.start;
  const limits = { maxIterations: o.amount, countFromMs: measuredFrom };
  const model: LoadModel = options.loadModel
    ? options.loadModel({ clock, iteration, events, ...limits })
    : o.model === 'closed'
      ? new ClosedModel({ clock, iteration, events, startVus: warmStart, stages: [...warm, ...o.stages], ...limits })
      : new OpenModel({ clock, iteration, events, startRate: warmStart, stages: [...warm, ...o.stages], maxVus: o.vus, ...limits });
  const vusNow = () => (model instanceof ClosedModel ? model.running : model.active);

  function closeInterval(final: boolean): void {
    const now = final ? (stoppedAt ?? clock.now()) : intervalStart + o.intervalMs;
    const length = now - intervalStart;
    // A sliver of an interval after the end (the last responses) would show a meaningless rate.
    if (final && length < o.intervalMs / 10 && (stats.series.length > 0 || stats.currentInterval().requests === 0)) return;
    const encoded = options.onIntervalHistogram ? stats.encodeInterval() : undefined;
    const point = stats.closeInterval((now - measuredFrom) / 1000, Math.max(length, 1), vusNow(), o.model === 'open' ? model.target : undefined);
    lastPoint = point;
    intervalStart = now;
    options.onInterval?.(point);
    if (encoded !== undefined) options.onIntervalHistogram!(point, encoded);
  }

  function onInterval(): void {
    intervalTimer = undefined;
    if (endedAt !== undefined) return;
    // libuv timers run on the loop's cached time and can fire a little before performance.now() reaches the due time.
    const due = phase === 'warmup' ? measuredFrom : intervalStart + o.intervalMs;
    const early = due - clock.now();
    if (early > 0) {
      intervalTimer = clock.setTimeout(onInterval, early);
      return;
    }
    if (phase === 'warmup') {
      phase = 'running';
      intervalStart = measuredFrom;
    } else {
      closeInterval(false);
      if (abortable.length && status === 'completed') {
        const elapsed = measuredMs();
        const due = abortable.filter((t) => (t.delayAbortEvalMs ?? 0) <= elapsed);
        const failed = due.length > 0 && evaluateThresholds(due, sources).some((r) => !r.ok && r.level === 'error');
        if (failed) stop('aborted');
      }
    }
    if (stoppedAt === undefined) intervalTimer = clock.setTimeout(onInterval, Math.max(0, intervalStart + o.intervalMs - clock.now()));
  }

  function stop(why?: 'interrupted' | 'aborted'): void {
    if (why && status === 'completed' && endedAt === undefined) status = why;
    if (stoppedAt !== undefined) return;
    stoppedAt = clock.now();
    phase = 'stopping';
    if (intervalTimer !== undefined) clock.clearTimeout(intervalTimer);
    intervalTimer = undefined;
    const graceMs = why === 'interrupted' ? Math.min(INTERRUPT_GRACE_MS, o.gracefulStopMs) : o.gracefulStopMs;
    graceTimer = clock.setTimeout(() => finish(true), graceMs);
    model.stop();
  }

  function finish(graceExpired: boolean): void {
    if (endedAt !== undefined) return;
    if (stoppedAt === undefined) stoppedAt = clock.now();
    endedAt = clock.now();
    // Without a grace expiry the last responses count to the measured time; after one, the stop does.
    if (!graceExpired) stoppedAt = Math.max(stoppedAt, endedAt);
    if (graceTimer !== undefined) clock.clearTimeout(graceTimer);
    if (endTimer !== undefined) clock.clearTimeout(endTimer);
    if (intervalTimer !== undefined) clock.clearTimeout(intervalTimer);
    if (phase !== 'warmup') closeInterval(true);
    recorder.closed = true;
    thresholdResults = evaluateThresholds(o.thresholds, sources);
    const endedAtWall = startedAtWall + (endedAt - startMs);
    let built: RunResult;
    try {
      built = buildResult({ options: o, stats, status, thresholds: thresholdResults, startedAtMs: startedAtWall, endedAtMs: endedAtWall, measuredMs: measuredMs() });
    } catch (err) {
      rejectResult(err);
      return;
    } finally {
      try {
        options.onEnd?.(stats);
      } finally {
        stats.destroy();
      }
    }
    (setup.close?.() ?? Promise.resolve()).then(
      () => resolveResult(built),
      () => resolveResult(built),
    );
  }

  intervalTimer = clock.setTimeout(onInterval, o.warmupMs > 0 ? o.warmupMs : o.intervalMs);
  // At the planned end, iterations still running (a long think, a queued request) get the grace period, then the run ends.
  if (o.durationMs < UNLIMITED_MS) {
    endTimer = clock.setTimeout(() => {
      endTimer = undefined;
      if (stoppedAt !== undefined || endedAt !== undefined) return;
      graceTimer = clock.setTimeout(() => {
        stoppedAt ??= measuredFrom + o.durationMs;
        finish(true);
      }, o.gracefulStopMs);
    }, o.warmupMs + o.durationMs);
  }
  model.start();

  return {
    options: o,
    result,
    stop,
    stats,
    progress: () => ({
      phase,
      elapsedMs: phase === 'warmup' ? 0 : measuredMs(),
      totalMs: o.durationMs >= UNLIMITED_MS ? null : o.durationMs,
      vus: vusNow(),
      ...(model instanceof OpenModel ? { rate: Math.round(model.target * 100) / 100, allocatedVus: model.allocated } : {}),
      rps: lastPoint.rps,
      p95: lastPoint.p95,
      requests: stats.total.requests,
      errors: stats.total.failed,
      dropped: stats.dropped,
    }),
  };
}

/**
 * Runs a quick-mode load to its end and returns the result.
 *
 * @example
 * const result = await runLoad({ url: 'http://127.0.0.1:3000/', rate: 200, durationMs: 10_000, thresholds: ['http_req_duration:p(95)<100'] });
 */
export function runLoad(options: LoadOptions): Promise<RunResult> {
  return startLoad(options).result;
}
