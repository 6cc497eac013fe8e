import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkInteger, checkNumber } from '../../core/index.js';

/** Options of `startRateCappedServer`. */
export interface RateCappedServerOptions {
  /** Requests per second it serves at most (token bucket refill). Required. */
  ratePerSecond: number;
  /** Tokens the bucket holds (short bursts served at once); default ratePerSecond / 50, at least 1. */
  burst?: number;
  /** Requests it queues beyond the rate before answering 503; default 100 000. */
  maxQueue?: number;
}

export interface RateCappedServer {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  readonly server: Server;
  /** Requests waiting for a token now. */
  queued(): number;
  close(): Promise<void>;
}

/**
 * A loopback HTTP server with a capacity set on purpose: it serves at most `ratePerSecond`
 * requests per second and queues the rest in order, so past that rate latency climbs without
 * bound, as a saturated service's does. Made to check that `findCapacity` finds the line.
 *
 * @example
 * const target = await startRateCappedServer({ ratePerSecond: 400 });
 * const report = await findCapacity({ load: { url: target.url }, slos: ['p(95)<100'] });
 * await target.close();
 */
export async function startRateCappedServer(options: RateCappedServerOptions): Promise<RateCappedServer> {
  const rate = checkNumber(options.ratePerSecond, 'ratePerSecond', { above: 0 });
  const burst = checkNumber(options.burst ?? Math.max(1, rate / 50), 'burst', { min: 1 });
  const maxQueue = checkInteger(options.maxQueue ?? 100_000, 'maxQueue', { min: 0 });
  const queue: ServerResponse[] = [];
  let head = 0;
  let tokens = burst;
  let refilledAt = performance.now();
  let timer: NodeJS.Timeout | undefined;

  const refill = () => {
    const now = performance.now();
    tokens = Math.min(burst, tokens + ((now - refilledAt) * rate) / 1000);
    refilledAt = now;
  };
  const answer = (res: ServerResponse) => {
    if (!res.destroyed) res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  };
  const drain = () => {
    timer = undefined;
    refill();
    while (head < queue.length && tokens >= 1) {
      const res = queue[head++]!;
      if (res.destroyed) continue; // the client gave up: no token spent
      tokens -= 1;
      answer(res);
    }
    if (head > 1024 && head * 2 > queue.length) {
      queue.splice(0, head);
      head = 0;
    }
    if (head < queue.length) timer = setTimeout(drain, Math.max(1, ((1 - tokens) * 1000) / rate));
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    refill();
    if (head === queue.length && tokens >= 1) {
      tokens -= 1;
      answer(res);
      return;
    }
    if (queue.length - head >= maxQueue) {
      res.writeHead(503).end();
      return;
    }
    queue.push(res);
    timer ??= setTimeout(drain, Math.max(1, ((1 - tokens) * 1000) / rate));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    server,
    queued: () => queue.length - head,
    close: () =>
      new Promise<void>((resolve) => {
        clearTimeout(timer);
        for (let i = head; i < queue.length; i++) queue[i]!.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
