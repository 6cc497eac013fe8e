import { Monitor, type MonitorOptions } from './Monitor.js';

/**
 * Creates and starts the runtime monitor: one object that owns every probe and timer, is a
 * `MetricsSink` for the other pillars, and stops cleanly with `stop()`.
 *
 * @example
 * import { createMonitor, monitorExpress } from 'loadline/monitor';
 * const monitor = createMonitor({ token: process.env.LOADLINE_TOKEN, alerts: [{ name: 'slow', warning: 'http_req_duration:p(95)>127', for: '5m' }] });
 * app.use(monitorExpress(monitor)); // /metrics, /health/ready, /loadline ...
 * process.on('beforeExit', () => monitor.stop());
 */
export function createMonitor(options: MonitorOptions = {}): Monitor {
  return new Monitor(options).start();
}
