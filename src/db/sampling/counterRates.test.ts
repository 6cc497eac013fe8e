import { test } from 'node:test';
import assert from 'node:assert/strict';
import { counterGrowth, hitRatio, secondsBetween } from './counterRates.js';
import { pgPoint } from './pgStats.js';
import { redisPoint } from './redisInfo.js';

test('counterGrowth counts a counter that went down (a restart) from zero; secondsBetween is at least 1 ms; hitRatio is null without lookups', () => {
  assert.equal(counterGrowth(100, 130), 30);
  assert.equal(counterGrowth(100, 7), 7);
  assert.equal(secondsBetween(1000, 3500), 2.5);
  assert.equal(secondsBetween(1000, 1000), 1e-3);
  assert.equal(hitRatio(3, 1), 0.75);
  assert.equal(hitRatio(0, 0), null);
});

test('redisPoint and pgPoint: rates over the interval, ratios of the growth, a restarted server counted from zero', () => {
  const redis = redisPoint(
    { atMs: 0, commands: 1000, hits: 90, misses: 10, evicted: 5, usedMemory: 1, clients: 1 },
    { atMs: 2000, commands: 40, hits: 30, misses: 20, evicted: 2, usedMemory: 2048, clients: 3 },
    2,
  );
  assert.deepEqual(redis, { t: 2, opsPerSec: 20, hitRate: 0.75, usedMemoryBytes: 2048, connectedClients: 3, evictions: 2 });
  const pg = pgPoint({ atMs: 0, backends: 1, commits: 10, rollbacks: 0, hits: 100, reads: 0 }, { atMs: 500, backends: 4, commits: 60, rollbacks: 1, hits: 100, reads: 0 }, 1);
  assert.deepEqual(pg, { t: 1, connections: 4, commitsPerSec: 100, rollbacksPerSec: 2, cacheHitRatio: null });
});
