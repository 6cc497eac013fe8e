import net from 'node:net';
import { performance } from 'node:perf_hooks';
import tls from 'node:tls';
import { classifyErrorCode, errorCode, errorMessage, type ConnectionPhase } from './classifyError.js';
import { Fifo } from './Fifo.js';
import { HandleWriter, type HandleWriterOwner } from './HandleWriter.js';
import type { PendingRequest } from './PendingRequest.js';
import { ResponseParser, type ResponseParserSink } from './ResponseParser.js';
import type { TransportError } from './types.js';

/** Where a connection goes: resolved once per pool from its origin. */
export interface ConnectTarget {
  host: string;
  port: number;
  /** Present for https. */
  tls?: tls.ConnectionOptions;
}

/** What a connection tells its pool. */
export interface ConnectionOwner {
  /** Connected (and TLS done): it can take requests. */
  onConnected(connection: Connection): void;
  /** Connecting failed; no request was on it. */
  onConnectFailed(connection: Connection, kind: TransportError['kind'], code: string, message: string): void;
  /** A response completed and the connection can take another request. */
  onCapacity(connection: Connection): void;
  /** The connection is gone; `unanswered` were written but the server closed before answering and may be resent. */
  onClosed(connection: Connection, unanswered: PendingRequest[]): void;
  /** A request got its callback: recycle it. */
  release(request: PendingRequest): void;
  /** Batch this connection's writes until the end of the event-loop turn. */
  scheduleUncork(connection: Connection): void;
  /** In-flight bookkeeping for `pool.inFlight`. */
  inFlightDelta(delta: number): void;
}

/**
 * One keep-alive HTTP/1.1 connection: writes requests, pipelining up to `pipelining` of them,
 * feeds the socket's bytes to a `ResponseParser`, and completes requests in order. Any failure
 * fails every request on it with the same classified error and closes it; the pool replaces it.
 */
export class Connection implements ResponseParserSink, HandleWriterOwner {
  readonly #owner: ConnectionOwner;
  readonly #socket: net.Socket;
  readonly #parser: ResponseParser;
  readonly #inFlight = new Fifo<PendingRequest>(4);
  readonly #pipelining: number;
  readonly #batchWrites: boolean;
  #phase: ConnectionPhase = 'connect';
  #startedAt: number;
  #connectMs = 0;
  #tlsMs = 0;
  /** Connect and TLS time not yet attributed to a request. */
  #fresh = true;
  #now = 0;
  #corked = false;
  /** Plain sockets once open: writes go to the libuv handle past the stream (see `HandleWriter`). */
  #writer: HandleWriter | null = null;
  /** Requests written while corked, for one write at the end of the turn (writer only): `#batch[0..#batched)`. */
  readonly #batch: Buffer[] = [];
  #batched = 0;
  /** Reused for a batch's bytes while no asynchronous write may still be reading it. */
  #scratch: Buffer | null = null;
  /**
   * A batch of one request's bytes n times over, for n from 1 to `pipelining`, as views of one
   * buffer that is never written again (so an asynchronous write may hold it): a closed loop on
   * one request sends the same bytes every time, and its batches then cost no copy and no Buffer.
   */
  #repeatedOf: Buffer | null = null;
  #repeated: Buffer[] = [];
  #gone = false;
  #reusable = true;
  readonly connectDeadline: number;
  /** Set by the pool while this connection sits in its ready queue. */
  inReady = false;

  readonly #onRead = (length: number, buffer: Buffer): boolean => {
    this.#now = performance.now();
    this.#parser.execute(buffer, length);
    return true;
  };

  /** @param readBuffer shared by the pool's plain connections; only used during each read callback */
  constructor(owner: ConnectionOwner, target: ConnectTarget, pipelining: number, connectTimeoutMs: number, readBuffer: Buffer) {
    this.#owner = owner;
    this.#pipelining = pipelining;
    this.#batchWrites = pipelining > 1;
    this.#parser = new ResponseParser(this, target.tls ? undefined : readBuffer);
    this.#startedAt = performance.now();
    this.connectDeadline = this.#startedAt + connectTimeoutMs;
    // Plain sockets read into the pool's one reused buffer (`onread`): no Buffer per read and no
    // stream 'data' machinery. TLS sockets do not support `onread` and use 'data' events.
    const socket = target.tls
      ? tls.connect({ ...target.tls, host: target.host, port: target.port })
      : net.connect({ host: target.host, port: target.port, noDelay: true, onread: { buffer: readBuffer, callback: this.#onRead } });
    this.#socket = socket;
    if (target.tls) socket.setNoDelay(true);
    socket.on('connect', () => {
      this.#connectMs = performance.now() - this.#startedAt;
      if (target.tls) this.#phase = 'tls';
      else this.#opened();
    });
    if (target.tls) {
      socket.on('secureConnect', () => {
        this.#tlsMs = performance.now() - this.#startedAt - this.#connectMs;
        this.#opened();
      });
      // Later connections of the pool resume this TLS session (abbreviated handshake), as browsers do.
      const tlsOptions = target.tls;
      socket.on('session', (session: Buffer) => {
        tlsOptions.session = session;
      });
      socket.on('data', (chunk: Buffer) => {
        this.#now = performance.now();
        this.#parser.execute(chunk);
      });
    }
    socket.on('end', () => this.#onEnd());
    socket.on('error', (error) => {
      const code = errorCode(error);
      this.abort(classifyErrorCode(code, this.#phase), code, errorMessage(error));
    });
    socket.on('close', () => {
      if (this.#parser.busy) this.abort('reset', 'ERR_PREMATURE_CLOSE', 'the server closed the connection in the middle of a response');
      else this.abort('reset', 'ECONNRESET', 'the server closed the connection before answering');
    });
  }

  /** Can take one more request now. */
  get hasCapacity(): boolean {
    return this.#phase === 'open' && this.#reusable && !this.#gone && this.#inFlight.length < this.#pipelining;
  }

  get inFlight(): number {
    return this.#inFlight.length;
  }

  /** Writes `request`; the caller checked `hasCapacity`. */
  send(request: PendingRequest, now: number): void {
    if (this.#fresh) {
      this.#fresh = false;
      request.connectMs = this.#connectMs;
      request.tlsMs = this.#tlsMs;
    }
    request.sentAt = now;
    request.deadline = now + request.timeoutMs;
    this.#inFlight.push(request);
    this.#owner.inFlightDelta(1);
    const bytes = request.encoded!.bytes;
    request.bytesSent += bytes.length;
    const writer = this.#writer;
    if (this.#batchWrites) {
      if (!this.#corked) {
        this.#corked = true;
        if (writer === null) this.#socket.cork();
        this.#owner.scheduleUncork(this);
      }
      if (writer !== null) this.#batch[this.#batched++] = bytes;
      else this.#socket.write(bytes);
    } else if (writer !== null) writer.write(bytes);
    else this.#socket.write(bytes);
  }

  /** Writes what was batched since `send` scheduled it: one write for every request of the turn. */
  uncork(): void {
    this.#corked = false;
    const writer = this.#writer;
    if (writer === null) {
      this.#socket.uncork();
      return;
    }
    const batch = this.#batch;
    const n = this.#batched;
    this.#batched = 0;
    if (n === 0 || this.#gone) return;
    const first = batch[0]!;
    if (n === 1) {
      writer.write(first);
      return;
    }
    let same = true;
    let size = 0;
    for (let i = 0; i < n; i++) {
      const bytes = batch[i]!;
      size += bytes.length;
      if (bytes !== first) same = false;
    }
    if (same && n <= this.#pipelining) {
      writer.write(this.#repeatedBatch(first, n));
      return;
    }
    let scratch = this.#scratch;
    // An asynchronous write may still be reading the old scratch: take a new one then.
    if (scratch === null || scratch.length < size || writer.pending > 0) scratch = this.#scratch = Buffer.allocUnsafeSlow(Math.max(size, 1024));
    let at = 0;
    for (let i = 0; i < n; i++) {
      const bytes = batch[i]!;
      scratch.set(bytes, at);
      at += bytes.length;
    }
    writer.write(scratch.subarray(0, size));
  }

  /** `bytes` `n` times over (n <= pipelining), built once per request bytes. */
  #repeatedBatch(bytes: Buffer, n: number): Buffer {
    if (this.#repeatedOf !== bytes) {
      // Encoded requests are cached and never written to, so the identity of `bytes` names its content.
      this.#repeatedOf = bytes;
      const all = Buffer.allocUnsafeSlow(bytes.length * this.#pipelining);
      for (let i = 0; i < this.#pipelining; i++) all.set(bytes, i * bytes.length);
      this.#repeated = [];
      for (let k = 0; k <= this.#pipelining; k++) this.#repeated.push(all.subarray(0, k * bytes.length));
    }
    return this.#repeated[n]!;
  }

  onWriteError(code: string): void {
    // A write that failed at once is reported after the caller's send returned, as the stream's error event was.
    process.nextTick(() => this.abort(classifyErrorCode(code, this.#phase), code, `write ${code}`));
  }

  /** Called by the pool's ticker: fails the connection when connecting or a request ran past its deadline. */
  checkDeadlines(now: number): void {
    if (this.#gone) return;
    if (this.#phase !== 'open') {
      if (now > this.connectDeadline) this.abort('timeout', 'ETIMEDOUT', `connect timed out after ${Math.round(now - this.#startedAt)} ms`);
      return;
    }
    for (let i = 0; i < this.#inFlight.length; i++) {
      const request = this.#inFlight.at(i)!;
      if (now > request.deadline) {
        this.abort('timeout', 'ETIMEDOUT', `no complete response within ${request.timeoutMs} ms`);
        return;
      }
    }
  }

  /** Fails every request on this connection with one error, closes it and tells the pool, once. */
  abort(kind: TransportError['kind'], code: string, message: string): void {
    if (this.#gone) return;
    this.#gone = true;
    this.#parser.stop();
    this.#socket.destroy();
    const now = performance.now();
    if (this.#phase !== 'open') {
      this.#owner.onConnectFailed(this, kind, code, message);
      return;
    }
    const failed = this.#inFlight.drain();
    if (failed.length > 0) this.#owner.inFlightDelta(-failed.length);
    this.#owner.onClosed(this, []);
    for (const request of failed) {
      request.fail(kind, code, message, now);
      this.#owner.release(request);
    }
  }

  /** Time spent connecting so far (for requests failed by a connect error). */
  connectElapsed(now: number): { connectMs: number; tlsMs: number } {
    if (this.#phase === 'connect') return { connectMs: now - this.#startedAt, tlsMs: 0 };
    return { connectMs: this.#connectMs, tlsMs: this.#phase === 'tls' ? now - this.#startedAt - this.#connectMs : this.#tlsMs };
  }

  onResponseBegin(): void {
    const request = this.#inFlight.peek();
    if (request === undefined) {
      this.abort('other', 'HPE_UNEXPECTED_RESPONSE', 'the server sent a response nobody asked for');
      return;
    }
    request.firstByteAt = this.#now;
  }

  onResponseHead(status: number, chunk: Buffer, start: number, end: number, _keepAlive: boolean, setsCookie: boolean): boolean {
    const request = this.#inFlight.peek()!;
    request.status = status;
    request.setsCookie = setsCookie;
    // A latin1 string: one allocation, and the read buffer it came from is reused on the next read.
    if (request.keepHead) request.head = chunk.toString('latin1', start, end);
    return request.encoded!.isHead;
  }

  onResponseBody(chunk: Buffer, start: number, end: number, last: boolean): void {
    const request = this.#inFlight.peek()!;
    if (!request.capture) return;
    // A text body whole in one piece is decoded where it lies: no subarray, no copy, no Buffer.
    if (last && request.captureText && request.bodyParts === null) request.bodyText = chunk.toString('utf8', start, end);
    else (request.bodyParts ??= []).push(Buffer.from(chunk.subarray(start, end)));
  }

  onResponseComplete(bytes: number, keepAlive: boolean): void {
    const request = this.#inFlight.shift()!;
    this.#owner.inFlightDelta(-1);
    const now = this.#now === 0 ? performance.now() : this.#now;
    if (keepAlive) this.#owner.onCapacity(this);
    else this.#retire();
    request.respond(bytes, now);
    this.#owner.release(request);
  }

  onParseError(message: string): void {
    this.abort('other', 'HPE_INVALID', message);
  }

  #opened(): void {
    this.#phase = 'open';
    if (!(this.#socket instanceof tls.TLSSocket)) this.#writer = HandleWriter.for(this.#socket as unknown as { _handle?: unknown; writableLength: number }, this);
    this.#owner.onConnected(this);
  }

  /**
   * The server said `Connection: close` (or ended a body by closing): whatever is pipelined behind
   * was never processed, so it goes back to the pool to be sent on another connection.
   */
  #retire(): void {
    if (this.#gone) return;
    this.#gone = true;
    this.#reusable = false;
    this.#parser.stop();
    const unanswered = this.#inFlight.drain();
    if (unanswered.length > 0) this.#owner.inFlightDelta(-unanswered.length);
    this.#socket.destroy();
    this.#owner.onClosed(this, unanswered);
  }

  #onEnd(): void {
    this.#now = performance.now();
    const state = this.#parser.finish();
    if (state === 'truncated') this.abort('reset', 'ERR_PREMATURE_CLOSE', 'the server closed the connection in the middle of a response');
    else if (state === 'idle') this.#closedBetweenResponses();
    // 'completed' retired the connection through onResponseComplete.
  }

  /**
   * A clean close (FIN) with no response under way: typically the server's keep-alive timeout
   * crossing a request we had just written. Requests not begun are resent once when idempotent
   * (as browsers do); the rest fail as reset.
   */
  #closedBetweenResponses(): void {
    if (this.#gone) return;
    const waiting = this.#inFlight.drain();
    const resend: PendingRequest[] = [];
    const failed: PendingRequest[] = [];
    for (const request of waiting) {
      if (request.resent || !request.encoded!.idempotent) failed.push(request);
      else {
        request.resent = true;
        resend.push(request);
      }
    }
    if (waiting.length > 0) this.#owner.inFlightDelta(-waiting.length);
    this.#gone = true;
    this.#reusable = false;
    this.#parser.stop();
    this.#socket.destroy();
    this.#owner.onClosed(this, resend);
    const now = performance.now();
    for (const request of failed) {
      request.fail('reset', 'ECONNRESET', 'the server closed the connection before answering', now);
      this.#owner.release(request);
    }
  }

  /** Destroys the socket and resolves once it is closed. */
  destroy(): Promise<void> {
    return new Promise((resolve) => {
      if (this.#socket.closed) return resolve();
      this.#socket.once('close', () => resolve());
      this.abort('other', 'POOL_CLOSED', 'the pool was closed');
    });
  }
}
