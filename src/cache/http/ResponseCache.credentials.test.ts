import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { ResponseCache } from './ResponseCache.js';
import { ADAPTERS, serveCached } from './adapters.test-kit.js';
import { send } from './http.test-kit.js';

// Every header that can carry who the caller is: the built-in ones and one the application declares.
const CREDENTIALS = ['Authorization', 'Proxy-Authorization', 'Cookie', 'X-API-Key', 'X-Tenant-Token'];
const whoAmI = (req: IncomingMessage) => CREDENTIALS.map((h) => req.headers[h.toLowerCase()]).find((v) => v !== undefined) ?? 'anonymous';
const accountApp = (req: IncomingMessage) => ({ body: `account of ${String(whoAmI(req))}` });

for (const adapter of ADAPTERS) {
  test(`${adapter}: no credential header ever gets or leaves another caller's response`, async (t) => {
    const cache = new ResponseCache({ credentialHeaders: ['X-Tenant-Token'] });
    const srv = await serveCached(adapter, cache, accountApp);
    t.after(srv.close);
    for (const header of CREDENTIALS) {
      const path = `/me/${header}`;
      const alice = await send(srv.url + path, { headers: { [header]: 'alice-key' } });
      assert.equal(alice.body, 'account of alice-key', header);
      assert.equal(alice.headers['x-cache'], 'BYPASS', header);
      const bob = await send(srv.url + path, { headers: { [header]: 'bob-key' } });
      assert.equal(bob.body, 'account of bob-key', header);
      const anonymous = await send(srv.url + path);
      assert.equal(anonymous.body, 'account of anonymous', header);
      assert.equal(anonymous.headers['x-cache'], 'MISS', `${header}: nothing personal was stored`);
      const aliceAgain = await send(srv.url + path, { headers: { [header]: 'alice-key' } });
      assert.equal(aliceAgain.body, 'account of alice-key', `${header}: the public entry is not served to alice`);
    }
  });

  test(`${adapter}: a key function that answers "" (shared) for a credentialed request does not share it`, async (t) => {
    const cache = new ResponseCache({ key: (req) => (req.headers.authorization ? `user:${req.headers.authorization}` : '') });
    const srv = await serveCached(adapter, cache, accountApp);
    t.after(srv.close);
    assert.equal((await send(`${srv.url}/me`, { headers: { Authorization: 'alice' } })).headers['x-cache'], 'MISS');
    assert.equal((await send(`${srv.url}/me`, { headers: { Authorization: 'alice' } })).headers['x-cache'], 'HIT');
    for (const header of ['X-API-Key', 'Proxy-Authorization', 'Cookie']) {
      const alice = await send(`${srv.url}/me`, { headers: { [header]: 'alice-key' } });
      assert.equal(alice.headers['x-cache'], 'BYPASS', header);
      const bob = await send(`${srv.url}/me`, { headers: { [header]: 'bob-key' } });
      assert.equal(bob.body, 'account of bob-key', header);
    }
    assert.equal((await send(`${srv.url}/me`)).body, 'account of anonymous');
  });
}

test('cookies declared as not identifying (analytics) may be ignored, by an explicit option only', async (t) => {
  const strict = new ResponseCache();
  const lenient = new ResponseCache({ ignoreCookies: ['_ga', /^_ga_/] });
  const app = (req: IncomingMessage) => ({ body: `page for ${req.headers.cookie ?? 'anonymous'}` });
  const a = await serveCached('node:http', strict, app);
  t.after(a.close);
  const b = await serveCached('node:http', lenient, app);
  t.after(b.close);
  const analytics = { Cookie: '_ga=GA1.1.42; _ga_XYZ=GS1.1' };
  assert.equal((await send(`${a.url}/p`, { headers: analytics })).headers['x-cache'], 'BYPASS', 'never by default');
  assert.equal((await send(`${b.url}/p`)).headers['x-cache'], 'MISS');
  const tracked = await send(`${b.url}/p`, { headers: analytics });
  assert.equal(tracked.headers['x-cache'], 'HIT');
  assert.equal(tracked.body, 'page for anonymous');
  for (const cookie of ['_ga=1; sid=alice', 'sid=alice', '_gax=1', 'garbage']) {
    assert.equal((await send(`${b.url}/p`, { headers: { Cookie: cookie } })).headers['x-cache'], 'BYPASS', cookie);
  }
});

for (const adapter of ADAPTERS) {
  test(`${adapter}: Vary: * is never stored; a Vary on a credential header keys on its value`, async (t) => {
    const cache = new ResponseCache({ key: (req) => (req.headers.authorization ? `user:${req.headers.authorization}` : '') });
    const srv = await serveCached(adapter, cache, (req) => ({
      headers: { Vary: req.url === '/star' ? '*' : 'X-API-Key' },
      body: `for ${req.headers.authorization} with ${req.headers['x-api-key']}`,
    }));
    t.after(srv.close);
    await send(`${srv.url}/star`);
    assert.equal((await send(`${srv.url}/star`)).headers['x-cache'], 'MISS');
    await send(`${srv.url}/v`, { headers: { Authorization: 'alice', 'X-API-Key': 'k1' } });
    const other = await send(`${srv.url}/v`, { headers: { Authorization: 'alice', 'X-API-Key': 'k2' } });
    assert.equal(other.body, 'for alice with k2');
    assert.equal((await send(`${srv.url}/v`, { headers: { Authorization: 'alice', 'X-API-Key': 'k1' } })).headers['x-cache'], 'HIT');
  });
}

test('credentialHeaders and ignoreCookies are validated', () => {
  for (const credentialHeaders of ['X-Key', [''], ['bad header'], [1]]) {
    assert.throws(() => new ResponseCache({ credentialHeaders: credentialHeaders as never }), /credentialHeaders/);
  }
  for (const ignoreCookies of ['_ga', [''], [1]]) {
    assert.throws(() => new ResponseCache({ ignoreCookies: ignoreCookies as never }), /ignoreCookies/);
  }
});
