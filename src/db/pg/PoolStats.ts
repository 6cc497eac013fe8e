import { SparseHistogram } from '../../core/histogram/SparseHistogram.js';
import type { PgPoolLike } from '../driverTypes.js';
import type { DbSourceStats } from '../monitor/QueryMonitor.js';

/** A pg pool in a snapshot. */
export interface PoolSnapshot {
  kind: 'pg-pool';
  name: string;
  /** Connections open, idle, and callers queued for one, when the snapshot was taken. */
  total: number;
  idle: number;
  waiting: number;
  /** The pool's `max` option (pg's default is 10). */
  max: number;
  /** Connections handed out (`pool.connect()` and each `pool.query()`). */
  acquired: number;
  /** Acquisitions that found no idle connection and the pool full, so queued. */
  queued: number;
  /** Most callers seen queued at once. */
  maxWaiting: number;
  /** Acquisitions that failed (connection refused, connection timeout). */
  errors: number;
  /** Time callers waited for a connection, in ms (HDR). */
  waitMs: { count: number; mean: number; p50: number; p95: number; p99: number; max: number };
}

/** Wait times and counts of one pg pool; the gauges read the pool itself. */
export class PoolStats implements DbSourceStats {
  readonly kind = 'pg-pool';
  readonly waitUs = new SparseHistogram();
  acquired = 0;
  queued = 0;
  maxWaiting = 0;
  errors = 0;

  constructor(
    readonly name: string,
    readonly pool: PgPoolLike,
  ) {}

  /** Called as a caller asks for a connection: will it queue? */
  noteRequest(): void {
    const p = this.pool;
    const max = p.options.max ?? 10;
    if (p.waitingCount > 0 || (p.idleCount === 0 && p.totalCount >= max)) {
      this.queued++;
      // The caller is about to join the queue: count it among those waiting.
      if (p.waitingCount + 1 > this.maxWaiting) this.maxWaiting = p.waitingCount + 1;
    }
  }

  noteAcquired(waitedUs: number, failed: boolean): void {
    if (failed) this.errors++;
    else this.acquired++;
    this.waitUs.record(waitedUs);
  }

  snapshot(): PoolSnapshot {
    const h = this.waitUs;
    const [p50, p95, p99] = h.percentiles([50, 95, 99]).map((p) => Math.min(p, h.max));
    const ms = (us: number) => Math.round(us) / 1000;
    return {
      kind: 'pg-pool',
      name: this.name,
      total: this.pool.totalCount,
      idle: this.pool.idleCount,
      waiting: this.pool.waitingCount,
      max: this.pool.options.max ?? 10,
      acquired: this.acquired,
      queued: this.queued,
      maxWaiting: this.maxWaiting,
      errors: this.errors,
      waitMs: { count: h.count, mean: ms(h.mean), p50: ms(p50!), p95: ms(p95!), p99: ms(p99!), max: ms(h.max) },
    };
  }
}
