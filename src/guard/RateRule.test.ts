import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLoadlineError } from '../core/index.js';
import { parseRateRule } from './RateRule.js';
import { RateLimiter } from './RateLimiter.js';

test('parseRateRule normalizes durations and defaults to the sliding window', () => {
  assert.deepEqual(parseRateRule({ limit: 10, window: '5m' }), { algorithm: 'sliding-window', limit: 10, windowMs: 300_000, burst: 10 });
  assert.deepEqual(parseRateRule({ limit: 5, window: 1000, algorithm: 'token-bucket', burst: 8 }), { algorithm: 'token-bucket', limit: 5, windowMs: 1000, burst: 8 });
});

test('a limit of 0 is rejected naming the field', () => {
  assert.throws(() => parseRateRule({ limit: 0, window: '1m' }, 'profiles.auth'), (e: unknown) => {
    assert.ok(isLoadlineError(e, 'LOADLINE_INVALID_OPTION'));
    assert.equal(e.details.field, 'profiles.auth.limit');
    assert.match(e.message, /profiles\.auth\.limit: got 0, expected an integer at least 1/);
    return true;
  });
});

test('a window of "1x" is rejected naming the field and the value', () => {
  assert.throws(() => new RateLimiter({ name: 'search', limit: 5, window: '1x' }), /search\.window: got "1x", expected a duration/);
  assert.throws(() => parseRateRule({ limit: 5, window: 0 }), /rule\.window: got 0, expected a duration of at least 1ms/);
});

test('unknown keys, bad algorithms and burst on a sliding window are rejected', () => {
  assert.throws(() => parseRateRule({ limit: 5, window: '1s', windw: 3 } as never), /rule\.windw/);
  assert.throws(() => parseRateRule({ limit: 5, window: '1s', algorithm: 'leaky' as never }), /rule\.algorithm: got "leaky", expected one of "sliding-window", "token-bucket"/);
  assert.throws(() => parseRateRule({ limit: 5, window: '1s', burst: 9 }), /rule\.burst/);
  assert.throws(() => parseRateRule({ limit: 2.5, window: '1s' }), /rule\.limit: got 2\.5/);
});
