import type { StatementStats } from '../monitor/StatementStats.js';
import type { SiteGroup, StatementInRequest } from './RequestQueries.js';

/** One N+1 pattern: a statement run in a loop from one calling line within requests of one route. */
export interface NPlusOneFinding {
  route: string;
  statementId: string;
  /** Normalized text of the repeated statement. */
  statement: string;
  /** The calling line of the loop (first user frame). */
  callSite: string;
  /** Requests in which the pattern was seen. */
  requests: number;
  /** Calls of the statement in the latest such request, and their total time. */
  lastCount: number;
  lastTotalMs: number;
  /** Most calls of the statement seen in one such request. */
  maxCount: number;
  /** Wall-clock ms of the first and the latest request with the pattern. */
  firstSeenAt: number;
  lastSeenAt: number;
}

interface Entry extends Omit<NPlusOneFinding, 'lastCount' | 'lastTotalMs' | 'maxCount'> {
  last: StatementInRequest;
  maxCount: number;
  loggedAtMs: number;
}

/**
 * The N+1 patterns seen, one entry per route, statement and calling line (bounded: past
 * `maxEntries` the oldest entry is dropped), and the once-per-interval log line per route and
 * statement.
 */
export class NPlusOneLog {
  readonly #entries = new Map<string, Entry>();
  readonly #loggedAt = new Map<string, number>();
  /** Requests with an N+1 pattern, by route, for the metrics. */
  readonly detectionsByRoute = new Map<string, number>();
  detections = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly logIntervalMs: number,
    private readonly log: ((line: string, finding: NPlusOneFinding) => void) | undefined,
  ) {}

  add(route: string, st: StatementStats, group: SiteGroup, s: StatementInRequest, wallMs: number, monoMs: number): void {
    this.detections++;
    this.detectionsByRoute.set(route, (this.detectionsByRoute.get(route) ?? 0) + 1);
    const key = `${route}\n${st.id}\n${group.site.line}`;
    let e = this.#entries.get(key);
    if (e === undefined) {
      if (this.#entries.size >= this.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
      e = { route, statementId: st.id, statement: st.text, callSite: group.site.line, requests: 0, firstSeenAt: wallMs, lastSeenAt: wallMs, last: s, maxCount: 0, loggedAtMs: -Infinity };
      this.#entries.set(key, e);
    }
    e.requests++;
    e.lastSeenAt = wallMs;
    if (e.last !== s) e.maxCount = Math.max(e.maxCount, e.last.calls);
    e.last = s;
    const logKey = `${route}\n${st.id}`;
    if (this.log !== undefined && monoMs - (this.#loggedAt.get(logKey) ?? -Infinity) >= this.logIntervalMs) {
      if (this.#loggedAt.size >= this.maxEntries) this.#loggedAt.delete(this.#loggedAt.keys().next().value!);
      this.#loggedAt.set(logKey, monoMs);
      const finding = this.#finding(e);
      this.log(`loadline db: N+1 in ${route}: ${finding.lastCount} calls of "${st.text}" from ${group.site.line}`, finding);
    }
  }

  findings(): NPlusOneFinding[] {
    return [...this.#entries.values()].map((e) => this.#finding(e)).sort((a, b) => b.lastSeenAt - a.lastSeenAt || b.requests - a.requests);
  }

  clear(): void {
    this.#entries.clear();
    this.#loggedAt.clear();
    this.detectionsByRoute.clear();
    this.detections = 0;
  }

  #finding(e: Entry): NPlusOneFinding {
    const { last, loggedAtMs: _logged, ...rest } = e;
    return { ...rest, lastCount: last.calls, lastTotalMs: Math.round(last.totalUs) / 1000, maxCount: Math.max(e.maxCount, last.calls) };
  }
}
