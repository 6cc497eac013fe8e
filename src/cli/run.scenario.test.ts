import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseResult } from '../core/index.js';
import { spawnCli } from './cliProcess.test-kit.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../test/fixtures/scenarios/${name}`, import.meta.url));

const loadline = (args: string[], onSpawn?: (child: ChildProcess) => void) => spawnCli(args, { onSpawn });

async function target(t: { after(fn: () => unknown): void }) {
  const state = { served: 0 };
  const server = createServer((req, res) => {
    state.served++;
    req.resume();
    req.on('end', () => {
      if (req.url === '/login') return res.end('{"token":"secret-tok"}');
      if (req.url === '/old') return res.writeHead(302, { location: '/new' }).end();
      res.end('new page');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, state };
}

const tmp = mkdtempSync(join(tmpdir(), 'loadline-scenario-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

test('loadline run SCENARIO.yaml --target: runs the flows, merges scenario and --threshold thresholds, writes the result', async (t) => {
  const { url, state } = await target(t);
  const out = join(tmp, 'journey.json');
  const r = await loadline(['run', fixture('shop-journey.yaml'), '--target', url, '--vus', '2', '--amount', '4', '--threshold', 'cart_time:count>=4', '--out', out]);
  // never_recorded has no samples: the scenario's own threshold fails the run.
  assert.equal(r.code, 99, r.stderr);
  const result = parseResult(readFileSync(out, 'utf8'), out);
  assert.equal(result.summary.total.requests, state.served);
  assert.equal(result.summary.iterations!.count, 4);
  assert.deepEqual(result.summary.endpoints.map((e) => e.name), ['login', 'items', 'cart', 'old page']);
  const t2 = Object.fromEntries(result.thresholds.map((x) => [x.expression, x]));
  assert.equal(t2['cart_time:count>=4']!.ok, true);
  assert.match(t2['never_recorded:count>0']!.reason!, /no samples/);
  assert.match(r.stdout, /never_recorded/);
  assert.ok(!readFileSync(out, 'utf8').includes('secret-tok') && !r.stdout.includes('secret-tok') && !r.stderr.includes('secret-tok'));
});

test('an abortOnFail threshold stops the run: status aborted, exit 99', async (t) => {
  const { url } = await target(t);
  const r = await loadline(['run', fixture('abort-slow.ts'), '--target', url, '--vus', '2', '--duration', '30s', '--quiet']);
  assert.equal(r.code, 99, r.stderr);
});

test('--profile smoke --scale --duration, and --workers 2 on a scenario', async (t) => {
  const { url } = await target(t);
  const out = join(tmp, 'smoke.json');
  const r = await loadline(['run', fixture('shop-journey.yaml'), '--target', url, '--profile', 'smoke', '--scale', '0.2', '--duration', '600ms', '--workers', '2', '--quiet', '--out', out]);
  assert.equal(r.code, 99, r.stderr);
  const result = parseResult(readFileSync(out, 'utf8'), out);
  assert.equal(result.config.vus, 2, 'smoke is 10 users; scale 0.2 makes 2');
  assert.deepEqual(result.config.stages, [{ durationMs: 600, target: 2 }]);
  assert.ok(result.summary.iterations!.count > 0);
  assert.ok(result.summary.metrics!.logins_ok!.count! > 0);
});

test('bad scenario, unknown profile, bad flags: exit 2 before any load, naming file, field or line', async (t) => {
  const { url, state } = await target(t);
  const unknownField = join(tmp, 'unknown-field.yaml');
  writeFileSync(unknownField, 'target: http://127.0.0.1:1\nflows:\n  - name: a\n    steps:\n      - request: { path: /, methd: GET }\n');
  const syntax = join(tmp, 'syntax.yaml');
  writeFileSync(syntax, 'flows:\n  - name: a\n    steps: [\n');
  const cases: Array<[string[], RegExp]> = [
    [[unknownField, '--target', url], /unknown-field\.yaml.*(line 5|:5).*methd|methd.*unknown-field\.yaml/s],
    [[syntax, '--target', url], /syntax\.yaml/],
    [[join(tmp, 'missing.yaml'), '--target', url], /missing\.yaml/],
    [[fixture('shop-journey.yaml'), '--target', url, '--profile', 'huge'], /--profile: got "huge", expected one of smoke, ramp, full, stress, spike, soak/],
    [[fixture('shop-journey.yaml'), '--target', url, '--scale', '2'], /--scale: .*--profile/],
    [[fixture('shop-journey.yaml'), '--target', url, '--threshold', 'nope_metric:count>1'], /--threshold: .*expected a known metric/],
    [[fixture('shop-journey.yaml'), '--target', url, '--workers', '0'], /--workers: got "0"/],
    [[fixture('shop-journey.yaml'), '--method', 'POST'], /--method: .*scenario/],
  ];
  for (const [args, message] of cases) {
    const r = await loadline(['run', ...args]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
  }
  assert.equal(state.served, 0);
});

test('SIGINT with --workers 2 writes the partial result marked interrupted, exits 130', async (t) => {
  const { url, state } = await target(t);
  const out = join(tmp, 'int.json');
  const r = await loadline(['run', `${url}/x`, '--vus', '2', '--duration', '60s', '--workers', '2', '--out', out], (child) => {
    const poll = setInterval(() => {
      if (state.served > 50) {
        clearInterval(poll);
        child.kill('SIGINT');
      }
    }, 20);
  });
  assert.equal(r.code, 130, r.stderr);
  const result = parseResult(readFileSync(out, 'utf8'), out);
  assert.equal(result.status, 'interrupted');
  assert.ok(result.summary.total.requests > 50);
});

test('run --help documents scenarios, profiles and workers', async () => {
  const r = await loadline(['run', '--help']);
  assert.equal(r.code, 0);
  for (const text of ['SCENARIO.ts|SCENARIO.yaml', '--target', '--profile', 'smoke', 'spike', 'soak', '--scale', '--workers', '--seed', 'abortOnFail']) assert.ok(r.stdout.includes(text), text);
});
