// One client, one bucket: the addresses a client controls (every address of its IPv6 prefix, and
// every spelling of one address) share a key. The test server trusts the loopback proxy, so each
// request's X-Forwarded-For is the client address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { RateProfiles } from '../RateProfiles.js';
import { rateLimitHttp } from './rateLimitHttp.js';
import type { RateLimitMiddlewareOptions } from './createRateLimitCheck.js';

async function grantedOf(options: RateLimitMiddlewareOptions<http.IncomingMessage>, clients: readonly string[]): Promise<number> {
  const limit = rateLimitHttp({ trustProxy: ['127.0.0.1'], ...options });
  const server = http.createServer(async (req, res) => {
    if (await limit(req, res)) res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    let granted = 0;
    for (const client of clients) {
      const r = await fetch(url, { headers: { 'x-forwarded-for': client } });
      await r.arrayBuffer();
      if (r.status === 200) granted++;
    }
    return granted;
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

const limitOf = (n: number) => new RateProfiles({ profiles: { general: { limit: n } } });

test('eight addresses of one /64 share one bucket (limit 5: five pass)', async () => {
  const clients = Array.from({ length: 8 }, (_, i) => `2001:db8:1:2::${(i + 1).toString(16)}`);
  assert.equal(await grantedOf({ profiles: limitOf(5) }, clients), 5);
});

test('the default prefix is /56, as express-rate-limit keys; ipv6Subnet changes it', async () => {
  const sameSlash56 = ['2001:db8:1:200::1', '2001:db8:1:2ff::1', '2001:db8:1:250:abcd::9'];
  assert.equal(await grantedOf({ profiles: limitOf(1) }, sameSlash56), 1);
  assert.equal(await grantedOf({ profiles: limitOf(1), ipv6Subnet: 64 }, sameSlash56), 3);
  assert.equal(await grantedOf({ profiles: limitOf(1) }, ['2001:db8:1:200::1', '2001:db8:1:300::1']), 2, 'another /56 is another client');
});

test('spellings of one address are one client: case, zeros, compression, IPv4-mapped forms', async () => {
  assert.equal(await grantedOf({ profiles: limitOf(1), ipv6Subnet: false }, ['2001:db8::1', '2001:DB8:0:0:0:0:0:1', '2001:0db8:0000::0001']), 1);
  assert.equal(await grantedOf({ profiles: limitOf(1) }, ['1.2.3.4', '::ffff:1.2.3.4', '::FFFF:1.2.3.4', '::ffff:102:304', '0:0:0:0:0:ffff:1.2.3.4']), 1);
  assert.equal(await grantedOf({ profiles: limitOf(1) }, ['1.2.3.4', '1.2.3.5']), 2, 'IPv4 addresses are keyed whole');
});

test('ipv6Subnet is validated', () => {
  assert.throws(() => rateLimitHttp({ ipv6Subnet: 0 }), /ipv6Subnet: got 0, expected an integer from 1 to 128, or false/);
  assert.throws(() => rateLimitHttp({ ipv6Subnet: 129 }), /ipv6Subnet: got 129/);
  assert.throws(() => rateLimitHttp({ ipv6Subnet: '56' as never }), /ipv6Subnet: got "56"/);
});
