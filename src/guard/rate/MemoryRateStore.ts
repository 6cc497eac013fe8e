import { checkInteger, systemClock, type Clock } from '../../core/index.js';
import type { RateDecision, RateLimitStore } from './RateDecision.js';
import type { RateRule } from './RateRule.js';

export interface MemoryRateStoreOptions {
  /** Time source; default the system clock. */
  clock?: Clock;
  /** Key count at which idle keys are first swept; default 10000 (the threshold then doubles with the live count). */
  sweepAtKeys?: number;
}

/**
 * Exact sliding log: the grant times still in the window, in a ring that grows (doubling, up to
 * `limit`) with use, so memory follows the traffic, not the limit. O(1) amortized per decision.
 */
class SlidingLog {
  ring: Float64Array;
  head = 0;
  count = 0;
  /** Clock time until which every request is denied (blockDuration); 0: not blocked. */
  blockedUntil = 0;
  constructor(readonly rule: RateRule) {
    this.ring = new Float64Array(Math.min(rule.limit, 16));
  }

  /** Re-lays the ring, oldest first, with room for at least `needed` grants. */
  grow(needed: number): void {
    const old = this.ring;
    const ring = new Float64Array(Math.min(this.rule.limit, Math.max(needed, old.length * 2)));
    let from = this.head - this.count;
    if (from < 0) from += old.length;
    for (let i = 0; i < this.count; i++) {
      ring[i] = old[from]!;
      from = from + 1 === old.length ? 0 : from + 1;
    }
    this.ring = ring;
    this.head = this.count === ring.length ? 0 : this.count;
  }

  /** Removes `cost` grants stamped `at`, searching from the newest (where a refund's grant usually is). */
  remove(at: number, cost: number): void {
    const ring = this.ring;
    const cap = ring.length;
    let from = this.head;
    let found = 0;
    let walked = 0;
    while (found < cost && walked < this.count) {
      from = from === 0 ? cap - 1 : from - 1;
      walked++;
      if (ring[from] === at) found++;
    }
    if (found === 0) return;
    // Shift the newer grants down over the removed ones; order is kept.
    let w = from;
    let r = from;
    let drop = found;
    for (let k = 0; k < walked; k++) {
      const v = ring[r]!;
      if (drop > 0 && v === at) drop--;
      else {
        ring[w] = v;
        w = w + 1 === cap ? 0 : w + 1;
      }
      r = r + 1 === cap ? 0 : r + 1;
    }
    this.head = w;
    this.count -= found;
  }
}

class TokenBucket {
  blockedUntil = 0;
  constructor(readonly rule: RateRule, public tokens: number, public at: number) {}
}

type State = SlidingLog | TokenBucket;

/**
 * Rate-limit state in this process's memory. The sliding window keeps the time of each granted
 * unit still in the window (8 bytes each), so it never grants more than `limit` in any window of `windowMs`; the token bucket never
 * grants more than `burst + limit * t / windowMs` in any span `t`.
 *
 * @example
 * const store = new MemoryRateStore();
 * store.consume('general', 'ip:1.2.3.4', parseRateRule({ limit: 100, window: '1m' }), 1).allowed; // true
 */
export class MemoryRateStore implements RateLimitStore {
  readonly #clock: Clock;
  // namespace -> key -> state: the caller's key string is looked up as is, never concatenated
  readonly #namespaces = new Map<string, Map<string, State>>();
  #size = 0;
  #sweepAt: number;
  readonly #minSweepAt: number;

  constructor(options: MemoryRateStoreOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#minSweepAt = options.sweepAtKeys === undefined ? 10_000 : checkInteger(options.sweepAtKeys, 'sweepAtKeys', { min: 1 });
    this.#sweepAt = this.#minSweepAt;
  }

  /** Number of keys currently held. */
  get size(): number {
    return this.#size;
  }

  consume(namespace: string, key: string, rule: RateRule, cost: number): RateDecision {
    const now = this.#clock.now();
    let states = this.#namespaces.get(namespace);
    if (states === undefined) {
      states = new Map();
      this.#namespaces.set(namespace, states);
    }
    let state = states.get(key);
    if (state === undefined || state.rule !== rule) {
      if (this.#size >= this.#sweepAt) this.#sweep(now);
      if (state === undefined) this.#size++;
      state = rule.algorithm === 'token-bucket' ? new TokenBucket(rule, rule.burst, now) : new SlidingLog(rule);
      states.set(key, state);
    }
    return state instanceof SlidingLog ? consumeLog(state, now, cost) : consumeBucket(state, now, cost);
  }

  refund(namespace: string, key: string, rule: RateRule, decision: RateDecision, cost: number): void {
    const state = this.#namespaces.get(namespace)?.get(key);
    if (state === undefined || state.rule !== rule || !decision.allowed) return;
    if (state instanceof SlidingLog) state.remove(decision.grantedAt, cost);
    else state.tokens = Math.min(rule.burst, state.tokens + cost);
  }

  reset(namespace: string, key: string): void {
    if (this.#namespaces.get(namespace)?.delete(key)) this.#size--;
  }

  #sweep(now: number): void {
    for (const states of this.#namespaces.values()) {
      for (const [key, state] of states) {
        if (isIdle(state, now)) {
          states.delete(key);
          this.#size--;
        }
      }
    }
    this.#sweepAt = Math.max(this.#minSweepAt, this.#size * 2);
  }
}

function consumeLog(log: SlidingLog, now: number, cost: number): RateDecision {
  const { rule } = log;
  const limit = rule.limit;
  const horizon = now - rule.windowMs;
  let ring = log.ring;
  let cap = ring.length;
  // Drop grants that have left the window, oldest first; each grant is dropped once.
  while (log.count > 0) {
    let oldest = log.head - log.count;
    if (oldest < 0) oldest += cap;
    if (ring[oldest]! > horizon) break;
    log.count--;
  }
  if (now < log.blockedUntil) return blocked(log.blockedUntil, now, limit);
  let allowed = false;
  let retryAfterMs = 0;
  if (log.count + cost <= limit) {
    if (log.count + cost > cap) {
      log.grow(log.count + cost);
      ring = log.ring;
      cap = ring.length;
    }
    allowed = true;
    for (let i = 0; i < cost; i++) {
      ring[log.head] = now;
      log.head = log.head + 1 === cap ? 0 : log.head + 1;
    }
    log.count += cost;
  } else if (cost <= limit) {
    // The grant whose expiry frees enough room for `cost` more.
    let idx = log.head - log.count + (log.count + cost - limit - 1);
    if (idx < 0) idx += cap;
    retryAfterMs = ring[idx]! + rule.windowMs - now;
  } else {
    retryAfterMs = Infinity;
  }
  if (!allowed && rule.blockMs > 0) {
    log.blockedUntil = now + rule.blockMs;
    if (retryAfterMs < rule.blockMs) retryAfterMs = rule.blockMs;
  }
  let newest = log.head - 1;
  if (newest < 0) newest += cap;
  const resetMs = log.count === 0 ? 0 : ring[newest]! + rule.windowMs - now;
  return {
    allowed,
    limit,
    remaining: limit - log.count,
    resetMs: resetMs < retryAfterMs && retryAfterMs !== Infinity ? retryAfterMs : resetMs,
    retryAfterMs,
    source: 'store',
    grantedAt: allowed ? now : 0,
  };
}

/** The decision for a key inside its blockDuration. */
function blocked(until: number, now: number, limit: number): RateDecision {
  return { allowed: false, limit, remaining: 0, resetMs: until - now, retryAfterMs: until - now, source: 'store', grantedAt: 0 };
}

function consumeBucket(bucket: TokenBucket, now: number, cost: number): RateDecision {
  const { rule } = bucket;
  const perMs = rule.limit / rule.windowMs;
  if (now < bucket.blockedUntil) return blocked(bucket.blockedUntil, now, rule.burst);
  let tokens = bucket.tokens + (now - bucket.at) * perMs;
  if (tokens > rule.burst) tokens = rule.burst;
  bucket.at = now;
  let allowed = false;
  let retryAfterMs = 0;
  if (tokens >= cost) {
    tokens -= cost;
    allowed = true;
  } else {
    retryAfterMs = cost <= rule.burst ? (cost - tokens) / perMs : Infinity;
    if (rule.blockMs > 0) {
      bucket.blockedUntil = now + rule.blockMs;
      if (retryAfterMs < rule.blockMs) retryAfterMs = rule.blockMs;
    }
  }
  bucket.tokens = tokens;
  const resetMs = (rule.burst - tokens) / perMs;
  return {
    allowed,
    limit: rule.burst,
    remaining: Math.floor(tokens),
    resetMs: resetMs < retryAfterMs && retryAfterMs !== Infinity ? retryAfterMs : resetMs,
    retryAfterMs,
    source: 'store',
    grantedAt: allowed ? now : 0,
  };
}

function isIdle(state: State, now: number): boolean {
  if (state.blockedUntil > now) return false;
  if (state instanceof TokenBucket) {
    return state.tokens + (now - state.at) * (state.rule.limit / state.rule.windowMs) >= state.rule.burst;
  }
  if (state.count === 0) return true;
  let newest = state.head - 1;
  if (newest < 0) newest += state.ring.length;
  return state.ring[newest]! <= now - state.rule.windowMs;
}
