import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import pg from 'pg';
import { FakeClock } from '../../core/clock.js';
import { isLoadlineError } from '../../core/errors/errors.js';
import { DATABASE_URL } from '../db.test-kit.js';
import { redactUrl } from './redactUrl.js';
import { startServerSampling } from './ServerSampler.js';

const SECRET = 'hunter2-sampler-secret';

function withSecret(url: string): string {
  const u = new URL(url);
  u.username ||= 'postgres';
  u.password = SECRET;
  return u.toString();
}

test('Redis INFO and pg_stat_database are sampled every interval, on the run\'s time axis, with no credential in the series', async (t) => {
  const clock = new FakeClock();
  const redis = new Redis('redis://127.0.0.1:6379');
  const db = new pg.Client({ connectionString: DATABASE_URL });
  await db.connect();
  t.after(async () => (redis.disconnect(), await db.end()));
  const sampler = startServerSampling({ redisUrl: `redis://:${SECRET}@127.0.0.1:6379/0?x=1`, pgUrl: withSecret(DATABASE_URL), intervalMs: 1000, clock, originMs: clock.wallNow() - 5000 });
  try {
    await sampler.flush(); // the first reading is the baseline
    const key = `loadline:db-sampler:${process.pid}`;
    await redis.set(key, '1', 'EX', 60);
    for (let i = 0; i < 20; i++) await redis.get(key);
    await redis.get(`${key}:missing`);
    for (let i = 0; i < 5; i++) await db.query('SELECT 1');
    // PostgreSQL publishes a backend's counters at most once a second; this one publishes now.
    await db.query('SELECT pg_stat_force_next_flush()');
    clock.advance(1000);
    await sampler.flush();
    clock.advance(1000);
    await sampler.flush();
    const series = await sampler.stop();
    assert.equal(series.intervalMs, 1000);
    assert.equal(series.redis!.source, 'redis://127.0.0.1:6379/0');
    assert.deepEqual(series.redis!.points.map((p) => p.t), [6, 7], 't counts from originMs, in seconds');
    const first = series.redis!.points[0]!;
    assert.ok(first.opsPerSec >= 22, `our 22 commands at least: ${first.opsPerSec}`);
    assert.ok(first.hitRate !== null && first.hitRate > 0 && first.hitRate <= 1);
    assert.ok(first.usedMemoryBytes > 0 && first.connectedClients >= 2);
    assert.deepEqual(series.redis!.gaps, []);
    const pgPoint = series.pg!.points[0]!;
    assert.equal(series.pg!.source, redactUrl(DATABASE_URL));
    assert.equal(series.pg!.points.length, 2);
    assert.ok(pgPoint.connections >= 2 && pgPoint.commitsPerSec >= 5, JSON.stringify(pgPoint));
    assert.ok(pgPoint.cacheHitRatio === null || (pgPoint.cacheHitRatio >= 0 && pgPoint.cacheHitRatio <= 1));
    const statementsEnabled = await db.query('SELECT 1 FROM pg_stat_statements LIMIT 1').then(() => true, () => false);
    if (statementsEnabled) assert.equal(series.pg!.statements.available, true);
    else assert.match((series.pg!.statements as { note: string }).note, /pg_stat_statements is not enabled on this server: add it to shared_preload_libraries/);
    assert.ok(!JSON.stringify(series).includes(SECRET), 'no credential in the series');
  } finally {
    await sampler.stop();
  }
});

test('a server that goes away leaves gaps, never an exception; error texts carry no credential', async (t) => {
  const clock = new FakeClock();
  // Accepts and closes at once, as a server going down does.
  const dead = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
  t.after(() => dead.close());
  const port = (dead.address() as AddressInfo).port;
  const sampler = startServerSampling({ redisUrl: `redis://:${SECRET}@127.0.0.1:${port}`, pgUrl: `postgres://app:${SECRET}@127.0.0.1:${port}/test`, clock, timeoutMs: 1000 });
  await sampler.flush();
  clock.advance(1000);
  await sampler.flush();
  const series = await sampler.stop();
  assert.equal(series.redis!.gaps.length, 2);
  assert.equal(series.pg!.gaps.length, 2);
  assert.deepEqual([series.redis!.points, series.pg!.points], [[], []]);
  assert.deepEqual(series.pg!.gaps.map((g) => g.t), [0, 1]);
  assert.equal(series.pg!.source, `postgres://127.0.0.1:${port}/test`);
  assert.ok(!JSON.stringify(series).includes(SECRET));
  assert.ok(series.pg!.gaps[0]!.error.length > 0);
});

test('bad sampling options are rejected naming the field, without echoing credentials', () => {
  const coded = (field: string) => (e: unknown) => isLoadlineError(e, 'LOADLINE_INVALID_OPTION') && e.details.field === field && !e.message.includes(SECRET);
  assert.throws(() => startServerSampling({}), coded('redisUrl'));
  assert.throws(() => startServerSampling({ pgUrl: `mysql://u:${SECRET}@h/db` }), coded('pgUrl'));
  assert.throws(() => startServerSampling({ redisUrl: 'not a url' }), coded('redisUrl'));
  assert.throws(() => startServerSampling({ redisUrl: 'redis://127.0.0.1', intervalMs: 5 }), coded('intervalMs'));
  assert.throws(() => startServerSampling({ redisUrl: 'redis://127.0.0.1', everyMs: 5 } as never), coded('everyMs'));
});

test('redactUrl drops user, password and query; an unparsable URL is replaced whole', () => {
  assert.equal(redactUrl('postgres://app:s3cret@db:5432/shop?sslmode=require&password=x'), 'postgres://db:5432/shop');
  assert.equal(redactUrl('redis://:pw@127.0.0.1:6379/2'), 'redis://127.0.0.1:6379/2');
  assert.equal(redactUrl('app:s3cret@db'), '(unparsable URL)');
});
