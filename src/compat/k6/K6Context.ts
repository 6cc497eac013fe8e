import type { Clock, TimerHandle } from '../../core/index.js';
import type { MetricTags, RequestRecorder, RunStats } from '../../load/index.js';
import { CookieJar } from '../../load/scenario/run/CookieJar.js';
import type { MetricRegistry } from '../../load/scenario/metrics/MetricRegistry.js';
import type { EndpointTable } from '../http/EndpointTable.js';
import type { Exchanged, ExchangeContext } from '../http/exchange.js';
import type { OriginPools } from '../http/OriginPools.js';
import type { ExpectedStatuses } from './api/http.js';
import type { SampleSink } from './jsonOutput.js';
import type { K6Response } from './api/response.js';
import type { ScenarioPlan } from './options.js';

/** Where a VU's code runs: k6's init context, setup, the test, or teardown. */
export type Phase = 'init' | 'setup' | 'run' | 'teardown';

/** Thrown into a VU's code when its iteration is cut (graceful stop over, run ended): not the script's error. */
export class Interrupted extends Error {
  constructor() {
    super('iteration interrupted');
    this.name = 'Interrupted';
  }
}

/** Thrown by `exec.test.abort()`: the run stops and exits 108, as k6. */
export class TestAborted extends Error {
  constructor(reason: string | undefined) {
    super(reason ? `test aborted: ${reason}` : 'test aborted');
    this.name = 'TestAborted';
  }
}

/** A check's counters and where it belongs (k6 groups), for the summary's `root_group`. */
export interface CheckSlot {
  index: number;
  group: string;
  name: string;
}

/**
 * What every VU of one k6 run shares: the pools, the run's recorder and stats while the load runs,
 * custom metrics, checks, shared arrays and opened files, and how to stop the test.
 */
export class K6Context {
  readonly clock: Clock;
  /** The run's pools; a capacity search gives each step new ones. */
  pools: OriginPools;
  readonly metrics: MetricRegistry;
  readonly file: string;
  phase: Phase = 'init';
  recorder: RequestRecorder | undefined;
  stats: RunStats | undefined;
  endpoints: EndpointTable | undefined;
  /** Checks by group and name. */
  readonly checks = new Map<string, CheckSlot>();
  readonly sharedArrays = new Map<string, readonly unknown[]>();
  /** Every group path entered, for the summary's `root_group`. */
  readonly groups = new Set<string>();
  /** Trends declared as time (`new Trend(name, true)`). */
  readonly timeTrends = new Set<string>();
  readonly files = new Map<string, string | Buffer>();
  /** k6 metrics recorded per sample because thresholds or the summary read them (`http_req_waiting`, `iteration_duration`, ...). */
  readonly recorded = new Set<string>();
  /** Built-in HTTP metrics recorded with k6's tags (group, scenario, expected_response, user tags) for thresholds that filter on them. */
  taggedHttp = false;
  /** `options`: settings the HTTP module reads. */
  maxRedirects = 10;
  discardResponseBodies = false;
  userAgent: string | undefined = 'loadline (k6 compatible)';
  /** k6 empties each VU's cookie jar between iterations unless `noCookiesReset`. */
  noCookiesReset = false;
  /** Default request timeout, ms (k6: 60 s). */
  timeoutMs = 60_000;
  /** Set by `exec.test.abort()` and script errors in VU initialization: the run stops. */
  stopRun: ((why: 'aborted') => void) | undefined;
  abortedByScript = false;
  /** Uncaught errors of iterations by message: printed once each, counted. */
  readonly scriptErrors = new Map<string, number>();
  testStartMs = 0;
  /** Wall-clock start of the measured run, ms since the epoch (k6's `exec.scenario.startTime`). */
  testStartWall = 0;
  iterationsCompleted = 0;
  iterationsInterrupted = 0;
  vusInitialized = 0;
  /** Iterations started per scenario name (`exec.scenario.iterationInTest`). */
  readonly scenarioIterations = new Map<string, number>();
  /** The script's `options` as evaluated (`exec.test.options`). */
  options: Record<string, unknown> = {};
  activeVus: () => number = () => 0;
  /** `http.setResponseCallback(http.expectedStatuses(...))` from the init context: what `http_req_failed` counts as success. */
  responseCallback: ExpectedStatuses | undefined;
  /** `--out json=FILE`: every sample, with k6's tags. */
  sample: SampleSink | undefined;
  #exchange: ExchangeContext;

  constructor(o: { clock: Clock; pools: OriginPools; metrics: MetricRegistry; file: string }) {
    this.clock = o.clock;
    this.pools = o.pools;
    this.metrics = o.metrics;
    this.file = o.file;
    this.#exchange = { pools: o.pools, clock: o.clock };
  }

  /** Starts the measured run: requests are recorded with the run's recorder from now on. */
  attach(run: { recorder: RequestRecorder; stats: RunStats; endpoints: EndpointTable; clock: Clock; pools?: OriginPools }): void {
    if (run.pools) this.pools = run.pools;
    this.recorder = run.recorder;
    this.stats = run.stats;
    this.endpoints = run.endpoints;
    this.#exchange = { pools: this.pools, clock: run.clock, recorder: run.recorder };
    this.checks.clear();
    this.phase = 'run';
  }

  /** Ends the measured run: later requests (teardown) are not recorded. */
  detach(phase: Phase): void {
    this.phase = phase;
    this.recorder = undefined;
    this.#exchange = { pools: this.pools, clock: this.clock };
  }

  exchangeContext(): ExchangeContext {
    return this.#exchange;
  }

  /** k6's per-request metrics that thresholds or the summary read beyond loadline's own. */
  recordHttp(vu: VuState, name: string, method: string, res: K6Response, ex: Exchanged, tags: Record<string, unknown> | undefined): void {
    const r = this.recorded;
    if (r.size > 0) {
      const t = res.timings;
      if (r.has('http_req_waiting')) this.metrics.add('http_req_waiting', t.waiting);
      if (r.has('http_req_receiving')) this.metrics.add('http_req_receiving', t.receiving);
      if (r.has('http_req_sending')) this.metrics.add('http_req_sending', t.sending);
      if (r.has('http_req_blocked')) this.metrics.add('http_req_blocked', t.blocked);
      if (r.has('http_req_connecting')) this.metrics.add('http_req_connecting', t.connecting);
      if (r.has('http_req_tls_handshaking')) this.metrics.add('http_req_tls_handshaking', t.tls_handshaking);
      if (r.has('data_received')) this.metrics.add('data_received', ex.response?.bytes ?? 0);
      if (r.has('data_sent')) this.metrics.add('data_sent', ex.response?.bytesSent ?? 0);
    }
    const sample = this.sample;
    if (sample) {
      const t = res.timings;
      const tags: Record<string, string> = { name, method, status: String(res.status), url: ex.url.href, group: vu.groupPath, expected_response: String(!ex.failed), proto: 'HTTP/1.1' };
      if (vu.scenario) tags.scenario = vu.scenario.name;
      if (res.error_code) tags.error_code = String(res.error_code);
      sample.write('http_reqs', 'counter', 1, tags);
      sample.write('http_req_duration', 'trend', ex.durationMs, tags);
      sample.write('http_req_blocked', 'trend', t.blocked, tags);
      sample.write('http_req_connecting', 'trend', t.connecting, tags);
      sample.write('http_req_tls_handshaking', 'trend', t.tls_handshaking, tags);
      sample.write('http_req_sending', 'trend', t.sending, tags);
      sample.write('http_req_waiting', 'trend', t.waiting, tags);
      sample.write('http_req_receiving', 'trend', t.receiving, tags);
      sample.write('http_req_failed', 'rate', ex.failed ? 1 : 0, tags);
    }
    if (this.taggedHttp) {
      const all: Record<string, string> = { name, method, status: String(res.status), expected_response: String(!ex.failed) };
      if (vu.groupPath) all.group = vu.groupPath;
      if (vu.scenario) all.scenario = vu.scenario.name;
      for (const [k, v] of Object.entries(vu.scenario?.tags ?? {})) all[k] = v;
      for (const [k, v] of Object.entries(vu.tags)) all[k] = v;
      if (tags) for (const [k, v] of Object.entries(tags)) if (v !== undefined && v !== null && k !== 'name') all[k] = String(v);
      const clean: Record<string, string> = {};
      for (const [k, v] of Object.entries(all)) if (/^[\w.-]+$/.test(k) && v !== '' && !/[,{}]/.test(v) && v.trim() === v) clean[k] = v;
      this.metrics.add('http_req_duration', ex.durationMs, clean);
      this.metrics.add('http_req_failed', ex.failed, clean);
      this.metrics.add('http_reqs', 1, clean);
    }
  }

  /** Whether samples count now: during the measured run, never in setup, teardown or after the end. */
  measuring(): boolean {
    return this.phase === 'run' && this.recorder !== undefined && !this.recorder.closed;
  }

  addMetric(name: string, value: number | boolean, tags?: MetricTags): void {
    if (!this.measuring()) return;
    this.metrics.add(name, value, tags);
    if (this.sample) this.sample.write(name, this.metrics.typeOf(name) ?? 'counter', Number(value), stringTags(tags));
  }

  recordCheck(group: string, name: string, passed: boolean): void {
    if (!this.measuring()) return;
    const key = `${group}\u0000${name}`;
    let slot = this.checks.get(key);
    if (slot === undefined) {
      const label = group === '' ? name : `${group}::${name}`;
      slot = { index: this.stats!.outcomes.addCheck(label, group === '' ? '' : group), group, name };
      this.checks.set(key, slot);
    }
    this.stats!.recordCheck(-1, passed);
    this.stats!.outcomes.recordCheck(slot.index, passed);
    this.sample?.write('checks', 'rate', passed ? 1 : 0, { check: name, group });
  }

  /** A VU's module code threw when the VU was made during the run: the run stops and exits 107. */
  initFailed(err: unknown): void {
    if (this.initError !== undefined) return;
    this.initError = err;
    process.stderr.write(`ERRO a VU's init context threw: ${cleanStack(err instanceof Error ? (err.stack ?? err.message) : String(err))}\n`);
    this.stopRun?.('aborted');
  }

  /** The first init-context error of a VU made during the run. */
  initError: unknown;

  scriptError(err: unknown): void {
    const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
    const key = err instanceof Error ? err.message : text;
    const seen = this.scriptErrors.get(key) ?? 0;
    this.scriptErrors.set(key, seen + 1);
    if (seen === 0 && this.scriptErrors.size <= 10) process.stderr.write(`ERRO script error in an iteration (the iteration ends, the test goes on, as in k6): ${cleanStack(text)}\n`);
  }
}

/** A k6 VU: its number, its module instance, its iteration counters, group, cookies and pauses. */
export class VuState {
  /** `__VU`: 1-based, unique in the test (0 in the init context, setup and teardown). */
  readonly id: number;
  readonly scenario: ScenarioPlan | undefined;
  /** `__ITER`: this VU's iterations in its scenario so far, 0-based. */
  iteration = 0;
  /** `__ENV` as this VU sees it (the scenario's `env` over the process's and `-e`). */
  readonly env: Record<string, string>;
  /** `exec.vu.tags`, set by the script. */
  readonly tags: Record<string, string> = {};
  /** The current group's path: '' at the root, `::login::form` inside. */
  groupPath = '';
  readonly jar = new CookieJar();
  /** Requests sent and not answered yet (for the unawaited-call check at the end of an iteration). */
  pending = 0;
  /** The iteration's intended start: the first request is measured from it. */
  startMs = 0;
  #first = true;
  /** True while its modules run (k6's init context): metrics, SharedArray and open() are allowed, requests are not. */
  initializing = false;
  /** The exception its module code threw when the VU was made, if any: its iterations fail. */
  initError: unknown;
  /** Set when its iteration must stop at the next call that waits. */
  interrupted = false;
  readonly #sleeps = new Set<{ timer: TimerHandle; reject: (e: Error) => void }>();
  /** The entry module's exports in this VU. */
  exports: Record<string, unknown> = {};
  /** Setup's data, a copy per VU. */
  data: unknown;

  constructor(id: number, scenario: ScenarioPlan | undefined, env: Record<string, string>) {
    this.id = id;
    this.scenario = scenario;
    this.env = env;
  }

  beginIteration(startMs: number): void {
    this.startMs = startMs;
    this.#first = true;
  }

  /** Where a request is measured from: the iteration's intended start for the first, its send after that. */
  takeStart(clock: Clock): number {
    if (this.#first) {
      this.#first = false;
      return this.startMs;
    }
    return clock.now();
  }

  sleep(clock: Clock, ms: number): Promise<void> {
    this.#first = false;
    if (this.interrupted) return Promise.reject(new Interrupted());
    return new Promise((resolve, reject) => {
      const entry = { timer: undefined as unknown as TimerHandle, reject };
      entry.timer = clock.setTimeout(() => {
        this.#sleeps.delete(entry);
        resolve();
      }, ms);
      this.#sleeps.add(entry);
    });
  }

  interrupt(clock: Clock): void {
    this.interrupted = true;
    for (const s of this.#sleeps) {
      clock.clearTimeout(s.timer);
      s.reject(new Interrupted());
    }
    this.#sleeps.clear();
  }
}

function stringTags(tags: MetricTags | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (tags) for (const [k, v] of Object.entries(tags)) out[k] = String(v);
  return out;
}

function cleanStack(text: string): string {
  return text
    .split('\n')
    .filter((l) => !/node:internal|\/dist\/compat\//.test(l))
    .slice(0, 6)
    .join('\n');
}
