// Load-generator throughput: loadline vs autocannon vs wrk, as the issue's Performance section asks.
// nginx (Debian nginx-light, one worker, pinned to core 0) serves a small static response; each
// generator runs pinned to core 1 (`taskset -c 1`) for BENCH_SECONDS (default 5) at 50 and 200
// connections, then 50 connections with 10 pipelined requests each. Latency is recorded per
// request by every contender (loadline in its per-endpoint, total, per-status and interval HDR
// histograms, JavaScript `SparseHistogram`s: no WebAssembly memory grows in the generator).
//
// loadline's contender is the real CLI (`node dist/cli/main.js run URL --vus N --duration Ds --json`)
// when `loadline run` exists; until then this file drives the wire client directly in a tight
// loop (see `--drive` below) and says so in its output.
// Run: npm run build && node --expose-gc bench/load-throughput.bench.mjs
// BENCH_SHAPES=200:1,50:10 runs only those shapes (default 50:1,200:1,50:10).
// Before/after a change: BENCH_BASELINE=DIR adds `loadline (baseline)`, the CLI of another checkout
// built in DIR (e.g. `git worktree` or `git archive` of the commit before), interleaved with the rest;
// BENCH_LOADLINE=DIR runs the `loadline` contender from DIR instead of this checkout.
// `node floor` (bench/lib/nodeFloor.mjs) is the least any Node.js client can do per request (raw
// sockets, no parsing, no timing, no statistics): its ratio to wrk is the ceiling for loadline's,
// and loadline's ratio to it is what loadline's own code costs.
// The machine is shared: figures are noisy, read the ratios (median and min-max).
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startNginx } from './lib/nginx.mjs';
import { benchSetup } from './lib/setup.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
/** BENCH_SHAPES=200:1,50:10 runs only those shapes (connections:pipelining); default all three. */
const SHAPES = (process.env.BENCH_SHAPES ?? '50:1,200:1,50:10').split(',').map((shape) => {
  const [connections, pipelining] = shape.split(':').map(Number);
  if (!(connections >= 1 && pipelining >= 1)) throw new Error(`BENCH_SHAPES: got "${shape}", expected CONNECTIONS:PIPELINING such as 200:1`);
  return [connections, pipelining];
});
const root = fileURLToPath(new URL('..', import.meta.url));

if (process.argv[2] === '--drive') {
  await drive(process.argv[3], Number(process.argv[4]), Number(process.argv[5]), Number(process.argv[6]));
  process.exit(0);
}
benchSetup(import.meta.url); // wrk, nginx-light, taskset

/** The stand-in for `loadline run` until it exists: N connections, closed loop, HDR latency. */
async function drive(url, connections, pipelining, seconds) {
  const { createPool } = await import('../dist/load/http/index.js');
  const { SparseHistogram } = await import('../dist/core/index.js');
  const pool = createPool(url, { connections, pipelining });
  const histogram = new SparseHistogram();
  const spec = { method: 'GET', path: new URL(url).pathname };
  let running = true;
  let requests = 0;
  let errors = 0;
  const onResponse = (error, response) => {
    if (error) errors++;
    else {
      requests++;
      const t = response.timings;
      histogram.record((t.ttfb + t.receive) * 1000);
    }
    if (running) pool.request(spec, onResponse);
  };
  const start = performance.now();
  for (let i = 0; i < connections * pipelining; i++) pool.request(spec, onResponse);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  running = false;
  const elapsed = (performance.now() - start) / 1000;
  await pool.close();
  console.log(JSON.stringify({ rps: requests / elapsed, errors, p99us: histogram.percentile(99) }));
}



/** Runs a command to completion (bounded by a kill timer) and returns its stdout. */
function run(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const killer = setTimeout(() => child.kill('SIGKILL'), (SECONDS + 30) * 1000);
    child.on('close', (code) => {
      clearTimeout(killer);
      if (code === 0) resolve(out);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${err.slice(-500)}`));
    });
  });
}

const loadlineRoot = process.env.BENCH_LOADLINE ?? root;
const baselineRoot = process.env.BENCH_BASELINE;
const cliExists = spawnSync(process.execPath, [join(loadlineRoot, 'dist/cli/main.js'), 'run', '--help'], { encoding: 'utf8' }).status === 0;

async function loadline(url, connections, pipelining, from = loadlineRoot) {
  if (cliExists) {
    const args = [join(from, 'dist/cli/main.js'), 'run', url, '--vus', String(connections), '--duration', `${SECONDS}s`, '--json', '--quiet'];
    if (pipelining > 1) args.push('--pipeline', String(pipelining));
    const summary = JSON.parse(await run('taskset', ['-c', '1', process.execPath, ...args]));
    const total = summary.summary?.total ?? summary.total ?? summary;
    return total.rps;
  }
  const out = await run('taskset', ['-c', '1', process.execPath, fileURLToPath(import.meta.url), '--drive', url, String(connections), String(pipelining), String(SECONDS)]);
  return JSON.parse(out).rps;
}

async function autocannon(url, connections, pipelining) {
  const bin = join(root, 'node_modules/autocannon/autocannon.js');
  const out = await run('taskset', ['-c', '1', process.execPath, bin, '-c', String(connections), '-p', String(pipelining), '-d', String(SECONDS), '--json', url]);
  const result = JSON.parse(out);
  return result.requests.total / result.duration;
}

async function nodeFloor(port, connections, pipelining) {
  const out = await run('taskset', ['-c', '1', process.execPath, join(root, 'bench/lib/nodeFloor.mjs'), String(port), String(connections), String(pipelining), String(SECONDS)]);
  return JSON.parse(out).rps;
}

async function wrk(url, connections, pipelining, prefix) {
  const args = ['-c', '1', 'wrk', '-t1', `-c${connections}`, `-d${SECONDS}s`];
  if (pipelining > 1) {
    const script = join(prefix, `pipeline-${pipelining}.lua`);
    writeFileSync(script, `init = function(args)\n  local r = {}\n  for i = 1, ${pipelining} do r[i] = wrk.format() end\n  req = table.concat(r)\nend\nrequest = function() return req end\n`);
    args.push('-s', script);
  }
  const out = await run('taskset', [...args, url]);
  const match = /Requests\/sec:\s+([\d.]+)/.exec(out);
  if (!match) throw new Error(`cannot read wrk output: ${out}`);
  // wrk counts a pipelined batch as `pipelining` requests already.
  return Number(match[1]);
}

/** CPU seconds used by reaped child processes so far (taskset execs the generator, so it is our child). */
function childCpuSeconds() {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100; // cutime + cstime, in USER_HZ (100/s)
}

/**
 * Wraps a contender so it also records requests per generator CPU-second: on a shared machine the
 * wall-clock rate swings with other people's load, the work per request much less.
 */
function withCpu(run, perCpu) {
  return async () => {
    const before = childCpuSeconds();
    const rps = await run();
    const cpu = childCpuSeconds() - before;
    perCpu.push(cpu > 0 ? (rps * SECONDS) / cpu : NaN);
    return rps;
  };
}

const { compare } = await import('./lib/compare.mjs');
const nginx = await startNginx('hello from nginx');
const url = `http://127.0.0.1:${nginx.port}/`;
console.log(cliExists
  ? `loadline contender: the CLI, node dist/cli/main.js run ${url} --vus N --duration ${SECONDS}s --json`
  : 'loadline contender: `loadline run` does not exist yet, so this drives the wire client (createPool) directly in a tight closed loop with HDR latency recording (bench/load-throughput.bench.mjs --drive)');
try {
  for (const [connections, pipelining] of SHAPES) {
    const title = `nginx small static response, ${connections} connections${pipelining > 1 ? `, pipelining ${pipelining}` : ''}, generator on one core, ${SECONDS}s`;
    const names = ['loadline', 'autocannon', 'wrk', 'node floor', ...(baselineRoot ? ['loadline (baseline)'] : [])];
    const perCpu = names.map(() => []);
    const runs = [
      () => loadline(url, connections, pipelining),
      () => autocannon(url, connections, pipelining),
      () => wrk(url, connections, pipelining, nginx.prefix),
      () => nodeFloor(nginx.port, connections, pipelining),
      () => loadline(url, connections, pipelining, baselineRoot),
    ];
    await compare({
      title,
      unit: 'requests/s',
      between: () => new Promise((r) => setTimeout(r, 300)),
      contenders: names.map((name, i) => ({ name, run: withCpu(runs[i], perCpu[i]) })),
    });
    // Same runs, per CPU-second of the generator (values replayed in the order they were measured).
    const cpu = await compare({
      title: `${title}: requests per generator CPU-second (same runs)`,
      unit: 'requests/CPU-s',
      between: () => {},
      contenders: names.map((name, i) => ({ name, run: () => perCpu[i].shift() })),
    });
    // The ceiling for any Node.js client: the floor's own ratio to wrk, repeat by repeat.
    const [floorCpu, wrkCpu] = [cpu.values[names.indexOf('node floor')], cpu.values[names.indexOf('wrk')]];
    const floorRatios = floorCpu.map((x, r) => x / wrkCpu[r]).sort((a, b) => a - b);
    console.log(`  ratio node floor vs wrk: ${floorRatios[floorRatios.length >> 1].toFixed(2)}x (min ${floorRatios[0].toFixed(2)}x, max ${floorRatios.at(-1).toFixed(2)}x)`);
    console.log(`  load average: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
  }
} finally {
  nginx.stop();
}
