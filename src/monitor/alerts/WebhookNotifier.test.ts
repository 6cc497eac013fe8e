import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { FakeClock } from '../../core/index.js';
import { WebhookNotifier } from './WebhookNotifier.js';

test('a webhook that fails is retried with exponential backoff until it answers', async () => {
  const received: Array<{ at: number; body: string }> = [];
  const clock = new FakeClock();
  let failures = 2;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', () => {
      received.push({ at: clock.now(), body });
      res.statusCode = failures-- > 0 ? 503 : 204;
      res.end();
      server.emit('delivered');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const hook = new WebhookNotifier({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, initialBackoffMs: 1000, clock });
  // waits for the failed attempt's response to be handled (real I/O), not for time to pass
  const retryScheduled = async () => {
    while (clock.pending === 0) await new Promise((r) => setTimeout(r, 1));
  };
  try {
    hook.send({ name: 'slow', state: 'firing' });
    await retryScheduled();
    clock.advance(999);
    assert.equal(received.length, 1, 'no retry before the backoff');
    const second = once(server, 'delivered');
    clock.advance(1);
    await second;
    await retryScheduled();
    const third = once(server, 'delivered');
    clock.advance(1999);
    assert.equal(received.length, 2, 'the second backoff is twice the first');
    clock.advance(1);
    await third;
    while (hook.stats.pending > 0) await new Promise((r) => setTimeout(r, 1));
    assert.deepEqual(received.map((r) => r.at), [0, 1000, 3000]);
    assert.deepEqual(JSON.parse(received[2]!.body), { name: 'slow', state: 'firing', sequence: 1 });
    assert.deepEqual(hook.stats, { delivered: 1, failed: 0, dropped: 0, attempts: 3, pending: 0 });
  } finally {
    hook.close();
    server.close();
  }
});

test('a webhook that is down gives up after maxAttempts and never throws or blocks send', async () => {
  const clock = new FakeClock();
  const hook = new WebhookNotifier({ url: 'http://127.0.0.1:1/down', maxAttempts: 3, initialBackoffMs: 100, maxQueue: 2, clock });
  const started = performance.now();
  hook.send({ a: 1 });
  hook.send({ a: 2 });
  hook.send({ a: 3 });
  assert.ok(performance.now() - started < 50, 'send returns at once');
  assert.equal(hook.stats.dropped, 1, 'the queue is bounded');
  while (hook.stats.failed < 2) {
    await new Promise((r) => setTimeout(r, 5));
    clock.advance(100);
  }
  // the first event's attempt was in flight when the third arrived: it is the one dropped
  assert.deepEqual(hook.stats, { delivered: 0, failed: 2, dropped: 1, attempts: 7, pending: 0 });
  hook.close();
});

/** A receiver on loopback that answers 503 while `down` is true; it records the bodies it accepted. */
async function receiver() {
  const accepted: Array<{ sequence: number; n: number }> = [];
  const state = { down: true, requests: 0 };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', () => {
      state.requests++;
      if (!state.down) accepted.push(JSON.parse(body) as { sequence: number; n: number });
      res.statusCode = state.down ? 503 : 204;
      res.end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, accepted, state, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` };
}

/** Lets real I/O (the webhook's requests and their answers) happen, without moving the fake clock. */
async function settle(until: () => boolean): Promise<void> {
  while (!until()) await new Promise((r) => setTimeout(r, 1));
}

test('after an outage, events arrive in the order they were sent, each with its sequence number', async () => {
  const clock = new FakeClock();
  const r = await receiver();
  const hook = new WebhookNotifier({ url: r.url, initialBackoffMs: 1000, maxAttempts: 10, clock });
  try {
    hook.send({ n: 1 });
    await settle(() => clock.pending === 1);
    clock.advance(1000); // the first event's retry fails too
    await settle(() => r.state.requests === 2 && clock.pending === 1);
    hook.send({ n: 2 }); // sent during the outage, after the first one's retries began
    await settle(() => r.state.requests >= 2 && clock.pending >= 1);
    clock.advance(500);
    await settle(() => clock.pending >= 1);
    r.state.down = false; // the receiver is back
    for (let i = 0; i < 20 && hook.stats.pending > 0; i++) {
      clock.advance(500);
      await settle(() => clock.pending > 0 || hook.stats.pending === 0);
    }
    assert.deepEqual(r.accepted, [
      { n: 1, sequence: 1 },
      { n: 2, sequence: 2 },
    ]);
    assert.equal(hook.stats.delivered, 2);
  } finally {
    hook.close();
    r.server.close();
  }
});

test('a full queue drops its oldest events, as documented, and keeps the newest (the last resolve among them)', async () => {
  const clock = new FakeClock();
  const r = await receiver();
  const hook = new WebhookNotifier({ url: r.url, initialBackoffMs: 1000, maxAttempts: 10, maxQueue: 2, clock });
  try {
    hook.send({ n: 1 });
    await settle(() => clock.pending === 1);
    hook.send({ n: 2 });
    hook.send({ n: 3 });
    hook.send({ n: 4 });
    assert.equal(hook.stats.dropped, 2);
    assert.equal(hook.stats.pending, 2);
    r.state.down = false;
    for (let i = 0; i < 20 && hook.stats.pending > 0; i++) {
      clock.advance(1000);
      await settle(() => clock.pending > 0 || hook.stats.pending === 0);
    }
    assert.deepEqual(r.accepted, [
      { n: 3, sequence: 3 },
      { n: 4, sequence: 4 },
    ]);
    assert.deepEqual(hook.stats, { delivered: 2, failed: 0, dropped: 2, attempts: 3, pending: 0 });
  } finally {
    hook.close();
    r.server.close();
  }
});

test('bad webhook options are rejected with the field named', () => {
  assert.throws(() => new WebhookNotifier({ url: 'ftp://x' }), /webhook.url: got "ftp:\/\/x", expected an http:\/\/ or https:\/\/ URL/);
  assert.throws(() => new WebhookNotifier({ url: 'http://x', maxAttempts: 0 }), /webhook.maxAttempts: got 0/);
});
