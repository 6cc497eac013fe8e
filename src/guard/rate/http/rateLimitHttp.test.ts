import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeClock } from '../../../core/index.js';
import { MemoryRateStore } from '../MemoryRateStore.js';
import { RateProfiles } from '../RateProfiles.js';
import { rateLimitHttp } from './rateLimitHttp.js';
import type { RateLimitMiddlewareOptions } from './createRateLimitCheck.js';

async function withServer(options: RateLimitMiddlewareOptions<http.IncomingMessage>, body: (url: string) => Promise<void>): Promise<void> {
  const limit = rateLimitHttp(options);
  const server = http.createServer(async (req, res) => {
    if (!(await limit(req, res))) return;
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    await body(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

test('node:http: 429 with Retry-After and RateLimit-* headers after the profile limit', async () => {
  const clock = new FakeClock();
  const profiles = new RateProfiles({ store: new MemoryRateStore({ clock }), profiles: { auth: { limit: 2 } } });
  await withServer({ profiles, routes: { '/auth': 'auth' } }, async (url) => {
    const a = await fetch(`${url}/auth/login`);
    assert.equal(a.status, 200);
    assert.equal(a.headers.get('ratelimit-limit'), '2');
    assert.equal(a.headers.get('ratelimit-remaining'), '1');
    assert.equal(a.headers.get('ratelimit-reset'), '300');
    assert.equal(a.headers.get('ratelimit-policy'), '2;w=300');
    await a.text();
    assert.equal((await fetch(`${url}/auth/login`)).status, 200);
    clock.advance(60_000);
    const c = await fetch(`${url}/auth/login`);
    assert.equal(c.status, 429);
    assert.equal(c.headers.get('retry-after'), '240');
    assert.equal(c.headers.get('ratelimit-remaining'), '0');
    assert.deepEqual(await c.json(), { error: 'rate limit exceeded', retryAfterSeconds: 240 });
    const other = await fetch(`${url}/items`);
    assert.equal(other.status, 200, 'general profile for unrouted paths');
    assert.equal(other.headers.get('ratelimit-limit'), '100');
  });
});

test('node:http: spoofed X-Forwarded-For does not escape the limit unless the proxy is trusted', async () => {
  const profiles = new RateProfiles({ profiles: { general: { limit: 1 } } });
  await withServer({ profiles }, async (url) => {
    assert.equal((await fetch(url, { headers: { 'x-forwarded-for': '1.1.1.1' } })).status, 200);
    assert.equal((await fetch(url, { headers: { 'x-forwarded-for': '2.2.2.2' } })).status, 429);
  });
  const trusting = new RateProfiles({ profiles: { general: { limit: 1 } } });
  await withServer({ profiles: trusting, trustProxy: ['127.0.0.1'] }, async (url) => {
    assert.equal((await fetch(url, { headers: { 'x-forwarded-for': '1.1.1.1' } })).status, 200);
    assert.equal((await fetch(url, { headers: { 'x-forwarded-for': '2.2.2.2' } })).status, 200);
    assert.equal((await fetch(url, { headers: { 'x-forwarded-for': '1.1.1.1' } })).status, 429);
  });
});

test('node:http: key by function and by user id', async () => {
  const profiles = new RateProfiles({ profiles: { general: { limit: 1 } } });
  await withServer({ profiles, keyBy: (req) => String(req.headers['x-api-key'] ?? 'anon') }, async (url) => {
    assert.equal((await fetch(url, { headers: { 'x-api-key': 'a' } })).status, 200);
    assert.equal((await fetch(url, { headers: { 'x-api-key': 'b' } })).status, 200);
    assert.equal((await fetch(url, { headers: { 'x-api-key': 'a' } })).status, 429);
  });
  const byUser = new RateProfiles({ profiles: { general: { limit: 1 } } });
  await withServer({ profiles: byUser, keyBy: 'user', userId: (req) => req.headers['x-user'] as string | undefined }, async (url) => {
    assert.equal((await fetch(url, { headers: { 'x-user': 'u1' } })).status, 200);
    assert.equal((await fetch(url, { headers: { 'x-user': 'u2' } })).status, 200);
    assert.equal((await fetch(url)).status, 200, 'no user: keyed by IP');
    assert.equal((await fetch(url)).status, 429);
  });
});

test('middleware options are validated', () => {
  assert.throws(() => rateLimitHttp({ routes: { '/x': 'nope' } }), /routes\["\/x"\]: got "nope", expected a profile name/);
  assert.throws(() => rateLimitHttp({ keyBy: 'cookie' as never }), /keyBy/);
  assert.throws(() => rateLimitHttp({ trustProxy: 'all' as never }), /trustProxy/);
  assert.throws(() => rateLimitHttp({ limt: 1 } as never), /limt/);
});
