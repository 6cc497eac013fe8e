import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLoadlineError } from '../../core/index.js';
import { SizeTable } from './SizeTable.js';

test('default size estimate covers strings, buffers and JSON values', () => {
  const sizes = new SizeTable<unknown>(4, 1000, undefined);
  assert.equal(sizes.measure('s', 'abcd'), 8);
  assert.equal(sizes.measure('b', Buffer.alloc(100)), 100);
  assert.equal(sizes.measure('j', { a: 1 }), 14); // {"a":1} = 7 chars
});

test('the total follows add and release, and is over once it passes maxBytes', () => {
  const sizes = new SizeTable<string>(4, 100, (value) => value.length);
  sizes.add(1, sizes.measure('a', 'x'.repeat(60)));
  sizes.add(2, 40);
  assert.equal(sizes.bytes, 100);
  assert.equal(sizes.over, false);
  sizes.add(3, 1);
  assert.equal(sizes.over, true);
  sizes.release(1);
  assert.equal(sizes.bytes, 41);
  sizes.release(1); // released twice: counted once
  assert.equal(sizes.bytes, 41);
  sizes.grow(8);
  sizes.add(7, 9);
  sizes.release(2);
  assert.equal(sizes.bytes, 10);
});

test('a sizeOf result that is not a finite non-negative number is rejected naming sizeOf and the key', () => {
  for (const bad of [Number.NaN, -1, Infinity, '3' as unknown as number]) {
    const sizes = new SizeTable<string>(2, 100, () => bad);
    assert.throws(() => sizes.measure('k', 'v'), (e: unknown) => isLoadlineError(e, 'LOADLINE_INVALID_OPTION') && e.details.field === 'sizeOf' && e.message.includes('for key "k"'));
  }
});
