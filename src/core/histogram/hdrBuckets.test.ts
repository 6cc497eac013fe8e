import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as hdr from 'hdr-histogram-js';
import { bucketOf, highestOf, indexOf, lowestOf, sizeOf } from './hdrBuckets.js';
import { MAX_TRACKABLE_US } from './histogram.js';

test('bucket indexes are hdr-histogram-js\'s, and the layout helpers agree with each other', () => {
  const js = hdr.build({ useWebAssembly: false, bitBucketSize: 32, lowestDiscernibleValue: 1, highestTrackableValue: MAX_TRACKABLE_US, numberOfSignificantValueDigits: 3 }) as hdr.JsHistogram;
  const values = [0, 1, 2047, 2048, 2049, 4095, 4096, 123_456, 2 ** 31 - 1, 2 ** 31, 2 ** 31 + 12_345, MAX_TRACKABLE_US];
  for (let v = 1; v < MAX_TRACKABLE_US; v = Math.ceil(v * 1.013) + 1) values.push(v);
  for (const v of values) {
    const i = indexOf(v);
    assert.equal(i, js.countsArrayIndex(v), `index of ${v}`);
    assert.equal(bucketOf(v), lowestOf(i), `bucketOf(${v})`);
    assert.ok(lowestOf(i) <= v && v <= highestOf(i), `${v} within its bucket`);
    assert.equal(indexOf(lowestOf(i)), i);
    assert.equal(indexOf(highestOf(i)), i);
    assert.equal(highestOf(i) - lowestOf(i) + 1, sizeOf(i));
    assert.equal(lowestOf(i + 1), highestOf(i) + 1, `bucket after ${i} starts where it ends`);
  }
});
