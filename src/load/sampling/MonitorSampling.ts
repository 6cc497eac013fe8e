import { checkNumber, checkString, invalidInput, type RunResult, type ServerPoint } from '../../core/index.js';

/** Options of `sampleMonitorDuring`. */
export interface MonitorSamplingOptions {
  /** Base URL of the target's loadline monitor, e.g. `http://127.0.0.1:3000`; required. */
  source: string;
  /** Bearer token of the monitor; default `process.env.LOADLINE_TOKEN`. */
  token?: string;
  /** Time between polls, ms; default 1000. */
  intervalMs?: number;
  /** Where warnings go (unreachable monitor, 401, failed polls), one line each; default stderr. */
  warn?: (line: string) => void;
  /** How the warning for a 401 says to give the token; default `the token option or LOADLINE_TOKEN`. */
  tokenHint?: string;
}

/** Sampling of one run's target monitor, started with `sampleMonitorDuring`. */
export interface MonitorSampling {
  /** Resolves once the query table's start snapshot was taken (or could not be): start the load after it. */
  readonly started: Promise<void>;
  /** Stops sampling and stores the series in `result.server`, `t` in seconds since the measured start, and the run's query table in `result.queries`. */
  finish(result: RunResult): Promise<void>;
  /** Stops sampling, keeping nothing (the run did not start). */
  cancel(): Promise<void>;
}

const stderrWarn = (line: string) => void process.stderr.write(`${line}\n`);

/** Why the monitor cannot be read, in words, or undefined when it answers. */
async function probe(source: string, token: string | undefined, tokenHint: string): Promise<string | undefined> {
  const url = new URL('api/monitoring/metrics', source.endsWith('/') ? source : `${source}/`);
  try {
    const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer().catch(() => undefined);
    if (res.status === 401) return `${url} answered 401: give the monitor's token with ${tokenHint}`;
    if (!res.ok) return `${url} answered ${res.status}: is the loadline monitor attached to this service?`;
    return undefined;
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    return `${url} is unreachable (${cause})`;
  }
}

/** Checks the base URL of a monitor: an absolute http(s) URL. */
function checkSource(value: unknown): string {
  const source = checkString(value, 'source');
  let url: URL | undefined;
  try {
    url = new URL(source);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw invalidInput({ field: 'source', value: source, expected: 'the base URL of a service running the loadline monitor, e.g. http://127.0.0.1:3000' });
  return source;
}

/**
 * Samples a service's runtime monitor while a load run goes on (`sampleMonitor` and
 * `sampleQueries` from loadline/monitor), so the result holds the server's event-loop delay,
 * CPU, heap and GC on the same time axis as the client-side series and, when the monitor has a
 * query monitor attached, the run's query table. A monitor that is down or refuses the token is
 * a warning and a count of failed polls, never an error: the run goes on without server series.
 * The monitor pillar is loaded only when this is called.
 *
 * @example
 * const sampling = await sampleMonitorDuring({ source: 'http://127.0.0.1:3000' });
 * await sampling.started;
 * const result = await runLoad(options);
 * await sampling.finish(result); // result.server = { source, points }
 */
export async function sampleMonitorDuring(options: MonitorSamplingOptions): Promise<MonitorSampling> {
  if (typeof options !== 'object' || options === null) throw invalidInput({ field: 'options', value: options, expected: 'an options object with source' });
  const source = checkSource(options.source);
  const intervalMs = options.intervalMs === undefined ? 1000 : checkNumber(options.intervalMs, 'intervalMs', { min: 10 });
  const token = options.token ?? process.env.LOADLINE_TOKEN;
  const warn = options.warn ?? stderrWarn;
  // About 70 modules: loaded only by a run that samples a monitor.
  const { sampleMonitor, sampleQueries } = await import('../../monitor/index.js');
  const startMs = Date.now();
  const sampler = sampleMonitor(source, { token, startMs, intervalMs });
  const queries = sampleQueries(source, { token });
  const probed = probe(source, token, options.tokenHint ?? 'the token option or LOADLINE_TOKEN').then((why) => {
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
      const endS = result.summary.durationMs / 1000 + intervalMs / 1000;
      const kept: ServerPoint[] = [];
      for (const p of points) {
        const t = Math.round((p.t + shift) * 1000) / 1000;
        if (t >= 0 && t <= endS) kept.push({ ...p, t });
      }
      if (kept.length) result.server = { source, points: kept };
      if (sampler.errors > 0) warn(`loadline: warning: ${sampler.errors} poll(s) of the monitor at ${source} failed; ${kept.length ? 'the server series may have gaps' : 'no server series stored'}`);
    },
    async cancel() {
      await Promise.all([sampler.stop(), probed, queries.stop()]);
    },
  };
}
