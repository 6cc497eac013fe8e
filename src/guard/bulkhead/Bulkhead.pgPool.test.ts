import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { Bulkhead } from './Bulkhead.js';
import { isBulkheadFullError } from '../guardErrors.js';

test('a bulkhead in front of a real pg pool: excess load fails fast instead of piling up in the pool', async () => {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', max: 2 });
  const bulkhead = new Bulkhead({ maxConcurrent: 2, maxQueue: 2, name: 'pg' });
  const log: string[] = [];
  try {
    const calls = Array.from({ length: 7 }, (_, i) =>
      bulkhead.execute(async () => {
        const { rows } = await pool.query('select pg_sleep(0.05), $1::int as i', [i]);
        log.push(`done ${i}`);
        return rows[0].i as number;
      }).catch((e: unknown) => {
        log.push(`rejected ${i}`);
        throw e;
      }),
    );
    const outcomes = await Promise.allSettled(calls);
    assert.deepEqual(outcomes.filter((o) => o.status === 'fulfilled').map((o) => (o as PromiseFulfilledResult<number>).value), [0, 1, 2, 3]);
    assert.ok(outcomes.slice(4).every((o) => o.status === 'rejected' && isBulkheadFullError(o.reason)));
    assert.deepEqual(log.slice(0, 3), ['rejected 4', 'rejected 5', 'rejected 6'], 'the excess failed before any query finished');
  } finally {
    await pool.end();
  }
});
