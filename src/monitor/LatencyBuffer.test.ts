import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Histogram } from '../core/index.js';
import { LatencyBuffer } from './LatencyBuffer.js';

test('buffered recording gives exactly the histogram that direct recording gives', () => {
  const direct = new Histogram();
  const target = new Histogram();
  const buffer = new LatencyBuffer(target);
  let s = 12345;
  const random = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  try {
    for (let i = 0; i < 200_000; i++) {
      // from sub-microsecond to past the one-hour maximum, heavy-tailed
      const us = i % 1000 === 0 ? 4e9 : i % 7 === 0 ? -5 : Math.exp(random() * 22) - 1;
      direct.record(us);
      buffer.record(us);
    }
    buffer.flush();
    assert.equal(target.count, direct.count);
    for (const p of [0, 1, 10, 25, 50, 75, 90, 95, 99, 99.9, 99.99, 100]) assert.equal(target.percentile(p), direct.percentile(p), `p${p}`);
    assert.equal(target.encode(), direct.encode(), 'identical bucket counts');
  } finally {
    direct.destroy();
    target.destroy();
  }
});

test('nothing reaches the target before a flush unless the table fills', () => {
  const target = new Histogram();
  const buffer = new LatencyBuffer(target);
  try {
    for (let i = 0; i < 100; i++) buffer.record(5000);
    assert.equal(target.count, 0);
    for (let i = 0; i < 2000; i++) buffer.record(i);
    assert.ok(target.count > 0, 'flushed when the table filled');
    buffer.flush();
    assert.equal(target.count, 2100);
  } finally {
    target.destroy();
  }
});
