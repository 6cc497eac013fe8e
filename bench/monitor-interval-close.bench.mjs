// What the monitor does for each route at every interval close, on a busy route (about 1,800
// distinct latency buckets in the interval): flush the per-request table into the interval's HDR
// histogram, read p50/p95/p99 and max, fold the interval into the cumulative and the last-interval
// histograms, reset. loadline's SparseHistogram (JavaScript memory, what the monitor uses) against
// the core WASM Histogram (hdr-histogram-js's WASM build, what the monitor used before) and
// hdr-histogram-js's own JavaScript build (packed counts, the library's other memory-bounded
// choice). The count harness (bench/cachegrind/) keeps the interval tick out; this is that tick.
// It ends with the memory one interval's counts take in each.
// Run: npx tsc -p . && node --expose-gc bench/monitor-interval-close.bench.mjs
import * as hdr from 'hdr-histogram-js';
import { compare, opsPerSecond } from './lib/compare.mjs';
import { Histogram, LatencyRecorder, SparseHistogram } from '../dist/core/index.js';

let seed = 1;
const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
/** One interval of one route: 10,000 latencies from 150 µs to 6 ms, most near the low end. */
const interval = Float64Array.from({ length: 10_000 }, () => Math.exp(Math.log(150) + random() * random() * Math.log(40)));

/** hdr-histogram-js's JavaScript build behind the core Histogram's method names. */
class HdrJsPacked {
  h = hdr.build({ useWebAssembly: false, bitBucketSize: 'packed', lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3 });
  recordWithCount(v, c) {
    this.h.recordValueWithCount(v, c);
  }
  percentiles(ps) {
    return ps.map((p) => this.h.getValueAtPercentile(p));
  }
  get max() {
    return this.h.maxValue;
  }
  merge(o) {
    this.h.add(o.h);
  }
  reset() {
    this.h.reset();
  }
}

/** Memory of one interval's counts: SparseHistogram's chunks against hdr-histogram-js's packed WASM and JS counts. */
function footprints() {
  const ours = new SparseHistogram();
  const build = (useWebAssembly) => hdr.build({ useWebAssembly, bitBucketSize: 'packed', lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3 });
  const wasmPacked = build(true);
  const jsPacked = build(false);
  for (const v of interval) {
    ours.record(v);
    wasmPacked.recordValue(Math.round(v));
    jsPacked.recordValue(Math.round(v));
  }
  const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
  console.log(`\nmemory of one interval's counts: SparseHistogram ${kib(ours.footprintBytes)}, hdr WASM packed ${kib(wasmPacked.estimatedFootprintInBytes)}, hdr JS packed ${kib(jsPacked.estimatedFootprintInBytes)}`);
  wasmPacked.destroy();
}

/** A route's histograms and its per-request table; `close()` is one interval close as HttpMetrics does it. */
function route(make) {
  const current = make();
  const last = make();
  const total = make();
  const pending = new LatencyRecorder([current], { slotBits: 9 });
  return {
    close() {
      for (let i = 0; i < interval.length; i++) pending.record(interval[i]);
      pending.flush();
      const [p50, p95, p99] = current.percentiles([50, 95, 99]);
      const read = p50 + p95 + p99 + current.max;
      total.merge(current);
      last.reset();
      last.merge(current);
      current.reset();
      return read;
    },
  };
}

const sparse = route(() => new SparseHistogram());
const wasm = route(() => new Histogram());
const js = route(() => new HdrJsPacked());
const a = sparse.close();
const b = wasm.close();
const c = js.close();
if (a !== b || a !== c) throw new Error(`the three read different figures (${a}, ${b}, ${c}): not comparing like with like`);

await compare({
  title: 'one route\'s interval close: 10,000 latencies (~1,800 buckets) recorded, flushed, read, folded, reset',
  unit: 'closes/s',
  warmup: 1,
  contenders: [
    { name: 'loadline SparseHistogram (JS)', run: () => opsPerSecond(() => sparse.close(), 400, 1) },
    { name: 'core Histogram (hdr WASM)', run: () => opsPerSecond(() => wasm.close(), 400, 1) },
    { name: 'hdr-histogram-js JS packed', run: () => opsPerSecond(() => js.close(), 400, 1) },
  ],
});
footprints();
