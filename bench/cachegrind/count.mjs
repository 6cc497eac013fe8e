#!/usr/bin/env node
// Server instructions per request for the variants of bench/monitor-http.bench.mjs, counted by
// valgrind's cachegrind: deterministic where timed CPU per request swings by ±15 % on a shared
// machine. Not a benchmark of `npm run bench` (valgrind makes it minutes long) and not a test.
//
// Method: each variant's server (server.mjs) runs under `valgrind --tool=cachegrind
// --cache-sim=no` twice, serving `--short` and then `--long` requests (default 30,000 and 60,000)
// to wrk (a native client in its own process, so only the server is counted) over
// `--connections` keep-alive connections on 127.0.0.1. The difference of the two runs, divided by
// the difference in requests, is the steady-state cost of one request: start-up, module loading
// and most of the JIT warm-up cancel out. Counts are user-space instructions (Ir) only; kernel
// time (syscalls, loopback TCP) is not in them. The monitor's tick is kept out (an hour-long
// interval), because valgrind slows requests about 30x but not timers.
//
// V8 runs with `--predictable` (compilation and GC on the main thread, at points that depend on
// the work done, not on timing: two runs of one variant agree to about 0.1 %, where concurrent
// compilation left 1-2 % between them) and a fixed 16 MiB young generation (the size a busy
// server grows it to; left to grow, its size and so the number of scavenges per request differ
// between variants). V8's garbage collector and compilers still run in bursts, so their share of
// two runs can differ by a whole collection: they are counted apart (by function name, `gc` and
// `compile`) and `other` (everything else) is the figure to compare; `total` includes them.
// With `--top N` the functions whose per-request count differs most from the first variant's are
// listed, e.g. V8's megamorphic inline-cache builtins (`Builtins_KeyedStoreIC_Megamorphic`).
//
// Usage (from the repository root, after `npx tsc -p .`):
//   node bench/cachegrind/count.mjs [--short 30000] [--long 60000] [--connections 8] [--top 25]
//        [--out /tmp/loadline-cachegrind] [--server bench/cachegrind/server.mjs]
//        [--node-flags='--predictable --min-semi-space-size=16 --max-semi-space-size=16'] [variant ...]
// `--server` takes any script that takes `<variant> <requests>`, prints its port and exits after
// serving that many requests, as server.mjs does (to count an idea before it goes in).
// Variants (server.mjs): bare bare-clean finish-listener wrapped-end dc-state-on-response
//   dc-state-on-connection loadline loadline-probes loadline-probes-no-gc prom-client
// Default: bare dc-state-on-connection loadline prom-client. Needs valgrind and wrk on the PATH.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';


const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    short: { type: 'string', default: '30000' },
    long: { type: 'string', default: '60000' },
    connections: { type: 'string', default: '8' },
    top: { type: 'string', default: '0' },
    out: { type: 'string', default: '/tmp/loadline-cachegrind' },
    server: { type: 'string', default: fileURLToPath(new URL('./server.mjs', import.meta.url)) },
    'node-flags': { type: 'string', default: '--predictable --min-semi-space-size=16 --max-semi-space-size=16' },
  },
});
const SERVER = opts.server;
const NODE_FLAGS = opts['node-flags'].split(' ').filter(Boolean);
const SHORT = Number(opts.short);
const LONG = Number(opts.long);
const variants = positionals.length > 0 ? positionals : ['bare', 'dc-state-on-connection', 'loadline', 'prom-client'];
mkdirSync(opts.out, { recursive: true });

/** V8 collector functions (scavenger, mark-compact, sweeping, marking, evacuation's slot recording, root visitors, cppgc). */
const GC = /(v8::internal::[\w:<>, ]*(Scaveng|MarkCompact|Marking|Marker|Sweep|Evacuat|GCTracer|RememberedSet|SlotSet|MemoryAllocator|MemoryChunk|GlobalHandles|EphemeronTable|ObjectStats|Promoted|IterateObjectCache|Root\w*Visitor|RecordMigratedSlot|LiveObjectRange|CallIterateBody|Heap::(Collect|Garbage|Scaveng|Iterate|Evacuat|Update|Mark|Sweep|Perform))|cppgc::|heap::base::)/;
/** V8's parser, bytecode generator and optimizing compilers, and deoptimization. */
const COMPILE = /(^|\s)v8::internal::(compiler::|maglev::|baseline::|interpreter::|Compiler|Parser|ParserBase|PreParser|Scanner|Zone|Ast|Scope|DeclarationScope|OptimizedCompilation|OptimizingCompile|Turbofan|CodeGenerator|Assembler|MacroAssembler|TurboAssembler|Deoptimizer|RegExpCompiler|RegExpParser|BytecodeArrayBuilder)/;

/** The group a function belongs to, from its qualified name (argument list left out). */
function groupOf(key) {
  const name = key.replaceAll('(anonymous namespace)::', '').split('(')[0];
  if (GC.test(name)) return 'gc';
  if (COMPILE.test(name)) return 'compile';
  return 'other';
}

/** Instructions per function (`file:function`) from a cachegrind output file. */
function readCounts(file) {
  const counts = new Map();
  let fl = '';
  let fn = '';
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('fl=')) fl = line.slice(3);
    else if (line.startsWith('fn=')) fn = line.slice(3);
    else if (line.length > 0 && line.charCodeAt(0) >= 48 && line.charCodeAt(0) <= 57) {
      const ir = Number(line.slice(line.indexOf(' ') + 1));
      const key = fn === '???' ? `${fl}:???` : fn;
      counts.set(key, (counts.get(key) ?? 0) + ir);
    }
  }
  return counts;
}

/** Runs one variant's server under cachegrind until it has served `requests`; returns its output file. */
let runs = 0;
async function countRun(variant, requests) {
  const file = join(opts.out, `${++runs}-${variant}-${requests}.out`);
  const server = spawn('valgrind', ['--tool=cachegrind', '--cache-sim=no', `--cachegrind-out-file=${file}`, process.execPath, ...NODE_FLAGS, SERVER, variant, String(requests)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  server.stderr.on('data', (d) => (stderr += d));
  const exited = once(server, 'exit');
  const failed = () => new Error(`${variant} (${requests} requests) exited with ${server.exitCode ?? server.signalCode}:\n${stderr.slice(-2000)}`);
  const port = await Promise.race([once(createInterface({ input: server.stdout }), 'line').then(([line]) => line), exited.then(() => Promise.reject(failed()))]);
  const wrk = spawn('wrk', ['-t1', `-c${opts.connections}`, '-d3600s', '--timeout', '60s', `http://127.0.0.1:${port}/users/42`], { stdio: 'ignore' });
  const [code] = await exited;
  wrk.kill();
  if (code !== 0) throw failed();
  return file;
}

/** Per-request instructions of one variant: the long run minus the short run, per function and by group. */
async function perRequest(variant) {
  const short = readCounts(await countRun(variant, SHORT));
  const long = readCounts(await countRun(variant, LONG));
  const byFunction = new Map();
  for (const key of new Set([...short.keys(), ...long.keys()])) {
    byFunction.set(key, ((long.get(key) ?? 0) - (short.get(key) ?? 0)) / (LONG - SHORT));
  }
  const groups = { gc: 0, compile: 0, other: 0 };
  for (const [key, n] of byFunction) groups[groupOf(key)] += n;
  return { variant, byFunction, ...groups, total: groups.gc + groups.compile + groups.other };
}

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const results = [];
for (const variant of variants) {
  const r = await perRequest(variant);
  results.push(r);
  console.log(`${variant.padEnd(24)} other ${fmt(r.other).padStart(7)}  gc ${fmt(r.gc).padStart(6)}  compile ${fmt(r.compile).padStart(6)}  total ${fmt(r.total).padStart(7)}  instructions/request`);
}
const base = results[0];
console.log(`\nOver ${base.variant}, outside GC and compilation (and in total):`);
for (const r of results.slice(1)) {
  const pct = (a, b) => `${(((a - b) / b) * 100).toFixed(1)} %`;
  console.log(`  ${r.variant.padEnd(24)} ${fmt(r.other - base.other).padStart(7)} (${pct(r.other, base.other)})   total ${fmt(r.total - base.total)} (${pct(r.total, base.total)})`);
}
const top = Number(opts.top);
if (top > 0) {
  for (const r of results.slice(1)) {
    console.log(`\n${r.variant}: functions whose instructions per request differ most from ${base.variant}'s (GC and compilation left out)`);
    const diffs = [...new Set([...r.byFunction.keys(), ...base.byFunction.keys()])]
      .filter((k) => groupOf(k) === 'other')
      .map((k) => [k, (r.byFunction.get(k) ?? 0) - (base.byFunction.get(k) ?? 0), r.byFunction.get(k) ?? 0]);
    diffs.sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]));
    for (const [k, d, n] of diffs.slice(0, top)) console.log(`  ${(d > 0 ? '+' : '') + fmt(d)}`.padEnd(10) + ` ${fmt(n).padStart(7)}  ${k.slice(0, 110)}`);
  }
}
