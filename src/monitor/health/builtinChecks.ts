import v8 from 'node:v8';
import { checkNumber } from '../../core/index.js';
import type { HealthCheckFn } from './HealthChecks.js';
import type { RuntimeSample } from '../runtime/RuntimeProbes.js';

/** The part of an ioredis (or node-redis) client a check needs. */
export interface PingableRedis {
  ping(): Promise<unknown>;
}

/** The part of a `pg.Pool` a check needs. */
export interface QueryablePool {
  query(text: string): Promise<unknown>;
  totalCount?: number;
  idleCount?: number;
  waitingCount?: number;
}

/**
 * Passes when Redis answers PING with PONG.
 *
 * @example
 * monitor.registerCheck('redis', redisCheck(redis), { timeoutMs: 500 });
 */
export function redisCheck(client: PingableRedis): HealthCheckFn {
  return async () => {
    const reply = await client.ping();
    if (reply !== 'PONG') throw new Error(`unexpected PING reply ${JSON.stringify(reply)}`);
  };
}

export interface PgCheckOptions {
  /** Clients waiting for a connection above which the check fails (pool exhausted); default 10. */
  maxWaiting?: number;
}

/**
 * Passes when the pool runs `SELECT 1` and not too many clients wait for a connection.
 *
 * @example
 * monitor.registerCheck('postgres', pgCheck(pool), { timeoutMs: 1000 });
 */
export function pgCheck(pool: QueryablePool, options: PgCheckOptions = {}): HealthCheckFn {
  const maxWaiting = checkNumber(options.maxWaiting ?? 10, 'maxWaiting', { min: 0 });
  return async () => {
    if ((pool.waitingCount ?? 0) > maxWaiting) throw new Error(`pool exhausted: ${pool.waitingCount} clients waiting (max ${maxWaiting})`);
    await pool.query('SELECT 1');
  };
}

/**
 * Fails when the last interval's event-loop delay p99 passes `maxP99Ms` (default 500 ms).
 *
 * @example
 * monitor.registerCheck('event-loop', eventLoopCheck(() => monitor.latest()?.runtime), { critical: false });
 */
export function eventLoopCheck(latest: () => RuntimeSample | undefined, maxP99Ms = 500): HealthCheckFn {
  checkNumber(maxP99Ms, 'maxP99Ms', { above: 0 });
  return () => {
    const p99 = latest()?.eventLoopDelay.p99;
    if (p99 !== undefined && p99 > maxP99Ms) throw new Error(`event-loop delay p99 ${p99.toFixed(1)} ms over ${maxP99Ms} ms`);
  };
}

/**
 * Fails when V8's used heap passes `maxUsedRatio` (default 0.9) of its limit.
 *
 * @example
 * monitor.registerCheck('heap', heapCheck(0.85), { critical: false });
 */
export function heapCheck(maxUsedRatio = 0.9, read: () => { used: number; limit: number } = readHeap): HealthCheckFn {
  checkNumber(maxUsedRatio, 'maxUsedRatio', { above: 0, max: 1 });
  return () => {
    const { used, limit } = read();
    if (used / limit > maxUsedRatio) throw new Error(`heap ${(100 * used / limit).toFixed(1)} % of its limit, over ${(100 * maxUsedRatio).toFixed(0)} %`);
  };
}

function readHeap(): { used: number; limit: number } {
  const h = v8.getHeapStatistics();
  return { used: h.used_heap_size, limit: h.heap_size_limit };
}

