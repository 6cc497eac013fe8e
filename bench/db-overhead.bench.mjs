// Per-query overhead of loadline/db against the bare driver, side by side:
//   1. better-sqlite3 primary-key `get` (a ~2 µs operation, so overhead shows), bare vs
//      instrumentSqlite, outside a request and inside one (each get in its own request context);
//   2. a pg round trip on loopback (`SELECT $1::int`, awaited one after another on a pool of one),
//      bare vs instrumentPg vs @opentelemetry/instrumentation-pg with a minimal trace SDK
//      (BasicTracerProvider, always-on sampler, AsyncLocalStorage context manager, no exporter:
//      spans are created, recorded and ended, nothing is sent).
// OpenTelemetry patches pg's Client.prototype for the whole process, so each pg variant runs in
// a child process of its own (this file, forked), which stays up across repeats: the parent asks
// each child for one timed measurement at a time, interleaved and rotated by bench/lib/compare.mjs.
// Overheads are the time per query over the bare driver's, per repeat, as median (min-max).
// Usage: npm run build && node --expose-gc bench/db-overhead.bench.mjs  (BENCH_MS=400 BENCH_REPEATS=7)
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compare, opsPerSecond } from './lib/compare.mjs';

const SELF = fileURLToPath(import.meta.url);
const MS = Number(process.env.BENCH_MS ?? 400);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 7);
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const require = createRequire(import.meta.url);

// ---------------------------------------------------------------- pg child process
async function pgChild(variant) {
  if (variant === 'otel') {
    const { trace, context } = require('@opentelemetry/api');
    const { BasicTracerProvider, AlwaysOnSampler } = require('@opentelemetry/sdk-trace-base');
    const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks');
    const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg');
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    const provider = new BasicTracerProvider({ sampler: new AlwaysOnSampler() });
    trace.setGlobalTracerProvider(provider);
    const instrumentation = new PgInstrumentation();
    instrumentation.setTracerProvider(provider);
    instrumentation.enable();
  }
  // Required after the instrumentation is enabled, so OpenTelemetry's require hook patches it.
  const pg = require('pg');
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 1 });
  let db;
  if (variant === 'loadline' || variant === 'loadline-request') {
    db = await import('../dist/db/index.js');
    db.instrumentPg(pool, { monitor: db.createQueryMonitor({ log: false }) });
  }
  const inRequest = variant === 'loadline-request';
  const once_ = inRequest
    ? (i) => db.runWithRequestContext({ route: 'GET /bench' }, () => pool.query('SELECT $1::int AS x', [i]))
    : (i) => pool.query('SELECT $1::int AS x', [i]);
  const measure = async (ms) => {
    let n = 0;
    const cpu0 = process.cpuUsage();
    const start = performance.now();
    while (performance.now() - start < ms) await once_(n++);
    const cpu = process.cpuUsage(cpu0);
    return { value: (n * 1000) / (performance.now() - start), cpuUs: (cpu.user + cpu.system) / n };
  };
  await measure(300); // warm-up: connection, JIT, first-seen statement
  process.on('message', async (m) => {
    if (m.cmd === 'measure') process.send(await measure(m.ms));
    else if (m.cmd === 'stop') {
      await pool.end();
      process.exit(0);
    }
  });
  process.send({ ready: true });
}

if (process.argv[2] === '--pg-child') {
  await pgChild(process.argv[3]);
} else {
  await main();
}

function overheads(result, bareIndex, names) {
  const [bare] = [result.values[bareIndex]];
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  };
  const out = {};
  for (const [i, name] of names) {
    const pct = result.values[i].map((v, r) => (bare[r] / v - 1) * 100);
    out[name] = pct;
    console.log(`  overhead ${name.padEnd(32)} median ${median(pct).toFixed(1).padStart(6)} %  (min ${Math.min(...pct).toFixed(1)} %, max ${Math.max(...pct).toFixed(1)} %)`);
  }
  return { out, median };
}

async function main() {
  const { createQueryMonitor, instrumentSqlite, runWithRequestContext } = await import('../dist/db/index.js');
  const Database = require('better-sqlite3');

  // ------------------------------------------------------------ 1. better-sqlite3 point lookup
  const dir = mkdtempSync(join(tmpdir(), 'loadline-db-bench-'));
  const file = join(dir, 'bench.db');
  const seed = new Database(file);
  seed.exec('CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, email TEXT)');
  const ins = seed.prepare('INSERT INTO users (name, email) VALUES (?, ?)');
  seed.transaction(() => {
    for (let i = 0; i < 10_000; i++) ins.run(`user${i}`, `user${i}@example.com`);
  })();
  seed.close();
  const bareDb = new Database(file, { readonly: true });
  const instDb = instrumentSqlite(new Database(file, { readonly: true }), { monitor: createQueryMonitor({ log: false }) });
  const bareGet = bareDb.prepare('SELECT * FROM users WHERE id = ?');
  const instGet = instDb.prepare('SELECT * FROM users WHERE id = ?');
  const sqlite = await compare({
    title: 'better-sqlite3 primary-key get: calls per second',
    contenders: [
      { name: 'loadline instrumentSqlite', run: () => opsPerSecond((i) => instGet.get((i % 10_000) + 1), MS) },
      { name: 'bare better-sqlite3', run: () => opsPerSecond((i) => bareGet.get((i % 10_000) + 1), MS) },
      { name: 'loadline, in a request context', run: () => opsPerSecond((i) => runWithRequestContext({ route: 'GET /u/:id' }, () => instGet.get((i % 10_000) + 1)), MS) },
      { name: 'bare, in a request context', run: () => opsPerSecond((i) => runWithRequestContext({ route: 'GET /u/:id' }, () => bareGet.get((i % 10_000) + 1)), MS) },
    ],
    repeats: REPEATS,
    warmup: 1,
  });
  console.log('  overhead = time per get over the bare driver\'s (its own bare row for the request-context pair):');
  overheads(sqlite, 1, [[0, 'loadline']]);
  overheads(sqlite, 3, [[2, 'loadline, in a request context']]);
  bareDb.close();
  instDb.close();
  rmSync(dir, { recursive: true, force: true });

  // ------------------------------------------------------------ 2. pg round trip
  const variants = ['loadline', 'bare', 'otel', 'loadline-request'];
  const children = new Map();
  for (const v of variants) {
    const child = fork(SELF, ['--pg-child', v], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const [m] = await once(child, 'message');
    if (!m.ready) throw new Error(`pg child ${v} did not start`);
    children.set(v, child);
  }
  // Client CPU per query is kept beside each timed round trip: on a shared machine the round
  // trip's wall time carries the server's and the neighbours' noise; the client's CPU is what
  // instrumentation adds to.
  const cpu = new Map(variants.map((v) => [v, []]));
  const measure = async (v) => {
    const child = children.get(v);
    child.send({ cmd: 'measure', ms: MS });
    const [m] = await once(child, 'message');
    cpu.get(v).push(m.cpuUs);
    return m.value;
  };
  try {
    const pgResult = await compare({
      title: 'pg round trip on loopback (SELECT $1::int, one at a time, pool of 1): queries per second',
      contenders: [
        { name: 'loadline instrumentPg', run: () => measure('loadline') },
        { name: 'bare pg', run: () => measure('bare') },
        { name: 'OpenTelemetry instrumentation-pg', run: () => measure('otel') },
        { name: 'loadline, in a request context', run: () => measure('loadline-request') },
      ],
      repeats: REPEATS,
      between: () => {},
    });
    console.log('  overhead = time per round trip over bare pg\'s, same repeat:');
    const { out, median } = overheads(pgResult, 1, [[0, 'loadline'], [2, 'OpenTelemetry'], [3, 'loadline, in a request context']]);
    const share = out.loadline.map((l, r) => l / out.OpenTelemetry[r]);
    console.log(`  loadline's overhead over OpenTelemetry's: median ${median(share).toFixed(2)} (min ${Math.min(...share).toFixed(2)}, max ${Math.max(...share).toFixed(2)})`);
    console.log('  client CPU per query (µs), median of the repeats, and the added CPU over the bare pool\'s:');
    const bareCpu = median(cpu.get('bare'));
    for (const v of variants) {
      const c = median(cpu.get(v));
      const d = c - bareCpu;
      console.log(`    ${v.padEnd(18)} ${c.toFixed(1).padStart(6)} µs  ${v === 'bare' ? '' : `${d >= 0 ? '+' : ''}${d.toFixed(1)} µs`}`);
    }
  } finally {
    for (const child of children.values()) child.send({ cmd: 'stop' });
  }
}
