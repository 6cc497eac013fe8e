// `loadline find` with its default flags against wrk's figure for the same service: issue 15's goal
// is within 15 % of wrk in under two minutes, on services from 50/s to the generator's limit.
//
// Two services, each in its own process pinned to core 0 (`taskset -c 0`), the generators on core 1:
// - `capped`: a token bucket serving at most BENCH_FIND_RATE requests/s (default 1,800) and queueing
//   the rest (loadline/testing's `startRateCappedServer`), so its load line is known;
// - `fast`: a bare node:http server answering a short text, whose line is the one core it has.
// For each, interleaved over BENCH_FIND_REPEATS (at least 5) repeats: wrk (`-t1 -c50 -d10s`, its
// requests/s), then `loadline find URL --slo 'p(95)<100' --slo 'http_req_failed:rate<0.01'` with no
// other flag (its maxSustainable.rate). Prints find/wrk as the median ratio with its min-max, how
// many repeats landed within 15 %, and how long find took (wall).
//
// Run: npm run build && node bench/load-find-vs-wrk.bench.mjs   (about 20 minutes: find takes up to 2 min per run;
// BENCH_FIND_SERVICES=fast searches one service only)
// The machine is shared: figures are noisy, read the ratios.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compare } from './lib/compare.mjs';
import { benchSetup } from './lib/setup.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const RATE = Number(process.env.BENCH_FIND_RATE ?? 1800);
const REPEATS = Number(process.env.BENCH_FIND_REPEATS ?? 5);
const SLOS = ['p(95)<100', 'http_req_failed:rate<0.01'];
/** Which services to search, comma-separated: `capped`, `fast` (default both). */
const SERVICES = (process.env.BENCH_FIND_SERVICES ?? 'capped,fast').split(',').map((s) => s.trim());

if (process.argv[2] === '--serve') {
  await serve(process.argv[3]);
} else {
  benchSetup(import.meta.url); // wrk, taskset
  await main();
}

/** The service process: prints its URL, serves until killed. */
async function serve(kind) {
  if (kind === 'capped') {
    const { startRateCappedServer } = await import('../dist/testing/index.js');
    const server = await startRateCappedServer({ ratePerSecond: RATE });
    console.log(server.url);
  } else {
    const { createServer } = await import('node:http');
    const server = createServer((_req, res) => {
      res.setHeader('content-type', 'text/plain');
      res.end('hello from node');
    });
    server.keepAliveTimeout = 60_000;
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    console.log(`http://127.0.0.1:${server.address().port}/`);
  }
}

/** Starts a service on core 0; resolves with its URL and a stop function. */
function startService(kind) {
  const child = spawn('taskset', ['-c', '0', process.execPath, fileURLToPath(import.meta.url), '--serve', kind], { stdio: ['ignore', 'pipe', 'inherit'] });
  const stop = () => child.kill('SIGTERM');
  process.on('exit', stop);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve({ url: line.trim(), stop });
    });
    child.on('exit', (code) => reject(new Error(`the ${kind} service exited with ${code}`)));
  });
}

/** Runs a command pinned to core 1, bounded by `limitS`; resolves with stdout. */
function pinned(args, limitS) {
  return new Promise((resolve, reject) => {
    const child = spawn('taskset', ['-c', '1', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const killer = setTimeout(() => child.kill('SIGKILL'), limitS * 1000);
    child.on('close', (code) => {
      clearTimeout(killer);
      if (code === 0) resolve(out);
      else reject(new Error(`${args.join(' ')} exited with ${code}: ${err.slice(-500)}`));
    });
  });
}

async function wrk(url) {
  const out = await pinned(['wrk', '-t1', '-c50', '-d10s', url], 40);
  const match = /Requests\/sec:\s+([\d.]+)/.exec(out);
  if (!match) throw new Error(`cannot read wrk output: ${out}`);
  return Number(match[1]);
}

async function find(url, seconds) {
  const dir = mkdtempSync(join(tmpdir(), 'loadline-find-bench-'));
  try {
    const out = join(dir, 'find.json');
    const started = performance.now();
    await pinned([process.execPath, join(root, 'dist/cli/main.js'), 'find', url, ...SLOS.flatMap((s) => ['--slo', s]), '--quiet', '--out', out], 200);
    seconds.push((performance.now() - started) / 1000);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    return report.maxSustainable?.rate ?? 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  for (const kind of SERVICES) {
    if (kind !== 'capped' && kind !== 'fast') throw new Error(`BENCH_FIND_SERVICES: got ${JSON.stringify(kind)}, expected capped, fast or both`);
    const service = await startService(kind);
    try {
      const seconds = [];
      const { values, ratios } = await compare({
        title: `${kind === 'capped' ? `a service capped at ${RATE.toLocaleString('en-US')}/s` : 'a bare node:http service on one core'}: loadline find (default flags, SLOs ${SLOS.join(', ')}) vs wrk -t1 -c50 -d10s`,
        unit: 'requests/s found',
        repeats: REPEATS,
        between: () => new Promise((r) => setTimeout(r, 1000)),
        contenders: [
          { name: 'loadline find', run: () => find(service.url, seconds) },
          { name: 'wrk', run: () => wrk(service.url) },
        ],
      });
      const within = values[0].filter((found, r) => Math.abs(found / values[1][r] - 1) <= 0.15).length;
      const sorted = [...seconds].sort((a, b) => a - b);
      console.log(`  within 15 % of wrk: ${within} of ${values[0].length} repeats (median ratio ${ratios[0].median.toFixed(2)}x)`);
      console.log(`  find took ${sorted[sorted.length >> 1].toFixed(0)} s (median; min ${sorted[0].toFixed(0)} s, max ${sorted.at(-1).toFixed(0)} s)`);
      console.log(`  load average: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
    } finally {
      service.stop();
    }
  }
}
