#!/usr/bin/env node
// Prepares this machine for the test suite; `npm test` runs it first. The tests talk to Redis
// (REDIS_URL) and PostgreSQL (DATABASE_URL) and run Debian programs (TEST_PACKAGES below). Everything
// in place: a few loopback connects and file checks, well under a second, nothing printed but one
// line. Something missing: installed or started when this user may (root, apt-get; local
// services only), otherwise named with the command that provides it, and the exit code is 1, so
// the suite does not start only to fail for a reason nobody asked about.
//   LOADLINE_TEST_SETUP=skip   check nothing (a CI that provisions the machine its own way)
//   LOADLINE_CHROMIUM=path     the Chromium the browser tests drive (never installed here)
// `--bench <file>...` does the same for the named bench/*.bench.mjs files instead (bench/run.mjs,
// and a bench run alone, through bench/lib/setup.mjs): only the BENCH_PACKAGES and services those
// benches need, nothing printed when they need none.
//   LOADLINE_BENCH_SETUP=skip  check nothing for the benches
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readdirSync } from 'node:fs';
import net from 'node:net';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const CHROMIUM = process.env.LOADLINE_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Debian packages the tests use: the package, a file or a command on PATH that shows it is
 * installed, and what needs it. Add a pillar's needs here (e.g. `postgresql-15-hypopg`, file
 * `/usr/share/postgresql/15/extension/hypopg.control`); `installable: false` for what this
 * script must not install (a path the user chose); `executable: false` for a data file that only
 * has to exist.
 */
const TEST_PACKAGES = [
  { name: 'chromium', file: CHROMIUM, for: 'the browser tests of the HTML report and the dashboard', installable: process.env.LOADLINE_CHROMIUM === undefined },
  { name: 'prometheus', command: 'promtool', for: 'the Prometheus exposition lint, promtool check metrics' },
  { name: 'postgresql-15-hypopg', file: '/usr/share/postgresql/15/extension/hypopg.control', executable: false, for: 'the db pillar\'s verified index hints on PostgreSQL (HypoPG)' },
];

/**
 * Debian packages the benches (`npm run bench`) use, as PACKAGES, with the bench/*.bench.mjs files
 * that need each (`benches`, names without `.bench.mjs`). A bench that spawns a new program adds
 * it here.
 */
const BENCH_PACKAGES = [
  { name: 'wrk', command: 'wrk', for: 'the native load generator the throughput and find benches compare with', benches: ['load-throughput', 'load-find-vs-wrk'] },
  { name: 'nginx-light', file: '/usr/sbin/nginx', for: 'the nginx target of the load benches (bench/lib/nginx.mjs)', benches: ['load-throughput', 'load-client', 'load-scenario-vs-quick'] },
  { name: 'util-linux', command: 'taskset', for: 'pinning generator and target to cores (taskset)', benches: ['load-throughput', 'load-client', 'load-scenario-vs-quick', 'load-find-vs-wrk'] },
];

/** Services the tests connect to; each is started here only when its URL names this machine. */
const ALL_SERVICES = [
  {
    name: 'Redis',
    benches: ['cache-tiered', 'guard-ratelimit-redis'],
    env: 'REDIS_URL',
    url: new URL(REDIS_URL),
    port: 6379,
    package: { name: 'redis-server', command: 'redis-server', for: 'Redis itself' },
    ready: (host, port) => answers(host, port, 'PING\r\n', /^(\+PONG|-NOAUTH)/),
    startCommand: (port) => ['redis-server', '--daemonize', 'yes', '--bind', '127.0.0.1', '-::1', '--port', String(port), '--save', '', '--appendonly', 'no', '--dir', '/var/lib/redis', '--logfile', '/var/log/redis/ci.log'],
    start(port) {
      mkdirSync('/var/lib/redis', { recursive: true });
      mkdirSync('/var/log/redis', { recursive: true });
      const [command, ...args] = this.startCommand(port);
      return run(command, args);
    },
  },
  {
    name: 'PostgreSQL',
    benches: ['db-overhead'],
    env: 'DATABASE_URL',
    url: new URL(DATABASE_URL),
    port: 5432,
    package: { name: 'postgresql', command: 'pg_ctlcluster', for: 'PostgreSQL itself' },
    ready: (host, port) => answers(host, port, undefined),
    startCommand: () => ['pg_ctlcluster', '--skip-systemctl-redirect', postgresVersion() ?? '<version>', 'main', 'start'],
    start() {
      if (postgresVersion() === undefined) return 'no cluster in /etc/postgresql (pg_createcluster <version> main)';
      const [command, ...args] = this.startCommand();
      return run(command, args);
    },
  },
];

// --bench: the packages and services of the named benches, under the bench's own name and switch.
const benchMode = process.argv[2] === '--bench';
const benchNames = process.argv.slice(3).map((f) => f.replace(/^.*\//, '').replace(/\.bench\.mjs$/, ''));
const forBenches = (list) => list.filter((x) => x.benches.some((b) => benchNames.includes(b)));
const PACKAGES = benchMode ? forBenches(BENCH_PACKAGES) : TEST_PACKAGES;
const SERVICES = benchMode ? forBenches(ALL_SERVICES) : ALL_SERVICES;
const label = benchMode ? 'bench setup' : 'test setup';
const needers = benchMode ? 'the benchmarks need' : 'the suite needs';

if (process.env[benchMode ? 'LOADLINE_BENCH_SETUP' : 'LOADLINE_TEST_SETUP'] === 'skip') process.exit(0);
if (PACKAGES.length === 0 && SERVICES.length === 0) process.exit(0);
const started = performance.now();
const isRoot = process.getuid?.() === 0;
const canInstall = isRoot && onPath('apt-get');
const problems = [];
const done = [];

// Packages first: a service that is down may need its own package to start.
const down = [];
for (const s of SERVICES) {
  const host = hostOf(s.url);
  const port = Number(s.url.port || s.port);
  if (!(await s.ready(host, port))) down.push({ ...s, host, port });
}
const missing = PACKAGES.filter((p) => !installed(p));
for (const s of down) if (isLocal(s.host) && !installed(s.package)) missing.push(s.package);
const toInstall = missing.filter((p) => p.installable !== false);
for (const p of missing.filter((p) => p.installable === false)) problems.push(`${p.file ?? p.command} not found, needed for ${p.for}: point LOADLINE_CHROMIUM at an existing Chromium or unset it`);
if (toInstall.length > 0) {
  const names = toInstall.map((p) => p.name);
  if (!canInstall) {
    problems.push(`missing Debian packages: ${toInstall.map((p) => `${p.name} for ${p.for}`).join('; ')}. Install them as root: apt-get install -y ${names.join(' ')}`);
  } else {
    console.log(`${label}: installing ${names.join(' ')} (apt-get)`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const install = update.status === 0 ? spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...names], { stdio: ['ignore', 'ignore', 'inherit'], env }) : update;
    const still = toInstall.filter((p) => !installed(p));
    if (install.status !== 0 || still.length > 0) problems.push(`apt-get install ${names.join(' ')} failed (exit ${install.status}); still missing: ${still.map((p) => p.name).join(', ') || 'none'}`);
    else done.push(`installed ${names.join(' ')}`);
  }
}

for (const s of down) {
  const where = `${s.env}=${redact(s.url)}`;
  if (!isLocal(s.host)) {
    problems.push(`${s.name} does not answer at ${where}; this script starts local services only`);
    continue;
  }
  if (!installed(s.package)) continue; // already reported as a missing package
  if (!isRoot) {
    problems.push(`${s.name} is not running at ${where}; start it as root: ${s.startCommand(s.port).map((a) => (a === '' ? "''" : a)).join(' ')}`);
    continue;
  }
  console.log(`${label}: starting ${s.name}`);
  const failed = s.start(s.port);
  if (failed) {
    problems.push(`${s.name} did not start: ${failed}`);
    continue;
  }
  if (await waitFor(() => s.ready(s.host, s.port), 20_000)) done.push(`started ${s.name}`);
  else problems.push(`${s.name} was started but does not answer at ${where} after 20 s`);
}

if (SERVICES.some((s) => s.name === 'PostgreSQL') && !problems.some((p) => p.startsWith('PostgreSQL'))) {
  const failed = await ensureDatabase(new URL(DATABASE_URL));
  if (failed) problems.push(failed);
}

const ms = Math.round(performance.now() - started);
if (problems.length > 0) {
  console.error(`${label}: ${needers} what this machine lacks (nothing was run):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
const inPlace = [...SERVICES.map((s) => s.name), ...PACKAGES.map((p) => p.command ?? p.name)].join(', ');
console.log(`${label}: ${done.length ? `${done.join(', ')}; ` : ''}${inPlace} in place (${ms} ms)`);

/** The database of DATABASE_URL answers, created when the server lacks it; an error message otherwise. */
async function ensureDatabase(url) {
  let pg;
  try {
    pg = (await import('pg')).default;
  } catch {
    return 'the pg module is missing: run npm ci first';
  }
  const connect = async (u) => {
    const client = new pg.Client({ connectionString: u.href, connectionTimeoutMillis: 5_000 });
    try {
      await client.connect();
      return client;
    } catch (err) {
      await client.end().catch(() => {});
      throw err;
    }
  };
  try {
    await (await connect(url)).end();
    return undefined;
  } catch (err) {
    const name = decodeURIComponent(url.pathname.slice(1));
    if (err.code !== '3D000' || !/^[A-Za-z0-9_]+$/.test(name)) return `PostgreSQL at DATABASE_URL=${redact(url)}: ${err.message}`;
    const admin = new URL(url);
    admin.pathname = '/postgres';
    try {
      const client = await connect(admin);
      await client.query(`CREATE DATABASE ${name}`);
      await client.end();
      done.push(`created database ${name}`);
      return undefined;
    } catch (e) {
      return `PostgreSQL has no database ${name} and it could not be created: ${e.message}`;
    }
  }
}

/** Whether host:port accepts a connection and, given `send`, answers it with what `expect` matches. */
function answers(host, port, send, expect) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const finish = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2_000, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => {
      if (send === undefined) return finish(true);
      socket.write(send);
    });
    socket.once('data', (d) => finish(expect.test(d.toString('latin1'))));
  });
}

async function waitFor(check, ms) {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 250))) if (await check()) return true;
  return false;
}

/** Runs a command to its end; a message when it failed, undefined when it did not. */
function run(command, args) {
  const r = spawnSync(command, args, { encoding: 'utf8' });
  return r.status === 0 ? undefined : `${command} exited with ${r.status ?? r.error?.message}: ${(r.stderr || r.stdout || '').trim().slice(-400)}`;
}

function installed(p) {
  if (p.file !== undefined) return p.executable === false ? existsSync(p.file) : isExecutable(p.file);
  return onPath(p.command);
}

function onPath(command) {
  return (process.env.PATH ?? '').split(':').some((dir) => dir && isExecutable(`${dir}/${command}`));
}

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The newest PostgreSQL version with a configuration in /etc/postgresql (Debian's layout). */
function postgresVersion() {
  const versions = existsSync('/etc/postgresql') ? readdirSync('/etc/postgresql') : [];
  return versions.sort((a, b) => Number(a) - Number(b)).at(-1);
}

function hostOf(url) {
  return url.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
}

function isLocal(host) {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/** The URL without its password, for messages. */
function redact(url) {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.href;
}
