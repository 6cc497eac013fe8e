import { invalidInput, type RunResult } from '../core/index.js';
import type { RunRepeat } from '../core/resultRepeats.js';
import type { LoadRun } from '../load/index.js';
import { representativeIndex } from './representativeRun.js';
import { writeOutputOrKeep, type KeptOutput } from './outputPath.js';

/** What `--monitor`, `--monitor-token`, `--sample-redis`, `--sample-pg`, `--html` and `--repeat` ask of `loadline run`. */
export interface RunExtras {
  /** Base URL of the target's runtime monitor to sample during the run; default none. */
  monitor?: string;
  /** Bearer token of that monitor; default `LOADLINE_TOKEN`. */
  monitorToken?: string;
  /** Time between polls of the monitor; default 1000 ms. */
  monitorIntervalMs?: number;
  /** Redis to sample with INFO during the run (`redis://...`); default none. */
  sampleRedis?: string;
  /** PostgreSQL to sample (pg_stat_database, pg_stat_statements) during the run; default none. */
  samplePg?: string;
  /** Time between samples of Redis and PostgreSQL; default 1000 ms. */
  sampleIntervalMs?: number;
  /** Where to write the HTML report; default none. */
  html?: string;
  /** Runs back to back, aggregated by median; default 1. */
  repeat: number;
  /** Print a line per repeat on stderr; default true. */
  announce?: boolean;
}

/** `parseArgs` options of the extra flags, spread into `loadline run`'s. */
export const RUN_EXTRA_OPTIONS = {
  monitor: { type: 'string' },
  'monitor-token': { type: 'string' },
  'sample-redis': { type: 'string' },
  'sample-pg': { type: 'string' },
  html: { type: 'string' },
  repeat: { type: 'string' },
} as const;

/** Help lines of the extra flags. */
export const RUN_EXTRA_HELP = `  --html FILE           write the self-contained HTML report (charts, tables; offline)
  --repeat N            run N times back to back; the result is the median run (by p95,
                        as Lighthouse CI does) and keeps every run's summary in "repeats",
                        which 'loadline compare' uses as independent repeats (default 1)
Server correlation:
  --monitor URL         base URL of the target's loadline monitor: samples its event-loop
                        delay, CPU, heap and GC during the run into the result ("server")
  --monitor-token T     bearer token of that monitor (default: LOADLINE_TOKEN); with a query
                        monitor attached to it, the run's query table goes in too ("queries")
  --sample-redis URL    sample Redis INFO every second (ops/s, hit rate, memory, clients,
                        evictions) into the result ("datastores"), e.g. redis://127.0.0.1:6379
  --sample-pg URL       sample PostgreSQL (pg_stat_database, pg_stat_statements) every second,
                        e.g. postgres://user@127.0.0.1:5432/app; credentials are never stored`;

/** Validates the extra flags; every bad value names its flag. */
export function parseRunExtras(values: { monitor?: string; 'monitor-token'?: string; 'sample-redis'?: string; 'sample-pg'?: string; html?: string; repeat?: string }): RunExtras {
  const extras: RunExtras = { repeat: 1 };
  if (values.repeat !== undefined) {
    const n = Number(values.repeat);
    if (!/^\s*\d+\s*$/.test(values.repeat) || n < 1 || n > 100) throw invalidInput({ field: '--repeat', value: values.repeat, expected: 'an integer from 1 to 100' });
    extras.repeat = n;
  }
  if (values.monitor !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(values.monitor);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw invalidInput({ field: '--monitor', value: values.monitor, expected: 'the base URL of a service running the loadline monitor, e.g. http://127.0.0.1:3000' });
    }
    extras.monitor = values.monitor;
  }
  if (values['monitor-token'] !== undefined) {
    if (extras.monitor === undefined) throw invalidInput({ field: '--monitor-token', expected: 'a --monitor URL to use it with' }, 'LOADLINE_USAGE');
    extras.monitorToken = values['monitor-token'];
  }
  // The URLs themselves are checked by the db pillar when sampling starts, before any load (their
  // errors never echo a password); here only that a value was given.
  for (const [flag, key] of [['sample-redis', 'sampleRedis'], ['sample-pg', 'samplePg']] as const) {
    const value = values[flag];
    if (value === undefined) continue;
    if (value.trim() === '') throw invalidInput({ field: `--${flag}`, value, expected: flag === 'sample-redis' ? 'a Redis URL, e.g. redis://127.0.0.1:6379' : 'a PostgreSQL URL, e.g. postgres://127.0.0.1:5432/app' });
    extras[key] = value;
  }
  if (values.html !== undefined) {
    if (values.html === '') throw invalidInput({ field: '--html', value: values.html, expected: 'a file name, e.g. report.html' });
    extras.html = values.html;
  }
  return extras;
}

/**
 * Wraps the start of a run with the extras: repeats it N times (each after the previous one
 * ended), samples the target's monitor during each, and resolves with the representative run
 * carrying `repeats`. The handle is a `LoadRun`: progress shows the current run; `stop()` stops
 * it and starts no more.
 *
 * @example
 * const handle = await withRunExtras({ repeat: 3, monitor: 'http://127.0.0.1:3000' }, () => startLoad(options));
 * const result = await handle.result;
 */
export async function withRunExtras(extras: RunExtras, startOne: () => LoadRun | Promise<LoadRun>): Promise<LoadRun> {
  const datastores = extras.sampleRedis !== undefined || extras.samplePg !== undefined;
  if (extras.repeat <= 1 && extras.monitor === undefined && !datastores) return startOne();
  const startSampled = async () => {
    // The report, monitor and db modules load only when asked for (--monitor, --sample-*, --html):
    // 70 modules, about 40 ms of CPU at the start of every run otherwise.
    // First what can refuse a bad flag (a sampling URL), so nothing else has started then.
    const stores = !datastores
      ? undefined
      : (await import('./DatastoreSampling.js')).sampleDatastoresDuring({ redisUrl: extras.sampleRedis, pgUrl: extras.samplePg, intervalMs: extras.sampleIntervalMs });
    const sampling = extras.monitor === undefined ? undefined : (await import('./ServerSampling.js')).sampleServerDuring({ source: extras.monitor, token: extras.monitorToken, intervalMs: extras.monitorIntervalMs });
    // The query table's first snapshot comes before the first request of the run.
    await sampling?.started;
    let handle: LoadRun;
    try {
      handle = await startOne();
    } catch (err) {
      await stores?.cancel();
      throw err;
    }
    const result = handle.result.then(async (r) => {
      await Promise.all([sampling?.finish(r), stores?.finish(r)]);
      return r;
    });
    return { handle, result };
  };
  let current = await startSampled();
  if (extras.repeat <= 1) return delegate(() => current.handle, current.result, () => undefined);
  let stopped: 'interrupted' | 'aborted' | undefined;
  const all = (async () => {
    const results: RunResult[] = [];
    for (let i = 0; ; i++) {
      if (extras.announce !== false) process.stderr.write(`loadline: run ${i + 1} of ${extras.repeat}\n`);
      const r = await current.result;
      results.push(r);
      if (stopped || r.status !== 'completed' || i + 1 >= extras.repeat) break;
      current = await startSampled();
    }
    return aggregate(results);
  })();
  return delegate(() => current.handle, all, (status) => {
    stopped = status;
  });
}

/** The representative run with every run's summary in `repeats`. */
export function aggregate(results: RunResult[]): RunResult {
  const pick = representativeIndex(results);
  const repeats: RunRepeat[] = results.map((r, i) => ({
    startedAt: r.startedAt,
    endedAt: r.endedAt,
    status: r.status,
    summary: r.summary,
    thresholds: r.thresholds,
    ...(i === pick ? { representative: true } : {}),
  }));
  const chosen = results[pick]!;
  // An interrupted or aborted series of runs says so, whichever run represents it.
  const last = results[results.length - 1]!;
  return { ...chosen, status: last.status === 'completed' ? chosen.status : last.status, repeats } as RunResult;
}

function delegate(current: () => LoadRun, result: Promise<RunResult>, onStop: (status: 'interrupted' | 'aborted') => void): LoadRun {
  return {
    get options() {
      return current().options;
    },
    get stats() {
      return current().stats;
    },
    result,
    progress: () => current().progress(),
    stop(status = 'interrupted') {
      onStop(status);
      current().stop(status);
    },
  };
}

/** Writes the HTML report of a run's result when `--html` asks for it; says where it went instead if that failed. */
export async function writeRunHtml(extras: RunExtras, result: RunResult): Promise<KeptOutput | undefined> {
  if (extras.html === undefined) return undefined;
  const { renderHtmlReport } = await import('../report/index.js');
  return writeOutputOrKeep(extras.html, renderHtmlReport(result), 'loadline-report.html');
}
