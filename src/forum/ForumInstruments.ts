import type { IncomingMessage, ServerResponse } from 'node:http';
import type BetterSqlite3 from 'better-sqlite3';
import type { Pool } from 'pg';
import { createQueryMonitor, instrumentPg, instrumentSqlite, type QueryMonitor } from '../db/index.js';
import { createMonitor, monitorHandler, UNMATCHED_ROUTE, type Monitor } from '../monitor/index.js';
import { matchRoute, type RouteMatch } from './http/routes.js';

const kMatch = Symbol('forum.route');
type RoutedRequest = IncomingMessage & { [kMatch]?: RouteMatch | undefined };

/**
 * loadline's own instruments on the forum, in both modes (the demo's diagnosis reads the naive
 * service's): the runtime monitor (per-route RED metrics, event loop, GC, heap, health,
 * `/metrics`, the `/loadline` dashboard) and the db pillar's query monitor on the connection
 * (statements by fingerprint and route, N+1 per request, slow log with automatic explain and
 * index hints), attached to the monitor (`queries`): its series on `/metrics`, its snapshot on
 * `/api/performance/queries` (behind the monitor's token when one is set) and the dashboard's
 * Queries panel.
 */
export class ForumInstruments {
  readonly monitor: Monitor;
  readonly queries: QueryMonitor;

  /**
   * `token` protects the monitor's endpoints (resolved by the forum's options, LOADLINE_TOKEN
   * included, so none means none is set); `slowQueryMs` is where the slow log starts (the
   * forum's default, 10 ms: the naive thread scan, 20-60 ms at scale 1, is slow; an indexed
   * read, under 1 ms, is not).
   */
  constructor(options: { token: string | undefined; slowQueryMs: number }) {
    this.queries = createQueryMonitor({ slowMs: options.slowQueryMs, autoExplain: true, log: false });
    this.monitor = createMonitor({ publicHealth: true, queries: this.queries, ...(options.token !== undefined ? { token: options.token } : {}) });
  }

  instrumentSqlite(db: BetterSqlite3.Database): void {
    instrumentSqlite(db, { monitor: this.queries, name: 'forum' });
  }

  instrumentPg(pool: Pool): void {
    instrumentPg(pool, { monitor: this.queries, name: 'forum' });
  }

  /**
   * Wraps the forum's handler: the monitor answers its own endpoints and times every request by
   * route template; with the query monitor attached it runs each request in a request context
   * naming that route, so statements (and N+1 findings) are attributed to it.
   */
  wrap(handler: (req: IncomingMessage, res: ServerResponse, match: RouteMatch | undefined) => void): (req: IncomingMessage, res: ServerResponse) => void {
    const routed = (req: RoutedRequest, res: ServerResponse) => {
      const match = matchRoute(req);
      req[kMatch] = match;
      handler(req, res, match);
    };
    return monitorHandler(this.monitor, routed, { route: (req: RoutedRequest) => req[kMatch]?.template ?? UNMATCHED_ROUTE });
  }

  async close(): Promise<void> {
    await this.queries.close();
    await this.monitor.stop();
  }
}
