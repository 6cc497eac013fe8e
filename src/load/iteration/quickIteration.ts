import { createPool } from '../http/index.js';
import type { IterationContext, IterationSetup } from './IterationContext.js';
import { RequestIteration } from './RequestIteration.js';

/**
 * Quick mode: every iteration is one request to the run's `url`, on one keep-alive pool sized by
 * `connections` and `pipelining`.
 */
export function quickIteration({ options: o, stats, recorder }: IterationContext): IterationSetup {
  const endpoint = stats.addEndpoint(o.name, o.method, `${o.url.origin}${o.url.pathname}${o.url.search}`);
  const pool = createPool(o.url.origin, {
    connections: o.connections,
    pipelining: o.pipelining,
    requestTimeoutMs: o.timeoutMs,
    connectTimeoutMs: Math.min(o.timeoutMs, 10_000),
    rejectUnauthorized: !o.insecure,
  });
  // Quick mode reads only the status, sizes and timings of a response: its head is not kept.
  const spec = { method: o.method, path: `${o.url.pathname}${o.url.search}`, headers: o.headers, body: o.body, timeoutMs: o.timeoutMs, captureHeaders: false };
  pool.prepare(spec);
  return { iteration: new RequestIteration({ pool, spec, endpoint, recorder }), close: () => pool.close() };
}
