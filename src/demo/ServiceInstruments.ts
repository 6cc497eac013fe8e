import { LoadlineError } from '../core/index.js';
import type { QueryMonitorSnapshot } from '../db/index.js';
import type { MonitorSample, performanceStats } from '../monitor/index.js';

/** The runtime monitor's `/api/performance/stats` body. */
export type PerformanceStats = ReturnType<typeof performanceStats>;

/** How long one read of an instrument may take before the demo gives up on it. Milliseconds. */
const READ_TIMEOUT_MS = 10_000;

/**
 * Reads a running service's loadline instruments over HTTP, as an operator would: the runtime
 * monitor's JSON endpoints (with its bearer token) and the db pillar's query snapshot. The demo
 * reads nothing from inside the service's process.
 */
export class ServiceInstruments {
  readonly #url: string;
  readonly #headers: Record<string, string>;

  /** `url`: the service's origin; `token`: the monitor's bearer token, when it has one. */
  constructor(url: string, token: string | undefined) {
    this.#url = url;
    this.#headers = token === undefined ? {} : { authorization: `Bearer ${token}` };
  }

  async #json<T>(path: string): Promise<T> {
    let res: Response;
    try {
      res = await fetch(this.#url + path, { headers: this.#headers, signal: AbortSignal.timeout(READ_TIMEOUT_MS) });
    } catch (err) {
      throw new LoadlineError('LOADLINE_DEMO_INSTRUMENTS', `${this.#url}${path}: no answer (${(err as Error).message})`, { field: 'url', value: this.#url + path });
    }
    const text = await res.text();
    if (res.status !== 200) throw new LoadlineError('LOADLINE_DEMO_INSTRUMENTS', `${this.#url}${path}: status ${res.status} (${text.slice(0, 200)})`, { field: 'url', value: this.#url + path });
    return JSON.parse(text) as T;
  }

  /** Statements, N+1 findings, the slow log and explain results since the service started. */
  queries(): Promise<QueryMonitorSnapshot> {
    return this.#json('/api/performance/queries');
  }

  /** Totals per route since the service started, and the latest runtime sample. */
  stats(): Promise<PerformanceStats> {
    return this.#json('/api/performance/stats');
  }

  /** The monitor's interval samples that closed after `sinceMs` (wall clock), oldest first. */
  async history(sinceMs: number): Promise<MonitorSample[]> {
    const body = await this.#json<{ samples: MonitorSample[] }>(`/api/monitoring/metrics?since=${Math.floor(sinceMs)}`);
    return body.samples;
  }
}
