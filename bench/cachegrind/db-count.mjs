#!/usr/bin/env node
// Instructions per query of loadline/db's instrumentation, counted with valgrind's cachegrind:
// deterministic where timed figures swing by tens of percent on this shared machine (see
// bench/db-overhead.bench.mjs, which runs the same variants timed). Not part of `npm run bench`.
//
// Method (as count.mjs does for the HTTP monitor): each variant runs under
// `valgrind --tool=cachegrind --cache-sim=no` twice, with `--short` and `--long` queries after the
// same set-up and warm-up; the difference of the two totals over the difference of the query
// counts is the cost of one query, set-up, JIT warm-up and exit left out. V8 runs with
// `--predictable` (compilation and GC on the main thread, at points that depend on the work alone)
// and a fixed 16 MiB young generation. Only the client process is counted: for pg the server's
// work is the same for every variant, so the client's added instructions, over the bare client's
// per round trip, bound the share instrumentation adds to the round trip.
//
//   node bench/cachegrind/db-count.mjs [--short 20000] [--long 60000] [variant ...]
// Variants: sqlite-bare sqlite-loadline sqlite-bare-request sqlite-loadline-request pg-bare
// pg-loadline pg-otel (default: all). Needs valgrind; pg variants need DATABASE_URL's server.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const SELF = fileURLToPath(import.meta.url);
const require = createRequire(import.meta.url);
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const VARIANTS = ['sqlite-bare', 'sqlite-loadline', 'sqlite-bare-request', 'sqlite-loadline-request', 'pg-bare', 'pg-loadline', 'pg-otel'];

// ---------------------------------------------------------------- the counted workload
async function workload(variant, n, file) {
  const warm = 5_000;
  if (variant.startsWith('sqlite')) {
    const Database = require('better-sqlite3');
    const db = await import('../../dist/db/index.js');
    const conn = new Database(file, { readonly: true });
    if (variant.includes('loadline')) db.instrumentSqlite(conn, { monitor: db.createQueryMonitor({ log: false }) });
    const get = conn.prepare('SELECT * FROM users WHERE id = ?');
    const one = variant.endsWith('request') ? (i) => db.runWithRequestContext({ route: 'GET /u/:id' }, () => get.get((i % 10_000) + 1)) : (i) => get.get((i % 10_000) + 1);
    for (let i = 0; i < warm + n; i++) one(i);
    conn.close();
    return;
  }
  if (variant === 'pg-otel') {
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
  const pg = require('pg');
  // Every pg variant loads loadline's db module, so the rows differ in per-query work only.
  const db = await import('../../dist/db/index.js');
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 1 });
  if (variant === 'pg-loadline') db.instrumentPg(pool, { monitor: db.createQueryMonitor({ log: false, slowMs: 60_000 }) });
  for (let i = 0; i < Math.min(warm, 2_000) + n; i++) await pool.query('SELECT $1::int AS x', [i]);
  await pool.end();
}

if (process.argv[2] === '--run') {
  await workload(process.argv[3], Number(process.argv[4]), process.argv[5]);
} else {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { short: { type: 'string', default: '20000' }, long: { type: 'string', default: '60000' } } });
  const variants = positionals.length ? positionals : VARIANTS;
  const dir = mkdtempSync(join(tmpdir(), 'loadline-db-cachegrind-'));
  const file = join(dir, 'bench.db');
  const Database = require('better-sqlite3');
  const seed = new Database(file);
  seed.exec('CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, email TEXT)');
  const ins = seed.prepare('INSERT INTO users (name, email) VALUES (?, ?)');
  seed.transaction(() => {
    for (let i = 0; i < 10_000; i++) ins.run(`user${i}`, `user${i}@example.com`);
  })();
  seed.close();
  const count = (variant, n) => {
    const out = join(dir, `${variant}-${n}.out`);
    const r = spawnSync('valgrind', ['--tool=cachegrind', '--cache-sim=no', `--cachegrind-out-file=${out}`, process.execPath, '--predictable', '--min-semi-space-size=16', '--max-semi-space-size=16', SELF, '--run', variant, String(n), file], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${variant} ${n}: ${r.stderr.slice(-2000)}`);
    const summary = /^summary:\s+(\d+)/m.exec(readFileSync(out, 'utf8'));
    return Number(summary[1]);
  };
  const short = Number(values.short);
  const long = Number(values.long);
  const perQuery = new Map();
  for (const v of variants) {
    const n = v.startsWith('pg') ? [short / 4, long / 4] : [short, long];
    const a = count(v, n[0]);
    const b = count(v, n[1]);
    perQuery.set(v, (b - a) / (n[1] - n[0]));
    console.log(`${v.padEnd(26)} ${Math.round(perQuery.get(v)).toLocaleString('en-US').padStart(9)} instructions per query`);
  }
  const vs = (a, b) => {
    if (!perQuery.has(a) || !perQuery.has(b)) return;
    const d = perQuery.get(a) - perQuery.get(b);
    console.log(`  ${a} over ${b}: +${Math.round(d).toLocaleString('en-US')} instructions (+${((d / perQuery.get(b)) * 100).toFixed(1)} %)`);
  };
  vs('sqlite-loadline', 'sqlite-bare');
  vs('sqlite-loadline-request', 'sqlite-bare-request');
  vs('pg-loadline', 'pg-bare');
  vs('pg-otel', 'pg-bare');
  if (perQuery.has('pg-otel') && perQuery.has('pg-loadline')) {
    const share = (perQuery.get('pg-loadline') - perQuery.get('pg-bare')) / (perQuery.get('pg-otel') - perQuery.get('pg-bare'));
    console.log(`  loadline's added instructions over OpenTelemetry's: ${share.toFixed(2)}`);
  }
  rmSync(dir, { recursive: true, force: true });
}
