import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Histogram } from './histogram.js';

test('percentiles of a known distribution carry 3 significant digits', () => {
  const h = new Histogram();
  for (let i = 1; i <= 10_000; i++) h.record(i * 10); // 10 µs .. 100 ms
  assert.equal(h.count, 10_000);
  const within = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) / expected < 0.001, `${actual} vs ${expected}`);
  within(h.percentile(50), 50_000);
  within(h.percentile(99), 99_000);
  within(h.max, 100_000);
  assert.equal(h.min, 10);
  const s = h.summaryMs();
  within(s.p95, 95);
  within(s.mean, 50.005);
  h.destroy();
});

test('merging histograms equals one histogram built from every sample', () => {
  const all = new Histogram();
  const parts = [new Histogram(), new Histogram(), new Histogram()];
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = 0; i < 30_000; i++) {
    const v = Math.round(1000 * Math.exp(rand() * 6));
    all.record(v);
    parts[i % 3]!.record(v);
  }
  const merged = new Histogram();
  for (const p of parts) merged.merge(Histogram.decode(p.encode()));
  for (const p of [50, 90, 99, 99.9, 100]) assert.equal(merged.percentile(p), all.percentile(p));
  assert.equal(merged.count, all.count);
  // max is exact only to the histogram's precision once values travel through buckets
  assert.ok(Math.abs(merged.max - all.max) / all.max < 0.001);
  for (const h of [all, merged, ...parts]) h.destroy();
});

test('empty histograms report zeros; out-of-range values are clamped', () => {
  const h = new Histogram();
  assert.deepEqual(h.summaryMs(), { count: 0, min: 0, mean: 0, stdev: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0 });
  h.record(-5);
  h.record(1e12);
  assert.equal(h.count, 2);
  assert.ok(h.max >= 3_600_000_000 * 0.999);
  h.destroy();
});

test('summaryMs and percentiles (one pass over the counts) equal the WASM getters, value for value', () => {
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const shapes: Array<() => number> = [
    () => Math.round(random() * 2000), // exact region, zeros included
    () => Math.round(500 + random() * 50_000), // a few buckets up
    () => Math.round(Math.exp(random() * 21)), // every magnitude up to ~1.3e9
    () => (random() < 0.99 ? 1_000 : 3_000_000_000), // two far spikes
    () => 42, // one value
  ];
  const ps = [0, 0.1, 1, 25, 50, 75, 90, 95, 99, 99.9, 99.99, 100];
  for (const [shape, make] of shapes.entries()) {
    for (const n of [1, 2, 3, 10, 1000, 20_000]) {
      const h = new Histogram();
      for (let i = 0; i < n; i++) {
        if (i % 7 === 3) h.recordWithCount(make(), 1 + Math.floor(random() * 5));
        else h.record(make());
      }
      const where = `shape ${shape}, ${n} values`;
      assert.deepEqual(h.percentiles(ps), ps.map((p) => h.percentile(p)), where);
      const s = h.summaryMs();
      const ms = (us: number) => Math.round(us) / 1000;
      assert.equal(s.mean, Math.round(h.mean) / 1000, where);
      assert.equal(s.stdev, Math.round(h.stdev) / 1000, where);
      assert.deepEqual([s.p50, s.p90, s.p95, s.p99, s.p999], [50, 90, 95, 99, 99.9].map((p) => ms(h.percentile(p))), where);
      h.destroy();
    }
  }
  const empty = new Histogram();
  assert.deepEqual(empty.percentiles([50, 99]), [0, 0]);
  assert.equal(empty.summaryMs().p99, 0);
});

test('a decoded histogram takes any value up to MAX_TRACKABLE_US: encodings that name a smaller range (SparseHistogram\'s) still merge', async () => {
  const { SparseHistogram } = await import('./SparseHistogram.js');
  const { MAX_TRACKABLE_US } = await import('./histogram.js');
  const small = new SparseHistogram();
  small.record(100);
  small.record(250); // its encoding's header names 250 as the highest trackable value
  const large = new Histogram();
  large.record(5_000_000);
  large.record(MAX_TRACKABLE_US);
  const decoded = Histogram.decode(small.encode());
  decoded.merge(large);
  decoded.record(MAX_TRACKABLE_US);
  assert.equal(decoded.count, 5);
  assert.equal(decoded.max, large.max);
  assert.equal(decoded.percentile(40), 250);
  decoded.destroy();
  large.destroy();
});

test('hdr-histogram-js is loaded (and its WASM module compiled) on the first WASM histogram, not when the core is imported', async () => {
  // A process that records only into SparseHistograms (the load generator, a monitored service)
  // skips both: about 60 ms of CPU at every start.
  const { spawnSync } = await import('node:child_process');
  const script = `
    const { createRequire } = await import('node:module');
    const require = createRequire(${JSON.stringify(import.meta.url)});
    const loaded = () => Object.keys(require.cache).some((path) => path.includes('hdr-histogram-js'));
    const { Histogram, SparseHistogram } = await import(${JSON.stringify(new URL('../index.js', import.meta.url).href)});
    const s = new SparseHistogram();
    s.record(1234);
    SparseHistogram.decode(s.encode());
    const before = loaded();
    Histogram.decode(s.encode()).destroy();
    console.log('loaded', before, loaded(), require('hdr-histogram-js/dist/wasm/index.js').webAssemblyReady());`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(child.status, 0, child.stderr);
  assert.match(child.stdout, /loaded false true true/);
});
