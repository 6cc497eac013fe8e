import { SEEDED_PASSWORD, seededEmail } from '../forum/index.js';
import type { MonitorSample } from '../monitor/index.js';
import type { ServiceInstruments } from './ServiceInstruments.js';

/** What the service's event loop did while it checked passwords, from its own monitor. */
export interface LoginProbe {
  /** Logins answered during the probe (one at a time). */
  logins: number;
  /** Mean time of one login, as the client saw it. Milliseconds. */
  loginMeanMs: number;
  /** Event-loop delay p99 and max of the monitor's intervals inside the probe. Milliseconds. */
  eventLoopP99Ms: number;
  eventLoopMaxMs: number;
  /** Share of those intervals the event loop was busy, 0..1. */
  eventLoopUtilization: number;
  /** Monitor intervals the figures come from. */
  intervals: number;
}

export interface LoginProbeOptions {
  /** The service's origin. */
  url: string;
  instruments: ServiceInstruments;
  /** Seeded accounts to log in, one login each (the login rate limit counts per account). */
  accounts: readonly number[];
  /** How long logins are sent; at least two monitor intervals so one lies wholly inside. Milliseconds. */
  durationMs: number;
  /** The monitor's interval; default 1000. Milliseconds. */
  intervalMs?: number;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Logs seeded accounts in one after another for `durationMs`, with nothing else running, then
 * reads the service's event-loop delay over the monitor intervals that lie inside that time. A
 * password check on the event loop (scryptSync) shows as a delay of one whole check; on the
 * thread pool (async scrypt) the loop stays free.
 */
export async function probeLogins(o: LoginProbeOptions): Promise<LoginProbe> {
  const intervalMs = o.intervalMs ?? 1000;
  const started = Date.now();
  let logins = 0;
  let spentMs = 0;
  while (Date.now() - started < o.durationMs) {
    const id = o.accounts[logins % o.accounts.length]!;
    const t = performance.now();
    const res = await fetch(`${o.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: seededEmail(id), password: SEEDED_PASSWORD }) });
    await res.arrayBuffer();
    spentMs += performance.now() - t;
    logins++;
  }
  const ended = Date.now();
  // The interval that holds the probe's end closes within one interval: wait for it.
  let samples: MonitorSample[] = [];
  for (let waited = 0; waited <= intervalMs * 3; waited += 100) {
    samples = await o.instruments.history(started - intervalMs);
    if (samples.some((s) => s.t >= ended)) break;
    await sleep(100);
  }
  const inside = samples.filter((s) => s.t - s.intervalMs >= started - 50 && s.t <= ended + 50 && s.runtime);
  const used = inside.length > 0 ? inside : samples.filter((s) => s.t > started && s.t - s.intervalMs < ended && s.runtime);
  const delays = used.map((s) => s.runtime!.eventLoopDelay);
  return {
    logins,
    loginMeanMs: logins ? spentMs / logins : 0,
    eventLoopP99Ms: Math.max(0, ...delays.map((d) => d.p99)),
    eventLoopMaxMs: Math.max(0, ...delays.map((d) => d.max)),
    eventLoopUtilization: used.length ? used.reduce((a, s) => a + s.runtime!.eventLoopUtilization, 0) / used.length : 0,
    intervals: used.length,
  };
}
