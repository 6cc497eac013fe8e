// Test kit: the shared Redis under a random key prefix, and a private redis-server on a free loopback port, stopped by its PID.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const SHARED_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix no other test or engineer uses. */
export function randomPrefix(): string {
  return `loadline:test:guard:${randomBytes(6).toString('hex')}:`;
}

/** Deletes every key under `prefix` on `redis`. */
export async function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

/** A loopback port nothing listens on (just closed). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

export interface PrivateRedis {
  port: number;
  url: string;
  process: ChildProcess;
  /** Kills the server by PID and waits for it to exit. */
  stop(): Promise<void>;
}

/** Starts redis-server on `port` (default: a free one), e.g. again on the port of one that was stopped. */
export async function startPrivateRedis(port?: number): Promise<PrivateRedis> {
  port ??= await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => {});
  for (let i = 0; ; i++) {
    try {
      await probe.connect();
      await probe.ping();
      break;
    } catch (err) {
      if (i > 100) throw err;
      await new Promise((r) => setTimeout(r, 20)); // waiting for a child process to bind, not for a timer under test
    }
  }
  probe.disconnect();
  let exited = false;
  const exit = new Promise<void>((r) => child.once('exit', () => { exited = true; r(); }));
  return {
    port,
    url,
    process: child,
    async stop() {
      if (!exited && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
      await exit;
    },
  };
}

export interface ThrottledProxy {
  url: string;
  /** Closes the listener and every proxied connection. */
  close(): Promise<void>;
}

/**
 * A loopback TCP proxy to `target` that passes commands at once and delivers replies at
 * `bytesPerSecond`: a Redis that keeps answering, in order, but drains a large backlog slowly,
 * so a burst of separate replies outlives a decision timeout while the first replies come fast.
 */
export async function startThrottledProxy(target: string, bytesPerSecond: number): Promise<ThrottledProxy> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<net.Socket>();
  const tickMs = 5;
  const perTick = Math.max(1, Math.floor((bytesPerSecond * tickMs) / 1000));
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(port), hostname);
    sockets.add(client);
    sockets.add(upstream);
    const backlog: Buffer[] = [];
    const timer = setInterval(() => {
      let budget = perTick;
      while (budget > 0 && backlog.length > 0) {
        const head = backlog[0]!;
        if (head.length <= budget) {
          client.write(backlog.shift()!);
          budget -= head.length;
        } else {
          client.write(head.subarray(0, budget));
          backlog[0] = head.subarray(budget);
          budget = 0;
        }
      }
    }, tickMs);
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => backlog.push(chunk));
    const end = () => {
      clearInterval(timer);
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `redis://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}
