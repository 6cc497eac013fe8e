// Deterministic per-request cost of quick mode at the three shapes of
// bench/load-throughput.bench.mjs (50 connections, 200 connections, 50 connections pipelining 10),
// with wrk beside it: user-space instructions counted by valgrind's cachegrind. Timed CPU per
// request on this shared 2-core machine swings by tens of percent; instruction counts do not.
// Not a benchmark and not a test: a tool for deciding hot-path changes (see README.md beside it).
//
// Run: npx tsc -p . && node bench/cachegrind/engine.mjs [--shapes 50:1,200:1,50:10] [--requests 20000,60000] [--repeat 1] [--top 0] [--wrk] [--dist DIR]
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readCachegrind, classify, CATEGORIES } from './scenario-cachegrind-file.mjs';

const self = fileURLToPath(import.meta.url);
const root = fileURLToPath(new URL('../..', import.meta.url));
/** TurboFan and GC marking on the main thread: tier-up no longer depends on valgrind's thread scheduling. */
const NODE_FLAGS = (process.env.CACHEGRIND_NODE_FLAGS ?? '--single-threaded').split(' ').filter(Boolean);
const BODY = 'hello from nginx';

if (process.argv[2] === '--child') await child(process.argv[3], Number(process.argv[4]), Number(process.argv[5]), Number(process.argv[6]), Number(process.argv[7]));
else await main();

/** Inside valgrind: a warm-up run, then `requests` requests of quick mode, as `loadline run URL --vus C [--pipeline P] --amount N`. */
async function child(dist, connections, pipelining, port, requests) {
  const { runLoad } = await import(join(dist, 'load/index.js'));
  const run = (amount) => runLoad({ url: `http://127.0.0.1:${port}/`, vus: connections, pipelining, amount, intervalMs: 3_600_000 });
  await run(Math.min(requests, 10_000));
  const r = await run(requests);
  console.error(`requests=${r.summary.total.requests} errors=${r.summary.total.errors.total}`);
}

async function main() {
  const { values } = parseArgs({
    options: {
      shapes: { type: 'string', default: '50:1,200:1,50:10' },
      requests: { type: 'string', default: '20000,60000' },
      repeat: { type: 'string', default: '1' },
      top: { type: 'string', default: '0' },
      wrk: { type: 'boolean', default: false },
      dist: { type: 'string', default: join(root, 'dist') },
    },
  });
  const [small, large] = values.requests.split(',').map(Number);
  const { startNginx } = await import('../lib/nginx.mjs');
  const nginx = await startNginx(BODY);
  const dir = mkdtempSync(join(tmpdir(), 'loadline-cachegrind-engine-'));
  try {
    console.log(`cachegrind, user space, quick mode against nginx (one worker on core 0); per request = (Ir(${large}) - Ir(${small})) / (requests(${large}) - requests(${small}))`);
    for (const [connections, pipelining] of values.shapes.split(',').map((s) => s.split(':').map(Number))) {
      const shape = `${connections} connections${pipelining > 1 ? `, pipelining ${pipelining}` : ''}`;
      const totals = [];
      const steadies = [];
      let last;
      for (let i = 0; i < Number(values.repeat); i++) {
        const runs = [small, large].map((n) => count(dir, [process.execPath, ...NODE_FLAGS, self, '--child', resolve(values.dist), String(connections), String(pipelining), String(nginx.port), String(n)]));
        last = perRequest(runs[0], runs[1]);
        totals.push(last.total);
        steadies.push(last.steady);
      }
      const list = (xs) => xs.map((t) => Math.round(t).toLocaleString('en-US')).join(', ');
      console.log(`loadline, ${shape}: ${list(totals)} instructions per request; outside compiler and major GC ${list(steadies)}`);
      if (Number(values.top) > 0) report(last, Number(values.top));
      if (values.wrk) {
        const script = join(dir, `pipeline-${pipelining}.lua`);
        writeFileSync(script, `init = function(args)\n  local r = {}\n  for i = 1, ${pipelining} do r[i] = wrk.format() end\n  req = table.concat(r)\nend\nrequest = function() return req end\n`);
        const runs = [2, 6].map((s) => count(dir, ['wrk', '-t1', `-c${connections}`, `-d${s}s`, ...(pipelining > 1 ? ['-s', script] : []), `http://127.0.0.1:${nginx.port}/`]));
        console.log(`wrk, ${shape}: ${Math.round(perRequest(runs[0], runs[1]).total).toLocaleString('en-US')} instructions per request`);
      }
    }
  } finally {
    nginx.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One valgrind run on core 1; returns instructions by function and the requests it made. */
function count(dir, command) {
  const out = join(dir, 'cachegrind.out');
  const stdout = join(dir, 'stdout');
  const fd = openSync(stdout, 'w');
  const r = spawnSync('taskset', ['-c', '1', 'valgrind', '--tool=cachegrind', '--cache-sim=no', `--cachegrind-out-file=${out}`, ...command], { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
  closeSync(fd);
  const text = readFileSync(stdout, 'utf8');
  const requests = Number(/requests=(\d+)/.exec(r.stderr)?.[1] ?? /(\d+) requests in/.exec(text)?.[1]);
  if (r.status !== 0 || !(requests > 0)) throw new Error(`valgrind ${command.join(' ')} failed: exit ${r.status}\n${r.stderr.slice(-2000)}`);
  return { ...readCachegrind(readFileSync(out, 'utf8')), requests };
}

function perRequest(small, large) {
  const requests = large.requests - small.requests;
  const byFunction = new Map();
  for (const [name, ir] of large.byFunction) byFunction.set(name, (ir - (small.byFunction.get(name) ?? 0)) / requests);
  for (const [name, ir] of small.byFunction) if (!large.byFunction.has(name)) byFunction.set(name, -ir / requests);
  let excluded = 0;
  for (const [name, ir] of byFunction) if (classify(name) === 'compiler' || classify(name) === 'major GC') excluded += ir;
  const total = (large.total - small.total) / requests;
  return { total, steady: total - excluded, byFunction };
}

function report(r, top) {
  const n = (x) => Math.round(x).toLocaleString('en-US');
  const byCategory = Object.fromEntries(CATEGORIES.map((c) => [c, 0]));
  for (const [name, ir] of r.byFunction) byCategory[classify(name)] += ir;
  for (const c of CATEGORIES) console.log(`  ${c.padEnd(22)} ${n(byCategory[c]).padStart(8)}`);
  const sorted = [...r.byFunction].sort((a, b) => Math.abs(b[1]) - Math.abs(a[1])).slice(0, top);
  for (const [name, ir] of sorted) console.log(`  ${n(ir).padStart(8)}  ${classify(name).padEnd(12)} ${name.slice(0, 110)}`);
}
