import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import type * as Hdr from 'hdr-histogram-js';
import { decodeHdrV2 } from './hdrCodec.js';
import { lowestOf } from './hdrBuckets.js';
import { Histogram, MAX_TRACKABLE_US } from './histogram.js';
import { SparseHistogram } from './SparseHistogram.js';

const hdr = createRequire(import.meta.url)('hdr-histogram-js') as typeof Hdr;

/** Deterministic histograms: empty, one value, lone empty buckets, long runs, counts past 2^32, the largest value. */
function cases(): { name: string; values: [number, number][] }[] {
  const out: { name: string; values: [number, number][] }[] = [
    { name: 'empty', values: [] },
    { name: 'one value', values: [[5, 1]] },
    { name: 'lone empty buckets and a run', values: [[1, 1], [3, 2], [100_000, 1]] },
    { name: 'zero and the largest value', values: [[0, 4], [MAX_TRACKABLE_US, 2]] },
    { name: 'counts past 2^32', values: [[700, 5e9], [701, 2 ** 40], [9_000_000, 3]] },
  ];
  for (let r = 0; r < 20; r++) {
    let x = r + 7;
    const values: [number, number][] = [];
    for (let i = 0; i < 50 + r * 200; i++) {
      x = (x * 48271) % 2147483647;
      values.push([Math.round(Math.exp((x % 2200) / 100)), 1 + (x % 4)]);
    }
    out.push({ name: `random ${r}`, values });
  }
  return out;
}

test('SparseHistogram writes, byte for byte, what hdr-histogram-js writes for the same counts', () => {
  for (const { name, values } of cases()) {
    const sparse = new SparseHistogram();
    for (const [v, c] of values) sparse.recordWithCount(v, c);
    // What SparseHistogram.encode did through hdr-histogram-js's JavaScript build, sized to the maximum.
    const js = hdr.build({ useWebAssembly: false, bitBucketSize: 64, lowestDiscernibleValue: 1, highestTrackableValue: Math.max(2, sparse.max), numberOfSignificantValueDigits: 3 });
    for (const [v, c] of values) js.recordValueWithCount(v, c);
    assert.equal(sparse.encode(), hdr.encodeIntoCompressedBase64(js), name);
  }
});

test('decode reads hdr-histogram-js\'s encodings (its WASM build\'s, as in older result files, and its JavaScript build\'s) count for count', () => {
  for (const { name, values } of cases()) {
    const wasm = new Histogram();
    for (const [v, c] of values) wasm.recordWithCount(v, c);
    for (const encoded of [wasm.encode(), hdr.encodeIntoCompressedBase64(hdr.decodeFromCompressedBase64(wasm.encode(), 64, false))]) {
      const read: [number, number][] = [];
      decodeHdrV2(encoded, (index, count) => read.push([lowestOf(index), count]));
      const sparse = SparseHistogram.decode(encoded);
      assert.equal(sparse.count, wasm.count, name);
      assert.equal(read.reduce((n, [, c]) => n + c, 0), wasm.count, name);
      assert.deepEqual(sparse.percentiles([0, 50, 99, 99.9, 100]), wasm.percentiles([0, 50, 99, 99.9, 100]), name);
      assert.equal(sparse.mean, wasm.mean, name);
      // And back: the WASM histogram reads the SparseHistogram's encoding to the same counts
      // (hdr-histogram-js's WASM decoder keeps 32 bits of a bucket's count, whoever wrote it).
      if (values.some(([, c]) => c >= 2 ** 32)) continue;
      const back = Histogram.decode(sparse.encode());
      assert.equal(back.count, wasm.count, name);
      assert.deepEqual(back.percentiles([0, 50, 99, 99.9, 100]), wasm.percentiles([0, 50, 99, 99.9, 100]), name);
      back.destroy();
    }
    wasm.destroy();
  }
});

test('anything but an HdrHistogram V2 compressed encoding is rejected, naming the field and what was expected', () => {
  const valid = new SparseHistogram();
  valid.record(42);
  const bytes = Buffer.from(valid.encode(), 'base64');
  const cut = Buffer.from(bytes.subarray(0, bytes.byteLength - 6)).toString('base64');
  const otherCookie = Buffer.from(bytes);
  otherCookie.writeInt32BE(0x1c849301, 0); // V1
  for (const bad of ['', 'not a histogram', cut, otherCookie.toString('base64')]) {
    assert.throws(() => SparseHistogram.decode(bad), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'LOADLINE_INVALID_OPTION');
      assert.match(e.message, /^histogram: got .*expected an HdrHistogram V2 compressed encoding in base64/s);
      return true;
    }, JSON.stringify(bad));
  }
});
