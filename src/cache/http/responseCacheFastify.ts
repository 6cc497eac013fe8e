import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { bodyEtag, etagMatches } from './etag.js';
import { checkResponseCache } from './checkResponseCache.js';
import type { ResponseCache } from './ResponseCache.js';
import type { CacheDecision } from './responseCacheTypes.js';

/** The parts of a Fastify request this plugin uses (typed structurally: fastify is never imported). */
interface FastifyRequestLike {
  raw: IncomingMessage;
}

/** The parts of a Fastify reply this plugin uses. */
interface FastifyReplyLike {
  statusCode: number;
  code(status: number): FastifyReplyLike;
  header(name: string, value: unknown): FastifyReplyLike;
  getHeaders(): OutgoingHttpHeaders;
  removeHeader(name: string): FastifyReplyLike;
  send(payload?: unknown): FastifyReplyLike;
}

/** The parts of a Fastify instance this plugin uses. */
export interface FastifyInstanceLike {
  addHook(name: 'onRequest' | 'onSend' | 'onResponse', hook: (...args: never[]) => unknown): unknown;
}

/** A Fastify plugin (`app.register(plugin)`), typed without importing fastify. */
export type ResponseCacheFastifyPlugin = ((fastify: FastifyInstanceLike, options: unknown, done: (error?: Error) => void) => void) & { [key: symbol]: unknown };

/** What a request carries from one hook to the next: the decision, and the response to store once it has gone out. */
interface Pending {
  decision: CacheDecision;
  status?: number;
  body?: Buffer;
}

const kPending = Symbol('loadline.cache.pending');
type Tagged = IncomingMessage & { [kPending]?: Pending };

/**
 * A Fastify plugin that puts a `ResponseCache` in front of every route (registered with
 * skip-override, so it applies app-wide): answers hits in `onRequest`, sets the ETag of string and
 * Buffer payloads in `onSend`, and stores them in `onResponse`, once every other hook has had its
 * say: a `Set-Cookie` or `Cache-Control: private` added by a later `onSend` hook (as
 * @fastify/cookie adds cookies) keeps the response out.
 *
 * @example
 * const cache = new ResponseCache({ ttlMs: 30_000 });
 * await app.register(responseCacheFastify(cache));
 */
export function responseCacheFastify(cache: ResponseCache): ResponseCacheFastifyPlugin {
  checkResponseCache(cache);
  const plugin = ((fastify: FastifyInstanceLike, _options: unknown, done: (error?: Error) => void) => {
    fastify.addHook('onRequest', (request: FastifyRequestLike, reply: FastifyReplyLike, next: () => void) => {
      const decision = cache.decide(request.raw);
      (request.raw as Tagged)[kPending] = { decision };
      if (decision.kind === 'hit' || decision.kind === 'stale') {
        const entry = decision.entry;
        for (const [name, value] of Object.entries(entry.headers)) reply.header(name, value);
        reply.header('X-Cache', decision.kind === 'hit' ? 'HIT' : 'STALE');
        if (etagMatches(request.raw.headers['if-none-match'], entry.etag)) reply.code(304).send();
        else reply.code(entry.status).send(entry.body);
        return;
      }
      reply.header('X-Cache', decision.kind === 'miss' ? 'MISS' : 'BYPASS');
      next();
    });

    fastify.addHook('onSend', (request: FastifyRequestLike, reply: FastifyReplyLike, payload: unknown, next: (error: null, payload?: unknown) => void) => {
      const pending = (request.raw as Tagged)[kPending];
      if (pending?.decision.kind !== 'miss') return next(null, payload);
      if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return next(null, payload);
      const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
      const status = reply.statusCode;
      const headers = reply.getHeaders();
      if (body.length > cache.maxBodyBytes || cache.storableTtl(pending.decision, request.raw, status, headers) === undefined) return next(null, payload);
      let etag = headers.etag === undefined ? undefined : String(headers.etag);
      if (etag === undefined) {
        etag = bodyEtag(body);
        reply.header('ETag', etag);
      }
      pending.status = status;
      pending.body = body;
      if (etagMatches(request.raw.headers['if-none-match'], etag)) {
        reply.code(304);
        reply.removeHeader('content-length');
        return next(null, null);
      }
      next(null, payload);
    });

    fastify.addHook('onResponse', (request: FastifyRequestLike, reply: FastifyReplyLike, next: () => void) => {
      const pending = (request.raw as Tagged)[kPending];
      if (pending?.body !== undefined) cache.remember(pending.decision, request.raw, pending.status!, reply.getHeaders(), pending.body, () => {});
      next();
    });
    done();
  }) as ResponseCacheFastifyPlugin;
  plugin[Symbol.for('skip-override')] = true;
  plugin[Symbol.for('fastify.display-name')] = 'loadline-response-cache';
  return plugin;
}

/** @deprecated since 0.2.0: use responseCacheFastify */
export const fastifyResponseCache = responseCacheFastify;
