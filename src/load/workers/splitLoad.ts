import type { LoadOptions } from '../LoadOptions.js';
import type { ResolvedLoadOptions } from '../LoadOptions.js';
import { userShare, workerLoad } from '../scenario/workerShare.js';

/** The load options a worker thread can receive: plain data, no functions or clock. */
export type WorkerLoadOptions = Omit<LoadOptions, 'clock' | 'onInterval' | 'onIntervalHistogram' | 'iteration' | 'metricSources' | 'thresholds'>;

/**
 * Worker `index`'s share of a run resolved in the main thread: VUs split into whole users
 * (closed), arrival rates divided evenly (open), `amount` and connections split like users;
 * durations, warm-up and timeouts are the same for every worker. Returns undefined when the
 * worker would get no load at all (more workers than users).
 *
 * @example
 * splitLoad(resolveLoadOptions({ url, vus: 10, durationMs: 30_000 }), 0, 3); // { vus: 4, stages: [{ durationMs: 30000, target: 4 }], ... }
 */
export function splitLoad(o: ResolvedLoadOptions, index: number, count: number): WorkerLoadOptions | undefined {
  const closed = o.model === 'closed';
  // Resolved closed-model levels already include pipelining; split them back into VUs.
  const unit = closed ? o.pipelining : 1;
  const share = workerLoad({ start: o.start / unit, stages: o.stages.map((s) => ({ durationMs: s.durationMs, target: s.target / unit })) }, index, count, closed ? 'users' : 'rate');
  if (Math.max(share.start, ...share.stages.map((s) => s.target)) <= 0) return undefined;
  const out: WorkerLoadOptions = {
    url: o.url.toString(),
    method: o.method,
    headers: o.headers,
    name: o.name,
    model: o.model,
    stages: share.stages,
    warmupMs: o.warmupMs,
    timeoutMs: o.timeoutMs,
    pipelining: o.pipelining,
    insecure: o.insecure,
    intervalMs: o.intervalMs,
    gracefulStopMs: o.gracefulStopMs,
    connections: Math.max(1, userShare(o.connections, index, count)),
  };
  if (o.body !== undefined) out.body = o.body;
  if (o.expectStatus) out.expectStatus = o.expectStatus;
  if (o.scenario !== undefined) out.scenario = o.scenario;
  if (closed) out.vus = share.start;
  else {
    if (share.start > 0) out.rate = share.start;
    out.vus = Math.max(1, Math.ceil(o.vus / count));
  }
  if (o.amount !== undefined) {
    const amount = userShare(o.amount, index, count);
    if (amount === 0) return undefined;
    out.amount = amount;
  }
  return out;
}
