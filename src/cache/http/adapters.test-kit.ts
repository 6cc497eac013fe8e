import type { IncomingMessage } from 'node:http';
import express from 'express';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { responseCacheFastify } from './responseCacheFastify.js';
import { responseCacheHttp } from './responseCacheHttp.js';
import { responseCacheExpress } from './responseCacheExpress.js';
import { listen } from './http.test-kit.js';
import type { ResponseCache } from './ResponseCache.js';

/** Test support: the same application behind a `ResponseCache` on each framework it supports. */
export type Adapter = 'node:http' | 'express' | 'fastify';
export const ADAPTERS: readonly Adapter[] = ['node:http', 'express', 'fastify'];

/** What the application answers; `req` is the raw node:http request on every framework. */
export interface Answer {
  status?: number;
  headers?: Record<string, string | string[]>;
  body: string;
}
export type App = (req: IncomingMessage) => Answer | Promise<Answer>;

export interface Served {
  url: string;
  close: () => Promise<void>;
}

/**
 * Starts `app` behind `cache` on a loopback port: through `responseCacheHttp`, `responseCacheExpress`
 * (`app.use`) or `responseCacheFastify` (a catch-all route).
 */
export async function serveCached(adapter: Adapter, cache: ResponseCache, app: App, fastifyOptions: FastifyServerOptions = {}): Promise<Served> {
  if (adapter === 'fastify') {
    const f = Fastify(fastifyOptions);
    await f.register(responseCacheFastify(cache));
    f.route({
      method: ['GET', 'POST'],
      url: '/*',
      handler: async (request, reply) => {
        const a = await app(request.raw);
        reply.code(a.status ?? 200);
        for (const [n, v] of Object.entries(a.headers ?? {})) reply.header(n, v);
        return a.body;
      },
    });
    const url = await f.listen({ port: 0, host: '127.0.0.1' });
    return { url, close: () => f.close() };
  }
  if (adapter === 'express') {
    const e = express();
    e.use(responseCacheExpress(cache));
    e.use(async (req, res) => {
      const a = await app(req);
      res.status(a.status ?? 200);
      for (const [n, v] of Object.entries(a.headers ?? {})) res.setHeader(n, v);
      res.send(a.body);
    });
    const srv = await listen(e);
    return { url: srv.url, close: srv.close };
  }
  const srv = await listen(
    responseCacheHttp(cache, async (req, res) => {
      const a = await app(req);
      res.statusCode = a.status ?? 200;
      for (const [n, v] of Object.entries(a.headers ?? {})) res.setHeader(n, v);
      res.end(a.body);
    }),
  );
  return { url: srv.url, close: srv.close };
}
