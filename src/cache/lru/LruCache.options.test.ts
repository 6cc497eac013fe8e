import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLoadlineError } from '../../core/index.js';
import { LruCache } from './LruCache.js';

function rejects(fn: () => unknown, field: string, fragment?: string) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isLoadlineError(e, 'LOADLINE_INVALID_OPTION'), String(e));
    assert.equal(e.details.field, field);
    assert.match(e.message, new RegExp(`^${field}:`));
    if (fragment) assert.ok(e.message.includes(fragment), e.message);
    return true;
  });
}

test('constructor rejects bad options naming the field, value and expectation', () => {
  rejects(() => new LruCache({ maxEntries: -1 }), 'maxEntries', 'got -1, expected an integer at least 1');
  rejects(() => new LruCache({ maxEntries: 1.5 }), 'maxEntries');
  rejects(() => new LruCache({}), 'maxEntries', 'unbounded');
  rejects(() => new LruCache({ maxBytes: -5 }), 'maxBytes', 'greater than 0');
  rejects(() => new LruCache({ maxEntries: 1, ttlMs: '10s' as unknown as number }), 'ttlMs', 'got "10s"');
  rejects(() => new LruCache({ maxEntries: 1, graceMs: NaN }), 'graceMs');
  rejects(() => new LruCache({ maxEntries: 1, sizeOf: 3 as unknown as () => number }), 'sizeOf');
  rejects(() => new LruCache({ maxEntries: 1, maxAge: 5 } as never), 'maxAge', 'no such option');
});

test('keys that are not strings and bad per-call options are rejected', () => {
  const c = new LruCache<number>({ maxEntries: 10, maxBytes: 100, sizeOf: () => Number.NaN });
  rejects(() => c.get(42 as unknown as string), 'key', 'got 42, expected a string');
  rejects(() => c.set({} as unknown as string, 1), 'key');
  rejects(() => c.set('a', 1, { size: 5, ttlMs: -1 }), 'ttlMs');
  rejects(() => c.set('a', 1, { size: 5, tags: ['ok', ''] }), 'tags');
  rejects(() => c.set('a', 1), 'sizeOf', 'for key "a"');
  assert.equal(c.size, 0);
});
