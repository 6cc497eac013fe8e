import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCompat } from '../startCompat.js';
import { startSeedTarget } from '../seedTarget.test-kit.js';
import { onFakeTime } from '../compat.test-kit.js';
import { planK6 } from './index.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../../test/fixtures/k6/${name}`, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'loadline-k6-seeds-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test("seed 002's k6 script runs unchanged (BASE_URL from -e): login, token, three endpoints, checks, custom Counter/Rate/Trend, thresholds", async () => {
  const target = await startSeedTarget();
  try {
    const { result, plan } = await onFakeTime(async (clock) => {
      const plan = await planK6(fixture('seed-002.js'), { env: { BASE_URL: target.url }, vus: 2, iterations: 6, clock });
      return { plan, result: await (await startCompat(plan)).result };
    });
    for (const path of ['POST /api/v1/auth/login', 'GET /api/v1/media', 'GET /api/v1/playlists', 'GET /api/v1/users/me']) assert.equal(target.count(path), 6, path);
    assert.equal(target.tokens.size, 6, 'each iteration used the token its login returned');
    assert.deepEqual(target.logins[0], { email: 'test@example.com', password: 'testpassword123' });
    const endpoints = Object.fromEntries(result.summary.endpoints.map((e) => [e.name, e.requests]));
    assert.equal(endpoints[`${target.url}/api/v1/auth/login`], 6, "endpoints are named by k6's name tag: the URL");
    const checks = result.summary.checks!;
    assert.equal(checks.passes, 48);
    assert.equal(checks.fails, 0);
    assert.equal(checks.byName?.['media list status is 200']?.passes, 6, 'computed check names');
    const m = result.summary.metrics!;
    assert.equal(m.api_success_rate?.count, 24);
    assert.equal(m.api_success_rate?.value, 1);
    assert.equal(m.api_response_time?.count, 18);
    assert.equal(m.api_errors?.value, 0);
    assert.deepEqual(result.thresholds.map((t) => [t.expression, t.ok]), [
      ['http_req_duration:p(95)<500', true],
      ['http_req_failed:rate<0.01', true],
      ['api_success_rate:rate>0.99', true],
    ]);
    assert.equal(result.summary.iterations?.count, 6);
    assert.equal(plan.exitCode, undefined);
  } finally {
    await target.close();
  }
});

test("seed 002's thresholds fail as k6 judges them when logins fail: api_success_rate and http_req_failed", async () => {
  const target = await startSeedTarget({ mediaStatus: 503 });
  try {
    const result = await onFakeTime(async (clock) => (await startCompat(await planK6(fixture('seed-002.js'), { env: { BASE_URL: target.url }, vus: 1, iterations: 2, clock }))).result);
    const verdict = Object.fromEntries(result.thresholds.map((t) => [t.expression, t.ok]));
    assert.equal(verdict['http_req_failed:rate<0.01'], false);
    assert.equal(verdict['api_success_rate:rate>0.99'], false);
    assert.equal(result.summary.metrics!.api_errors?.value, 2, 'apiErrors.add(1) once per failed media list');
    assert.equal(result.summary.checks!.byName?.['media list status is 200']?.fails, 2);
  } finally {
    await target.close();
  }
});

test("seed 003's progressive ladder script (http.batch, forEach over the responses) runs unchanged but for its address", async () => {
  const target = await startSeedTarget();
  const file = join(dir, 'rps-2000.js');
  writeFileSync(file, readFileSync(fixture('seed-003-rps-2000.js'), 'utf8').replaceAll('http://localhost:3000', target.url));
  try {
    // Latency is measured on the fake clock: small steps keep a loopback answer within a few ms of it.
    const result = await onFakeTime(async (clock) => (await startCompat(await planK6(file, { vus: 3, iterations: 9, clock }))).result, 2);
    for (const path of ['GET /api/forums/topics', 'GET /api/forums/1/posts', 'GET /api/wiki/pages/1']) assert.equal(target.count(path), 9, path);
    const byName = result.summary.checks!.byName!;
    assert.equal(byName['status is 200']?.passes, 27);
    assert.equal(byName['response time < 127ms']?.passes, 27);
    assert.deepEqual(result.thresholds.map((t) => t.ok), [true, true]);
  } finally {
    await target.close();
  }
});

test("seed 003's script keeps its own schedule without flags: stages ramp VUs (closed model) up to their targets", async () => {
  const target = await startSeedTarget();
  const file = join(dir, 'rps-small.js');
  const text = readFileSync(fixture('seed-003-rps-2000.js'), 'utf8').replaceAll('http://localhost:3000', target.url).replace("{ duration: '1m', target: 500 }", "{ duration: '1s', target: 4 }").replace("{ duration: '3m', target: 2000 }", "{ duration: '2s', target: 8 }").replace("{ duration: '1m', target: 0 }", "{ duration: '1s', target: 0 }");
  writeFileSync(file, text);
  try {
    const result = await onFakeTime(async (clock) => (await startCompat(await planK6(file, { clock }))).result, 20);
    assert.equal(result.config.model, 'closed');
    assert.equal(Math.max(...result.series.points.map((p) => p.vus)), 8);
    assert.ok(target.count('GET /api/forums/topics') > 8, `${target.count('GET /api/forums/topics')} iterations`);
  } finally {
    await target.close();
  }
});
