import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { FakeClock } from '../../core/index.js';
import { ResponseCache } from './ResponseCache.js';
import { ADAPTERS, serveCached } from './adapters.test-kit.js';
import { send, type Reply } from './http.test-kit.js';

for (const adapter of ADAPTERS) {
  test(`${adapter}: stale-while-revalidate answers every request stale, the one that starts the refresh too`, async (t) => {
    const clock = new FakeClock();
    const cache = new ResponseCache({ ttlMs: 1000, graceMs: 10_000, clock });
    let version = 1;
    let gate: Promise<void> = Promise.resolve();
    let entered = () => {};
    let runs = 0;
    const srv = await serveCached(adapter, cache, async (req) => {
      runs++;
      const v = version;
      entered();
      await gate;
      return { body: `v${v} for ${req.headers['accept-language']}` };
    });
    t.after(srv.close);
    const fr = { headers: { 'Accept-Language': 'fr' } };
    assert.equal((await send(`${srv.url}/p`, fr)).body, 'v1 for fr');
    clock.advance(1500);
    version = 2;
    let open!: () => void;
    gate = new Promise((r) => (open = r));
    const inHandler = new Promise<void>((r) => (entered = r));
    const trigger = send(`${srv.url}/p`, fr);
    await inHandler;
    // The refresh is blocked in the handler: the triggering request must not wait for it.
    // (Old behaviour: it waited; the safety timer below only keeps that failure from hanging.)
    const first = await Promise.race([trigger, delay(3000).then(() => undefined)]);
    if (first === undefined) open();
    const answered = first ?? (await trigger);
    assert.equal(answered.headers['x-cache'], 'STALE');
    assert.equal(answered.body, 'v1 for fr');
    const meanwhile = await send(`${srv.url}/p`, fr);
    assert.equal(meanwhile.headers['x-cache'], 'STALE');
    assert.equal(meanwhile.body, 'v1 for fr');
    assert.equal(runs, 2, 'one refresh for both stale answers');
    open();
    let after: Reply | undefined;
    for (let i = 0; i < 50 && after?.headers['x-cache'] !== 'HIT'; i++) after = await send(`${srv.url}/p`, fr);
    assert.equal(after!.headers['x-cache'], 'HIT');
    assert.equal(after!.body, 'v2 for fr', 'the refresh ran with the triggering request\'s headers');
    assert.equal(runs, 2);
    clock.advance(20_000);
    assert.equal((await send(`${srv.url}/p`, fr)).headers['x-cache'], 'MISS');
  });
}

test('a refresh that fails keeps the stale copy served and lets a later request refresh again', async (t) => {
  const clock = new FakeClock();
  const cache = new ResponseCache({ ttlMs: 1000, graceMs: 10_000, clock });
  let status = 500;
  let runs = 0;
  const srv = await serveCached('node:http', cache, () => ({ status: runs++ === 0 ? 200 : status, body: `run ${runs}` }));
  t.after(srv.close);
  await send(`${srv.url}/p`);
  clock.advance(1500);
  let reply: Reply | undefined;
  for (let i = 0; i < 20; i++) {
    reply = await send(`${srv.url}/p`);
    assert.equal(reply.headers['x-cache'], 'STALE');
    assert.equal(reply.body, 'run 1');
  }
  assert.ok(runs > 2, 'each failed refresh is retried by a later request');
  status = 200;
  for (let i = 0; i < 50 && reply?.headers['x-cache'] !== 'HIT'; i++) reply = await send(`${srv.url}/p`);
  assert.equal(reply!.headers['x-cache'], 'HIT');
  assert.notEqual(reply!.body, 'run 1');
});

for (const adapter of ADAPTERS) {
  test(`${adapter}: a refresh started by a HEAD or a conditional request still stores the new full body`, async (t) => {
    const clock = new FakeClock();
    const cache = new ResponseCache({ ttlMs: 1000, graceMs: 10_000, clock });
    let version = 1;
    let runs = 0;
    const srv = await serveCached(adapter, cache, () => (runs++, { body: `v${version}` }));
    t.after(srv.close);
    for (const trigger of [{ method: 'HEAD' }, { headers: { 'If-None-Match': 'ETAG' } }, { headers: { Range: 'bytes=0-0' } }]) {
      const first = await send(`${srv.url}/p`);
      clock.advance(1500);
      version++;
      const options = { ...trigger, headers: Object.fromEntries(Object.entries(trigger.headers ?? {}).map(([n, v]) => [n, v === 'ETAG' ? first.headers.etag! : v])) };
      const before = runs;
      const answered = await send(`${srv.url}/p`, options);
      assert.equal(answered.headers['x-cache'], 'STALE', JSON.stringify(trigger));
      let after: Reply | undefined;
      for (let i = 0; i < 50 && after?.headers['x-cache'] !== 'HIT'; i++) after = await send(`${srv.url}/p`);
      assert.equal(after!.body, `v${version}`, JSON.stringify(trigger));
      assert.equal(runs - before, 1, `${JSON.stringify(trigger)}: the one refresh it started stored the entry`);
    }
  });
}
