import type { NormalizedScenario, Scenario } from '../load/index.js';
import { normalizeScenario } from '../load/scenario/compile/normalize.js';
import { SEEDED_PASSWORD, type ForumVolumes } from '../forum/index.js';

/**
 * The demo's traffic: seed 003's k6 endpoints (topics, a thread, a wiki page) with what a real
 * forum adds around them, as weights per thousand iterations. One request per iteration, so
 * iterations/s is requests/s, the seed's "RPS". Reads dominate; writes and logins are rare, as on
 * a forum where sessions last a day, yet frequent enough to show what they cost.
 */
export const FORUM_MIX = {
  /** `GET /api/forums/topics?page=1..5`: the front page and the next few. */
  topics: 300,
  /** `GET /api/forums/:id/posts`: one thread, any topic. */
  thread: 350,
  /** `GET /api/wiki/pages/:id`: any wiki page. */
  wikiPage: 220,
  /** `GET /api/users/me`, signed in. */
  me: 90,
  /** `POST /api/forums/:id/posts`, signed in: a reply. */
  newPost: 35,
  /** `POST /api/auth/login` of a random seeded account. */
  login: 5,
} as const;

/** What the scenario needs to know about the service it loads. */
export interface ForumScenarioInput {
  /** The service's data volumes: ids are drawn from 1 to each count. */
  volumes: ForumVolumes;
  /** Session tokens the signed-in flows use, one per VU in turn; at least one. */
  tokens: readonly string[];
  /** Accounts `1..reservedAccounts` are the tokens' owners: random logins use the others (the login rate limit is per account); default tokens.length. */
  reservedAccounts?: number;
}

/**
 * Builds the demo's scenario for one forum. The ids are drawn uniformly (no hot set that a cache
 * would flatter), and the signed-in flows reuse the tokens logged in before the search, so each
 * login in the mix is one a user would make.
 *
 * @example
 * const scenario = forumScenario({ volumes: forum.volumes, tokens: ['...'] });
 */
export function forumScenario(input: ForumScenarioInput): Scenario {
  const { volumes, tokens } = input;
  const reserved = input.reservedAccounts ?? tokens.length;
  const firstLogin = Math.min(reserved + 1, volumes.users);
  const topic = `{{ $randomInt(1,${volumes.topics}) }}`;
  const signedIn = { authorization: 'Bearer {{ token }}' };
  return {
    name: 'forum (seed 003 endpoints, forum mix)',
    flows: [
      { name: 'topics', weight: FORUM_MIX.topics, steps: [{ request: { name: 'GET /api/forums/topics', path: `/api/forums/topics?page={{ $randomInt(1,${Math.max(1, Math.min(5, Math.ceil(volumes.topics / 20)))}) }}` } }] },
      { name: 'thread', weight: FORUM_MIX.thread, steps: [{ request: { name: 'GET /api/forums/:id/posts', path: `/api/forums/${topic}/posts` } }] },
      { name: 'wiki page', weight: FORUM_MIX.wikiPage, steps: [{ request: { name: 'GET /api/wiki/pages/:id', path: `/api/wiki/pages/{{ $randomInt(1,${volumes.wikiPages}) }}` } }] },
      { name: 'me', weight: FORUM_MIX.me, steps: [{ request: { name: 'GET /api/users/me', path: '/api/users/me', headers: signedIn } }] },
      {
        name: 'new post',
        weight: FORUM_MIX.newPost,
        steps: [{ request: { name: 'POST /api/forums/:id/posts', method: 'POST', path: `/api/forums/${topic}/posts`, headers: signedIn, json: { body: 'Measured with loadline: {{ $randomString(16) }}' } } }],
      },
      {
        name: 'login',
        weight: FORUM_MIX.login,
        steps: [{ request: { name: 'POST /api/auth/login', method: 'POST', path: '/api/auth/login', json: { email: `user{{ $randomInt(${firstLogin},${volumes.users}) }}@forum.test`, password: SEEDED_PASSWORD } } }],
      },
    ],
    before(vu) {
      vu.vars.token = tokens[(vu.id - 1) % tokens.length];
    },
  };
}

/** The scenario in the engine's form, ready for `runScenario` or a capacity search. */
export async function normalizedForumScenario(input: ForumScenarioInput): Promise<NormalizedScenario> {
  const scenario = forumScenario(input);
  return normalizeScenario(scenario, { file: 'loadline-demo-forum-scenario', data: scenario, lineOf: () => undefined });
}
