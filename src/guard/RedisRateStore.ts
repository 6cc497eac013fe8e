import type { Redis } from 'ioredis';
import {
  LoadlineError, checkFunction, checkKnownKeys, checkNumber, checkOneOf, checkString, invalidInput, noopSink, systemClock,
  type Clock, type CounterMetric, type MetricsSink,
} from '../core/index.js';
import { DeadlineQueue, type DeadlineEntry } from './DeadlineQueue.js';
import { MemoryRateStore } from './MemoryRateStore.js';
import type { RateDecision, RateLimitStore } from './RateDecision.js';
import type { RateRule } from './RateRule.js';
import { SLIDING_WINDOW_SCRIPT, TOKEN_BUCKET_SCRIPT, type LuaScript } from './rateScripts.js';

/** The part of an ioredis client the store uses. */
export type RedisScriptClient = Pick<Redis, 'evalsha' | 'eval' | 'del'>;

export interface RedisRateStoreOptions {
  /** An ioredis client (or Cluster); required. The store never closes it. */
  redis: RedisScriptClient;
  /** Prefix of every key the store writes; default "loadline:rl:". */
  prefix?: string;
  /** Milliseconds one decision may take before the outage policy decides instead; default 100. */
  timeoutMs?: number;
  /** When Redis fails or is slow: "open" (default) decides with the insurance limiter, "closed" denies. */
  onOutage?: 'open' | 'closed';
  /** Limiter used while Redis is out and `onOutage` is "open"; `false` allows everything; default a MemoryRateStore per process. */
  insurance?: RateLimitStore | false;
  /** Whose clock orders grants: "redis" (default: one clock for all processes) or "client" (the `clock` option, for tests). */
  timeSource?: 'redis' | 'client';
  /** Time source for timeouts, the insurance limiter and the "client" time source; default the system clock. */
  clock?: Clock;
  /** Metrics: `loadline_guard_ratelimit_store_failures_total{reason="error"|"timeout"}`; default none. */
  metrics?: MetricsSink;
  /** Called with each Redis failure (error or timeout), after it is counted; default none. */
  onError?: (error: unknown) => void;
}

class PendingDecision implements DeadlineEntry {
  deadline = 0;
  done = false;
  resolve!: (d: RateDecision | Promise<RateDecision>) => void;
  redisKey = '';
  now: string | undefined;
  retried = false;
  constructor(readonly store: RedisRateStore, readonly namespace: string, readonly key: string, readonly rule: RateRule, readonly cost: number) {}
  expire(): void {
    this.resolve(this.store.outage(this, 'timeout', undefined));
  }
}

const ARGS = new WeakMap<RateRule, [string, string]>();

/** The script arguments a rule implies, stringified once per rule. */
function ruleArgs(rule: RateRule): [string, string] {
  let args = ARGS.get(rule);
  if (args === undefined) {
    args = rule.algorithm === 'token-bucket' ? [String(rule.burst), String(rule.limit / rule.windowMs)] : [String(rule.limit), String(rule.windowMs)];
    ARGS.set(rule, args);
  }
  return args;
}

const KNOWN = ['redis', 'prefix', 'timeoutMs', 'onOutage', 'insurance', 'timeSource', 'clock', 'metrics', 'onError'];

/**
 * Rate-limit state in Redis, shared by every process: each decision is one atomic Lua script
 * (EVALSHA, falling back to EVAL when Redis answers NOSCRIPT). Redis trouble never rejects: a
 * failed or slow (`timeoutMs`) decision is counted, reported to `onError`, and decided by the
 * outage policy (by default an in-memory insurance limiter with the same rule).
 *
 * @example
 * const store = new RedisRateStore({ redis: new Redis(process.env.REDIS_URL), timeoutMs: 50 });
 * const limiter = new RateLimiter({ limit: 100, window: '1m', store });
 */
export class RedisRateStore implements RateLimitStore {
  readonly #redis: RedisScriptClient;
  readonly #prefix: string;
  readonly #closed: boolean;
  readonly #insurance: RateLimitStore | false;
  readonly #clientTime: boolean;
  readonly #clock: Clock;
  readonly #timeoutMs: number;
  readonly #deadlines: DeadlineQueue;
  readonly #failures: { error: CounterMetric; labels: { error: { reason: string }; timeout: { reason: string } } };
  readonly #onError: ((e: unknown) => void) | undefined;
  /** Decisions made by the outage policy since the store was created. */
  outageDecisions = 0;

  constructor(options: RedisRateStoreOptions) {
    checkKnownKeys(options, KNOWN);
    const redis = options.redis;
    if (typeof redis?.evalsha !== 'function' || typeof redis?.eval !== 'function') {
      throw invalidInput({ field: 'redis', value: typeof redis, expected: 'an ioredis client' });
    }
    this.#redis = redis;
    this.#prefix = options.prefix === undefined ? 'loadline:rl:' : checkString(options.prefix, 'prefix', { nonEmpty: false });
    const timeoutMs = options.timeoutMs === undefined ? 100 : checkNumber(options.timeoutMs, 'timeoutMs', { above: 0 });
    this.#closed = (options.onOutage === undefined ? 'open' : checkOneOf(options.onOutage, 'onOutage', ['open', 'closed'])) === 'closed';
    this.#clientTime = (options.timeSource === undefined ? 'redis' : checkOneOf(options.timeSource, 'timeSource', ['redis', 'client'])) === 'client';
    this.#clock = options.clock ?? systemClock;
    if (options.insurance !== undefined && options.insurance !== false && typeof options.insurance?.consume !== 'function') {
      throw invalidInput({ field: 'insurance', value: options.insurance, expected: 'a RateLimitStore or false' });
    }
    this.#insurance = options.insurance ?? new MemoryRateStore({ clock: this.#clock });
    this.#timeoutMs = timeoutMs;
    this.#deadlines = new DeadlineQueue(this.#clock, timeoutMs);
    const counter = (options.metrics ?? noopSink).counter({
      name: 'loadline_guard_ratelimit_store_failures_total',
      help: 'Rate-limit decisions the Redis store could not make (Redis error or timeout)',
      labelNames: ['reason'],
    });
    this.#failures = { error: counter, labels: { error: { reason: 'error' }, timeout: { reason: 'timeout' } } };
    this.#onError = options.onError === undefined ? undefined : checkFunction(options.onError, 'onError');
  }

  consume(namespace: string, key: string, rule: RateRule, cost: number): Promise<RateDecision> {
    const pending = new PendingDecision(this, namespace, key, rule, cost);
    const promise = new Promise<RateDecision>((resolve) => {
      pending.resolve = resolve;
    });
    this.#deadlines.add(pending);
    const tokenBucket = rule.algorithm === 'token-bucket';
    const args = ruleArgs(rule);
    const redisKey = `${this.#prefix}${tokenBucket ? 'tb' : 'sw'}:${namespace}:${key}`;
    const now = this.#clientTime ? this.#clock.wallNow().toFixed(3) : undefined;
    const script = tokenBucket ? TOKEN_BUCKET_SCRIPT : SLIDING_WINDOW_SCRIPT;
    pending.redisKey = redisKey;
    pending.now = now;
    const costArg = cost === 1 ? '1' : String(cost);
    const sent = now === undefined ? this.#redis.evalsha(script.sha, 1, redisKey, args[0], args[1], costArg) : this.#redis.evalsha(script.sha, 1, redisKey, args[0], args[1], costArg, now);
    sent.then(
      (reply) => this.#decided(pending, reply),
      (err: unknown) => this.#failed(pending, script, err),
    );
    return promise;
  }

  async reset(namespace: string, key: string, rule: RateRule): Promise<void> {
    const redisKey = `${this.#prefix}${rule.algorithm === 'token-bucket' ? 'tb' : 'sw'}:${namespace}:${key}`;
    await this.#redis.del(redisKey);
    if (this.#insurance) await this.#insurance.reset(namespace, key, rule);
  }

  /** @internal Decides for a call Redis failed or was too slow to answer. */
  outage(pending: PendingDecision, reason: 'error' | 'timeout', error: unknown): RateDecision | Promise<RateDecision> {
    this.#failures.error.inc(1, this.#failures.labels[reason]);
    this.outageDecisions++;
    if (this.#onError) {
      try {
        this.#onError(error ?? new LoadlineError('LOADLINE_TIMEOUT', `redis rate-limit decision took more than ${this.#timeoutMs} ms`));
      } catch {
        // a reporting hook must not turn a decision into a failure
      }
    }
    const { rule, cost, key, namespace } = pending;
    const limit = rule.algorithm === 'token-bucket' ? rule.burst : rule.limit;
    if (this.#closed) return { allowed: false, limit, remaining: 0, resetMs: rule.windowMs, retryAfterMs: rule.windowMs, source: 'fail-closed', grantedAt: 0 };
    const allowAll: RateDecision = { allowed: true, limit, remaining: limit, resetMs: 0, retryAfterMs: 0, source: 'fail-open', grantedAt: 0 };
    if (this.#insurance === false) return allowAll;
    try {
      const insured = this.#insurance.consume(namespace, key, rule, cost);
      // an insurance store that fails too must not turn the decision into an error: allow
      return insured instanceof Promise ? insured.then((d) => ({ ...d, source: 'insurance' as const }), () => allowAll) : { ...insured, source: 'insurance' };
    } catch {
      return allowAll;
    }
  }

  #decided(pending: PendingDecision, reply: unknown): void {
    if (pending.done) return;
    this.#deadlines.settle(pending);
    const r = reply as number[];
    const { rule } = pending;
    pending.resolve({
      allowed: r[0] === 1,
      limit: rule.algorithm === 'token-bucket' ? rule.burst : rule.limit,
      remaining: r[1]! > 0 ? r[1]! : 0,
      resetMs: r[2]!,
      retryAfterMs: r[3]! < 0 ? Infinity : r[3]!,
      source: 'store',
      grantedAt: 0,
    });
  }

  #failed(pending: PendingDecision, script: LuaScript, err: unknown): void {
    if (pending.done) return;
    if (!pending.retried && err instanceof Error && err.message.startsWith('NOSCRIPT')) {
      // The server lost (or never had) the script: EVAL runs and caches it, within the same deadline.
      pending.retried = true;
      const args = ruleArgs(pending.rule);
      const cost = String(pending.cost);
      const sent = pending.now === undefined ? this.#redis.eval(script.source, 1, pending.redisKey, args[0], args[1], cost) : this.#redis.eval(script.source, 1, pending.redisKey, args[0], args[1], cost, pending.now);
      sent.then(
        (reply) => this.#decided(pending, reply),
        (e: unknown) => this.#failed(pending, script, e),
      );
      return;
    }
    this.#deadlines.settle(pending);
    pending.resolve(this.outage(pending, 'error', err));
  }
}
