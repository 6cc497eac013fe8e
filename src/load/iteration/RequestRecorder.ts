import type { Clock } from '../../core/index.js';
import type { ResponseInfo, TransportError } from '../http/types.js';
import type { RunStats } from '../stats/RunStats.js';

/**
 * Turns client callbacks into measurements: latency from the iteration's intended start to now,
 * in microseconds. Requests due before the measured start (warm-up) are not counted.
 */
export class RequestRecorder {
  readonly stats: RunStats;
  readonly #clock: Clock;
  /** Clock time from which requests count; until then (warm-up) nothing is recorded. */
  measuredFromMs = 0;
  /** When set, nothing is recorded any more (the run has ended). */
  closed = false;

  constructor(stats: RunStats, clock: Clock) {
    this.stats = stats;
    this.#clock = clock;
  }

  /** Whether a request that started at `startMs` is measured. */
  counts(startMs: number): boolean {
    return !this.closed && startMs >= this.measuredFromMs;
  }

  /**
   * Records the outcome of one request started (or due) at `startMs`; returns true when it failed.
   * `nowMs` is the clock's time of the outcome when the caller has read it already.
   */
  record(endpoint: number, startMs: number, error: TransportError | null, response: ResponseInfo | null, nowMs = this.#clock.now()): boolean {
    if (response !== null) {
      if (this.counts(startMs)) {
        return this.stats.recordResponse(endpoint, (nowMs - startMs) * 1000, response.status, response.bytes, response.timings, response.bytesSent ?? 0);
      }
      return !this.stats.isExpected(response.status);
    }
    if (this.counts(startMs)) this.stats.recordTransportError(endpoint, (nowMs - startMs) * 1000, error?.kind ?? 'other', error?.timings, error?.bytesSent ?? 0, error ?? undefined);
    return true;
  }
}
