import { systemClock, type Clock } from '../../core/index.js';
import { ParsedResponse } from '../http/PendingRequest.js';
import type { ResponseInfo, TransportError } from '../http/types.js';
import type { RunStats } from '../stats/RunStats.js';

/**
 * Turns client callbacks into measurements: latency from the iteration's intended start to now,
 * in microseconds. Requests due before the measured start (warm-up) are not counted.
 */
export class RequestRecorder {
  readonly stats: RunStats;
  readonly #clock: Clock;
  /** The system clock reads `performance.now()`, as the client's timestamps do: a response's own end time serves. */
  readonly #systemClock: boolean;
  /** Clock time from which requests count; until then (warm-up) nothing is recorded. */
  measuredFromMs = 0;
  /** When set, nothing is recorded any more (the run has ended). */
  closed = false;

  constructor(stats: RunStats, clock: Clock) {
    this.stats = stats;
    this.#clock = clock;
    this.#systemClock = clock === systemClock;
  }

  /** Whether a request that started at `startMs` is measured. */
  counts(startMs: number): boolean {
    return !this.closed && startMs >= this.measuredFromMs;
  }

  /**
   * Records the outcome of one request started (or due) at `startMs`; returns true when it failed.
   * `nowMs` is the clock's time of the outcome when the caller has read it already.
   */
  record(endpoint: number, startMs: number, error: TransportError | null, response: ResponseInfo | null, nowMs?: number): boolean {
    if (response !== null) {
      if (this.counts(startMs)) {
        // The response's end, read by the client as it completed, is this clock's now: no second read.
        const end = nowMs ?? (this.#systemClock && response instanceof ParsedResponse ? response.endedAt : this.#clock.now());
        return this.stats.recordResponse(endpoint, (end - startMs) * 1000, response.status, response.bytes, response.timings, response.bytesSent ?? 0);
      }
      return !this.stats.isExpected(response.status);
    }
    if (this.counts(startMs)) this.stats.recordTransportError(endpoint, ((nowMs ?? this.#clock.now()) - startMs) * 1000, error?.kind ?? 'other', error?.timings, error?.bytesSent ?? 0, error ?? undefined);
    return true;
  }
}
