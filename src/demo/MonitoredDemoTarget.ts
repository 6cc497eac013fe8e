import type { RequestListener } from 'node:http';
import { createMonitor, monitorHandler, UNMATCHED_ROUTE, type Monitor } from '../monitor/index.js';
import { demoRoute, startDemoTarget, type DemoTarget, type DemoTargetOptions } from './DemoTarget.js';

/** Options of the sample target with its runtime monitor. */
export interface MonitoredDemoTargetOptions extends Omit<DemoTargetOptions, 'wrap'> {
  /** The monitor's sampling interval (history points, dashboard updates); default 1000 ms. */
  intervalMs?: number;
  /** Bearer token protecting the monitor's endpoints; default `LOADLINE_TOKEN`, none when unset. */
  token?: string;
}

/** The sample target with a runtime monitor attached. */
export interface MonitoredDemoTarget extends DemoTarget {
  readonly monitor: Monitor;
  /** Where the monitor answers, each an absolute URL. */
  readonly monitorUrls: { metrics: string; live: string; ready: string; dashboard: string; stats: string };
}

/**
 * Starts the sample target with loadline's runtime monitor attached: per-route RED metrics,
 * `/metrics`, `/health/live`, `/health/ready`, the `/loadline` dashboard and
 * `/api/performance/stats`, on the same port as the API. `close()` stops both.
 *
 * @example
 * const target = await startMonitoredDemoTarget({ port: 3000 });
 * // loadline run http://127.0.0.1:3000/api/users --monitor http://127.0.0.1:3000
 * await target.close();
 */
export async function startMonitoredDemoTarget(options: MonitoredDemoTargetOptions = {}): Promise<MonitoredDemoTarget> {
  const { intervalMs, token, ...targetOptions } = options;
  const monitor = createMonitor({ ...(intervalMs !== undefined ? { intervalMs } : {}), ...(token !== undefined ? { token } : {}), leak: false });
  let target: DemoTarget;
  try {
    target = await startDemoTarget({
      ...targetOptions,
      wrap: (handler) => monitorHandler(monitor, handler, { route: (req) => demoRoute(req) ?? UNMATCHED_ROUTE }) as RequestListener,
    });
  } catch (err) {
    await monitor.stop();
    throw err;
  }
  const u = target.url;
  return {
    url: u,
    port: target.port,
    server: target.server,
    get served() {
      return target.served;
    },
    monitor,
    monitorUrls: { metrics: `${u}/metrics`, live: `${u}/health/live`, ready: `${u}/health/ready`, dashboard: `${u}/loadline`, stats: `${u}/api/performance/stats` },
    async close() {
      // Stop the monitor first: its event stream (dashboard) ends, so the server can close.
      await monitor.stop();
      await target.close();
    },
  };
}
