import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import type tls from 'node:tls';
import { checkInteger, checkKnownKeys, checkNumber, invalidInput, isLoadlineError } from '../../core/index.js';
import { Connection, type ConnectionOwner, type ConnectTarget } from './Connection.js';
import { Fifo } from './Fifo.js';
import { PendingRequest } from './PendingRequest.js';
import { RequestEncoder } from './RequestEncoder.js';
import type { HttpPool, PoolOptions, RequestCallback, RequestSpec, TransportError } from './types.js';

const KNOWN_OPTIONS = ['connections', 'pipelining', 'connectTimeoutMs', 'requestTimeoutMs', 'rejectUnauthorized', 'ca'] as const;
/** The deadline ticker runs at a tenth of the shortest timeout, within these bounds (ms). */
const MIN_TICK_MS = 5;
const MAX_TICK_MS = 250;

/**
 * Opens a keep-alive HTTP/1.1 connection pool to one origin, on raw `net`/`tls` sockets.
 * Connections open lazily, up to `connections`; each carries up to `pipelining` requests at once.
 * Every request gets exactly one callback, with a response or a classified transport error;
 * nothing is thrown into the run. Timeouts are checked by one coarse per-pool ticker, never a
 * timer per request.
 *
 * @example
 * const pool = createPool('http://127.0.0.1:8080', { connections: 50 });
 * pool.request({ method: 'GET', path: '/api/users' }, (error, response) => {
 *   if (error) console.log(error.kind, error.code);
 *   else console.log(response.status, response.timings.ttfb);
 * });
 * await pool.close();
 */
export function createPool(origin: string | URL, options: PoolOptions = {}): HttpPool & { prepare(spec: RequestSpec): void } {
  return new Pool(origin, options);
}

class Pool implements HttpPool, ConnectionOwner {
  readonly #target: ConnectTarget;
  readonly #encoder: RequestEncoder;
  readonly #maxConnections: number;
  readonly #pipelining: number;
  readonly #connectTimeoutMs: number;
  readonly #requestTimeoutMs: number;
  readonly #queue = new Fifo<PendingRequest>(64);
  readonly #ready = new Fifo<Connection>(64);
  readonly #connections = new Set<Connection>();
  readonly #free: PendingRequest[] = [];
  /** Every plain connection reads into this; parsing is synchronous, so one buffer serves all. */
  readonly #readBuffer = Buffer.allocUnsafe(64 * 1024);
  #connecting = 0;
  #inFlight = 0;
  #closed = false;
  #ticker: NodeJS.Timeout | null = null;
  #tickMs: number;
  #corked: Connection[] = [];
  #flushScheduled = false;
  readonly #flush = (): void => {
    this.#flushScheduled = false;
    const corked = this.#corked;
    this.#corked = [];
    for (const connection of corked) connection.uncork();
  };

  constructor(origin: string | URL, options: PoolOptions) {
    let url: URL;
    try {
      url = typeof origin === 'string' ? new URL(origin) : origin;
    } catch {
      throw invalidInput({ field: 'origin', value: origin, expected: 'an absolute http:// or https:// URL' });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw invalidInput({ field: 'origin', value: String(origin), expected: 'an http:// or https:// URL' });
    }
    if (options === null || typeof options !== 'object') throw invalidInput({ field: 'options', value: options, expected: 'an object' });
    checkKnownKeys(options, KNOWN_OPTIONS);
    this.#maxConnections = checkInteger(options.connections ?? 10, 'connections', { min: 1, max: 100_000 });
    this.#pipelining = checkInteger(options.pipelining ?? 1, 'pipelining', { min: 1, max: 1000 });
    this.#connectTimeoutMs = checkInteger(options.connectTimeoutMs ?? 10_000, 'connectTimeoutMs', { min: 1 });
    this.#requestTimeoutMs = checkInteger(options.requestTimeoutMs ?? 30_000, 'requestTimeoutMs', { min: 1 });
    if (options.rejectUnauthorized !== undefined && typeof options.rejectUnauthorized !== 'boolean') {
      throw invalidInput({ field: 'rejectUnauthorized', value: options.rejectUnauthorized, expected: 'true or false' });
    }
    this.#tickMs = tickFor(Math.min(this.#connectTimeoutMs, this.#requestTimeoutMs));
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    const https = url.protocol === 'https:';
    const port = url.port === '' ? (https ? 443 : 80) : Number(url.port);
    let tlsOptions: tls.ConnectionOptions | undefined;
    if (https) {
      tlsOptions = { rejectUnauthorized: options.rejectUnauthorized ?? true, ALPNProtocols: ['http/1.1'] };
      if (isIP(host) === 0) tlsOptions.servername = host;
      if (options.ca !== undefined) tlsOptions.ca = options.ca;
    }
    this.#target = tlsOptions ? { host, port, tls: tlsOptions } : { host, port };
    this.#encoder = new RequestEncoder(url.host);
  }

  get queued(): number {
    return this.#queue.length;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** Validates and pre-encodes `spec`; throws `LOADLINE_INVALID_OPTION` naming the bad field. */
  prepare(spec: RequestSpec): void {
    this.#encoder.encode(spec);
    if (spec.timeoutMs !== undefined) checkNumber(spec.timeoutMs, 'timeoutMs', { above: 0 });
  }

  request(spec: RequestSpec, callback: RequestCallback): void {
    const now = performance.now();
    if (this.#closed) return failLater(callback, 'other', 'POOL_CLOSED', 'the pool is closed');
    let encoded;
    try {
      encoded = this.#encoder.encode(spec);
    } catch (error) {
      const code = isLoadlineError(error) ? error.code : 'ERR_INVALID_REQUEST';
      return failLater(callback, 'other', code, (error as Error).message);
    }
    const request = this.#free.pop() ?? new PendingRequest();
    request.spec = spec;
    request.callback = callback;
    request.encoded = encoded;
    const capture = spec.captureBody;
    request.capture = capture === true || capture === 'text';
    request.captureText = capture === 'text';
    request.keepHead = spec.captureHeaders !== false;
    const timeoutMs = spec.timeoutMs ?? this.#requestTimeoutMs;
    if (!(timeoutMs > 0)) {
      this.release(request);
      return failLater(callback, 'other', 'LOADLINE_INVALID_OPTION', `timeoutMs: got ${String(timeoutMs)}, expected a number of milliseconds greater than 0`);
    }
    request.timeoutMs = timeoutMs;
    if (timeoutMs < this.#tickMs * 10) this.#retick(tickFor(timeoutMs));
    request.enqueuedAt = now;
    request.sentAt = 0;
    if (this.#queue.length === 0) {
      const connection = this.#nextReady();
      if (connection !== undefined) {
        this.#send(connection, request, now);
        return;
      }
    }
    this.#queue.push(request);
    this.#openConnections();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#ticker !== null) clearInterval(this.#ticker);
    this.#ticker = null;
    const now = performance.now();
    for (let request = this.#queue.shift(); request !== undefined; request = this.#queue.shift()) {
      request.fail('other', 'POOL_CLOSED', 'the pool was closed', now);
      this.release(request);
    }
    await Promise.all([...this.#connections].map((connection) => connection.destroy()));
    this.#connections.clear();
  }

  onConnected(connection: Connection): void {
    this.#connecting--;
    this.#markReady(connection);
    this.#drain();
  }

  onConnectFailed(connection: Connection, kind: TransportError['kind'], code: string, message: string): void {
    this.#connecting--;
    this.#connections.delete(connection);
    const now = performance.now();
    const { connectMs, tlsMs } = connection.connectElapsed(now);
    // The queued requests this connection would have carried fail with its error; the rest wait for another.
    for (let i = 0; i < this.#pipelining && this.#queue.length > 0; i++) {
      const request = this.#queue.shift()!;
      request.connectMs = connectMs;
      request.tlsMs = tlsMs;
      request.fail(kind, code, message, now);
      this.release(request);
    }
    this.#openConnections();
  }

  onCapacity(connection: Connection): void {
    this.#markReady(connection);
    if (this.#queue.length > 0) this.#drain();
  }

  onClosed(connection: Connection, unanswered: PendingRequest[]): void {
    this.#connections.delete(connection);
    if (connection.inReady) {
      this.#ready.remove(connection);
      connection.inReady = false;
    }
    for (let i = unanswered.length - 1; i >= 0; i--) {
      const request = unanswered[i]!;
      request.sentAt = 0;
      request.firstByteAt = 0;
      request.head = null;
      request.bodyParts = null;
      request.bodyText = null;
      this.#queue.unshift(request);
    }
    if (!this.#closed) this.#openConnections();
  }

  release(request: PendingRequest): void {
    request.reset();
    if (this.#free.length < 4096) this.#free.push(request);
  }

  scheduleUncork(connection: Connection): void {
    this.#corked.push(connection);
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      setImmediate(this.#flush);
    }
  }

  inFlightDelta(delta: number): void {
    this.#inFlight += delta;
  }

  #send(connection: Connection, request: PendingRequest, now: number): void {
    connection.send(request, now);
    if (connection.hasCapacity) this.#markReady(connection);
  }

  #markReady(connection: Connection): void {
    if (connection.inReady || !connection.hasCapacity) return;
    connection.inReady = true;
    this.#ready.push(connection);
  }

  #nextReady(): Connection | undefined {
    for (let connection = this.#ready.shift(); connection !== undefined; connection = this.#ready.shift()) {
      connection.inReady = false;
      if (connection.hasCapacity) return connection;
    }
    return undefined;
  }

  #drain(): void {
    const now = performance.now();
    while (this.#queue.length > 0) {
      const connection = this.#nextReady();
      if (connection === undefined) break;
      this.#send(connection, this.#queue.shift()!, now);
    }
  }

  /** Opens connections until those connecting can carry the queue, up to `connections`. */
  #openConnections(): void {
    if (this.#closed) return;
    while (
      this.#queue.length > this.#connecting * this.#pipelining &&
      this.#connections.size < this.#maxConnections
    ) {
      this.#connecting++;
      this.#connections.add(new Connection(this, this.#target, this.#pipelining, this.#connectTimeoutMs, this.#readBuffer));
    }
    if (this.#ticker === null && this.#connections.size > 0) this.#startTicker();
  }

  #startTicker(): void {
    this.#ticker = setInterval(() => {
      const now = performance.now();
      for (const connection of this.#connections) connection.checkDeadlines(now);
    }, this.#tickMs);
    this.#ticker.unref();
  }

  #retick(tickMs: number): void {
    if (tickMs >= this.#tickMs) return;
    this.#tickMs = tickMs;
    if (this.#ticker !== null) {
      clearInterval(this.#ticker);
      this.#startTicker();
    }
  }
}

function tickFor(timeoutMs: number): number {
  return Math.max(MIN_TICK_MS, Math.min(MAX_TICK_MS, Math.floor(timeoutMs / 10)));
}

/** Errors found before a request is queued still arrive through the callback, asynchronously. */
function failLater(callback: RequestCallback, kind: TransportError['kind'], code: string, message: string): void {
  const error: TransportError = { kind, code, message, timings: { blocked: 0, connect: 0, tls: 0, ttfb: 0, receive: 0 } };
  process.nextTick(callback, error, null);
}
