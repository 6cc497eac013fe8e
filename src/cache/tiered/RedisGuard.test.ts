import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { FakeClock } from '../../core/index.js';
import { REDIS_FAILED, RedisGuard } from './RedisGuard.js';

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

test('a command that never answers resolves REDIS_FAILED at its deadline; answered ones are untouched', async () => {
  const clock = new FakeClock();
  const redis = { status: 'ready' } as unknown as Redis;
  const guard = new RedisGuard(redis, clock, 100);
  const hung = guard.run(() => new Promise<string>(() => {}));
  clock.advance(50);
  let answer!: (v: string) => void;
  const late = guard.run(() => new Promise<string>((r) => (answer = r)));
  const mapped = guard.run(() => Promise.resolve('7'), (reply) => (reply === REDIS_FAILED ? -1 : Number(reply)));
  assert.equal(await mapped, 7);
  clock.advance(50);
  assert.equal(await hung, REDIS_FAILED);
  assert.equal(guard.errors, 1);
  answer('in time');
  assert.equal(await late, 'in time');
  clock.advance(1000);
  await flush();
  assert.equal(guard.errors, 1);
  assert.match(String(guard.lastError), /timed out after 100 ms/);
});

test('commands are skipped at once while reconnecting, and errors are counted, never thrown', async () => {
  const clock = new FakeClock();
  const redis = { status: 'reconnecting' } as { status: string };
  const guard = new RedisGuard(redis as unknown as Redis, clock, 100);
  let sent = 0;
  assert.equal(await guard.run(async () => sent++), REDIS_FAILED);
  assert.equal(sent, 0);
  redis.status = 'ready';
  assert.equal(await guard.run(() => Promise.reject(new Error('READONLY'))), REDIS_FAILED);
  assert.equal(await guard.run(() => {
    throw new Error('sync');
  }), REDIS_FAILED);
  assert.equal(guard.errors, 3);
  assert.equal(clock.pending <= 1, true);
});
