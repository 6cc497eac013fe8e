import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { SparseHistogram, invalidInput, LoadlineError, systemClock, type LoadlineErrorCode, type RunResult, type SeriesPoint } from '../../core/index.js';
import { buildResult } from '../buildResult.js';
import { resolveLoadOptions, UNLIMITED_MS, type LoadOptions } from '../LoadOptions.js';
import type { LoadRun, ProgressSnapshot } from '../LoadRun.js';
import { defaultExpectedStatus, type RunStats } from '../stats/RunStats.js';
import { RunStatsSource } from '../stats/RunStatsSource.js';
import { runTeardown, scenarioThresholds } from '../ScenarioRun.js';
import { compileScenario } from '../scenario/compile/compileScenario.js';
import { loadScenario } from '../scenario/compile/loadScenario.js';
import { MetricRegistry, type MetricSnapshot } from '../scenario/metrics/MetricRegistry.js';
import type { NormalizedScenario } from '../scenario/compile/normalizedModel.js';
import { evaluateThresholds, parseThreshold, type MetricSource, type Threshold } from '../stats/thresholds.js';
import type { FromWorker, ToWorker, WorkerInit } from './messages.js';
import { mergeRunStats, type RunStatsSnapshot } from './RunStatsSnapshot.js';
import { splitLoad } from './splitLoad.js';

/** Options of a run spread over worker threads: quick mode (`url`) or a scenario file. */
export interface WorkersRunOptions extends Omit<LoadOptions, 'url' | 'iteration' | 'metricSources' | 'clock' | 'onIntervalHistogram' | 'onEnd' | 'scenario'> {
  /** Worker threads, each with its own pools and histograms. Required, 1 to 256. */
  workers: number;
  /** Quick mode: the URL every iteration requests; required without `scenario`. */
  url?: string;
  /** Scenario mode: the file (each worker loads it), `--target` override and seed. */
  scenario?: { file: string; target?: string; seed?: number };
}

interface WorkerState {
  worker: Worker;
  stats: RunStatsSnapshot | undefined;
  metrics: Record<string, MetricSnapshot> | undefined;
  intervals: number;
  vus: number;
  /** Open model: VUs the worker has allocated so far (its most iterations in flight at once). */
  allocatedVus: number;
  rate: number;
  measuredMs: number;
  done: boolean;
}

/** One series interval as the workers report it, merged as they come. */
interface PendingInterval {
  reports: number;
  t: number;
  requests: number;
  errors: number;
  dropped: number;
  vus: number;
  rate: number;
  lengthMs: number;
  histogram: SparseHistogram;
}

/**
 * Starts a load (quick mode or a scenario) spread over worker threads: VUs (closed model) or the
 * arrival rate (open model) split between them. Each worker posts its interval histograms and
 * counters every interval and at the end; here counters add and histograms merge exactly, the
 * series is merged interval by interval, and thresholds (abortOnFail included), progress and the
 * result are computed on the merged data. A scenario's `setup` and `teardown` run once, here.
 *
 * @example
 * const run = await startWorkers({ url: 'http://127.0.0.1:3000/', rate: 20_000, durationMs: 30_000, workers: 4 });
 * process.once('SIGINT', () => run.stop('interrupted'));
 * const result = await run.result;
 */
export async function startWorkers(options: WorkersRunOptions): Promise<LoadRun> {
  const { workers: count, scenario: scenarioRef, url: urlGiven, thresholds: thresholdsGiven, ...load } = options;
  if (!Number.isInteger(count) || count < 1 || count > 256) throw invalidInput({ field: 'workers', value: count, expected: 'an integer from 1 to 256' });
  let scenario: NormalizedScenario | undefined;
  let url = urlGiven;
  let thresholds: Threshold[];
  if (scenarioRef) {
    scenario = await loadScenario(scenarioRef.file);
    url = compileScenario(scenario, { target: scenarioRef.target }).target;
    thresholds = scenarioThresholds(scenario, thresholdsGiven, 'thresholds');
  } else {
    if (url === undefined) throw invalidInput({ field: 'url', expected: 'a URL or a scenario file' });
    thresholds = (thresholdsGiven ?? []).map((t, i) => (typeof t === 'string' ? parseThreshold(t, { field: `thresholds[${i}]` }) : t));
  }
  const o = resolveLoadOptions({ ...load, url: url!, thresholds, ...(scenario ? { scenario: scenario.name } : {}) });
  const shares = Array.from({ length: count }, (_, i) => splitLoad(o, i, count));
  let setupData: unknown;
  if (scenario?.hooks.setup) {
    setupData = await scenario.hooks.setup({ env: process.env });
    try {
      structuredClone(setupData);
    } catch {
      throw invalidInput({ field: 'setup', file: scenario.file, expected: 'a return value that can be copied to worker threads (plain data, no functions)' }, 'LOADLINE_INVALID_FILE');
    }
  }

  const clock = systemClock;
  const startedAtWall = clock.wallNow();
  const startMs = clock.now();
  const expected = o.expectStatus ? new Set(o.expectStatus) : undefined;
  const isExpected = expected ? (s: number) => expected.has(s) : defaultExpectedStatus;
  const states: WorkerState[] = [];
  const pending: PendingInterval[] = [];
  const series: SeriesPoint[] = [];
  const abortable = o.thresholds.filter((t) => t.abortOnFail);
  // Custom metrics judged at every interval; the others cross threads only at the end.
  const intervalMetrics = scenario ? [...new Set(abortable.map((t) => t.expression.metric))].filter((m) => scenario!.metrics[m] !== undefined) : [];
  let status: RunResult['status'] = 'completed';
  let stopped = false;
  let failure: Error | undefined;
  let resolveResult!: (r: RunResult) => void;
  let rejectResult!: (e: unknown) => void;
  const result = new Promise<RunResult>((res, rej) => {
    resolveResult = res;
    rejectResult = rej;
  });

  const measuredMs = () => Math.max(0, ...states.map((s) => s.measuredMs));

  /** Judges thresholds on the merged data of every worker's latest snapshot. */
  function judge(which: readonly Threshold[], elapsedMs: number, consume?: (stats: RunStats, metrics: MetricRegistry | undefined) => void) {
    const merged = mergeRunStats(states.flatMap((s) => (s.stats ? [s.stats] : [])), isExpected);
    const metrics = scenario ? new MetricRegistry(scenario.metrics) : undefined;
    for (const s of states) if (metrics && s.metrics) metrics.merge(s.metrics);
    if (metrics) metrics.durationMs = elapsedMs;
    const sources: MetricSource[] = [...(metrics ? [metrics] : []), new RunStatsSource(merged, () => elapsedMs)];
    try {
      const results = evaluateThresholds(which, sources);
      consume?.(merged, metrics);
      return results;
    } finally {
      metrics?.destroy();
    }
  }

  function flushInterval(final: boolean): void {
    while (pending.length > 0) {
      const head = pending[0]!;
      const live = states.filter((s) => !s.done || s.intervals > series.length).length;
      if (!final && head.reports < Math.max(1, live)) return;
      pending.shift();
      const h = head.histogram;
      const ms = (us: number) => Math.round(us) / 1000;
      const [p50, p95, p99] = h.percentiles([50, 95, 99]);
      const point: SeriesPoint = {
        t: head.t,
        requests: head.requests,
        rps: Math.round((head.requests / Math.max(head.lengthMs, 1)) * 1000 * 100) / 100,
        errors: head.errors,
        p50: ms(p50!),
        p95: ms(p95!),
        p99: ms(p99!),
        vus: head.vus,
      };
      if (o.model === 'open') {
        point.rate = Math.round(head.rate * 100) / 100;
        point.dropped = head.dropped;
      }
      series.push(point);
      options.onInterval?.(point);
      if (!final && abortable.length > 0 && !stopped) {
        const elapsed = point.t * 1000;
        const due = abortable.filter((t) => (t.delayAbortEvalMs ?? 0) <= elapsed);
        if (due.length > 0 && judge(due, elapsed).some((r) => !r.ok && r.level === 'error')) stop('aborted');
      }
    }
  }

  function onInterval(state: WorkerState, point: SeriesPoint, encoded: string): void {
    const index = state.intervals++ - series.length;
    while (pending.length <= index) pending.push({ reports: 0, t: 0, requests: 0, errors: 0, dropped: 0, vus: 0, rate: 0, lengthMs: 0, histogram: new SparseHistogram() });
    const slot = pending[index]!;
    slot.histogram.merge(SparseHistogram.decode(encoded));
    slot.reports++;
    slot.t = Math.max(slot.t, point.t);
    slot.requests += point.requests;
    slot.errors += point.errors;
    slot.dropped += point.dropped ?? 0;
    slot.vus += point.vus;
    slot.rate += point.rate ?? 0;
    // Every worker measures the same interval length; rps is requests over it.
    slot.lengthMs = point.rps > 0 ? (point.requests / point.rps) * 1000 : Math.max(slot.lengthMs, o.intervalMs);
    state.vus = point.vus;
    state.rate = point.rate ?? 0;
    flushInterval(false);
  }

  function stop(why: 'interrupted' | 'aborted' = 'interrupted'): void {
    if (status === 'completed') status = why;
    if (stopped) return;
    stopped = true;
    for (const s of states) if (!s.done) s.worker.postMessage({ type: 'stop', status: why } satisfies ToWorker);
  }

  async function finish(): Promise<void> {
    flushInterval(true);
    if (failure) {
      rejectResult(failure);
      return;
    }
    const endedAtWall = clock.wallNow();
    const measured = measuredMs();
    let built: RunResult | undefined;
    const thresholdResults = judge(o.thresholds, measured, (merged, metrics) => {
      merged.series.push(...series);
      built = buildResult({ options: o, stats: merged, status, thresholds: [], startedAtMs: startedAtWall, endedAtMs: endedAtWall, measuredMs: measured });
      if (metrics && Object.keys(metrics.metrics).length > 0) built.summary.metrics = metrics.summary();
    });
    built!.thresholds = thresholdResults;
    if (scenario) await runTeardown(scenario, setupData);
    resolveResult(built!);
  }

  const entry = new URL('./loadWorker.js', import.meta.url);
  shares.forEach((share, index) => {
    if (share === undefined) return;
    const init: WorkerInit = { index, count, load: share };
    if (scenario && scenarioRef) init.scenario = { file: resolve(scenarioRef.file), target: url!, seed: scenarioRef.seed };
    if (scenario) init.setupData = setupData;
    if (intervalMetrics.length > 0) init.intervalMetrics = intervalMetrics;
    const state: WorkerState = { worker: new Worker(entry, { workerData: init }), stats: undefined, metrics: undefined, intervals: 0, vus: 0, allocatedVus: 0, rate: 0, measuredMs: 0, done: false };
    states.push(state);
    state.worker.on('message', (m: FromWorker) => {
      if (m.type === 'interval') {
        state.stats = m.stats;
        state.metrics = m.metrics;
        state.allocatedVus = m.allocatedVus ?? state.allocatedVus;
        state.measuredMs = Math.max(state.measuredMs, m.point.t * 1000);
        onInterval(state, m.point, m.histogram);
      } else if (m.type === 'done') {
        state.stats = m.stats;
        state.metrics = m.metrics;
        state.measuredMs = m.measuredMs;
        if (m.status !== 'completed' && status === 'completed') status = m.status;
        markDone(state);
      } else {
        failure ??= m.code ? new LoadlineError(m.code as LoadlineErrorCode, m.message) : new Error(`worker ${index}: ${m.message}`);
        stop('interrupted');
        markDone(state);
      }
    });
    state.worker.on('error', (err) => {
      failure ??= new Error(`worker ${index}: ${err.message}`, { cause: err });
      stop('interrupted');
      markDone(state);
    });
    state.worker.on('exit', () => {
      if (!state.done) {
        failure ??= new Error(`worker ${index} exited before reporting its result`);
        markDone(state);
      }
    });
  });

  function markDone(state: WorkerState): void {
    if (state.done) return;
    state.done = true;
    if (states.every((s) => s.done)) finish().catch(rejectResult);
    else flushInterval(false);
  }

  return {
    options: o,
    result,
    stop,
    get stats(): RunStats {
      throw new LoadlineError('LOADLINE_USAGE', 'a run spread over workers has no live stats in the main thread; use progress() or the result');
    },
    progress(): ProgressSnapshot {
      const elapsed = clock.now() - startMs;
      const last = series[series.length - 1];
      let requests = 0;
      let errors = 0;
      let dropped = 0;
      for (const s of states) {
        requests += s.stats?.total.requests ?? 0;
        errors += s.stats?.total.failed ?? 0;
        dropped += s.stats?.dropped ?? 0;
      }
      const snapshot: ProgressSnapshot = {
        phase: stopped ? 'stopping' : elapsed < o.warmupMs ? 'warmup' : 'running',
        elapsedMs: Math.max(0, elapsed - o.warmupMs),
        totalMs: o.durationMs >= UNLIMITED_MS ? null : o.durationMs,
        vus: states.reduce((a, s) => a + s.vus, 0),
        rps: last?.rps ?? 0,
        p95: last?.p95 ?? 0,
        requests,
        errors,
        dropped,
      };
      if (o.model === 'open') {
        snapshot.rate = Math.round(states.reduce((a, s) => a + s.rate, 0) * 100) / 100;
        snapshot.allocatedVus = states.reduce((a, s) => a + s.allocatedVus, 0);
      }
      return snapshot;
    },
  };
}
