import {
  checkFunction, checkKnownKeys, checkNumber, checkOneOf, checkString, DeadlineQueue, invalidInput, noopSink, systemClock,
  type Clock, type CounterMetric, type MetricsSink,
} from '../../../core/index.js';
import { MemoryRateStore } from '../MemoryRateStore.js';
import type { RateDecision, RateLimitStore } from '../RateDecision.js';
import type { RateRule } from '../RateRule.js';
import { RedisHealth, type RedisStatusSource } from './RedisHealth.js';
import { DecisionBatch, decodeReply, PendingDecision, ruleArgs, scriptOf } from './DecisionBatch.js';
import { BUCKET_REFUND_SCRIPT, SLIDING_REFUND_SCRIPT, type LuaScript } from './rateScripts.js';

/**
 * The part of an ioredis client (or Cluster) the store uses (`status` and `on`, when present, to
 * see outages). Typed structurally, so loadline's published types need no ioredis installed.
 */
export interface RedisScriptClient extends RedisStatusSource {
  evalsha(sha: string, numKeys: number, ...keysAndArgs: (string | number)[]): Promise<unknown>;
  eval(script: string, numKeys: number, ...keysAndArgs: (string | number)[]): Promise<unknown>;
  del(key: string): Promise<unknown>;
}

export interface RedisRateStoreOptions {
  /** An ioredis client (or Cluster); required. The store never closes it. */
  redis: RedisScriptClient;
  /** Prefix of every key the store writes; default "loadline:rl:". */
  prefix?: string;
  /** Milliseconds a decision may wait for Redis: past it, a busy Redis's decision is denied (`source: "timeout"`), a silent one's goes to the outage policy; default 100. */
  timeoutMs?: number;
  /** While Redis is out: "open" (default) decides with the insurance limiter, "closed" denies. */
  onOutage?: 'open' | 'closed';
  /** Limiter used while Redis is out and `onOutage` is "open"; `false` allows everything; default a MemoryRateStore per process. */
  insurance?: RateLimitStore | false;
  /** Whose clock orders grants: "redis" (default: one clock for all processes) or "client" (the `clock` option, for tests). */
  timeSource?: 'redis' | 'client';
  /** Time source for timeouts, the insurance limiter and the "client" time source; default the system clock. */
  clock?: Clock;
  /** Metrics: `loadline_guard_ratelimit_store_failures_total{reason="error"|"timeout"|"unavailable"}`; default none. */
  metrics?: MetricsSink;
  /** Called with the cause when Redis goes out (the connection's own error, e.g. ECONNREFUSED), and with each error reply; default none. */
  onError?: (error: unknown) => void;
}

/** One key's traffic: scripts in flight, and the batches waiting for them (in arrival order) to go next. */
interface Lane {
  inFlight: number;
  queue: DecisionBatch[];
}

type FailureReason = 'error' | 'timeout' | 'unavailable';

const KNOWN = ['redis', 'prefix', 'timeoutMs', 'onOutage', 'insurance', 'timeSource', 'clock', 'metrics', 'onError'];

/**
 * Scripts in flight for one key before further decisions for it wait and go together: high
 * enough that ordinary concurrency (a few requests of one client at once) is never held back a
 * round trip, low enough that a burst at one key costs a handful of scripts.
 */
const MAX_IN_FLIGHT_PER_KEY = 8;

/** How long a client is told to wait when a busy Redis could not decide in time: its quota is not the reason. */
const BUSY_RETRY_MS = 1000;

/**
 * Rate-limit state in Redis, shared by every process: each decision is an atomic Lua script
 * (EVALSHA, falling back to EVAL when Redis answers NOSCRIPT). Past a few scripts in flight for
 * one key, further decisions for it wait and go together in one script, so a burst at one key
 * costs a handful of scripts, not one per request.
 *
 * While Redis is up, every grant is a Redis grant, so the sliding-window bound holds across all
 * processes under any burst: a decision that outlives `timeoutMs` while Redis answers others is
 * denied (`source: "timeout"`), and if Redis later granted it, the grant is given back. When Redis
 * is out (the client reconnecting or closed, or no answer at all within `timeoutMs`), decisions
 * go to the outage policy at once (by default an in-memory insurance limiter with the same rule),
 * and `onError` hears the cause once.
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
  readonly #health: RedisHealth;
  readonly #lanes = new Map<string, Lane>();
  readonly #failures: { counter: CounterMetric; labels: Record<FailureReason, { reason: string }> };
  readonly #onError: ((e: unknown) => void) | undefined;
  #expiring: PendingDecision[] = [];
  #drained: (() => void)[] = [];
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
    this.#timeoutMs = options.timeoutMs === undefined ? 100 : checkNumber(options.timeoutMs, 'timeoutMs', { above: 0 });
    this.#closed = (options.onOutage === undefined ? 'open' : checkOneOf(options.onOutage, 'onOutage', ['open', 'closed'])) === 'closed';
    this.#clientTime = (options.timeSource === undefined ? 'redis' : checkOneOf(options.timeSource, 'timeSource', ['redis', 'client'])) === 'client';
    this.#clock = options.clock ?? systemClock;
    if (options.insurance !== undefined && options.insurance !== false && typeof options.insurance?.consume !== 'function') {
      throw invalidInput({ field: 'insurance', value: options.insurance, expected: 'a RateLimitStore or false' });
    }
    this.#insurance = options.insurance ?? new MemoryRateStore({ clock: this.#clock });
    this.#deadlines = new DeadlineQueue(this.#clock, this.#timeoutMs);
    const counter = (options.metrics ?? noopSink).counter({
      name: 'loadline_guard_ratelimit_store_failures_total',
      help: 'Rate-limit decisions the Redis store could not make (error reply, timeout, or Redis known to be out)',
      labelNames: ['reason'],
    });
    this.#failures = { counter, labels: { error: { reason: 'error' }, timeout: { reason: 'timeout' }, unavailable: { reason: 'unavailable' } } };
    this.#onError = options.onError === undefined ? undefined : checkFunction(options.onError, 'onError');
    this.#health = new RedisHealth(redis, (cause) => this.#report(cause));
  }

  /** Whether the store currently decides without Redis (it is reconnecting, closed, or silent). */
  get outage(): boolean {
    return this.#health.down;
  }

  consume(namespace: string, key: string, rule: RateRule, cost: number): Promise<RateDecision> | RateDecision {
    if (!this.#health.usable()) return this.#outage(namespace, key, rule, cost, 'unavailable');
    const pending = new PendingDecision(this, namespace, key, rule, cost, this.#health.replies);
    const promise = new Promise<RateDecision>((resolve) => {
      pending.resolve = resolve;
    });
    this.#deadlines.add(pending);
    const redisKey = `${this.#prefix}${rule.algorithm === 'token-bucket' ? 'tb' : 'sw'}:${namespace}:${key}`;
    const lane = this.#lanes.get(redisKey);
    if (lane === undefined) {
      this.#lanes.set(redisKey, { inFlight: 1, queue: [] });
      this.#send(new DecisionBatch(redisKey, rule, cost, pending));
    } else if (lane.inFlight < MAX_IN_FLIGHT_PER_KEY && lane.queue.length === 0) {
      lane.inFlight++;
      this.#send(new DecisionBatch(redisKey, rule, cost, pending));
    } else {
      const last = lane.queue[lane.queue.length - 1];
      if (last !== undefined && last.rule === rule && last.cost === cost) last.decisions.push(pending);
      else lane.queue.push(new DecisionBatch(redisKey, rule, cost, pending));
    }
    return promise;
  }

  async reset(namespace: string, key: string, rule: RateRule): Promise<void> {
    await this.#redis.del(`${this.#prefix}${rule.algorithm === 'token-bucket' ? 'tb' : 'sw'}:${namespace}:${key}`);
    if (this.#insurance) await this.#insurance.reset(namespace, key, rule);
  }

  /** Gives back an allowed decision's grant, where it was made (Redis or the insurance limiter); never rejects. */
  async refund(namespace: string, key: string, rule: RateRule, decision: RateDecision, cost: number): Promise<void> {
    if (!decision.allowed) return;
    if (decision.source === 'insurance') {
      try {
        if (this.#insurance && typeof this.#insurance.refund === 'function') await this.#insurance.refund(namespace, key, rule, decision, cost);
      } catch {
        // best effort, as the grant it gives back
      }
      return;
    }
    if (decision.source !== 'store') return;
    const redisKey = `${this.#prefix}${rule.algorithm === 'token-bucket' ? 'tb' : 'sw'}:${namespace}:${key}`;
    await this.#giveBack(redisKey, rule, decision.grantedAt.toFixed(3), cost);
  }

  /** Resolves once no Redis call of this store is in flight (late replies and the refunds they cause included): for shutdown and tests. */
  drain(): Promise<void> {
    if (this.#health.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.#drained.push(resolve));
  }

  /** @internal A decision's deadline passed; decided after this turn's I/O, so replies already received win. */
  expired(pending: PendingDecision): void {
    this.#expiring.push(pending);
    if (this.#expiring.length === 1) setImmediate(() => this.#decideExpired());
  }

  #decideExpired(): void {
    const expiring = this.#expiring;
    this.#expiring = [];
    for (const p of expiring) {
      if (p.settled) continue;
      p.settled = true;
      if (this.#health.replies > p.repliesAtStart) {
        // Redis answers, just not this one in time: deny rather than grant outside its count.
        this.#failures.counter.inc(1, this.#failures.labels.timeout);
        const limit = p.rule.algorithm === 'token-bucket' ? p.rule.burst : p.rule.limit;
        p.resolve({ allowed: false, limit, remaining: 0, resetMs: BUSY_RETRY_MS, retryAfterMs: BUSY_RETRY_MS, source: 'timeout', grantedAt: 0 });
      } else {
        this.#health.silent(this.#timeoutMs);
        p.resolve(this.#outage(p.namespace, p.key, p.rule, p.cost, 'timeout'));
      }
    }
  }

  #send(batch: DecisionBatch): void {
    this.#health.inFlight++;
    const [a, b, block] = ruleArgs(batch.rule);
    const now = this.#clientTime ? this.#clock.wallNow().toFixed(3) : undefined;
    const cost = batch.cost === 1 ? '1' : String(batch.cost);
    const count = batch.decisions.length === 1 ? '1' : String(batch.decisions.length);
    const script = scriptOf(batch.rule);
    const redis = this.#redis;
    const key = batch.redisKey;
    // Trailing defaults are left out (the script reads them as cost 1, count 1, no block, Redis
    // time): each argument costs the client an encode per call.
    const sent = now !== undefined ? redis.evalsha(script.sha, 1, key, a, b, cost, count, block, now)
      : block !== '0' ? redis.evalsha(script.sha, 1, key, a, b, cost, count, block)
        : count !== '1' ? redis.evalsha(script.sha, 1, key, a, b, cost, count)
          : cost !== '1' ? redis.evalsha(script.sha, 1, key, a, b, cost)
            : redis.evalsha(script.sha, 1, key, a, b);
    sent.then(
      (reply) => this.#replied(batch, reply),
      (err: unknown) => {
        // The server lost (or never had) the script: EVAL runs and caches it, within the same deadline.
        if (err instanceof Error && err.message.startsWith('NOSCRIPT')) {
          const args = now !== undefined ? [a, b, cost, count, block, now] : [a, b, cost, count, block];
          redis.eval(script.source, 1, key, ...args).then((reply) => this.#replied(batch, reply), (e: unknown) => this.#errored(batch, e));
        } else this.#errored(batch, err);
      },
    );
  }

  /** Runs a script that is not a decision (a refund), with the same NOSCRIPT fallback and in-flight count. */
  #run(script: LuaScript, redisKey: string, args: string[]): Promise<unknown> {
    this.#health.inFlight++;
    return this.#redis.evalsha(script.sha, 1, redisKey, ...args).catch((err: unknown) => {
      if (err instanceof Error && err.message.startsWith('NOSCRIPT')) return this.#redis.eval(script.source, 1, redisKey, ...args);
      throw err;
    }).then(
      (reply) => {
        this.#health.answered();
        this.#settled();
        return reply;
      },
      (err: unknown) => {
        this.#settled();
        throw err;
      },
    );
  }

  #settled(): void {
    if (--this.#health.inFlight === 0 && this.#drained.length > 0) {
      const waiters = this.#drained;
      this.#drained = [];
      for (const w of waiters) w();
    }
  }

  #replied(batch: DecisionBatch, reply: unknown): void {
    this.#health.answered();
    this.#settled();
    const decisions = decodeReply(batch, reply);
    let late = 0;
    for (let i = 0; i < batch.decisions.length; i++) {
      const p = batch.decisions[i]!;
      const d = decisions[i]!;
      if (p.settled) {
        if (d.allowed) late++; // decided without Redis meanwhile: its grant must not count
        continue;
      }
      p.settled = true;
      this.#deadlines.settle(p);
      p.resolve(d);
    }
    if (late > 0) void this.#giveBack(batch.redisKey, batch.rule, decisions[0]!.grantedAt.toFixed(3), late * batch.cost);
    this.#advance(batch.redisKey);
  }

  #errored(batch: DecisionBatch, err: unknown): void {
    this.#settled();
    // An error may be the first sign of a lost connection: then the outage is reported (once, with
    // its cause), not each command the client fails with "Connection is closed".
    let reported = !this.#health.usable();
    for (const p of batch.decisions) {
      if (p.settled) continue;
      p.settled = true;
      this.#deadlines.settle(p);
      if (!reported) {
        reported = true;
        this.#report(err);
      }
      p.resolve(this.#outage(p.namespace, p.key, p.rule, p.cost, 'error'));
    }
    this.#advance(batch.redisKey);
  }

  /** One of the lane's scripts is answered: send what waited (in order, together), or close the lane when nothing is left. */
  #advance(redisKey: string): void {
    const lane = this.#lanes.get(redisKey)!;
    lane.inFlight--;
    const queue = lane.queue;
    if (queue.length > 0) {
      lane.queue = [];
      const usable = this.#health.usable();
      for (const batch of queue) {
        batch.decisions = batch.decisions.filter((p) => !p.settled);
        if (batch.decisions.length === 0) continue;
        if (usable) {
          lane.inFlight++;
          this.#send(batch);
          continue;
        }
        for (const p of batch.decisions) {
          p.settled = true;
          this.#deadlines.settle(p);
          p.resolve(this.#outage(p.namespace, p.key, p.rule, p.cost, 'unavailable'));
        }
      }
    }
    if (lane.inFlight === 0) this.#lanes.delete(redisKey);
  }

  /** Removes grants from Redis (a refund, or grants made after their decision went elsewhere); best effort, never rejects. */
  #giveBack(redisKey: string, rule: RateRule, stamp: string, cost: number): Promise<void> {
    const sent = rule.algorithm === 'token-bucket'
      ? this.#run(BUCKET_REFUND_SCRIPT, redisKey, [String(rule.burst), String(cost)])
      : this.#run(SLIDING_REFUND_SCRIPT, redisKey, [stamp, String(cost)]);
    return sent.then(
      () => undefined,
      (err: unknown) => {
        this.#failures.counter.inc(1, this.#failures.labels.error);
        this.#report(err);
      },
    );
  }

  #report(cause: unknown): void {
    if (!this.#onError) return;
    try {
      this.#onError(cause);
    } catch {
      // a reporting hook must not turn a decision into a failure
    }
  }

  /** Decides by the outage policy. */
  #outage(namespace: string, key: string, rule: RateRule, cost: number, reason: FailureReason): RateDecision | Promise<RateDecision> {
    this.#failures.counter.inc(1, this.#failures.labels[reason]);
    this.outageDecisions++;
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
}
