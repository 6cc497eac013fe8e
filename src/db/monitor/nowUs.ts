const hrtime = process.hrtime;

/**
 * Monotonic microseconds from an arbitrary origin, for query durations. As in the monitor's
 * request hook: on node 20 `performance.now()` checks its receiver on every call, while
 * `process.hrtime()` only allocates a two-element array (measured faster here as well).
 */
export function nowUs(): number {
  const t = hrtime();
  return t[0] * 1e6 + t[1] / 1e3;
}
