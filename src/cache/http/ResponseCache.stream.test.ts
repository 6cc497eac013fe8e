import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResponseCache } from './ResponseCache.js';
import { responseCacheHttp } from './responseCacheHttp.js';
import { listen, send } from './http.test-kit.js';

test('a body over maxBodyBytes streams through whole and uncached; writeHead headers survive buffering', async (t) => {
  const cache = new ResponseCache({ maxBodyBytes: 1000 });
  let calls = 0;
  const app = await listen(
    responseCacheHttp(cache, (req, res) => {
      calls++;
      const big = req.url === '/big';
      res.writeHead(200, { 'Content-Type': 'text/plain', 'X-Handler': 'yes' });
      for (let i = 0; i < (big ? 30 : 3); i++) res.write('x'.repeat(99) + '\n');
      res.end('done');
    }),
  );
  t.after(app.close);
  const big = await send(`${app.url}/big`);
  assert.equal(big.body.length, 3000 + 4);
  assert.equal(big.headers['x-handler'], 'yes');
  assert.equal((await send(`${app.url}/big`)).headers['x-cache'], 'MISS');
  const small = await send(`${app.url}/small`);
  assert.equal(small.headers['x-handler'], 'yes');
  assert.equal(small.headers['content-type'], 'text/plain');
  assert.ok(small.headers.etag);
  const again = await send(`${app.url}/small`);
  assert.equal(again.headers['x-cache'], 'HIT');
  assert.equal(again.headers['x-handler'], 'yes');
  assert.equal(again.body, small.body);
  assert.equal(calls, 3);
});
