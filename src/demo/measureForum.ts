import { isLoadlineError } from '../core/index.js';
import { startForum, type ForumServer } from '../forum/index.js';
import type { CapacityReport, FindStep, PreparedSource } from '../load/index.js';
import type { MonitorSample } from '../monitor/index.js';
import { diagnose, type Diagnosis } from './diagnosis.js';
import type { ServiceMode } from './DemoEvents.js';
import type { AtRate, ServiceReport } from './DemoReport.js';
import type { ResolvedForumDemoOptions } from './ForumDemoOptions.js';
import { DEMO_INTERRUPTED, forumLoadSource, searchForum, SIGNED_IN_ACCOUNTS } from './forumSearch.js';
import { probeLogins } from './loginProbe.js';
import { ServiceInstruments } from './ServiceInstruments.js';

/** Accounts the login probe uses, counted down from the last seeded one. */
const PROBE_ACCOUNTS = 80;
/** Longest wait for a service to drain what a search left queued before the probe. Milliseconds. */
const IDLE_WAIT_MS = 6000;

/** Longest comparison hold, however low the rate. Milliseconds. */
const COMPARE_HOLD_MAX_MS = 10_000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits until the service's monitor shows an interval with (almost) no requests: a search may leave a queue behind. */
async function waitIdle(instruments: ServiceInstruments): Promise<void> {
  const until = Date.now() + IDLE_WAIT_MS;
  while (Date.now() < until) {
    const latest = (await historyOrNone(instruments, Date.now() - 1500)).at(-1);
    if (latest !== undefined && latest.http.requests <= 2) return;
    await sleep(250);
  }
}

/** Reads why the service is as fast as it is: its query and runtime monitors after the search, then the login probe. */
async function readDiagnosis(forum: ForumServer, instruments: ServiceInstruments, o: ResolvedForumDemoOptions): Promise<Diagnosis> {
  await waitIdle(instruments);
  const [queries, stats] = await Promise.all([instruments.queries(), instruments.stats()]);
  const users = forum.volumes.users;
  const probeAccounts = Array.from({ length: Math.min(PROBE_ACCOUNTS, Math.max(1, users - SIGNED_IN_ACCOUNTS)) }, (_, i) => users - i);
  const logins = await probeLogins({ url: forum.url, instruments, accounts: probeAccounts, durationMs: o.loginProbeMs });
  return diagnose(queries, stats, logins);
}

/** The monitor's intervals since `sinceMs`; none when it does not answer (the figures read from them are then absent). */
async function historyOrNone(instruments: ServiceInstruments, sinceMs: number): Promise<MonitorSample[]> {
  try {
    return await instruments.history(sinceMs);
  } catch (err) {
    if (isLoadlineError(err, 'LOADLINE_DEMO_INSTRUMENTS')) return [];
    throw err;
  }
}

/** The monitor's runtime figures over a measured window: the worst interval's event-loop p99, and memory at its end. */
async function runtimeOver(instruments: ServiceInstruments, from: number, to: number): Promise<Pick<AtRate, 'eventLoopP99Ms' | 'rssBytes' | 'heapUsedBytes'>> {
  let samples = await historyOrNone(instruments, from - 1000);
  for (let i = 0; i < 15 && samples.length > 0 && !samples.some((s) => s.t >= to); i++) {
    await sleep(100);
    samples = await historyOrNone(instruments, from - 1000);
  }
  // Intervals wholly inside the window; with a window shorter than two intervals, those that overlap it.
  let inside = samples.filter((s) => s.runtime && s.t - s.intervalMs >= from - 50 && s.t <= to + 50);
  if (inside.length === 0) inside = samples.filter((s) => s.runtime && s.t > from && s.t - s.intervalMs < to);
  const last = samples.filter((s) => s.runtime && s.t <= to + 1000).at(-1);
  return {
    ...(inside.length > 0 ? { eventLoopP99Ms: Math.max(...inside.map((s) => s.runtime!.eventLoopDelay.p99)) } : {}),
    ...(last?.runtime ? { rssBytes: last.runtime.rssBytes, heapUsedBytes: last.runtime.heapUsedBytes } : {}),
  };
}

/** The search's own step at the naive service's max, with the monitor's figures over its last hold. */
async function fromStep(step: FindStep, hold: { from: number; to: number } | undefined, instruments: ServiceInstruments): Promise<AtRate> {
  const runtime = hold ? await runtimeOver(instruments, hold.from, hold.to) : {};
  return {
    rate: step.offered,
    achievedRps: step.achievedRps,
    p95Ms: step.p95Ms,
    p99Ms: step.p99Ms,
    errorRate: step.errorRate,
    ...runtime,
    ...(step.rssBytes !== undefined ? { rssBytes: step.rssBytes } : {}),
  };
}

/** Holds `rate` for `durationMs` (after the warm-up) and reads the monitor's intervals inside the hold. */
async function holdAt(source: PreparedSource, instruments: ServiceInstruments, rate: number, o: ResolvedForumDemoOptions): Promise<AtRate> {
  // A p95 needs samples: at a low rate the hold lasts until it has compareSamples, within COMPARE_HOLD_MAX_MS.
  const durationMs = Math.max(o.compareHoldMs, Math.min(COMPARE_HOLD_MAX_MS, (o.compareSamples / rate) * 1000));
  const measuredFrom = Date.now() + o.warmupMs;
  const result = await source.run({ model: 'open', rate, durationMs, warmupMs: o.warmupMs, thresholds: o.slos, timeoutMs: 5000, gracefulStopMs: 1000 });
  const measuredTo = measuredFrom + durationMs;
  const runtime = await runtimeOver(instruments, measuredFrom, measuredTo);
  const total = result.summary.total;
  return {
    rate,
    achievedRps: Math.round(total.rps * 100) / 100,
    p95Ms: total.latency.p95,
    p99Ms: total.latency.p99,
    errorRate: result.summary.errorRate,
    ...(total.errors.total > 0 ? { errorsByKind: Object.fromEntries(Object.entries(total.errors.byKind).filter(([, n]) => n > 0)) } : {}),
    ...runtime,
  };
}

/** A search the signal stopped: the steps measured so far, in the report's shape. */
function partialReport(steps: FindStep[], source: PreparedSource, o: ResolvedForumDemoOptions, startedAt: number): CapacityReport {
  const sorted = [...steps].sort((a, b) => a.offered - b.offered);
  const pass = sorted.filter((s) => s.ok).at(-1)?.offered;
  return {
    format: 'loadline.capacity',
    version: 1,
    target: source.name,
    unit: 'rate',
    slos: o.slos,
    steps: sorted,
    ...(pass !== undefined ? { maxSustainable: { rate: pass } } : {}),
    stopReason: 'budget',
    stoppedEarly: 'interrupted (Ctrl-C): the steps measured before are kept',
    budgetMs: o.searchBudgetMs,
    elapsedMs: Date.now() - startedAt,
  };
}

export interface MeasureForumInput {
  mode: ServiceMode;
  o: ResolvedForumDemoOptions;
  /** The monitor's bearer token the service is started with. */
  token: string;
  /** The naive service's max sustainable rate, for the optimized service's comparison hold. */
  naiveMax?: number | undefined;
}

/**
 * One service's part of the demo: starts it in its own process, finds its load line on the
 * forum scenario, reads why it is as fast as it is from its instruments (query monitor, runtime
 * monitor, a login probe), holds it at the naive service's max rate, and closes it, whatever
 * happens. Interrupted, it returns what it measured with `interrupted: true`.
 */
export async function measureForum(input: MeasureForumInput): Promise<{ report: ServiceReport | undefined; interrupted: boolean }> {
  const { mode, o, token } = input;
  if (o.signal?.aborted) return { report: undefined, interrupted: true };
  let forum: ForumServer;
  try {
    // The token travels to the service's process in its start message, not through process.env.
    forum = await startForum({ mode, scale: o.scale, seed: o.seed, childProcess: true, token });
  } catch (err) {
    // Ctrl-C in a terminal reaches the service's process too: it exits before it is ready.
    if (o.signal?.aborted) return { report: undefined, interrupted: true };
    throw err;
  }
  const instruments = new ServiceInstruments(forum.url, token);
  const steps: FindStep[] = [];
  /** Each step's last measured hold, wall clock, to read the monitor's intervals inside it. */
  const holds = new Map<number, { from: number; to: number }>();
  let capacity: CapacityReport | undefined;
  let diagnosis: Diagnosis | undefined;
  let atNaiveMax: AtRate | undefined;
  let diagnosisError: string | undefined;
  let wasInterrupted = false;
  const searchStarted = Date.now();
  let source: PreparedSource | undefined;
  try {
    o.onEvent({ type: 'service-started', mode, url: forum.url, pid: forum.pid, seedMs: forum.seedMs, volumes: forum.volumes, dashboard: forum.monitorUrls?.dashboard });
    source = await forumLoadSource(forum, o.seed, o.signal);
    o.onEvent({ type: 'search-started', mode, slos: o.slos, budgetMs: o.searchBudgetMs });
    capacity = await searchForum(forum, source, o, (step, result) => {
      steps.push(step);
      const from = Date.parse(result.startedAt) + (result.config.warmupMs ?? 0);
      holds.set(step.offered, { from, to: from + result.summary.durationMs });
      o.onEvent({ type: 'step', mode, step });
    });
    o.onEvent({ type: 'search-done', mode, capacity });

    try {
      diagnosis = await readDiagnosis(forum, instruments, o);
      o.onEvent({ type: 'diagnosis', mode, diagnosis });
    } catch (err) {
      // The measured line stays worth keeping when an instrument does not answer.
      if (!isLoadlineError(err, 'LOADLINE_DEMO_INSTRUMENTS') || o.signal?.aborted) throw err;
      diagnosisError = err.message;
      o.onEvent({ type: 'diagnosis-failed', mode, reason: err.message });
    }

    // The naive service at its max is on its cliff edge, where a longer hold tips it over: its figures
    // there are the search's own step. The optimized service, far from its edge, is held at that rate.
    const naiveMax = capacity.maxSustainable?.rate;
    const step = capacity.steps.find((s) => s.offered === naiveMax);
    if (mode === 'naive' && step !== undefined) {
      atNaiveMax = await fromStep(step, holds.get(step.offered), instruments);
      o.onEvent({ type: 'compare-hold', mode, atRate: atNaiveMax });
    } else if (mode === 'optimized' && input.naiveMax !== undefined) {
      await waitIdle(instruments);
      atNaiveMax = await holdAt(source, instruments, input.naiveMax, o);
      o.onEvent({ type: 'compare-hold', mode, atRate: atNaiveMax });
    }
  } catch (err) {
    if (!isLoadlineError(err, DEMO_INTERRUPTED) && !o.signal?.aborted) throw err;
    wasInterrupted = true;
  } finally {
    await forum.close();
    o.onEvent({ type: 'service-stopped', mode });
  }
  if (capacity === undefined && steps.length === 0) return { report: undefined, interrupted: wasInterrupted };
  capacity ??= partialReport(steps, source!, o, searchStarted);
  const report: ServiceReport = {
    mode,
    fixes: forum.fixes,
    volumes: forum.volumes,
    seedMs: Math.round(forum.seedMs),
    maxSustainable: capacity.maxSustainable?.rate ?? null,
    ...(capacity.maxSustainable?.atLeast ? { maxSustainableAtLeast: true as const } : {}),
    capacity,
    ...(diagnosis ? { diagnosis } : {}),
    ...(diagnosisError ? { diagnosisError } : {}),
    ...(atNaiveMax ? { atNaiveMax } : {}),
  };
  return { report, interrupted: wasInterrupted };
}
