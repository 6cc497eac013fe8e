import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { ResponseCache } from './ResponseCache.js';
import { ADAPTERS, serveCached } from './adapters.test-kit.js';
import { send } from './http.test-kit.js';

// A multi-tenant app answers by host, as a proxy-aware one reads the forwarded host: the cache
// must key on the host (and scheme), and never let a header it does not trust pick an entry.
const tenantOf = (req: IncomingMessage) => String(req.headers['x-forwarded-host'] ?? req.headers.host).toLowerCase();
const tenantApp = (req: IncomingMessage) => ({ body: `data of ${tenantOf(req)}` });

for (const adapter of ADAPTERS) {
  test(`${adapter}: the Host header is part of the key (acme never gets globex's data)`, async (t) => {
    const cache = new ResponseCache();
    const srv = await serveCached(adapter, cache, tenantApp);
    t.after(srv.close);
    const acme = await send(`${srv.url}/report`, { headers: { Host: 'acme.example' } });
    assert.equal(acme.body, 'data of acme.example');
    const globex = await send(`${srv.url}/report`, { headers: { Host: 'globex.example' } });
    assert.equal(globex.body, 'data of globex.example');
    assert.equal(globex.headers['x-cache'], 'MISS');
    const again = await send(`${srv.url}/report`, { headers: { Host: 'acme.example' } });
    assert.equal(again.headers['x-cache'], 'HIT');
    assert.equal(again.body, 'data of acme.example');
  });

  test(`${adapter}: a host spelled in another case, with a trailing dot or the default port shares the entry`, async (t) => {
    const cache = new ResponseCache();
    const srv = await serveCached(adapter, cache, () => ({ body: 'same tenant' }));
    t.after(srv.close);
    assert.equal((await send(`${srv.url}/r`, { headers: { Host: 'acme.example' } })).headers['x-cache'], 'MISS');
    for (const host of ['ACME.Example', 'acme.example.', 'acme.example:80', 'Acme.Example.:80']) {
      assert.equal((await send(`${srv.url}/r`, { headers: { Host: host } })).headers['x-cache'], 'HIT', host);
    }
    assert.equal((await send(`${srv.url}/r`, { headers: { Host: 'acme.example:8080' } })).headers['x-cache'], 'MISS', 'another port is another origin');
  });

  test(`${adapter}: a spoofed X-Forwarded-Host from an untrusted peer is never served to other clients`, async (t) => {
    const cache = new ResponseCache();
    const srv = await serveCached(adapter, cache, tenantApp);
    t.after(srv.close);
    const poisoned = await send(`${srv.url}/home`, { headers: { Host: 'acme.example', 'X-Forwarded-Host': 'evil.example' } });
    assert.equal(poisoned.body, 'data of evil.example');
    const victim = await send(`${srv.url}/home`, { headers: { Host: 'acme.example' } });
    assert.equal(victim.body, 'data of acme.example');
    assert.notEqual(victim.headers['x-cache'], 'HIT');
    for (const header of ['X-Forwarded-Proto', 'Forwarded', 'X-Forwarded-Port', 'X-Forwarded-Prefix']) {
      const spoofed = await send(`${srv.url}/home`, { headers: { Host: 'acme.example', [header]: header === 'Forwarded' ? 'host=evil.example;proto=https' : 'https' } });
      assert.notEqual(spoofed.headers['x-cache'], 'HIT', `${header} picks its own entry`);
    }
  });
}

test('a Host that is not a host name or address bypasses the cache', async (t) => {
  const cache = new ResponseCache();
  const srv = await serveCached('node:http', cache, tenantApp);
  t.after(srv.close);
  for (const host of ['acme.example/admin', 'acme.example@evil.example', 'acme.example:99999', 'acme example']) {
    assert.equal((await send(`${srv.url}/p`, { headers: { Host: host } })).headers['x-cache'], 'BYPASS', host);
  }
});

test('behind a trusted proxy the forwarded host and scheme are the key, normalized', async (t) => {
  const cache = new ResponseCache({ trustProxy: ['127.0.0.1'] });
  const srv = await serveCached('express', cache, (req) => ({ body: `${req.headers['x-forwarded-proto']}://${tenantOf(req)}` }));
  t.after(srv.close);
  const via = (host: string, proto = 'https') => send(`${srv.url}/p`, { headers: { Host: 'backend:3000', 'X-Forwarded-Host': host, 'X-Forwarded-Proto': proto } });
  assert.equal((await via('acme.example')).headers['x-cache'], 'MISS');
  assert.equal((await via('ACME.example.:443')).headers['x-cache'], 'HIT');
  const globex = await via('globex.example');
  assert.equal(globex.headers['x-cache'], 'MISS');
  assert.equal(globex.body, 'https://globex.example');
  const plain = await via('acme.example', 'http');
  assert.equal(plain.headers['x-cache'], 'MISS');
  assert.equal(plain.body, 'http://acme.example');
  const chained = await via('evil.example, acme.example');
  assert.equal(chained.headers['x-cache'], 'MISS', 'a list of hosts is not the single host it ends with');
  assert.equal((await via('acme.example/x')).headers['x-cache'], 'BYPASS');
});

test('trustProxy is validated like the rate limiter\'s', () => {
  for (const trustProxy of [-1, 1.5, 'yes', [''], {}]) {
    assert.throws(() => new ResponseCache({ trustProxy: trustProxy as never }), (e: Error & { code?: string }) => e.code === 'LOADLINE_INVALID_OPTION' && /trustProxy/.test(e.message), String(trustProxy));
  }
  for (const trustProxy of [false, true, 2, ['10.0.0.1', '::ffff:10.0.0.2']]) new ResponseCache({ trustProxy });
});
