import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { etagMatches } from './etag.js';
import type { CacheDecision, ResponseCache } from './ResponseCache.js';

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
  addHook(name: 'onRequest' | 'onSend', hook: (...args: never[]) => unknown): unknown;
}

type Plugin = ((fastify: FastifyInstanceLike, options: unknown, done: (error?: Error) => void) => void) & { [key: symbol]: unknown };

const kDecision = Symbol('loadline.cache.decision');
type Tagged = IncomingMessage & { [kDecision]?: CacheDecision };

/**
 * A Fastify plugin that puts a `ResponseCache` in front of every route (registered with
 * skip-override, so it applies app-wide): answers hits in `onRequest`, stores string and Buffer
 * payloads in `onSend`.
 *
 * @example
 * const cache = new ResponseCache({ ttlMs: 30_000 });
 * await app.register(fastifyResponseCache(cache));
 */
export function fastifyResponseCache(cache: ResponseCache): Plugin {
  const plugin = ((fastify: FastifyInstanceLike, _options: unknown, done: (error?: Error) => void) => {
    fastify.addHook('onRequest', ((request: FastifyRequestLike, reply: FastifyReplyLike, next: () => void) => {
      const decision = cache.decide(request.raw);
      if (decision.kind === 'hit' || decision.kind === 'stale') {
        (request.raw as Tagged)[kDecision] = decision;
        const entry = decision.entry;
        for (const [name, value] of Object.entries(entry.headers)) reply.header(name, value);
        reply.header('X-Cache', decision.kind === 'hit' ? 'HIT' : 'STALE');
        if (etagMatches(request.raw.headers['if-none-match'], entry.etag)) reply.code(304).send();
        else reply.code(entry.status).send(entry.body);
        return;
      }
      reply.header('X-Cache', decision.kind === 'miss' ? 'MISS' : 'BYPASS');
      (request.raw as Tagged)[kDecision] = decision;
      next();
    }) as never);

    fastify.addHook('onSend', ((request: FastifyRequestLike, reply: FastifyReplyLike, payload: unknown, next: (error: null, payload?: unknown) => void) => {
      const decision = (request.raw as Tagged)[kDecision];
      if (decision?.kind !== 'miss') return next(null, payload);
      if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return next(null, payload);
      const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
      if (body.length > cache.maxBodyBytes) return next(null, payload);
      const etag = cache.remember(decision, request.raw, reply.statusCode, reply.getHeaders(), body, (name, value) => reply.header(name, value));
      if (etag !== undefined && etagMatches(request.raw.headers['if-none-match'], etag)) {
        reply.code(304);
        reply.removeHeader('content-length');
        return next(null, null);
      }
      next(null, payload);
    }) as never);
    done();
  }) as Plugin;
  plugin[Symbol.for('skip-override')] = true;
  plugin[Symbol.for('fastify.display-name')] = 'loadline-response-cache';
  return plugin;
}
