// The compatibility layer, priced side by side (issue 19), each contender a child process on the
// same loopback target (seed 002's API in its own node:http process), CPU read from this
// process's reaped-children times (/proc/self/stat cutime + cstime), requests counted by the target:
//  1. seed 002's Artillery YAML, unchanged: `loadline run` against Artillery 2 itself (`artillery
//     run`), same phases given to both with --overrides. Figure: requests per generator
//     CPU-second, startup included (a process runs the whole test). Goal: loadline >= 5x.
//  2. seed 002's k6 script through loadline's k6 layer against loadline's own equivalent YAML
//     scenario (test/fixtures/k6/seed-002.equivalent.yaml): same VUs, duration and think time.
//     Goal: the k6 script >= 0.8x the YAML scenario's requests per CPU-second.
// Interleaved repeats (bench/lib/compare.mjs), median ratio with min-max. Run after `npx tsc -p .`:
//   node bench/compat-artillery.bench.mjs   (BENCH_SECONDS=20 BENCH_RATE=50 BENCH_VUS=300 by default)
// Artillery is not one of loadline's devDependencies (it is large and pulls a browser download):
// it lives in its own package, bench/artillery (pinned in its package-lock.json), installed by
// this file on first use with `npm ci --prefix bench/artillery`, the browser download skipped.
// The machine is shared: read the ratios, not the absolute figures.
import { fork, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compare } from './lib/compare.mjs';

// BENCH_ROOT: a checkout (with dist/ and node_modules/) other than this one, e.g. a private build.
const root = process.env.BENCH_ROOT ?? fileURLToPath(new URL('..', import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const RATE = Number(process.env.BENCH_RATE ?? 50);
const VUS = Number(process.env.BENCH_VUS ?? 300);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);
// This bench's own Artillery package (see the top), whichever checkout BENCH_ROOT names.
const ARTILLERY_DIR = fileURLToPath(new URL('./artillery/', import.meta.url));

if (process.argv[2] === '--target') {
  const { startSeedTarget } = await import(`${root}/dist/compat/seedTarget.test-kit.js`);
  const target = await startSeedTarget();
  let served = 0;
  target.server.on('request', () => served++);
  process.on('message', (m) => {
    if (m === 'count') process.send({ served });
    if (m === 'stop') target.close().then(() => process.exit(0));
  });
  process.send({ url: target.url });
} else {
  const artillery = ensureArtillery();
  const target = fork(fileURLToPath(import.meta.url), ['--target'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const url = await new Promise((resolve) => target.once('message', (m) => resolve(m.url)));
  const served = () => new Promise((resolve) => {
    target.once('message', (m) => resolve(m.served));
    target.send('count');
  });
  try {
    await main(url, served, artillery);
  } finally {
    target.send('stop');
  }
}

/**
 * bench/artillery's Artillery, installed (npm ci) when missing or not the pinned version; the
 * install scripts of @playwright/browser-chromium (a browser download), protobufjs and unix-dgram
 * are denied in its package.json (allowScripts) and PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 covers an
 * npm that does not read that field. Returns the path of its CLI and its version.
 */
function ensureArtillery() {
  const pinned = JSON.parse(readFileSync(`${ARTILLERY_DIR}package.json`, 'utf8')).dependencies.artillery;
  const installedManifest = `${ARTILLERY_DIR}node_modules/artillery/package.json`;
  const installed = () => existsSync(installedManifest) && JSON.parse(readFileSync(installedManifest, 'utf8')).version === pinned;
  if (!installed()) {
    console.log(`installing Artillery ${pinned} into bench/artillery (npm ci --prefix bench/artillery, once; no browser download)`);
    const npm = spawnSync('npm', ['ci', '--prefix', ARTILLERY_DIR, '--no-audit', '--no-fund'], {
      stdio: 'inherit',
      env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
    });
    if (npm.status !== 0 || !installed()) {
      console.error(`npm ci --prefix ${ARTILLERY_DIR} failed (${npm.error?.message ?? `exit ${npm.status}`}): Artillery ${pinned} is not installed there`);
      process.exit(1);
    }
  }
  return { bin: `${ARTILLERY_DIR}node_modules/artillery/bin/run`, version: pinned };
}

/** utime + stime of every reaped child of this process, in seconds (Linux clock ticks are 1/100 s). */
function childrenCpu() {
  const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

function run(args, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ARTILLERY_DISABLE_TELEMETRY: 'true', ...env } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => (code === 0 || code === 99 ? resolve() : reject(new Error(`${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`))));
  });
}

/** Runs one contender and returns requests per CPU-second of its process. */
async function measured(served, args, env) {
  const before = await served();
  const cpu0 = childrenCpu();
  await run(args, env);
  const cpu = childrenCpu() - cpu0;
  const requests = (await served()) - before;
  return requests / cpu;
}

async function main(url, served, artillery) {
  const yml = 'test/fixtures/artillery/seed-002.yml';
  const overrides = JSON.stringify({ config: { phases: [{ duration: SECONDS, arrivalRate: RATE }] } });
  console.log(`target ${url}; Artillery phases: ${SECONDS} s at ${RATE} arrivals/s; k6 vs YAML: ${VUS} VUs for ${SECONDS} s`);
  await compare({
    title: `seed 002's Artillery YAML: loadline vs Artillery ${artillery.version}, requests per generator CPU-second`,
    unit: 'req/CPU-s',
    repeats: REPEATS,
    between: () => undefined,
    contenders: [
      { name: 'loadline run artillery.yml', run: () => measured(served, ['dist/cli/main.js', 'run', yml, '--target', url, '--overrides', overrides, '--quiet']) },
      { name: 'artillery run', run: () => measured(served, [artillery.bin, 'run', yml, '--target', url, '--overrides', overrides, '-q']) },
    ],
  });
  await compare({
    title: "seed 002's k6 script on loadline's k6 layer vs loadline's equivalent YAML scenario, requests per CPU-second",
    unit: 'req/CPU-s',
    repeats: REPEATS,
    between: () => undefined,
    contenders: [
      { name: 'loadline run seed-002.js (k6)', run: () => measured(served, ['dist/cli/main.js', 'run', 'test/fixtures/k6/seed-002.js', '-e', `BASE_URL=${url}`, '--vus', String(VUS), '--duration', `${SECONDS}s`, '--quiet']) },
      { name: 'loadline run equivalent.yaml', run: () => measured(served, ['dist/cli/main.js', 'run', 'test/fixtures/k6/seed-002.equivalent.yaml', '--target', url, '--vus', String(VUS), '--duration', `${SECONDS}s`, '--quiet']) },
    ],
  });
}
