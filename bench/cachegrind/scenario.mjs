// Deterministic per-request cost of the load engine: user-space instructions counted by valgrind's
// cachegrind, quick mode (one constant GET) against the scenario journey of
// bench/load-scenario-vs-quick.bench.mjs (login, token capture, three requests, checks, cookies).
// Not a benchmark (`npm run bench` does not run it) and not a test: a tool for deciding hot-path
// changes on a shared, noisy machine where timings cannot. See README.md beside it.
//
// Run: npx tsc -p . && node bench/cachegrind/scenario.mjs [--modes quick,scenario] [--iterations 4000,12000] [--warmup 4000] [--repeat 3] [--top 25] [--keep DIR]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readCachegrind, classify, CATEGORIES } from './scenario-cachegrind-file.mjs';

const VUS = 50;
/** Longer than any run here: the per-interval work (series point, histogram reset) stays out of the counts. */
const INTERVAL_MS = 3_600_000;
const self = fileURLToPath(import.meta.url);
/**
 * No background threads: TurboFan compiles on the main thread when a function gets hot, and GC
 * marks there too, so when tier-up happens no longer depends on how valgrind schedules threads
 * (with them, the same command varied by a few thousand instructions per request).
 */
const NODE_FLAGS = (process.env.CACHEGRIND_NODE_FLAGS ?? '--single-threaded').split(' ').filter(Boolean);

if (process.argv[2] === '--child') await child(process.argv[3], Number(process.argv[4]), Number(process.argv[5]), process.argv[6], Number(process.argv[7]));
else await main();

/**
 * Runs inside valgrind: a warm-up run of `warmup` iterations (same mode, same process: the JIT
 * compiles most of the hot path there), then the measured run of `iterations` iterations (one
 * request each in quick mode, four in the journey). Prints the requests it counted.
 */
async function child(mode, iterations, port, scenarioFile, warmup) {
  const { runLoad, runScenario } = await import('../../dist/load/index.js');
  const target = `http://127.0.0.1:${port}`;
  const run = (amount) => {
    const common = { vus: VUS, amount, intervalMs: INTERVAL_MS };
    return mode === 'quick'
      ? runLoad({ ...common, url: `${target}/media`, headers: { 'user-agent': 'loadline' } })
      : runScenario({ ...common, scenario: scenarioFile, target });
  };
  if (warmup > 0) await run(warmup);
  const r = await run(iterations);
  const s = r.summary;
  const checks = s.checks ? ` checks ${s.checks.passes}/${s.checks.passes + s.checks.fails}` : '';
  console.error(`  ${mode}, ${iterations} iterations: ${s.total.requests} requests, ${s.total.errors.total} errors${checks}`);
  console.error(`requests=${s.total.requests}`);
  if (s.total.errors.total > 0 || (s.checks && s.checks.fails > 0)) process.exitCode = 1;
}

async function main() {
  const { values } = parseArgs({
    options: {
      modes: { type: 'string', default: 'quick,scenario' },
      iterations: { type: 'string', default: '4000,12000' },
      warmup: { type: 'string', default: '4000' },
      repeat: { type: 'string', default: '3' },
      top: { type: 'string', default: '25' },
      keep: { type: 'string' },
    },
  });
  if (!existsSync('/usr/sbin/nginx')) throw new Error('nginx is not installed (Debian: apt-get install nginx-light)');
  const [small, large] = values.iterations.split(',').map(Number);
  if (!(small > 0 && large > small)) throw new Error('--iterations takes two counts, the smaller first, e.g. 4000,12000');
  const { startNginx } = await import('../lib/nginx.mjs');
  const { SCENARIO, NGINX_LOCATIONS } = await import('../load-scenario-vs-quick.bench.mjs');
  const dir = values.keep ?? mkdtempSync(join(tmpdir(), 'loadline-cachegrind-'));
  mkdirSync(dir, { recursive: true });
  const scenarioFile = join(dir, 'journey.yaml');
  writeFileSync(scenarioFile, SCENARIO);
  const nginx = await startNginx('', NGINX_LOCATIONS);
  console.log(`cachegrind, user space, ${VUS} VUs against nginx (one worker on core 0), after a warm-up run of ${values.warmup} iterations;
per request = (Ir(${large} iterations) - Ir(${small} iterations)) / (requests(${large}) - requests(${small}))`);
  const results = {};
  for (const mode of values.modes.split(',')) {
    const pairs = [];
    for (let i = 0; i < Number(values.repeat); i++) {
      const runs = [small, large].map((n) => measure(mode, n, nginx.port, scenarioFile, dir, Number(values.warmup), i));
      pairs.push(perRequest(runs[0], runs[1], runs[1].requests - runs[0].requests));
    }
    results[mode] = medianOf(pairs);
    report(mode, results[mode], Number(values.top));
  }
  if (results.quick && results.scenario) {
    const q = results.quick;
    const s = results.scenario;
    console.log(`\nscenario / quick instructions per request: all ${(s.total / q.total).toFixed(2)}x, outside compiler and major GC ${(s.steady / q.steady).toFixed(2)}x`);
  }
  nginx.stop();
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
  else console.log(`cachegrind files kept in ${dir}`);
}

/** One valgrind run; returns the instruction counts by function. */
function measure(mode, iterations, port, scenarioFile, dir, warmup, repeat) {
  const out = join(dir, `cachegrind.${mode}.${iterations}.${repeat}.out`);
  // The engine on core 1, nginx on core 0, as in the timed bench; children (none) are not traced.
  const r = spawnSync('taskset', ['-c', '1', 'valgrind', '--tool=cachegrind', '--cache-sim=no', `--cachegrind-out-file=${out}`,
    process.execPath, ...NODE_FLAGS, self, '--child', mode, String(iterations), String(port), scenarioFile, String(warmup)], { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  const lines = r.stderr.split('\n');
  for (const line of lines) if (line.startsWith('  ')) console.log(line);
  const counted = lines.find((l) => l.startsWith('requests='));
  if (r.status !== 0 || counted === undefined) throw new Error(`valgrind run failed (${mode}, ${iterations} iterations): exit ${r.status}\n${r.stderr.slice(-2000)}`);
  return { ...readCachegrind(readFileSync(out, 'utf8')), requests: Number(counted.slice(9)) };
}

/** Per-request instructions: the difference of two runs over the difference of their requests. */
function perRequest(small, large, requests) {
  const byFunction = new Map();
  for (const [name, ir] of large.byFunction) {
    const d = ir - (small.byFunction.get(name) ?? 0);
    if (d !== 0) byFunction.set(name, d / requests);
  }
  for (const [name, ir] of small.byFunction) if (!large.byFunction.has(name)) byFunction.set(name, -ir / requests);
  const byCategory = Object.fromEntries(CATEGORIES.map((c) => [c, 0]));
  for (const [name, ir] of byFunction) byCategory[classify(name)] += ir;
  const total = (large.total - small.total) / requests;
  return { total, steady: total - byCategory.compiler - byCategory['major GC'], byCategory, byFunction };
}

/**
 * Repeats differ by a few percent (when TurboFan re-optimizes after the warm-up run's deopts,
 * where major GCs fall): the median of each figure over the repeats, with the spread.
 */
function medianOf(pairs) {
  const median = (xs) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1];
  const pick = (get) => median(pairs.map(get));
  const names = new Set(pairs.flatMap((p) => [...p.byFunction.keys()]));
  return {
    total: pick((p) => p.total),
    steady: pick((p) => p.steady),
    totals: pairs.map((p) => p.total),
    steadies: pairs.map((p) => p.steady),
    byCategory: Object.fromEntries(CATEGORIES.map((c) => [c, pick((p) => p.byCategory[c])])),
    byFunction: new Map([...names].map((name) => [name, pick((p) => p.byFunction.get(name) ?? 0)])),
  };
}

function report(mode, r, top) {
  const n = (x) => Math.round(x).toLocaleString('en-US');
  const spread = (xs) => `${n(Math.min(...xs))}-${n(Math.max(...xs))}`;
  console.log(`\n${mode}: ${n(r.total)} instructions per request (${spread(r.totals)}), ${n(r.steady)} outside compiler and major GC (${spread(r.steadies)}); medians of ${r.totals.length}`);
  for (const c of CATEGORIES) console.log(`  ${c.padEnd(22)} ${n(r.byCategory[c]).padStart(8)}`);
  console.log(`  top ${top} functions by instructions per request:`);
  const sorted = [...r.byFunction].sort((a, b) => Math.abs(b[1]) - Math.abs(a[1])).slice(0, top);
  for (const [name, ir] of sorted) console.log(`  ${n(ir).padStart(8)}  ${classify(name).padEnd(12)} ${name.slice(0, 110)}`);
}
