import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import * as hdr from 'hdr-histogram-js';
import { Histogram, MAX_TRACKABLE_US } from './histogram.js';
import { LatencyRecorder } from './LatencyRecorder.js';
import { highestOf, indexOf } from './hdrBuckets.js';
import { SparseHistogram } from './SparseHistogram.js';

let seed = 11;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const SHAPES: Array<[string, () => number]> = [
  ['exact region, zeros included', () => Math.round(random() * 2000)],
  ['a few buckets up', () => Math.round(500 + random() * 50_000)],
  ['every magnitude up to ~1.3e9', () => Math.round(Math.exp(random() * 21))],
  ['two far spikes', () => (random() < 0.99 ? 1_000 : 3_000_000_000)],
  ['one value', () => 42],
  ['fractions, negatives and past the maximum', () => (random() < 0.1 ? -3 : random() < 0.1 ? 1e12 : random() * 9000)],
];
const PS = [0, 0.1, 1, 25, 50, 75, 90, 95, 99, 99.9, 99.99, 100];

test('a SparseHistogram reads exactly what the WASM Histogram reads for the same values', () => {
  for (const [shape, make] of SHAPES) {
    for (const n of [1, 2, 10, 1000, 20_000]) {
      const wasm = new Histogram();
      const sparse = new SparseHistogram();
      for (let i = 0; i < n; i++) {
        const v = make();
        const c = i % 7 === 3 ? 1 + Math.floor(random() * 5) : 1;
        wasm.recordWithCount(v, c);
        sparse.recordWithCount(v, c);
      }
      const where = `${shape}, ${n} values`;
      assert.deepEqual(sparse.percentiles(PS), wasm.percentiles(PS), where);
      assert.deepEqual(PS.map((p) => sparse.percentile(p)), PS.map((p) => wasm.percentile(p)), where);
      assert.deepEqual(sparse.summaryMs(), wasm.summaryMs(), where);
      assert.deepEqual([sparse.count, sparse.min, sparse.max], [wasm.count, wasm.min, wasm.max], where);
      assert.equal(sparse.mean, wasm.mean, where);
      assert.ok(Math.abs(sparse.stdev - wasm.stdev) <= 1e-9 * Math.max(1, wasm.stdev), where);
      wasm.destroy();
    }
  }
});

test('merge and clone equal one histogram built from every sample; reset empties and keeps working', () => {
  const all = new SparseHistogram();
  const parts = [new SparseHistogram(), new SparseHistogram(), new SparseHistogram()];
  for (let i = 0; i < 30_000; i++) {
    const v = Math.round(1000 * Math.exp(random() * 6));
    all.record(v);
    parts[i % 3]!.record(v);
  }
  const merged = new SparseHistogram();
  for (const p of parts) merged.merge(p);
  assert.deepEqual(merged.summaryMs(), all.summaryMs());
  assert.deepEqual(merged.percentiles(PS), all.percentiles(PS));
  const copy = merged.clone();
  merged.reset();
  assert.deepEqual(merged.summaryMs(), { count: 0, min: 0, mean: 0, stdev: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0 });
  assert.deepEqual(copy.summaryMs(), all.summaryMs(), 'a clone keeps its counts when the original is reset');
  merged.record(5);
  assert.deepEqual([merged.count, merged.min, merged.max, merged.percentile(100)], [1, 5, 5, 5]);
});

test('encodings travel both ways between SparseHistogram and the WASM Histogram, and to hdr-histogram-js', () => {
  const wasm = new Histogram();
  const sparse = new SparseHistogram();
  for (let i = 0; i < 20_000; i++) {
    const v = Math.round(Math.exp(random() * 21));
    wasm.record(v);
    sparse.record(v);
  }
  const fromSparse = Histogram.decode(sparse.encode());
  assert.deepEqual(fromSparse.percentiles(PS), wasm.percentiles(PS));
  assert.equal(fromSparse.count, wasm.count);
  const fromWasm = SparseHistogram.decode(wasm.encode());
  assert.deepEqual(fromWasm.percentiles(PS), sparse.percentiles(PS));
  assert.equal(fromWasm.count, sparse.count);
  assert.equal(fromWasm.min, sparse.min);
  // Through an encoding only buckets travel: the max comes back as its bucket's highest value.
  assert.ok(fromWasm.max >= sparse.max && fromWasm.max <= sparse.max * 1.001);
  const js = hdr.decodeFromCompressedBase64(sparse.encode(), 32, false);
  assert.equal(js.totalCount, sparse.count);
  assert.equal(js.getValueAtPercentile(99), sparse.percentile(99));
  const empty = SparseHistogram.decode(new SparseHistogram().encode());
  assert.equal(empty.count, 0);
  for (const h of [wasm, fromSparse]) h.destroy();
});

test('decode rejects a histogram of another layout, naming what was expected', () => {
  const other = hdr.build({ useWebAssembly: false, lowestDiscernibleValue: 1, highestTrackableValue: 1e6, numberOfSignificantValueDigits: 2 });
  other.recordValue(500);
  assert.throws(() => SparseHistogram.decode(hdr.encodeIntoCompressedBase64(other)), /histogram.*1 lowest, 2 digits.*3 significant digits/s);
});

test('a LatencyRecorder flushes into SparseHistograms as into WASM ones', () => {
  const wasm = new Histogram();
  const sparse = new SparseHistogram();
  const recorder = new LatencyRecorder([wasm, sparse]);
  for (let i = 0; i < 50_000; i++) recorder.record(random() < 0.5 ? random() * 3000 : Math.exp(random() * 22));
  recorder.record(MAX_TRACKABLE_US + 5);
  recorder.flush();
  assert.deepEqual(sparse.summaryMs(), wasm.summaryMs());
  assert.deepEqual(sparse.percentiles(PS), wasm.percentiles(PS));
  wasm.destroy();
});

test('countAtOrBelow counts the values in buckets wholly at or below the limit', () => {
  const h = new SparseHistogram();
  const values: number[] = [];
  for (let i = 0; i < 20_000; i++) {
    const v = Math.round(Math.exp(random() * 16));
    values.push(v);
    h.record(v);
  }
  for (const limit of [-1, 0, 1, 999, 2047, 2048, 2049, 5000, 5001, 123_456, 1e6, h.max - 1, h.max, 1e12]) {
    const expected = values.filter((v) => highestOf(indexOf(v)) <= limit).length;
    assert.equal(h.countAtOrBelow(limit), limit >= h.max ? values.length : expected, `limit ${limit}`);
  }
  const p90 = h.percentile(90);
  assert.ok(h.countAtOrBelow(p90) >= 0.9 * h.count, 'a percentile\'s value has at least that share at or below it');
  assert.equal(new SparseHistogram().countAtOrBelow(100), 0);
  const split = new SparseHistogram();
  for (const v of [4999, 5000, 5001, 7000]) split.record(v); // buckets of four values from 4096: 4996-4999, 5000-5003
  assert.deepEqual([4995, 4999, 5000, 5002, 5003, 6999, 7000].map((l) => split.countAtOrBelow(l)), [0, 1, 1, 1, 3, 3, 4]);
});

// footprintBytes: 120 B a histogram; 16 B + 8 B a slot of its chunk list (a quarter of its length
// and 16 more stand spare); 626 B a chunk of 32-bit counts (882 B widened). See the constants.
const list = (slots: number) => 16 + 8 * (slots + 16 + (slots >> 2));

test('footprintBytes follows the buckets the values occupy: the histogram, its chunk list, 626 bytes per 64 buckets used', () => {
  const h = new SparseHistogram();
  assert.equal(h.footprintBytes, 120);
  for (let i = 0; i < 100_000; i++) h.record(200 + random() * 800); // 200..1000 µs
  assert.equal(h.footprintBytes, 120 + list(16) + 13 * 626); // buckets 192..1023: chunks 3 to 15 of 64 buckets
  h.record(3_000_000_000); // chunk 358: a list of 359 slots, holes included
  assert.equal(h.footprintBytes, 120 + list(359) + 14 * 626);
  assert.equal(h.clone().footprintBytes, 120 + list(359) + 14 * 626, 'a clone allocates the same chunks');
  h.reset();
  assert.equal(h.footprintBytes, 120 + list(359) + 14 * 626, 'reset keeps the chunks');
});

test('footprintBytes is within 20 % of the memory many histograms measurably hold (heap and outside it, after gc)', (t) => {
  // A child node with --expose-gc builds histograms of each shape (a warm-up batch first, so the
  // optimizing compiler's own memory is not counted) and measures V8's used heap plus the
  // process's memory outside the heap (rss minus the heap's physical size), each after gc().
  const script = `
    import v8 from 'node:v8';
    const { SparseHistogram } = await import(${JSON.stringify(new URL('./SparseHistogram.js', import.meta.url).href)});
    // [chunks, slots between them, widened, histograms]: about 40 MB each, so that the few
    // hundred kB the allocator and the heap keep or give back at random stay a few percent.
    const shapes = { contiguous: [16, 1, false, 4000], sparse: [2, 359, false, 16000], widened: [4, 1, true, 10000] };
    const [chunks, stride, wide, n] = shapes[process.argv[1]];
    const build = () => {
      const h = new SparseHistogram();
      for (let k = 0; k < chunks; k++) h.record(k * 64 * stride); // values below 2048 are their own bucket
      if (wide) h.recordWithCount(0, 2 ** 32);
      return h;
    };
    const snap = () => {
      for (let i = 0; i < 3; i++) gc();
      const heap = v8.getHeapStatistics();
      return heap.used_heap_size + (process.memoryUsage().rss - heap.total_physical_size);
    };
    globalThis.warm = Array.from({ length: n / 4 }, build);
    const kept = new Array(n).fill(null);
    const before = snap();
    for (let i = 0; i < n; i++) kept[i] = build();
    const measured = snap() - before;
    const estimated = kept.reduce((sum, h) => sum + h.footprintBytes, 0);
    console.log(JSON.stringify({ n, measured, estimated }));`;
  for (const shape of ['contiguous', 'sparse', 'widened']) {
    const child = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script, shape], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(child.status, 0, child.stderr);
    const { n, measured, estimated } = JSON.parse(child.stdout) as { n: number; measured: number; estimated: number };
    const ratio = measured / estimated;
    t.diagnostic(`${shape}: ${n} histograms, measured ${Math.round(measured / n)} B each, footprintBytes ${estimated / n}, ratio ${ratio.toFixed(3)}`);
    assert.ok(ratio > 0.8 && ratio < 1.25, `${shape}: measured ${measured} B, footprintBytes ${estimated} B (ratio ${ratio.toFixed(3)})`);
  }
});

test('a bucket past 2^32 - 1 widens the counts to doubles, exactly', () => {
  const h = new SparseHistogram();
  h.recordWithCount(1000, 2 ** 32 - 10);
  h.recordWithCount(50, 3);
  assert.equal(h.footprintBytes, 120 + list(16) + 2 * 626);
  h.recordWithCount(1000, 20);
  assert.equal(h.count, 2 ** 32 + 13);
  assert.equal(h.footprintBytes, 120 + list(16) + 2 * 882, 'every chunk widened');
  assert.deepEqual([h.percentile(0), h.percentile(50), h.percentile(100)], [50, 1000, 1000]);
  const merged = new SparseHistogram();
  merged.recordWithCount(1000, 2 ** 31);
  merged.merge(h).merge(h);
  assert.equal(merged.count, 2 ** 31 + 2 * (2 ** 32 + 13));
  assert.equal(merged.percentile(1), 1000);
  const back = SparseHistogram.decode(merged.encode());
  assert.equal(back.count, merged.count);
  assert.equal(back.percentile(50), 1000);
});

test('no WASM memory: a process using only SparseHistograms never invalidates V8\'s ArrayBufferDetaching protector', () => {
  // A child node prints V8's protector invalidations. The control: the same load on WASM
  // histograms grows WebAssembly memory, which detaches its ArrayBuffer.
  const script = (kind: string) => `
    const { ${kind} } = await import(${JSON.stringify(new URL('../index.js', import.meta.url).href)});
    const hs = [];
    for (let r = 0; r < 400; r++) {
      const h = new ${kind}();
      for (let i = 0; i < 2000; i++) h.record(Math.exp(((i * 7919 + r) % 2000) / 90));
      hs.push(h);
      if (r % 50 === 0) ${kind}.decode(h.encode());
    }
    console.log('recorded', hs.length);`;
  const run = (kind: string) =>
    spawnSync(process.execPath, ['--trace-protector-invalidation', '--input-type=module', '-e', script(kind)], { encoding: 'utf8', timeout: 60_000 });
  const sparse = run('SparseHistogram');
  assert.equal(sparse.status, 0, sparse.stderr);
  assert.match(sparse.stdout, /recorded 400/);
  assert.doesNotMatch(sparse.stdout, /ArrayBufferDetaching/);
  const wasm = run('Histogram');
  assert.equal(wasm.status, 0, wasm.stderr);
  assert.match(wasm.stdout, /Invalidating protector cell ArrayBufferDetaching/);
});
