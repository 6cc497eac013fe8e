import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResponseCache } from '../../cache/index.js';
import type { RateLimitOutcome } from '../../guard/index.js';
import type { ForumDatabase } from '../data/ForumStore.js';
import type { RoomHub } from '../realtime/RoomHub.js';
import { ForumService, type ServiceDeps } from '../services/ForumService.js';
import type { Session } from '../services/SessionStore.js';
import { BadRequest, readJsonBody, sendError, sendJson } from './json.js';
import { pageParam, type RouteMatch } from './routes.js';

/** What the handler needs besides the service. */
export interface ForumHandlerParts {
  db: ForumDatabase;
  deps: ServiceDeps;
  rooms: RoomHub;
  /** The HTTP response cache (the `http-cache` fix), cleared by writes. */
  responseCache: ResponseCache | undefined;
  /** The login rate limit (the `rate-limit` fix), keyed per account. */
  loginLimit: ((req: IncomingMessage & { loginKey?: string }) => Promise<RateLimitOutcome | undefined>) | undefined;
}

const PRIVATE = { 'Cache-Control': 'private, no-store' };
const MAX_POST_CHARS = 10_000;

/**
 * Answers the forum's endpoints. With `singletons` one ForumService serves every request; without
 * it each request builds its own (and its store prepares its statements), as seed 003 found.
 */
export class ForumHandler {
  readonly #parts: ForumHandlerParts;
  readonly #singleton: ForumService | undefined;

  constructor(parts: ForumHandlerParts) {
    this.#parts = parts;
    this.#singleton = parts.deps.fixes.singletons ? new ForumService(parts.db.createStore(), parts.deps) : undefined;
  }

  #service(): ForumService {
    return this.#singleton ?? new ForumService(this.#parts.db.createStore(), this.#parts.deps);
  }

  #session(req: IncomingMessage): Session | undefined {
    const auth = req.headers.authorization;
    if (auth === undefined || !auth.startsWith('Bearer ')) return undefined;
    return this.#parts.deps.sessions.get(auth.slice(7).trim());
  }

  async handle(req: IncomingMessage, res: ServerResponse, match: RouteMatch): Promise<void> {
    try {
      await this.#route(req, res, match);
    } catch (err) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof BadRequest) sendError(res, err.status, err.message);
      else {
        console.error(`forum: ${req.method} ${match.template}:`, err);
        sendError(res, 500, 'internal error');
      }
    }
  }

  async #route(req: IncomingMessage, res: ServerResponse, match: RouteMatch): Promise<void> {
    switch (match.name) {
      case 'topics': {
        const page = pageParam(match.query);
        if (page === undefined) return sendError(res, 400, 'page: expected a positive integer');
        return sendJson(res, 200, await this.#service().topics(page));
      }
      case 'thread':
        return this.#found(res, await this.#service().thread(match.id!), 'topic');
      case 'wikiPage':
        return this.#found(res, await this.#service().wikiPage(match.id!), 'wiki page');
      case 'me': {
        const session = this.#session(req);
        if (session === undefined) return sendError(res, 401, 'sign in: Authorization: Bearer <token from POST /api/auth/login>', PRIVATE);
        return sendJson(res, 200, await this.#service().profile(session.userId), PRIVATE);
      }
      case 'login':
        return this.#login(req, res);
      case 'createPost':
        return this.#createPost(req, res, match.id!);
    }
  }

  #found(res: ServerResponse, body: string, what: string): void {
    if (body === 'null') sendError(res, 404, `no such ${what}`);
    else sendJson(res, 200, body);
  }

  async #login(req: IncomingMessage & { loginKey?: string }, res: ServerResponse): Promise<void> {
    const body = await readJsonBody(req);
    const { email, password } = body;
    if (typeof email !== 'string' || email === '' || email.length > 254) throw new BadRequest('email: expected a non-empty string');
    if (typeof password !== 'string' || password === '' || password.length > 1024) throw new BadRequest('password: expected a non-empty string');
    const limit = this.#parts.loginLimit;
    let limitHeaders: Record<string, string> | undefined;
    if (limit !== undefined) {
      req.loginKey = `account:${email.toLowerCase()}`;
      const outcome = await limit(req);
      if (outcome !== undefined && !outcome.decision.allowed) {
        for (const [name, value] of Object.entries(outcome.headers)) res.setHeader(name, value);
        return sendJson(res, 429, outcome.body, PRIVATE);
      }
      limitHeaders = outcome?.headers;
    }
    const result = await this.#service().login(email, password, String(req.headers['user-agent'] ?? ''));
    const headers = { ...PRIVATE, ...limitHeaders };
    if (result === undefined) return sendError(res, 401, 'wrong email or password', headers);
    sendJson(res, 200, JSON.stringify(result), headers);
  }

  async #createPost(req: IncomingMessage, res: ServerResponse, topicId: number): Promise<void> {
    const session = this.#session(req);
    if (session === undefined) return sendError(res, 401, 'sign in: Authorization: Bearer <token from POST /api/auth/login>', PRIVATE);
    const { body, parentId } = await readJsonBody(req);
    if (typeof body !== 'string' || body.trim() === '' || body.length > MAX_POST_CHARS) throw new BadRequest(`body: expected a non-empty string of at most ${MAX_POST_CHARS} characters`);
    if (parentId !== undefined && parentId !== null && !(Number.isSafeInteger(parentId) && (parentId as number) > 0)) throw new BadRequest('parentId: expected a positive integer or null');
    const created = await this.#service().createPost(topicId, session.userId, body, (parentId as number | undefined) ?? null);
    if (created === 'no-topic') return sendError(res, 404, 'no such topic', PRIVATE);
    if (created === 'bad-parent') return sendError(res, 400, `parentId: expected a post of topic ${topicId}`, PRIVATE);
    this.#parts.responseCache?.clear();
    this.#parts.rooms.broadcast(topicId, { type: 'post', topicId, post: created });
    sendJson(res, 201, JSON.stringify(created), PRIVATE);
  }
}
