import { test } from 'node:test';
import assert from 'node:assert/strict';
import { volumesFor } from '../forum/index.js';
import { compileTemplate } from '../load/scenario/compile/template.js';
import { seededRandom } from '../load/scenario/random.js';
import { FORUM_MIX, forumScenario, normalizedForumScenario } from './forumScenario.js';

test('the forum scenario: seed 003\'s endpoints in a forum\'s mix, mostly reads, ids inside the seeded data', async () => {
  const volumes = volumesFor(0.3);
  const scenario = await normalizedForumScenario({ volumes, tokens: ['t1', 't2'] });
  const byName = new Map(scenario.flows.map((f) => [f.name, f]));
  assert.deepEqual([...byName.keys()], ['topics', 'thread', 'wiki page', 'me', 'new post', 'login']);
  const total = Object.values(FORUM_MIX).reduce((a, b) => a + b, 0);
  const reads = FORUM_MIX.topics + FORUM_MIX.thread + FORUM_MIX.wikiPage + FORUM_MIX.me;
  assert.ok(reads / total >= 0.95, 'mostly reads');
  assert.ok(FORUM_MIX.login > 0 && FORUM_MIX.newPost > 0, 'some logins and writes');

  const model = forumScenario({ volumes, tokens: ['t1', 't2'] });
  const thread = model.flows.find((f) => f.name === 'thread')!.steps[0] as { request: { path: string } };
  const rng = seededRandom(7);
  const ids = Array.from({ length: 2000 }, () => Number(/\/api\/forums\/(\d+)\/posts/.exec(compileTemplate(thread.request.path).render({ vars: {}, rng }))![1]));
  assert.equal(Math.min(...ids), 1);
  assert.equal(Math.max(...ids), volumes.topics);

  // Random logins never use the accounts whose tokens the signed-in flows hold (the login limit counts per account).
  const login = model.flows.find((f) => f.name === 'login')!.steps[0] as unknown as { request: { json: { email: string } } };
  assert.equal(login.request.json.email, `user{{ $randomInt(3,${volumes.users}) }}@forum.test`);
  const vu = { id: 3, vars: {} as Record<string, unknown> } as Parameters<NonNullable<typeof model.before>>[0];
  await model.before!(vu);
  assert.equal(vu.vars.token, 't1', 'tokens are shared round-robin by VU');
});
