import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLoadlineError } from '../../core/index.js';
import { parseRateRule } from './RateRule.js';
import { RateLimiter } from './RateLimiter.js';

test('parseRateRule normalizes durations and defaults to the sliding window', () => {
  assert.deepEqual(parseRateRule({ limit: 10, window: '5m' }), { algorithm: 'sliding-window', limit: 10, windowMs: 300_000, burst: 10, blockMs: 0 });
  assert.deepEqual(parseRateRule({ limit: 5, windowMs: 1000, algorithm: 'token-bucket', burst: 8 }), { algorithm: 'token-bucket', limit: 5, windowMs: 1000, burst: 8, blockMs: 0 });
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
  assert.throws(() => parseRateRule({ limit: 5, window: '0s' }), /rule\.window: got "0s", expected a duration of at least 1ms/);
  assert.throws(() => parseRateRule({ limit: 5, windowMs: 0 }), /rule\.windowMs: got 0, expected a number of milliseconds at least 1/);
});

test('unknown keys, bad algorithms and burst on a sliding window are rejected', () => {
  assert.throws(() => parseRateRule({ limit: 5, window: '1s', windw: 3 } as never), /rule\.windw/);
  assert.throws(() => parseRateRule({ limit: 5, window: '1s', algorithm: 'leaky' as never }), /rule\.algorithm: got "leaky", expected one of "sliding-window", "token-bucket"/);
  assert.throws(() => parseRateRule({ limit: 5, window: '1s', burst: 9 }), /rule\.burst/);
  assert.throws(() => parseRateRule({ limit: 2.5, window: '1s' }), /rule\.limit: got 2\.5/);
});

test('a bare number without a unit is rejected: window: 60 is not 60 ms; windowMs or a unit says what is meant', () => {
  assert.throws(() => new RateLimiter({ limit: 5, window: 60 as never }), (e: unknown) => {
    assert.ok(isLoadlineError(e, 'LOADLINE_INVALID_OPTION'));
    assert.match(e.message, /rateLimit\.window: got 60, expected a duration with its unit such as "1m" or "500ms" \(or windowMs: a number of milliseconds\)/);
    return true;
  });
  assert.equal(new RateLimiter({ limit: 5, window: '1m' }).rule.windowMs, 60_000);
  assert.equal(new RateLimiter({ limit: 5, windowMs: 60_000 }).rule.windowMs, 60_000);
  assert.throws(() => parseRateRule({ limit: 5, window: '1m', windowMs: 60_000 }), /rule\.windowMs: got 60000, expected either window or windowMs, not both/);
  assert.throws(() => parseRateRule({ limit: 5 } as never), /rule\.window: got undefined, expected a duration/);
  assert.throws(() => parseRateRule({ limit: 5, windowMs: '1m' as never }), /rule\.windowMs: got "1m", expected a number of milliseconds/);
});

test('blockDuration takes a unit ("15m") or blockDurationMs; a bare number is rejected', () => {
  assert.equal(parseRateRule({ limit: 5, window: '1m', blockDuration: '15m' }).blockMs, 900_000);
  assert.equal(parseRateRule({ limit: 5, window: '1m', blockDurationMs: 1500 }).blockMs, 1500);
  assert.throws(() => parseRateRule({ limit: 5, window: '1m', blockDuration: 900 as never }), /rule\.blockDuration: got 900, expected a duration with its unit such as "15m" \(or blockDurationMs: a number of milliseconds\)/);
  assert.throws(() => parseRateRule({ limit: 5, window: '1m', blockDuration: '1m', blockDurationMs: 5 }), /rule\.blockDurationMs: got 5, expected either blockDuration or blockDurationMs, not both/);
});
