import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SlotList } from './SlotList.js';

function order(list: SlotList<number>): string[] {
  const keys: string[] = [];
  for (let i = list.head; i !== 0; i = list.after(i)) keys.push(list.keys[i]!);
  return keys;
}

test('insert links most recent first, touch moves a slot to the front, tail is the least recent', () => {
  const list = new SlotList<number>(10, () => {});
  const a = list.insert('a', 1);
  const b = list.insert('b', 2);
  const c = list.insert('c', 3);
  assert.deepEqual(order(list), ['c', 'b', 'a']);
  assert.equal(list.tail, a);
  list.touch(a);
  assert.deepEqual(order(list), ['a', 'c', 'b']);
  assert.equal(list.tail, b);
  list.touch(a); // already the head
  assert.deepEqual(order(list), ['a', 'c', 'b']);
  assert.equal(list.values[c], 3);
});

test('a released slot is reused, and an iteration standing on it still goes on', () => {
  const list = new SlotList<number>(10, () => {});
  list.insert('a', 1);
  const b = list.insert('b', 2);
  list.insert('c', 3);
  list.release(b);
  assert.deepEqual(order(list), ['c', 'a']);
  assert.equal(list.keys[b], undefined);
  assert.equal(list.values[b], undefined);
  assert.equal(list.keys[list.after(b)], 'a');
  assert.equal(list.insert('d', 4), b);
  assert.deepEqual(order(list), ['d', 'c', 'a']);
  list.release(list.head);
  list.release(list.head);
  list.release(list.head);
  assert.equal(list.head, 0);
  assert.equal(list.tail, 0);
});

test('the arrays grow past the preallocation without losing order, telling onGrow the new slot count, up to maxSlots', () => {
  const grown: number[] = [];
  const list = new SlotList<number>(300_000, (slots) => grown.push(slots));
  assert.equal(list.capacity, 131_072);
  for (let i = 0; i < 300_000; i++) list.insert(`k${i}`, i);
  assert.deepEqual(grown, [262_145, 300_001]);
  assert.equal(list.capacity, 300_000);
  assert.equal(list.keys.length, 300_001);
  assert.equal(list.keys[list.head], 'k299999');
  assert.equal(list.keys[list.tail], 'k0');
  let n = 0;
  let expected = 299_999;
  for (let i = list.head; i !== 0; i = list.after(i), expected--, n++) if (list.values[i] !== expected) assert.fail(`slot ${i} holds ${list.values[i]}, expected ${expected}`);
  assert.equal(n, 300_000);
});
