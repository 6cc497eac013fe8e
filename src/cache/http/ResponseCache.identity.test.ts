import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { ResponseCache } from './ResponseCache.js';
import { responseCacheHttp } from './responseCacheHttp.js';
import { listen, send } from './http.test-kit.js';

const whoAmI = (headers: Record<string, string | string[] | undefined>) => String(headers.authorization ?? headers.cookie ?? 'anonymous');

/** Serves `account of <who>` at every path through the cache, stopped after the test; `calls()` counts the handler's runs. */
async function serveAccounts(t: TestContext, cache: ResponseCache): Promise<{ url: string; calls(): number }> {
  let calls = 0;
  const app = await listen(
    responseCacheHttp(cache, (req, res) => {
      calls++;
      res.end(`account of ${whoAmI(req.headers)}`);
    }),
  );
  t.after(app.close);
  return { url: app.url, calls: () => calls };
}

test('requests with Authorization or Cookie are never served another user\'s response', async (t) => {
  const cache = new ResponseCache();
  const app = await serveAccounts(t, cache);
  const alice = await send(`${app.url}/me`, { headers: { Authorization: 'Bearer alice' } });
  const bob = await send(`${app.url}/me`, { headers: { Authorization: 'Bearer bob' } });
  const carol = await send(`${app.url}/me`, { headers: { Cookie: 'sid=carol' } });
  assert.equal(alice.body, 'account of Bearer alice');
  assert.equal(bob.body, 'account of Bearer bob');
  assert.equal(carol.body, 'account of sid=carol');
  for (const r of [alice, bob, carol]) assert.equal(r.headers['x-cache'], 'BYPASS');
  const anonymous = await send(`${app.url}/me`);
  assert.equal(anonymous.body, 'account of anonymous');
  assert.equal(anonymous.headers['x-cache'], 'MISS', 'nothing personal was stored under the public key');
  assert.equal(app.calls(), 4);
  // And the anonymous entry is not served to a logged-in user either.
  const aliceAgain = await send(`${app.url}/me`, { headers: { Authorization: 'Bearer alice' } });
  assert.equal(aliceAgain.body, 'account of Bearer alice');
});

test('with a key function that includes the identity, each user gets their own cached entry', async (t) => {
  const cache = new ResponseCache({ key: (req) => (req.headers.authorization ? `user:${req.headers.authorization}` : '') });
  const app = await serveAccounts(t, cache);
  const alice = { Authorization: 'Bearer alice' };
  const bob = { Authorization: 'Bearer bob' };
  assert.equal((await send(`${app.url}/me`, { headers: alice })).headers['x-cache'], 'MISS');
  const bobFirst = await send(`${app.url}/me`, { headers: bob });
  assert.equal(bobFirst.headers['x-cache'], 'MISS');
  assert.equal(bobFirst.body, 'account of Bearer bob');
  const aliceHit = await send(`${app.url}/me`, { headers: alice });
  assert.equal(aliceHit.headers['x-cache'], 'HIT');
  assert.equal(aliceHit.body, 'account of Bearer alice');
  assert.equal((await send(`${app.url}/me`, { headers: bob })).body, 'account of Bearer bob');
  assert.equal(app.calls(), 2);
});
