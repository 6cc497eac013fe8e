import type { Server } from 'node:http';
import { checkFunction, checkInteger, invalidInput, type TimerHandle } from '../../core/index.js';
import { checkMonitor } from '../checkMonitor.js';
import type { Monitor } from '../Monitor.js';

export interface GracefulShutdownOptions {
  /** Signals that start the shutdown; default `['SIGTERM']`. */
  signals?: NodeJS.Signals[];
  /** Wait between readiness turning unhealthy and closing the server, so load balancers stop sending; default 0 ms. */
  drainDelayMs?: number;
  /** Longest wait for in-flight requests before remaining connections are cut; default 10,000 ms. */
  timeoutMs?: number;
  /** Called once the server is closed and the monitor stopped (exit the process here if you want); default none. */
  onClosed?: (reason: { timedOut: boolean }) => unknown;
}

export interface GracefulShutdown {
  /** Runs the shutdown now (what the signal does); resolves when the server is closed. */
  shutdown(): Promise<{ timedOut: boolean }>;
  /** Removes the signal listeners. */
  dispose(): void;
}

/**
 * Graceful shutdown on SIGTERM: readiness turns unhealthy first, then the server stops accepting
 * connections and closes idle keep-alive ones, in-flight requests finish, and the server closes
 * (remaining connections are cut after `timeoutMs`). Finally the monitor stops.
 *
 * @example
 * gracefulShutdown(server, monitor, { drainDelayMs: 5000, onClosed: () => process.exit(0) });
 */
export function gracefulShutdown(server: Server, monitor: Monitor, options: GracefulShutdownOptions = {}): GracefulShutdown {
  // Checked here, not at SIGTERM: a bad argument found then would crash the shutdown it was for.
  const s = server as unknown as Record<string, unknown> | null | undefined;
  if (typeof s !== 'object' || s === null || typeof s.close !== 'function' || typeof s.closeIdleConnections !== 'function' || typeof s.closeAllConnections !== 'function') {
    throw invalidInput({ field: 'server', value: server, expected: 'a node:http or node:https Server (what http.createServer or app.listen returns)' });
  }
  checkMonitor(monitor);
  if (typeof options !== 'object' || options === null) throw invalidInput({ field: 'options', value: options, expected: 'an options object' });
  const signals = options.signals ?? ['SIGTERM'];
  if (!Array.isArray(signals) || signals.some((x) => typeof x !== 'string')) throw invalidInput({ field: 'signals', value: signals, expected: "an array of signal names, e.g. ['SIGTERM', 'SIGINT']" });
  if (options.onClosed !== undefined) checkFunction(options.onClosed, 'onClosed');
  const drainDelayMs = checkInteger(options.drainDelayMs ?? 0, 'drainDelayMs', { min: 0 });
  const timeoutMs = checkInteger(options.timeoutMs ?? 10_000, 'timeoutMs', { min: 0 });
  const clock = monitor.clock;
  let running: Promise<{ timedOut: boolean }> | undefined;

  const shutdown = (): Promise<{ timedOut: boolean }> => {
    running ??= (async () => {
      monitor.beginShutdown();
      if (drainDelayMs > 0) await new Promise<void>((resolve) => clock.setTimeout(resolve, drainDelayMs));
      let timedOut = false;
      let timer: TimerHandle | undefined;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        timer = clock.setTimeout(() => {
          timedOut = true;
          server.closeAllConnections();
        }, timeoutMs);
        timer.unref?.();
      });
      if (timer) clock.clearTimeout(timer);
      await monitor.stop();
      const result = { timedOut };
      await options.onClosed?.(result);
      return result;
    })();
    return running;
  };
  const onSignal = () => void shutdown();
  for (const s of signals) process.on(s, onSignal);
  return {
    shutdown,
    dispose: () => {
      for (const s of signals) process.off(s, onSignal);
    },
  };
}
