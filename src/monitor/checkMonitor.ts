import { invalidInput } from '../core/index.js';
import type { Monitor } from './Monitor.js';

/** Carried by every Monitor; a symbol from the global registry, so it holds across duplicated installs. */
export const kMonitor = Symbol.for('loadline.monitor');

/**
 * Rejects anything but a Monitor at the call that receives it (an adapter, `gracefulShutdown`),
 * instead of a bare TypeError on the first request or at SIGTERM.
 */
export function checkMonitor(value: unknown, field = 'monitor'): Monitor {
  if (typeof value !== 'object' || value === null || (value as Record<symbol, unknown>)[kMonitor] !== true) {
    throw invalidInput({ field, value, expected: 'a Monitor from createMonitor() or new Monitor()' });
  }
  return value as Monitor;
}
