import { checkInteger, checkString, invalidInput, type RunQueries } from '../../core/index.js';
import { queriesOverRun, RUN_TOP_STATEMENTS, type QueriesSnapshotJson } from './queriesOverRun.js';

export interface SampleQueriesOptions {
  /** Bearer token of the target's monitor; default `process.env.LOADLINE_TOKEN`. */
  token?: string;
  /** Time one snapshot may take; default 2000 ms. */
  timeoutMs?: number;
  /** Statements kept in the table, most time first; default 20. */
  top?: number;
}

/** The query table of one run, started with `sampleQueries`. */
export interface QueriesSampler {
  /** Resolves once the start snapshot was taken (or could not be). */
  readonly started: Promise<void>;
  /** Takes the end snapshot; resolves with the run's table, or undefined when the target has no query monitor or cannot be read. */
  stop(): Promise<RunQueries | undefined>;
}

/** Every statement the query monitor holds (its default cap), so that differences are exact. */
const ALL_STATEMENTS = 500;

/**
 * Reads a target's `/api/performance/queries` when a run starts and when it ends, and makes the
 * run's query table from the two (`queriesOverRun`): what `loadline run --monitor` stores in the
 * result's `queries`. A target without a query monitor (404), or one that cannot be read, gives
 * no table and never fails the run.
 *
 * @example
 * const queries = sampleQueries('http://127.0.0.1:3000', { token });
 * await queries.started;
 * const result = await startLoad(options).result;
 * result.queries = await queries.stop();
 */
export function sampleQueries(baseUrl: string, options: SampleQueriesOptions = {}): QueriesSampler {
  const base = checkString(baseUrl, 'baseUrl');
  let url: URL;
  try {
    url = new URL('api/performance/queries', base.endsWith('/') ? base : `${base}/`);
  } catch {
    throw invalidInput({ field: 'baseUrl', value: base, expected: 'the http(s) base URL of a service running the loadline monitor' });
  }
  url.searchParams.set('top', String(ALL_STATEMENTS));
  const token = options.token ?? process.env.LOADLINE_TOKEN;
  const timeoutMs = checkInteger(options.timeoutMs ?? 2000, 'timeoutMs', { min: 1 });
  const top = checkInteger(options.top ?? RUN_TOP_STATEMENTS, 'top', { min: 1 });
  const read = async (): Promise<QueriesSnapshotJson | undefined> => {
    try {
      const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(timeoutMs) });
      const body = (await res.json().catch(() => undefined)) as QueriesSnapshotJson | undefined;
      return res.ok && body?.format === 'loadline.db.queries' ? body : undefined;
    } catch {
      return undefined;
    }
  };
  const first = read();
  return {
    started: first.then(() => undefined),
    async stop() {
      const [before, after] = [await first, await read()];
      return after === undefined ? undefined : queriesOverRun(before, after, base, top);
    },
  };
}
