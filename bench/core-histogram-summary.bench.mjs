// Reading a latency summary (mean, stdev, p50/p90/p95/p99/p99.9) from an HDR histogram: loadline's
// Histogram.summaryMs (one pass over the uncompressed counts, one WASM call) against
// hdr-histogram-js's own WASM getters, one walk of the counts each (what summaryMs did before).
// Same histogram, a wide latency spread (about 1,500 distinct buckets), interleaved repeats.
// Run: npx tsc -p . && node --expose-gc bench/core-histogram-summary.bench.mjs
import * as hdr from 'hdr-histogram-js';
import { compare, opsPerSecond } from './lib/compare.mjs';
import { Histogram } from '../dist/core/index.js';

hdr.initWebAssemblySync();
const theirs = hdr.build({ useWebAssembly: true, bitBucketSize: 'packed', lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3 });
const ours = new Histogram();
let seed = 42;
for (let i = 0; i < 200_000; i++) {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  const us = Math.round(Math.exp(6 + (seed / 2 ** 31) * 8)); // 0.4 ms .. 1.2 s, log-uniform
  theirs.recordValue(us);
  ours.record(us);
}
const direct = () => {
  const h = theirs;
  return [h.mean, h.stdDeviation, ...[50, 90, 95, 99, 99.9].map((p) => h.getValueAtPercentile(p))];
};
const a = ours.summaryMs();
const b = direct();
if (Math.round(b[2]) / 1000 !== a.p50 || Math.round(b[5]) / 1000 !== a.p99) throw new Error('the two summaries differ: not comparing like with like');

await compare({
  title: 'latency summary of one histogram (mean, stdev, 5 percentiles)',
  unit: 'summaries/s',
  contenders: [
    { name: 'loadline Histogram.summaryMs', run: () => opsPerSecond(() => ours.summaryMs(), 400, 1) },
    { name: 'hdr-histogram-js WASM getters', run: () => opsPerSecond(direct, 400, 1) },
  ],
});
