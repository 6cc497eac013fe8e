import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { FakeClock, isLoadlineError, systemClock } from '../../core/index.js';
import { resolveTieredOptions } from './resolveTieredOptions.js';
import { jsonSerializer } from './serializer.js';

// A real client that never connects: option checks need no server.
const redis = new Redis({ lazyConnect: true });

function rejects(options: unknown, field: string, fragment?: string) {
  assert.throws(() => resolveTieredOptions(options as never), (e: unknown) => {
    assert.ok(isLoadlineError(e, 'LOADLINE_INVALID_OPTION'), String(e));
    assert.equal(e.details.field, field);
    if (fragment) assert.ok(e.message.includes(fragment), e.message);
    return true;
  });
}

test('defaults: prefix, no TTL, 250 ms Redis timeout, JSON, a 10 000-entry memory tier, name "tiered"', () => {
  const o = resolveTieredOptions({ redis });
  assert.equal(o.prefix, 'loadline:cache:');
  assert.equal(o.ttlMs, 0);
  assert.equal(o.redisTimeoutMs, 250);
  assert.equal(o.serializer, jsonSerializer);
  assert.equal(o.clock, systemClock);
  assert.equal(o.name, 'tiered');
  assert.equal(o.subscriber, undefined);
  assert.deepEqual(o.l1, { maxEntries: 10_000, maxBytes: undefined, ttlMs: 0, graceMs: undefined, clock: systemClock });
  assert.equal(o.l1TtlMs, 0);
});

test('the memory TTL defaults to the Redis TTL; l1: false means no memory tier; maxBytes alone bounds memory', () => {
  const clock = new FakeClock();
  const o = resolveTieredOptions({ redis, ttlMs: 60_000, clock, l1: { maxBytes: 1e6, graceMs: 5000 } });
  assert.deepEqual(o.l1, { maxEntries: undefined, maxBytes: 1e6, ttlMs: 60_000, graceMs: 5000, clock });
  assert.equal(o.l1TtlMs, 60_000);
  const off = resolveTieredOptions({ redis, ttlMs: 60_000, l1: false, subscriber: false });
  assert.equal(off.l1, false);
  assert.equal(off.l1TtlMs, 0);
  assert.equal(off.subscriber, false);
});

test('bad options are rejected naming the field and what was expected', () => {
  rejects(null, 'options');
  rejects({ redis, ttl: 5 }, 'ttl', 'no such option');
  rejects({ redis: {} }, 'redis', 'an ioredis client');
  rejects({ redis, prefix: 5 }, 'prefix');
  rejects({ redis, ttlMs: 1.5 }, 'ttlMs');
  rejects({ redis, redisTimeoutMs: 0 }, 'redisTimeoutMs');
  rejects({ redis, serializer: { serialize: JSON.stringify } }, 'serializer', 'deserialize');
  rejects({ redis, l1: 'big' }, 'l1', 'false or an object');
  rejects({ redis, l1: { max: 5 } }, 'l1.max', 'no such option');
  rejects({ redis, ttlMs: 1000, l1: { ttlMs: 5000 } }, 'l1.ttlMs', 'no longer than the Redis ttlMs (1000)');
  rejects({ redis, ttlMs: 1000, l1: { ttlMs: 0 } }, 'l1.ttlMs');
  rejects({ redis, l1: { maxEntries: 0 } }, 'l1.maxEntries');
  rejects({ redis, l1: { maxBytes: -1 } }, 'l1.maxBytes');
  rejects({ redis, l1: { graceMs: -1 } }, 'l1.graceMs');
});
