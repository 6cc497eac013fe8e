import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createPool } from './Pool.js';
import type { ResponseInfo, TransportError } from './types.js';

test('a name that does not resolve is a dns error', async (t) => {
  const pool = createPool('http://no-such-host.invalid:8080');
  t.after(() => pool.close());
  const [error, response] = await new Promise<[TransportError | null, ResponseInfo | null]>((resolve) =>
    pool.request({ method: 'GET', path: '/' }, (e, r) => resolve([e, r])),
  );
  assert.equal(response, null);
  assert.equal(error?.kind, 'dns');
  assert.match(error!.code, /^(ENOTFOUND|EAI_AGAIN)$/);
});
