import type { RunResult, ServerPoint } from '../core/index.js';
import { sampleMonitor, sampleQueries } from '../monitor/index.js';

/** Options of `sampleServerDuring`. */
export interface ServerSamplingOptions {
  /** Base URL of the target's monitor, e.g. `http://127.0.0.1:3000`; required. */
  source: string;
  /** Bearer token of the monitor; default `process.env.LOADLINE_TOKEN`. */
  token?: string;
  /** Time between polls; default 1000 ms. */
  intervalMs?: number;
  /** Where warnings go (unreachable monitor, 401, failed polls); default stderr. */
  warn?: (line: string) => void;
}

/** Sampling of one run, started with `sampleServerDuring`. */
export interface ServerSampling {
  /** Resolves once the query table's start snapshot was taken (or could not be): start the load after it. */
  readonly started: Promise<void>;
  /** Stops sampling and stores the series in `result.server`, `t` in seconds since the measured start, and the run's query table in `result.queries`. */
  finish(result: RunResult): Promise<void>;
}

const stderrWarn = (line: string) => void process.stderr.write(`${line}\n`);

/** Why the monitor cannot be read, in words, or undefined when it answers. */
async function probe(source: string, token: string | undefined): Promise<string | undefined> {
  const url = new URL('api/monitoring/metrics', source.endsWith('/') ? source : `${source}/`);
  try {
    const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer().catch(() => undefined);
    if (res.status === 401) return `${url} answered 401: give the monitor's token with --monitor-token or LOADLINE_TOKEN`;
    if (!res.ok) return `${url} answered ${res.status}: is the loadline monitor attached to this service?`;
    return undefined;
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    return `${url} is unreachable (${cause})`;
  }
}

/**
 * Samples a service's runtime monitor while a load run goes on, so the result file holds the
 * server's event-loop delay, CPU, heap and GC on the same time axis as the client-side series,
 * and, when the monitor has a query monitor attached, the run's query table (`sampleQueries`).
 * A monitor that is down or refuses the token is a warning and a count of failed polls, never
 * an error: the run goes on without server series.
 *
 * @example
 * const sampling = sampleServerDuring({ source: 'http://127.0.0.1:3000' });
 * const result = await startLoad(options).result;
 * await sampling.finish(result); // result.server = { source, points }
 */
export function sampleServerDuring(options: ServerSamplingOptions): ServerSampling {
  const { source } = options;
  const token = options.token ?? process.env.LOADLINE_TOKEN;
  const warn = options.warn ?? stderrWarn;
  const startMs = Date.now();
  const sampler = sampleMonitor(source, { token, startMs, intervalMs: options.intervalMs ?? 1000 });
  const intervalS = (options.intervalMs ?? 1000) / 1000;
  const queries = sampleQueries(source, { token });
  const probed = probe(source, token).then((why) => {
    if (why) warn(`loadline: warning: monitor ${why}; the run goes on without server series`);
    return why;
  });
  return {
    started: queries.started,
    async finish(result) {
      const [points, , table] = await Promise.all([sampler.stop(), probed, queries.stop()]);
      if (table) result.queries = table;
      // A monitor stamps a sample at the end of its interval: keep those overlapping the measured part.
      const measuredStart = Date.parse(result.startedAt) + (result.config.warmupMs ?? 0);
      const shift = (startMs - measuredStart) / 1000;
      const endS = result.summary.durationMs / 1000 + intervalS;
      const kept: ServerPoint[] = [];
      for (const p of points) {
        const t = Math.round((p.t + shift) * 1000) / 1000;
        if (t >= 0 && t <= endS) kept.push({ ...p, t });
      }
      if (kept.length) result.server = { source, points: kept };
      if (sampler.errors > 0) warn(`loadline: warning: ${sampler.errors} poll(s) of the monitor at ${source} failed; ${kept.length ? 'the server series may have gaps' : 'no server series stored'}`);
    },
  };
}
