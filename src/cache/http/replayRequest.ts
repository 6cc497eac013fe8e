import { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';

/** Marks a replayed request, so the cache that replays it treats it as the refresh it is. */
export const kReplay = Symbol('loadline.cache.replay');

type Replayed = IncomingMessage & { [kReplay]?: true };

/** Request headers that make an application answer 304, 206 or 412 instead of the full body. */
const PARTIAL = ['if-none-match', 'if-modified-since', 'if-match', 'if-unmodified-since', 'if-range', 'range'];

/** Whether `req` is a copy that `replayRequest` made. */
export function isReplay(req: IncomingMessage): boolean {
  return (req as Replayed)[kReplay] === true;
}

interface ServerLike {
  emit(event: 'request', req: IncomingMessage, res: ServerResponse): boolean;
  listenerCount(event: string): number;
}

/**
 * A socket for a request that never crossed the network: reads end at once, writes go nowhere,
 * and the addresses are the original connection's, so the application sees the same client.
 */
class DetachedSocket extends Duplex {
  readonly remoteAddress: string | undefined;
  readonly remotePort: number | undefined;
  readonly remoteFamily: string | undefined;
  readonly localAddress: string | undefined;
  readonly localPort: number | undefined;
  readonly encrypted: boolean | undefined;
  readonly server: ServerLike;

  constructor(original: Socket, server: ServerLike) {
    super();
    this.remoteAddress = original.remoteAddress;
    this.remotePort = original.remotePort;
    this.remoteFamily = original.remoteFamily;
    this.localAddress = original.localAddress;
    this.localPort = original.localPort;
    this.encrypted = (original as Socket & { encrypted?: boolean }).encrypted;
    this.server = server;
  }

  override _read(): void {}

  override _write(_chunk: unknown, _encoding: BufferEncoding, callback: () => void): void {
    callback();
  }

  setTimeout(): this {
    return this;
  }

  setNoDelay(): this {
    return this;
  }

  setKeepAlive(): this {
    return this;
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }
}

/**
 * Runs a GET copy of `req` (`url`, the headers but conditional and range ones, the client
 * address) through the request listeners of the server it arrived on, with a response that goes
 * nowhere, so the application produces the answer again while the original request has already
 * been answered: the refresh behind stale-while-revalidate. `done` runs once the copy's response has finished or failed. Returns
 * false, running nothing, when `req` did not come from a node:http server (an injected request).
 */
export function replayRequest(req: IncomingMessage, url: string, done: () => void): boolean {
  const server = (req.socket as (Socket & { server?: ServerLike }) | null)?.server;
  if (!(req instanceof IncomingMessage) || server === undefined || typeof server.emit !== 'function' || server.listenerCount('request') === 0) return false;
  const socket = new DetachedSocket(req.socket, server);
  const copy = new IncomingMessage(socket as unknown as Socket) as Replayed;
  copy[kReplay] = true;
  // The refresh wants the full 200 a GET gets: a HEAD, conditional or range request that started it would not store one.
  copy.method = 'GET';
  copy.url = url;
  copy.httpVersion = req.httpVersion;
  copy.httpVersionMajor = req.httpVersionMajor;
  copy.httpVersionMinor = req.httpVersionMinor;
  const headers = { ...req.headers };
  for (const name of PARTIAL) delete headers[name];
  copy.headers = headers;
  copy.rawHeaders = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    if (!PARTIAL.includes(req.rawHeaders[i]!.toLowerCase())) copy.rawHeaders.push(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  }
  copy.complete = true;
  copy.push(null);
  const res = new ServerResponse(copy);
  res.assignSocket(socket as unknown as Socket);
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    res.detachSocket(socket as unknown as Socket);
    socket.destroy();
    done();
    process.nextTick(() => {
      copy.emit('close');
      res.emit('close');
    });
  };
  res.once('finish', finish);
  res.once('error', finish);
  // After the original answer has gone out, never inside it.
  setImmediate(() => {
    try {
      server.emit('request', copy, res);
    } catch {
      finish();
    }
  });
  return true;
}
