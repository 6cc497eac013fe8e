import { widen } from './widen.js';

/**
 * Per-slot deadlines of an `LruCache`: when each entry expires and when its stale-serving grace
 * ends, in `clock.now()` milliseconds (0 = never). Typed arrays indexed by slot, allocated only
 * once a cache uses TTLs, so a cache without TTLs pays nothing.
 */
export class ExpiryTable {
  /** Expiry per slot; read directly on the get hot path. */
  expires: Float64Array;
  /** End of grace per slot; allocated on the first entry with grace. */
  #graceEnds: Float64Array | null = null;

  constructor(slots: number, withGrace: boolean) {
    this.expires = new Float64Array(slots);
    if (withGrace) this.#graceEnds = new Float64Array(slots);
  }

  /** Sets slot `i` to expire `ttlMs` after `now` (0 = never) and stay servable stale `graceMs` longer. */
  set(i: number, now: number, ttlMs: number, graceMs: number): void {
    const at = ttlMs > 0 ? now + ttlMs : 0;
    this.expires[i] = at;
    if (graceMs > 0 || this.#graceEnds !== null) {
      (this.#graceEnds ??= new Float64Array(this.expires.length))[i] = at === 0 ? 0 : at + graceMs;
    }
  }

  clear(i: number): void {
    this.expires[i] = 0;
    if (this.#graceEnds !== null) this.#graceEnds[i] = 0;
  }

  isExpired(i: number, now: number): boolean {
    const at = this.expires[i]!;
    return at !== 0 && at <= now;
  }

  /** End of grace for slot `i`; 0 when it has none. */
  graceEnd(i: number): number {
    return this.#graceEnds === null ? 0 : this.#graceEnds[i]!;
  }

  /** Expired and past grace (or expired without any grace). */
  isDead(i: number, now: number): boolean {
    if (!this.isExpired(i, now)) return false;
    const end = this.graceEnd(i);
    return end === 0 || end <= now;
  }

  /** Milliseconds until slot `i` expires: Infinity without a TTL. */
  remaining(i: number, now: number): number {
    const at = this.expires[i]!;
    return at === 0 ? Infinity : Math.max(0, at - now);
  }

  grow(slots: number): void {
    this.expires = widen(this.expires, slots);
    if (this.#graceEnds !== null) this.#graceEnds = widen(this.#graceEnds, slots);
  }
}
