import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExpositionBuffers } from './ExpositionBuffers.js';

const fillWith = (byte: number, length: number) => (target: Buffer) => target.fill(byte, 0, length);

test('a released buffer is lent again; one still leased is never handed to the next scrape', () => {
  const buffers = new ExpositionBuffers();
  const first = buffers.lease(100_000, fillWith(1, 100_000));
  const second = buffers.lease(100_000, fillWith(2, 100_000));
  assert.notEqual(second.bytes.buffer, first.bytes.buffer, 'the first is still leased');
  assert.ok(first.bytes.every((b) => b === 1), "the second scrape left the first one's bytes alone");
  assert.equal(first.bytes.length, 100_000);
  first.release();
  first.release(); // twice is harmless: the buffer is listed once
  assert.equal(buffers.freeCount, 1);
  const third = buffers.lease(90_000, fillWith(3, 90_000));
  assert.equal(third.bytes.buffer, first.bytes.buffer, 'reused');
  assert.equal(third.bytes.length, 90_000);
  assert.equal(buffers.freeCount, 0);
  second.release();
  third.release();
  assert.equal(buffers.freeCount, 2);
});

test('it keeps at most two free buffers, grows for a larger exposition and shrinks back after 16 scrapes far smaller', () => {
  const buffers = new ExpositionBuffers();
  const leases = [1, 2, 3].map(() => buffers.lease(10, () => undefined));
  for (const l of leases) l.release();
  assert.equal(buffers.freeCount, 2);
  const big = buffers.lease(4_000_000, () => undefined);
  assert.ok(big.bytes.buffer.byteLength >= 4_000_000);
  big.release();
  const bigBuffer = big.bytes.buffer;
  let seen = 0;
  for (let i = 0; i < 15; i++) {
    const small = buffers.lease(300_000, () => undefined);
    if (small.bytes.buffer === bigBuffer) seen++;
    small.release();
  }
  assert.equal(seen, 15, 'a buffer too large is kept for 15 scrapes (the exposition may grow back)');
  const shrunk = buffers.lease(300_000, () => undefined);
  assert.notEqual(shrunk.bytes.buffer, bigBuffer, 'the 16th replaces it');
  assert.ok(shrunk.bytes.buffer.byteLength < 1_000_000, `${shrunk.bytes.buffer.byteLength}`);
  shrunk.release();
});
