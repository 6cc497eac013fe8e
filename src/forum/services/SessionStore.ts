import { randomBytes } from 'node:crypto';
import { LruCache } from '../../cache/index.js';
import type { MetricsSink } from '../../core/index.js';

/** What a token stands for. */
export interface Session {
  userId: number;
  name: string;
  /** Wall-clock ms of the login. */
  createdAt: number;
  /** The login's User-Agent, as sessions usually keep for "your devices". */
  userAgent: string;
}

export interface SessionStore {
  /** Stores `session` under a new random token and returns the token. */
  create(session: Session): string;
  /** The live session of `token`, if any. */
  get(token: string): Session | undefined;
  /** Sessions held in memory now. */
  readonly size: number;
}

function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * Naive sessions: a Map that only grows. Expired sessions are refused but never removed, and
 * every login adds one, so memory climbs with the number of logins since start.
 */
export class UnboundedSessions implements SessionStore {
  readonly #sessions = new Map<string, Session>();
  constructor(private readonly ttlMs: number) {}

  create(session: Session): string {
    const token = newToken();
    this.#sessions.set(token, session);
    return token;
  }

  get(token: string): Session | undefined {
    const s = this.#sessions.get(token);
    return s !== undefined && Date.now() - s.createdAt < this.ttlMs ? s : undefined;
  }

  get size(): number {
    return this.#sessions.size;
  }
}

/** Sessions in a bounded LRU with a TTL (the `sessions` fix): the oldest idle session goes first when full. */
export class BoundedSessions implements SessionStore {
  readonly #sessions: LruCache<Session>;

  constructor(maxSessions: number, ttlMs: number, metrics?: MetricsSink) {
    this.#sessions = new LruCache<Session>({ maxEntries: maxSessions, ttlMs, name: 'sessions', ...(metrics ? { metrics } : {}) });
  }

  create(session: Session): string {
    const token = newToken();
    this.#sessions.set(token, session);
    return token;
  }

  get(token: string): Session | undefined {
    return this.#sessions.get(token);
  }

  get size(): number {
    return this.#sessions.size;
  }
}
