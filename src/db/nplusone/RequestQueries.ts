import type { RequestContext } from '../../core/requestContext.js';
import type { CallSite } from '../monitor/callSite.js';
import type { StatementStats } from '../monitor/StatementStats.js';

const kQueries = Symbol('loadline.db.requestQueries');

/** Calls of one call stack for one statement within one request. */
export interface SiteGroup {
  site: CallSite;
  count: number;
  /** Set once the group reached the threshold and was reported. */
  reported: boolean;
}

/** One statement within one request. */
export class StatementInRequest {
  calls = 0;
  totalUs = 0;
  /** Calls whose stack capture was asked for (repeats until the statement is decided). */
  traced = 0;
  /** Whether the first call ran untraced, so the first traced stack also counts it. */
  firstUntraced = false;
  groups: Map<string, SiteGroup> | undefined = undefined;
  /** A group reached the threshold: later repeats are counted, no longer traced. */
  decided = false;
}

/**
 * The queries of one request, kept on its request context. The N+1 rule is Prosopite's: the same
 * fingerprint issued from the same call stack N or more times within one request. A request pays
 * a stack capture only for repeats: the first call of a statement runs untraced (most requests
 * never repeat a statement, and they pay nothing), and counts with the stack of its first repeat
 * (a loop's first pass comes the same way as its second). Once a stack reaches N, later repeats
 * are counted without a capture, so a loop of a thousand rows pays for N - 1 captures, not 999.
 */
export class RequestQueries {
  calls = 0;
  totalUs = 0;
  readonly statements = new Map<StatementStats, StatementInRequest>();

  static of(ctx: RequestContext): RequestQueries {
    let q = ctx[kQueries] as RequestQueries | undefined;
    if (q === undefined) ctx[kQueries] = q = new RequestQueries();
    return q;
  }

  /**
   * Counts a call as it starts; says whether its stack should be captured: a repeat of a
   * statement not decided yet, within `maxTraced` captures (a statement repeated from many
   * places is not a loop and stops costing captures).
   */
  noteCall(st: StatementStats, traceFirst: boolean, maxTraced: number): boolean {
    this.calls++;
    let s = this.statements.get(st);
    if (s === undefined) this.statements.set(st, (s = new StatementInRequest()));
    s.calls++;
    if (s.decided || s.traced >= maxTraced) return false;
    if (s.calls === 1 && !traceFirst) {
      s.firstUntraced = true;
      return false;
    }
    // Counted when reserved, not when done: concurrent repeats (Promise.all over rows) all start before one ends.
    s.traced++;
    return true;
  }

  /**
   * Adds a finished call (its stack when one was captured); returns the group that reached
   * `threshold` with this call, once per group, or `undefined`.
   */
  noteDone(st: StatementStats, us: number, site: CallSite | undefined, threshold: number): { group: SiteGroup; statement: StatementInRequest } | undefined {
    this.totalUs += us;
    const s = this.statements.get(st);
    if (s === undefined) return undefined;
    s.totalUs += us;
    if (site === undefined) return undefined;
    s.groups ??= new Map();
    let group = s.groups.get(site.key);
    if (group === undefined) {
      const absorbsFirst = s.firstUntraced && s.groups.size === 0;
      s.groups.set(site.key, (group = { site, count: absorbsFirst ? 1 : 0, reported: false }));
    }
    group.count++;
    if (group.reported || group.count < threshold) return undefined;
    group.reported = true;
    s.decided = true;
    return { group, statement: s };
  }
}
