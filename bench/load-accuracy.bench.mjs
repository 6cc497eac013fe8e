// Accuracy of loadline's latency figures, target in its own process, lightly loaded:
//  1. a server answering after a fixed 20 ms: p50 must be within 1 ms of 20 ms;
//  2. a server blocking its event loop 500 ms every 5 s, loaded in the open model well under
//     capacity: p99 must be at least 400 ms (a closed-loop tool sees the stall only once per
//     connection, so its p99 hides it; autocannon's p99 is printed beside).
// Usage: node --expose-gc bench/load-accuracy.bench.mjs [--quick]
import { spawn } from 'node:child_process';
import autocannon from 'autocannon';
import { compare } from './lib/compare.mjs';
import { runLoad } from '../dist/load/index.js';

const quick = process.argv.includes('--quick');

const SERVER = `
import { createServer } from 'node:http';
const mode = process.argv[1];
const started = Date.now();
if (mode === 'stall') {
  // Block the event loop for 500 ms every 5 s.
  setInterval(() => { const end = Date.now() + 500; while (Date.now() < end); }, 5000);
}
const server = createServer((req, res) => {
  if (mode === 'delay') setTimeout(() => res.end('ok'), 20);
  else res.end('ok');
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

async function startTarget(mode) {
  const child = spawn(process.execPath, ['--input-type=module', '-e', SERVER, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    child.stdout.once('data', (d) => resolve(Number(String(d).trim())));
    child.once('exit', (code) => reject(new Error(`target exited ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}/`, stop: () => child.kill('SIGTERM') };
}

function cannon(url, { connections, durationS, overallRate }) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration: durationS, ...(overallRate ? { overallRate } : {}) }, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

// 1. Fixed 20 ms delay.
{
  const target = await startTarget('delay');
  const durationMs = quick ? 2000 : 4000;
  const p50s = { loadline: [], autocannon: [] };
  const res = await compare({
    title: 'p50 of a fixed 20 ms server (ms; closer to 20 is better, ratio shown for reference)',
    unit: 'ms p50',
    higherIsBetter: false,
    contenders: [
      {
        name: 'loadline run --rate 200/s',
        run: async () => {
          const r = await runLoad({ url: target.url, rate: 200, durationMs });
          p50s.loadline.push(r.summary.total.latency.p50);
          return r.summary.total.latency.p50;
        },
      },
      {
        name: 'autocannon -c 10',
        run: async () => {
          const r = await cannon(target.url, { connections: 10, durationS: durationMs / 1000 });
          p50s.autocannon.push(r.latency.p50);
          return r.latency.p50;
        },
      },
    ],
  });
  target.stop();
  const worst = Math.max(...p50s.loadline.map((p) => Math.abs(p - 20)));
  console.log(`  loadline p50s: ${p50s.loadline.join(', ')} ms; worst error ${worst.toFixed(3)} ms -> ${worst <= 1 ? 'PASS' : 'FAIL'} (goal: within 1 ms of 20 ms)`);
  void res;
}

// 2. Event-loop stall of 500 ms every 5 s.
{
  const target = await startTarget('stall');
  const durationMs = quick ? 5000 : 10_000;
  const p99s = { loadline: [], autocannon: [] };
  await compare({
    title: 'p99 with a 500 ms event-loop stall every 5 s (ms; higher = the stall is seen)',
    unit: 'ms p99',
    higherIsBetter: true,
    contenders: [
      {
        name: 'loadline run --rate 200/s (open)',
        run: async () => {
          const r = await runLoad({ url: target.url, rate: 200, durationMs, vus: 500, connections: 50 });
          p99s.loadline.push(r.summary.total.latency.p99);
          return r.summary.total.latency.p99;
        },
      },
      {
        name: 'autocannon -c 10 (closed)',
        run: async () => {
          const r = await cannon(target.url, { connections: 10, durationS: durationMs / 1000 });
          p99s.autocannon.push(r.latency.p99);
          return r.latency.p99;
        },
      },
      {
        name: 'autocannon -c 10 --overallRate 200',
        run: async () => {
          const r = await cannon(target.url, { connections: 10, durationS: durationMs / 1000, overallRate: 200 });
          return r.latency.p99;
        },
      },
    ],
  });
  target.stop();
  const min = Math.min(...p99s.loadline);
  console.log(`  loadline p99s: ${p99s.loadline.join(', ')} ms; lowest ${min} ms -> ${min >= 400 ? 'PASS' : 'FAIL'} (goal: p99 >= 400 ms)`);
  console.log(`  autocannon -c 10 p99s: ${p99s.autocannon.join(', ')} ms`);
}
