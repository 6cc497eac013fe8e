import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalUrl, ResponseCache } from './ResponseCache.js';
import { ADAPTERS, serveCached } from './adapters.test-kit.js';
import { send } from './http.test-kit.js';

test('canonicalUrl sorts parameters by name and keeps repeated ones in their order', () => {
  assert.equal(canonicalUrl('/p?b=1&a=2'), '/p?a=2&b=1');
  assert.equal(canonicalUrl('/p?a=2&a=1'), '/p?a=2&a=1');
  assert.equal(canonicalUrl('/p?a=1&a=2'), '/p?a=1&a=2');
  assert.equal(canonicalUrl('/p?tag=z&id=1&tag=a'), '/p?id=1&tag=z&tag=a');
  assert.equal(canonicalUrl('/p?a&a=&b'), '/p?a&a=&b');
  assert.equal(canonicalUrl('/p?'), '/p');
});

for (const adapter of ADAPTERS) {
  test(`${adapter}: ?a=2&a=1 is not ?a=1&a=2 (the first value wins in most apps)`, async (t) => {
    const cache = new ResponseCache();
    const srv = await serveCached(adapter, cache, (req) => ({ body: `a is ${new URL(req.url!, 'http://x').searchParams.get('a')}` }));
    t.after(srv.close);
    assert.equal((await send(`${srv.url}/q?a=2&a=1`)).body, 'a is 2');
    const swapped = await send(`${srv.url}/q?a=1&a=2`);
    assert.equal(swapped.body, 'a is 1');
    assert.equal(swapped.headers['x-cache'], 'MISS');
    assert.equal((await send(`${srv.url}/q?b=0&a=2&a=1`)).headers['x-cache'], 'MISS');
    assert.equal((await send(`${srv.url}/q?a=2&b=0&a=1`)).headers['x-cache'], 'HIT');
  });
}
