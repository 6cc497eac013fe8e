import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LoadlineError, invalidInput, isLoadlineError } from './errors.js';
import { checkInteger, checkKnownKeys, checkOneOf } from '../options.js';

test('invalidInput names the field, the value and the expectation, with a stable code', () => {
  const err = invalidInput({ field: 'max', value: -1, expected: 'an integer at least 0' });
  assert.ok(err instanceof LoadlineError);
  assert.ok(err instanceof Error);
  assert.equal(err.code, 'LOADLINE_INVALID_OPTION');
  assert.equal(err.message, 'max: got -1, expected an integer at least 0');
  assert.deepEqual(err.details, { field: 'max', value: -1, expected: 'an integer at least 0' });
});

test('isLoadlineError recognises errors across copies of the class by brand, and checks the code', () => {
  const foreign = Object.assign(new Error('x'), { [Symbol.for('loadline.error')]: true, code: 'LOADLINE_TIMEOUT' });
  assert.ok(isLoadlineError(foreign));
  assert.ok(isLoadlineError(foreign, 'LOADLINE_TIMEOUT'));
  assert.ok(!isLoadlineError(foreign, 'LOADLINE_USAGE'));
  assert.ok(!isLoadlineError(new Error('plain')));
  class TimeoutError extends LoadlineError {}
  assert.ok(!(new LoadlineError('LOADLINE_TIMEOUT', 'x') instanceof TimeoutError));
  assert.ok(new TimeoutError('LOADLINE_TIMEOUT', 'x') instanceof TimeoutError);
});

test('option checks reject with exact messages', () => {
  assert.equal(checkInteger(3, 'max', { min: 0 }), 3);
  assert.throws(() => checkInteger(1.5, 'max', { min: 0 }), /max: got 1\.5, expected an integer at least 0$/);
  assert.throws(() => checkInteger(0, 'limit', { above: 0 }), /limit: got 0, expected an integer greater than 0$/);
  assert.throws(() => checkOneOf('lifo', 'order', ['fifo', 'random']), /order: got "lifo", expected one of "fifo", "random"$/);
  assert.throws(() => checkKnownKeys({ maxx: 1 }, ['max', 'ttl']), /maxx: expected no such option; known options are max, ttl$/);
});
