import { checkFunction, checkInteger, checkString, invalidInput, systemClock, type Clock, type TimerHandle } from '../../core/index.js';

export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy';

/** A check passes when it resolves to anything but `false`; it fails when it throws, rejects, returns false or times out. */
export type HealthCheckFn = () => unknown;

export interface HealthCheckOptions {
  /** How long the check may take before it counts as failed; default 5000 ms. */
  timeoutMs?: number;
  /** A failing critical check makes the service unhealthy, a non-critical one degraded; default true. */
  critical?: boolean;
  /** Also run by `/health/live` (keep these cheap and independent of dependencies); default false. */
  liveness?: boolean;
}

export interface CheckResult {
  name: string;
  status: 'pass' | 'fail';
  critical: boolean;
  durationMs: number;
  error?: string;
}

export interface HealthReport {
  status: HealthStatus;
  /** ISO time the report was made. */
  timestamp: string;
  checks: CheckResult[];
  /** Present while a graceful shutdown is in progress. */
  shuttingDown?: boolean;
}

interface Registered {
  fn: HealthCheckFn;
  timeoutMs: number;
  critical: boolean;
  liveness: boolean;
}

interface SharedRun {
  checks: Promise<CheckResult[]>;
  timestamp: number;
  /** Monotonic time the run ended; undefined while it runs. */
  endedAt?: number;
}

/**
 * Named health checks run in parallel, each with its own timeout, so one that throws or hangs
 * marks only itself failed and never hangs the endpoint.
 *
 * @example
 * health.register('redis', () => redis.ping(), { timeoutMs: 500 });
 * const report = await health.run('ready'); // { status: 'healthy', checks: [...] }
 */
export class HealthChecks {
  readonly #checks = new Map<string, Registered>();
  readonly #clock: Clock;
  readonly #shared: Record<'live' | 'ready', SharedRun | undefined> = { live: undefined, ready: undefined };
  shuttingDown = false;

  constructor(clock: Clock = systemClock) {
    this.#clock = clock;
  }

  register(name: string, fn: HealthCheckFn, options: HealthCheckOptions = {}): void {
    checkString(name, 'name');
    checkFunction(fn, `checks.${name}`);
    if (this.#checks.has(name)) throw invalidInput({ field: 'name', value: name, expected: 'a check name not registered yet' });
    const timeoutMs = checkInteger(options.timeoutMs ?? 5000, `checks.${name}.timeoutMs`, { min: 1 });
    this.#checks.set(name, { fn, timeoutMs, critical: options.critical ?? true, liveness: options.liveness ?? false });
    this.#shared.live = this.#shared.ready = undefined;
  }

  unregister(name: string): boolean {
    this.#shared.live = this.#shared.ready = undefined;
    return this.#checks.delete(name);
  }

  /** `live` runs only liveness checks; `ready` runs all of them and fails while shutting down. */
  async run(kind: 'live' | 'ready'): Promise<HealthReport> {
    const checks = await this.#runAll(kind);
    return this.#report(kind, checks, this.#clock.wallNow());
  }

  /**
   * What the health endpoints serve: callers that arrive while the checks run share that run,
   * and a run that ended less than `maxAgeMs` ago is served again, so a burst of probes (or an
   * anonymous caller on a public endpoint) costs one run of the checks. A shutdown shows at once.
   */
  async shared(kind: 'live' | 'ready', maxAgeMs: number): Promise<HealthReport> {
    let run = this.#shared[kind];
    if (run === undefined || (run.endedAt !== undefined && this.#clock.now() - run.endedAt >= maxAgeMs)) {
      const fresh: SharedRun = { checks: this.#runAll(kind), timestamp: this.#clock.wallNow() };
      void fresh.checks.then(() => (fresh.endedAt = this.#clock.now()));
      this.#shared[kind] = run = fresh;
    }
    return this.#report(kind, await run.checks, run.timestamp);
  }

  #runAll(kind: 'live' | 'ready'): Promise<CheckResult[]> {
    const entries = [...this.#checks].filter(([, c]) => kind === 'ready' || c.liveness);
    return Promise.all(entries.map(([name, c]) => this.#runOne(name, c)));
  }

  #report(kind: 'live' | 'ready', checks: CheckResult[], timestamp: number): HealthReport {
    let status: HealthStatus = 'healthy';
    for (const c of checks) {
      if (c.status === 'fail') status = c.critical ? 'unhealthy' : status === 'healthy' ? 'degraded' : status;
    }
    const report: HealthReport = { status, timestamp: new Date(timestamp).toISOString(), checks };
    if (this.shuttingDown) {
      report.shuttingDown = true;
      if (kind === 'ready') report.status = 'unhealthy';
    }
    return report;
  }

  async #runOne(name: string, c: Registered): Promise<CheckResult> {
    const started = this.#clock.now();
    let timer: TimerHandle | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = this.#clock.setTimeout(() => reject(new Error(`timed out after ${c.timeoutMs} ms`)), c.timeoutMs);
      timer.unref?.();
    });
    try {
      const value = await Promise.race([Promise.resolve().then(c.fn), timeout]);
      if (value === false) throw new Error('check returned false');
      return { name, status: 'pass', critical: c.critical, durationMs: this.#clock.now() - started };
    } catch (err) {
      return { name, status: 'fail', critical: c.critical, durationMs: this.#clock.now() - started, error: err instanceof Error ? err.message : String(err) };
    } finally {
      if (timer) this.#clock.clearTimeout(timer);
    }
  }
}
