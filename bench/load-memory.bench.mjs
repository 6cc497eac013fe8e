// Memory of a long run: loadline at a fixed 20 k requests/s (open model) against a target in its
// own process; heap used after a full GC is sampled every minute. Goal: growth between minute 1
// and the end below 10 MB (histograms are fixed-size HDR, series points are a few hundred bytes).
// With --with-autocannon, autocannon (overallRate 20 000) runs the same test afterwards, sampled the
// same way, for comparison. Long runs, so one run each rather than 5 interleaved repeats.
// Usage: node --expose-gc bench/load-memory.bench.mjs [--minutes 5] [--rate 20000] [--with-autocannon]
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { runLoad } from '../dist/load/index.js';

const { values } = parseArgs({ options: { minutes: { type: 'string', default: '5' }, rate: { type: 'string', default: '20000' }, 'with-autocannon': { type: 'boolean' } } });
const minutes = Number(values.minutes);
const rate = Number(values.rate);
if (!globalThis.gc) throw new Error('run with node --expose-gc');

const SERVER = `
import { createServer } from 'node:http';
const server = createServer((req, res) => res.end('{"ok":true}'));
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;
const child = spawn(process.execPath, ['--input-type=module', '-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise((resolve) => child.stdout.once('data', (d) => resolve(Number(String(d).trim()))));
const url = `http://127.0.0.1:${port}/`;

const heapMb = () => {
  globalThis.gc();
  return process.memoryUsage().heapUsed / 1e6;
};

function report(name, samples, requests, seconds) {
  const atMinute1 = samples.find((s) => s.t >= 60) ?? samples[0];
  const end = samples[samples.length - 1];
  const growth = end.heap - atMinute1.heap;
  console.log(`  ${name}: ${Math.round(requests / seconds).toLocaleString('en-US')} req/s achieved; heap after GC by minute: ${samples.map((s) => `${Math.round(s.t)}s ${s.heap.toFixed(1)} MB`).join(', ')}`);
  console.log(`  ${name}: growth minute 1 -> end ${growth.toFixed(2)} MB -> ${growth < 10 ? 'PASS' : 'FAIL'} (goal < 10 MB)`);
}

console.log(`\n## heap growth at ${rate.toLocaleString('en-US')} req/s for ${minutes} min (one run each; figures on a shared machine are indicative)`);
{
  const samples = [{ t: 0, heap: heapMb() }];
  const totalS = minutes * 60;
  const result = await runLoad({
    url,
    rate,
    durationMs: totalS * 1000,
    vus: 2000,
    connections: 64,
    onInterval: (p) => {
      const t = Math.round(p.t);
      if ((t % 60 === 0 && t > 0) || t === totalS - 1) samples.push({ t, heap: heapMb() });
    },
  });
  report('loadline', samples, result.summary.total.requests, result.summary.durationMs / 1000);
  console.log(`  loadline: p99 ${result.summary.total.latency.p99} ms, dropped ${result.summary.iterations.dropped}, errors ${result.summary.total.errors.total}`);
}

if (values['with-autocannon']) {
  const samples = [{ t: 0, heap: heapMb() }];
  const t0 = performance.now();
  const timer = setInterval(() => samples.push({ t: (performance.now() - t0) / 1000, heap: heapMb() }), 60_000);
  const res = await new Promise((resolve, reject) => autocannon({ url, connections: 64, overallRate: rate, duration: minutes * 60 }, (e, r) => (e ? reject(e) : resolve(r))));
  clearInterval(timer);
  samples.push({ t: (performance.now() - t0) / 1000, heap: heapMb() });
  report('autocannon', samples, res.requests.total, res.duration);
}

child.kill('SIGTERM');
