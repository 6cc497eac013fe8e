import { LoadlineError } from '../../../core/index.js';

/** The parts of an ioredis client (or Cluster) the health watch reads. */
export interface RedisStatusSource {
  /** ioredis connection status: "wait", "connecting", "connect", "ready", "reconnecting", "close", "end". */
  status?: string;
  on?(event: 'error' | 'ready', listener: (arg?: unknown) => void): unknown;
}

/** What the client last reported, shared by every store on that client (one listener pair per client). */
class ConnectionLog {
  /** The last connection error since the client was last ready. */
  lastError: unknown = undefined;
  constructor(client: RedisStatusSource) {
    client.on!('error', (e) => {
      this.lastError = e;
    });
    client.on!('ready', () => {
      this.lastError = undefined;
    });
  }
}

const LOGS = new WeakMap<object, ConnectionLog>();

function logOf(client: RedisStatusSource): ConnectionLog | undefined {
  if (typeof client.on !== 'function') return undefined;
  let log = LOGS.get(client);
  if (log === undefined) {
    log = new ConnectionLog(client);
    LOGS.set(client, log);
  }
  return log;
}

const causeKey = (e: unknown): string => String((e as { code?: unknown })?.code ?? (e as Error)?.message ?? e);

/**
 * Whether a store should send its decisions to Redis now. Redis is out when the client says so
 * (reconnecting, closed: checked per decision, as the tiered cache's RedisGuard does) or when a
 * decision timed out without Redis answering anything since it was sent (a hung server or link;
 * a busy Redis that answers others is not out). While out, decisions go to the outage policy at
 * once instead of each waiting `timeoutMs`. It comes back when the client is ready again, or, for
 * a silent Redis, when any reply arrives; one decision at a time probes it when nothing is in flight.
 */
export class RedisHealth {
  readonly #client: RedisStatusSource;
  readonly #log: ConnectionLog | undefined;
  readonly #report: (cause: unknown) => void;
  #down: false | 'status' | 'silent' = false;
  #reported: string | undefined;
  /** Redis calls sent and not yet answered (decisions and refunds). */
  inFlight = 0;
  /** Replies received (of any call): a decision that times out with this unchanged saw Redis answer nothing. */
  replies = 0;

  constructor(client: RedisStatusSource, report: (cause: unknown) => void) {
    this.#client = client;
    this.#log = logOf(client);
    this.#report = report;
  }

  get down(): boolean {
    return this.#down !== false;
  }

  /** Whether the next decision goes to Redis (false: decide it by the outage policy now). */
  usable(): boolean {
    const cause = this.#statusCause();
    if (cause !== undefined) {
      this.#enter('status', cause);
      return false;
    }
    if (this.#down === 'status') this.#leave();
    if (this.#down === 'silent') return this.inFlight === 0; // a probe, when nothing else could answer
    return true;
  }

  /** A decision got no answer within `timeoutMs` while Redis answered nothing at all since it was sent. */
  silent(timeoutMs: number): void {
    const cause = this.#statusCause();
    if (cause !== undefined) this.#enter('status', cause);
    else this.#enter('silent', new LoadlineError('LOADLINE_TIMEOUT', `redis answered nothing for ${timeoutMs} ms (connection ${this.#client.status ?? 'status unknown'}); deciding with the outage policy until it answers`));
  }

  /**
   * Why the connection is out, or undefined when it is usable: reconnecting or closed, or
   * connecting again after an error (a retry loop; the first connection is waited for).
   */
  #statusCause(): unknown {
    const status = this.#client.status;
    const lastError = this.#log?.lastError;
    if (status === 'reconnecting' || status === 'close' || status === 'end') return lastError ?? new LoadlineError('LOADLINE_REDIS_UNAVAILABLE', `redis connection is ${status}`);
    if ((status === 'connecting' || status === 'connect') && lastError !== undefined) return lastError;
    return undefined;
  }

  /** Any reply: Redis is answering. */
  answered(): void {
    this.replies++;
    if (this.#down === 'silent') this.#leave();
  }

  #enter(kind: 'status' | 'silent', cause: unknown): void {
    const key = causeKey(cause);
    if (this.#down === false || this.#reported !== key) {
      // Report when the outage starts, and again when its cause becomes known (reconnecting, then ECONNREFUSED).
      if (!(this.#down !== false && cause instanceof LoadlineError && cause.code === 'LOADLINE_REDIS_UNAVAILABLE')) {
        this.#reported = key;
        this.#report(cause);
      }
    }
    this.#down = kind;
  }

  #leave(): void {
    this.#down = false;
    this.#reported = undefined;
  }
}
