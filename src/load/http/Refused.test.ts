import assert from 'node:assert/strict';
import net, { type AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createPool } from './Pool.js';
import type { ResponseInfo, TransportError } from './types.js';

test('a closed port is refused, for every request, without throwing', async (t) => {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  const pool = createPool(`http://127.0.0.1:${port}`, { connections: 2 });
  t.after(() => pool.close());

  const spec = { method: 'GET', path: '/' };
  const results = await Promise.all(
    Array.from({ length: 5 }, () => new Promise<[TransportError | null, ResponseInfo | null]>((resolve) => pool.request(spec, (e, r) => resolve([e, r])))),
  );
  for (const [error, response] of results) {
    assert.equal(response, null);
    assert.equal(error?.kind, 'refused');
    assert.equal(error?.code, 'ECONNREFUSED');
  }
  assert.equal(pool.queued, 0);
});
