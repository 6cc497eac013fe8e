import type { IncomingMessage, ServerResponse } from 'node:http';
import type BetterSqlite3 from 'better-sqlite3';
import type { Pool } from 'pg';
import { createQueryMonitor, instrumentPg, instrumentSqlite, runWithRequestContext, type QueryMonitor } from '../db/index.js';
import { createMonitor, monitorHandler, UNMATCHED_ROUTE, type Monitor } from '../monitor/index.js';
import { matchRoute, type RouteMatch } from './http/routes.js';

const kMatch = Symbol('forum.route');
type RoutedRequest = IncomingMessage & { [kMatch]?: RouteMatch | undefined };

/** Below this, a statement is not "slow": the naive thread scan (20-60 ms at scale 1) is, an indexed read (<1 ms) is not. Milliseconds. */
const SLOW_QUERY_MS = 10;

/**
 * loadline's own instruments on the forum, in both modes (the demo's diagnosis reads the naive
 * service's): the runtime monitor (per-route RED metrics, event loop, GC, heap, health,
 * `/metrics`, the `/loadline` dashboard) and the db pillar's query monitor on the connection
 * (statements by fingerprint and route, N+1 per request, slow log with automatic explain and
 * index hints), reported through the monitor's metrics.
 */
export class ForumInstruments {
  readonly monitor: Monitor;
  readonly queries: QueryMonitor;
  readonly #stopReporting: () => void;

  constructor() {
    this.monitor = createMonitor({ publicHealth: true });
    this.queries = createQueryMonitor({ slowMs: SLOW_QUERY_MS, autoExplain: true, log: false });
    this.#stopReporting = this.queries.reportTo(this.monitor);
  }

  instrumentSqlite(db: BetterSqlite3.Database): void {
    instrumentSqlite(db, { monitor: this.queries, name: 'forum' });
  }

  instrumentPg(pool: Pool): void {
    instrumentPg(pool, { monitor: this.queries, name: 'forum' });
  }

  /**
   * Wraps the forum's handler: the monitor answers its own endpoints and times every request by
   * route template; each request runs in a request context naming its route, so the query
   * monitor attributes statements (and N+1 findings) to it.
   */
  wrap(handler: (req: IncomingMessage, res: ServerResponse, match: RouteMatch | undefined) => void): (req: IncomingMessage, res: ServerResponse) => void {
    const routed = (req: RoutedRequest, res: ServerResponse) => {
      const match = matchRoute(req);
      req[kMatch] = match;
      runWithRequestContext({ route: match === undefined ? UNMATCHED_ROUTE : `${req.method} ${match.template}` }, () => handler(req, res, match));
    };
    return monitorHandler(this.monitor, routed, { route: (req: RoutedRequest) => req[kMatch]?.template ?? UNMATCHED_ROUTE });
  }

  async close(): Promise<void> {
    this.#stopReporting();
    await this.queries.close();
    await this.monitor.stop();
  }
}
